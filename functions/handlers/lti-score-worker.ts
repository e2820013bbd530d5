/**
 * The LTI score worker: SQS-triggered, one message per (course, student, lab) whose counted score
 * changed. Powertools reports partial batch failures, so one platform's outage never retries the
 * other messages. A platform that is unavailable (after the client's own retries with backoff)
 * fails the message: SQS delivers it again after the visibility timeout, and parks it in the dead
 * letter queue after maxReceiveCount. A message that can never succeed (not a score post, a
 * platform refusing it with a 4xx) goes to the dead letters at once.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { AgsClient, AgsError } from '../lti/ags.js';
import { LtiStore } from '../lti/lti-store.js';
import { InvalidScorePostError, parseScorePost, postCountedScore, type ScorePostDeps } from '../lti/score-post.js';
import { SecretsManagerToolKeys } from '../lti/tool-keys.js';
import { GradeStore } from '../store/grade-store.js';
import { builtOnFirstCall } from './built-on-first-call.js';

export interface ScoreWorkerOptions {
  deps: ScorePostDeps;
  logger: Logger;
  /** Where a message that can never succeed goes (the dead letter queue), with why. */
  deadLetter: (body: string, reason: string) => Promise<void>;
}

/** Builds the worker around injected dependencies (the Lambda below, the local service, tests). */
export function createScoreWorker(options: ScoreWorkerOptions) {
  const { deps, logger } = options;
  const postRecord = async (record: SQSRecord) => {
    try {
      return await postCountedScore(parseScorePost(record.body), deps);
    } catch (err) {
      const permanent = err instanceof InvalidScorePostError || (err instanceof AgsError && !err.retryable);
      if (!permanent) {
        logger.warn('score post failed; the queue will try again', { error: (err as Error).message });
        throw err;
      }
      logger.error('score post cannot succeed; sent to the dead letters', { error: (err as Error).message });
      await options.deadLetter(record.body, (err as Error).message);
      return { status: 'dead-lettered' as const };
    }
  };
  return middy(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    return processPartialResponse(event, postRecord, new BatchProcessor(EventType.SQS), { context });
  }).use(injectLambdaContext(logger));
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** The Lambda's wiring. Environment: GRADES_TABLE, LTI_KEY_SECRET_ID, SCORE_DLQ_URL. */
function fromEnvironment() {
  const logger = new Logger({ serviceName: 'labgrader-lti-scores' });
  const dynamodb = new DynamoDBClient({});
  const store = new GradeStore(dynamodb, required('GRADES_TABLE'));
  const sqs = new SQSClient({});
  const dlq = required('SCORE_DLQ_URL');
  return createScoreWorker({
    logger,
    deps: {
      store,
      lti: new LtiStore(store.doc, store.table),
      ags: new AgsClient({
        keys: new SecretsManagerToolKeys(new SecretsManagerClient({}), required('LTI_KEY_SECRET_ID')),
      }),
      log: logger,
      now: () => new Date(),
    },
    deadLetter: async (body, reason) => {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: dlq,
          MessageBody: body,
          MessageAttributes: { reason: { DataType: 'String', StringValue: reason.slice(0, 1000) } },
        }),
      );
    },
  });
}

export const handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> =
  builtOnFirstCall(fromEnvironment);
