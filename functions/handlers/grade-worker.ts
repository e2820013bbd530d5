/**
 * The grade worker: SQS-triggered. Each message is one grade job; Powertools reports partial batch
 * failures (one bad message never retries the others) and makes each job idempotent on its job id
 * (a redelivered message stores one attempt). The grading itself is runGradeJob.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { getStringFromEnv } from '@aws-lambda-powertools/commons/utils/env';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { GRADER_MISCONFIGURED_METRIC, GraderConfigurationError } from '../errors.js';
import { KmsEncryptor } from '../service/credentials.js';
import { type GradeJob, type GradeJobDeps, type JobOutcome, parseGradeJob, runGradeJob } from '../service/grade-job.js';
import { runRegradeJob } from '../service/regrade.js';
import { GradeStore } from '../store/grade-store.js';
import { S3InventoryStore } from '../store/inventory-store.js';
import { builtOnFirstCall } from './built-on-first-call.js';
import { lazyScorePosts, lazyScorePostsOnChange, lazyUserLinks } from './lazy.js';

export interface GradeWorkerOptions {
  deps: GradeJobDeps;
  /** Where Powertools keeps idempotency records. */
  idempotency: { client: DynamoDBClient; table: string; expiresAfterSeconds?: number };
  logger: Logger;
  /**
   * CloudWatch metrics (EMF) of the outcomes: stored, account unreadable, duplicate, skipped; and
   * `GraderMisconfigured` when the grader itself cannot work (an alarm watches it).
   */
  metrics?: Metrics;
  /** Told of every failed job with its error (the local queue's dead letters carry the cause). */
  onJobFailure?: (body: string, err: unknown) => void;
}

/** The metric an outcome counts towards. */
export function outcomeMetric(outcome: JobOutcome): string {
  if (outcome.status === 'stored') {
    if (outcome.accessFailure) return 'GradesAccountUnreadable';
    return outcome.wrongAccount ? 'GradesWrongAccount' : 'GradesStored';
  }
  return outcome.status === 'duplicate' ? 'GradesDuplicate' : 'GradesSkipped';
}

/** Builds the worker handler around injected dependencies (Lambda below, tests, the local service). */
export function createGradeWorker(options: GradeWorkerOptions) {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'jobId',
    // A job is one schedule tick: past a day, the next tick's job has another id anyway.
    expiresAfterSeconds: options.idempotency.expiresAfterSeconds ?? 24 * 3600,
  });
  // Counted inside the idempotent function, so a redelivered message is not counted twice.
  const gradeAndCount = async (job: GradeJob) => {
    if (job.regrade) {
      // A student's part of a regrade run: replays stored inventories, no AWS call.
      const regraded = await runRegradeJob({ ...job, regrade: job.regrade }, options.deps);
      options.metrics?.addMetric(regraded.status === 'regraded' ? 'Regrades' : 'GradesSkipped', MetricUnit.Count, 1);
      return regraded;
    }
    const outcome = await runGradeJob(job, options.deps);
    options.metrics?.addMetric(outcomeMetric(outcome), MetricUnit.Count, 1);
    return outcome;
  };
  const gradeOnce = makeIdempotent(gradeAndCount, {
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: options.idempotency.table,
      awsSdkV3Client: options.idempotency.client,
    }),
    config,
  });
  const gradeRecord = async (record: SQSRecord) => {
    try {
      return await gradeOnce(parseGradeJob(record.body));
    } catch (err) {
      // Logged with its cause here: the queue only learns that the message failed.
      options.logger.error('grade job failed', { job: record.body, error: err as Error });
      if (err instanceof GraderConfigurationError) {
        options.metrics?.addMetric(GRADER_MISCONFIGURED_METRIC, MetricUnit.Count, 1);
      }
      options.onJobFailure?.(record.body, err);
      throw err;
    }
  };
  const handler = middy(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    config.registerLambdaContext(context);
    // A processor per invocation: the local service may run invocations side by side.
    return processPartialResponse(event, gradeRecord, new BatchProcessor(EventType.SQS), { context });
  }).use(injectLambdaContext(options.logger));
  if (options.metrics) handler.use(logMetrics(options.metrics));
  return handler;
}

/**
 * The Lambda's wiring: clients with the Lambda's own credentials only, built on first use. DynamoDB
 * and S3 serve every grade and load at import; KMS (session credentials) and the LMS score queue
 * (SQS, and the LTI code behind it) are imported by the first grade that needs them.
 */
function fromEnvironment() {
  // The service name in logs is POWERTOOLS_SERVICE_NAME.
  const logger = new Logger();
  const dynamodb = new DynamoDBClient({});
  const store = new GradeStore(dynamodb, getStringFromEnv({ key: 'GRADES_TABLE' }));
  // With LTI deployed, a changed counted score queues a post to the LMS gradebook.
  const scoreQueueUrl = getStringFromEnv({ key: 'SCORE_QUEUE_URL', defaultValue: '' });
  return createGradeWorker({
    logger,
    // Namespace and service come from POWERTOOLS_METRICS_NAMESPACE / POWERTOOLS_SERVICE_NAME.
    metrics: new Metrics(),
    idempotency: { client: dynamodb, table: getStringFromEnv({ key: 'IDEMPOTENCY_TABLE' }) },
    deps: {
      store,
      inventories: new S3InventoryStore(new S3Client({}), getStringFromEnv({ key: 'INVENTORY_BUCKET' })),
      encryptor: new KmsEncryptor(undefined, getStringFromEnv({ key: 'CREDENTIALS_KEY_ID' })),
      log: logger,
      now: () => new Date(),
      ...(scoreQueueUrl
        ? {
            onCountedScoreChange: lazyScorePostsOnChange(
              lazyUserLinks(store.doc, store.table),
              lazyScorePosts(scoreQueueUrl),
            ),
          }
        : {}),
    },
  });
}

export const handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> =
  builtOnFirstCall(fromEnvironment);
