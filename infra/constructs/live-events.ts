/**
 * Live grading, the grader's side (docs/deploy.md, "Live grading"): the event bus students'
 * accounts forward their CloudTrail write events to (the student access template's rule), a rule
 * that hands each event to the intake function (debounce, then one grade job on the grade queue),
 * and the bus-policy function that keeps the bus policy admitting exactly the registered accounts:
 * run by the grades table's stream when an account index item changes, and once a day.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { EventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  CLOUDTRAIL_DETAIL_TYPE,
  envelopeSourceOf,
  forwardedEventSources,
} from '../../functions/service/live-events.js';
import { KEY } from '../../functions/store/tables.js';
import type { GraderData } from './data.js';
import { acknowledge, type FunctionSettings, graderFunction } from './grader-function.js';
import { StackPart } from './stack-part.js';

/** What the grader's bus hands the intake: CloudTrail API calls of the forwarded services. */
export function intakeEventPattern() {
  const eventSources = forwardedEventSources();
  return {
    source: eventSources.map(envelopeSourceOf),
    detailType: [CLOUDTRAIL_DETAIL_TYPE],
    detail: { eventSource: eventSources },
  };
}

export class GraderLiveEvents extends StackPart {
  readonly bus: EventBus;
  readonly intakeRule: Rule;
  readonly intake: NodejsFunction;
  readonly busPolicy: NodejsFunction;
  /** Events the intake failed on after Lambda's retries. */
  readonly failedEvents: Queue;

  constructor(scope: Construct, id: string, settings: FunctionSettings, data: GraderData, gradeQueue: Queue) {
    super(scope, id);
    const { config } = settings;

    this.bus = new EventBus(this, 'LiveEventBus', {
      eventBusName: `${Stack.of(this).stackName}-live-events`,
      description: "labgrader live grading: registered students' accounts forward their CloudTrail write events here",
    });

    this.failedEvents = new Queue(this, 'LiveEventsFailedQueue', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    acknowledge(
      this.failedEvents,
      'AwsSolutions-SQS3',
      "This queue is the intake's failure destination (Lambda's on-failure destination, a dead-letter queue in all but name): its messages are read by an operator, not by a consumer that could fail them again.",
    );

    this.intake = graderFunction(this, settings, 'eventIntake', 'EventIntakeFunction', 'labgrader-event-intake', {
      description: 'labgrader: student account event -> debounce window -> one delayed grade job',
      memorySize: 256,
      timeout: Duration.seconds(30),
      environment: { GRADES_TABLE: data.gradesTable.tableName, GRADE_QUEUE_URL: gradeQueue.queueUrl },
    });
    // Windows, counters, signals and the account index live in the grades table.
    data.grantReadWriteGrades(this.intake);
    gradeQueue.grantSendMessages(this.intake);
    // A failure (DynamoDB or SQS unavailable) is retried twice, then kept with its cause.
    this.intake.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
      onFailure: new SqsDestination(this.failedEvents),
    });

    this.intakeRule = new Rule(this, 'LiveEventsIntakeRule', {
      description: 'labgrader: CloudTrail write events from registered accounts -> intake',
      eventBus: this.bus,
      eventPattern: intakeEventPattern(),
      // liveEvents=false stops live grading at the grader: events reach the bus and go no further.
      enabled: config.liveEvents,
      targets: [new LambdaFunction(this.intake, { retryAttempts: 4, maxEventAge: Duration.hours(1) })],
    });

    this.busPolicy = graderFunction(this, settings, 'busPolicy', 'BusPolicyFunction', 'labgrader-bus-policy', {
      description: 'labgrader: registered accounts -> the live event bus policy',
      memorySize: 256,
      timeout: Duration.minutes(1),
      // No reserved concurrency (a new account's limit of 10 would refuse the deploy): the stream
      // runs one batch at a time per shard, and each run rewrites the whole policy from a fresh read,
      // so a rare overlap with the daily run is healed by the next one.
      environment: {
        GRADES_TABLE: data.gradesTable.tableName,
        EVENT_BUS_NAME: this.bus.eventBusName,
        EVENT_BUS_ARN: this.bus.eventBusArn,
        BUS_POLICY_MAX_CHARS: String(config.busPolicyMaxChars),
        ...(config.liveEventsOrganizationId ? { LIVE_EVENTS_ORGANIZATION_ID: config.liveEventsOrganizationId } : {}),
      },
    });
    data.grantReadGrades(this.busPolicy);
    this.busPolicy.addToRolePolicy(
      new PolicyStatement({
        actions: ['events:PutPermission', 'events:RemovePermission'],
        resources: [this.bus.eventBusArn],
      }),
    );
    const streamArn = data.gradesTable.tableStreamArn;
    if (!streamArn) throw new Error('the grades table has no stream: live grading needs one (constructs/data.ts)');
    // What DynamoEventSource grants, without its ListStreams on every table ("*").
    this.busPolicy.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'dynamodb:DescribeStream',
          'dynamodb:GetRecords',
          'dynamodb:GetShardIterator',
          'dynamodb:ListStreams',
        ],
        resources: [streamArn],
      }),
    );
    this.busPolicy.addEventSourceMapping('AccountIndexStream', {
      eventSourceArn: streamArn,
      startingPosition: StartingPosition.LATEST,
      batchSize: 100,
      maxBatchingWindow: Duration.seconds(5),
      retryAttempts: 5,
      // Only registrations added or removed (the account index), not every grade written.
      filters: [FilterCriteria.filter({ dynamodb: { Keys: { [KEY.pk]: { S: FilterRule.beginsWith('ACCOUNT#') } } } })],
    });
    new Rule(this, 'BusPolicyDailyRule', {
      description: 'labgrader: rewrite the live event bus policy once a day (heals a missed stream batch)',
      schedule: Schedule.rate(Duration.days(1)),
      targets: [new LambdaFunction(this.busPolicy, { retryAttempts: 2 })],
    });
  }
}
