/**
 * The grading pipeline: a schedule tick invokes dispatch, which puts one grade job per
 * (student, lab) on the queue; the grade worker takes jobs in batches, reads the student's
 * account through its student role, runs the checks and stores the attempt. Jobs that fail
 * three times wait in the dead-letter queue.
 */
import { Aws, Duration, TimeZone } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { scheduleExpressionOf } from '../config.js';
import type { GraderData } from './data.js';
import { acknowledge, type FunctionSettings, graderFunction, logicalIdOf } from './grader-function.js';
import { pathWithoutParts, StackPart, uniqueIdOf } from './stack-part.js';

/** Grade worker timeout; the queue's visibility timeout is six times this (AWS's advice for SQS sources). */
const GRADE_TIMEOUT = Duration.seconds(90);

/** Messages a grade worker invocation takes at once (Powertools processes them in parallel). */
const GRADE_BATCH_SIZE = 5;

/** Receives before a grade job is parked in the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 3;

export class GradingPipeline extends StackPart {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly dispatch: NodejsFunction;
  readonly gradeWorker: NodejsFunction;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, settings: FunctionSettings, data: GraderData) {
    super(scope, id);
    const { config } = settings;

    this.deadLetterQueue = new Queue(this, 'GradeDeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new Queue(this, 'GradeQueue', {
      visibilityTimeout: Duration.seconds(GRADE_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(1),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });

    this.dispatch = graderFunction(this, settings, 'dispatch', 'DispatchFunction', 'labgrader-dispatch', {
      description: 'labgrader: schedule tick -> one grade job per (student, lab) on the queue',
      memorySize: 512,
      timeout: Duration.minutes(5),
      environment: {
        GRADES_TABLE: data.gradesTable.tableName,
        GRADE_QUEUE_URL: this.queue.queueUrl,
        // liveEvents=false: no change reaches the grader, so change detection is off (every tick regrades everyone).
        LIVE_EVENTS: String(config.liveEvents),
      },
    });
    data.grantReadGrades(this.dispatch);
    this.queue.grantSendMessages(this.dispatch);

    this.gradeWorker = graderFunction(this, settings, 'gradeWorker', 'GradeFunction', 'labgrader-grade-worker', {
      description: 'labgrader: grade job -> student account inventory -> checks -> stored attempt',
      memorySize: 1024,
      timeout: GRADE_TIMEOUT,
      environment: { ...data.gradingEnvironment, IDEMPOTENCY_TABLE: data.idempotencyTable.tableName },
    });
    // What SqsEventSource does, under the mapping id it would give with the queue directly in the
    // stack (it names the mapping after the queue's path): Lambda refuses a second mapping of the
    // same queue and function, so a renamed mapping would fail the deploy.
    const queueId = uniqueIdOf(pathWithoutParts(this.queue));
    this.gradeWorker.addEventSourceMapping(`SqsEventSource:${queueId}`, {
      eventSourceArn: this.queue.queueArn,
      batchSize: GRADE_BATCH_SIZE,
      reportBatchItemFailures: true,
      // The cap on grades in flight: protects the grader's STS and DynamoDB rates and each
      // student account's API limits however large the class is.
      maxConcurrency: config.gradeConcurrency,
    });
    this.queue.grantConsumeMessages(this.gradeWorker);
    data.grantGrading(this.gradeWorker);
    data.idempotencyTable.grantReadWriteData(this.gradeWorker);

    const scheduleRole = new Role(this, 'ScheduleRole', {
      description: 'labgrader: lets EventBridge Scheduler invoke the dispatch function',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    });
    this.schedule = new Schedule(this, 'RegradeSchedule', {
      description: 'labgrader: regrade every registered student during lab hours',
      schedule: ScheduleExpression.expression(scheduleExpressionOf(config), TimeZone.of(config.timezone)),
      enabled: config.scheduleEnabled,
      target: new LambdaInvoke(this.dispatch, {
        // The tick's time names the jobs, so a tick delivered twice enqueues the same job ids.
        input: ScheduleTargetInput.fromObject({ time: ContextAttribute.scheduledTime }),
        role: scheduleRole,
        retryAttempts: 2,
        maxEventAge: Duration.minutes(10),
      }),
    });
    acknowledge(
      scheduleRole.node.tryFindChild('DefaultPolicy')!,
      `AwsSolutions-IAM5[Resource::<${logicalIdOf(this.dispatch)}.Arn>:*]`,
      'The scheduler may invoke the dispatch function and its versions/aliases (ARN:qualifier) only: the wildcard is the qualifier of this one function.',
    );
  }
}
