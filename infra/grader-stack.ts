/**
 * The whole grader in one stack, composed of four parts, each a construct in `constructs/`:
 * data (DynamoDB, the inventory bucket, the credentials key), the grading pipeline (schedule ->
 * dispatch -> queue -> grade worker), the API (Cognito, the HTTP API and its function) and the
 * alarms. Every cdk-nag finding that stays is acknowledged next to its construct, with the reason.
 * A part's id stays out of the logical ids (see `constructs/stack-part.ts`), so the template is
 * the one the stack had when every resource sat in it directly.
 */
import { Aws, type CfnElement, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { type Alarm, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Key } from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type GraderConfig, graderConfigFrom } from './config.js';
import { GraderAlarms } from './constructs/alarms.js';
import { GraderApi } from './constructs/api.js';
import { DashboardSite } from './constructs/dashboard.js';
import { GraderData } from './constructs/data.js';
import { METRICS_NAMESPACE } from './constructs/grader-function.js';
import { GradingPipeline } from './constructs/grading-pipeline.js';
import { GraderLiveEvents } from './constructs/live-events.js';
import { GraderLti } from './constructs/lti.js';
import { pathWithoutParts, uniqueIdOf } from './constructs/stack-part.js';
import { HANDLER_ENTRIES, type HandlerName } from './entries.js';

export { ADMINS_GROUP, INSTRUCTORS_GROUP } from './constructs/api.js';
export { METRICS_NAMESPACE, PROJECT_ROOT } from './constructs/grader-function.js';

export interface GraderStackProps extends StackProps {
  /** Deploy-time settings; default: read from CDK context (cdk.json, `-c key=value`). */
  config?: GraderConfig;
  /** Handler files by function, relative to the project root; default: {@link HANDLER_ENTRIES}. */
  entries?: Partial<Record<HandlerName, string>>;
}

export class GraderStack extends Stack {
  readonly config: GraderConfig;
  readonly data: GraderData;
  readonly pipeline: GradingPipeline;
  readonly graderApi: GraderApi;
  /** The dashboard's S3 + CloudFront site; absent when `dashboardOrigin` says the school serves it. */
  readonly dashboard: DashboardSite | undefined;
  /** The one origin the API allows by CORS: the dashboard's. */
  readonly dashboardOrigin: string;
  readonly lti: GraderLti;
  readonly live: GraderLiveEvents;
  readonly graderAlarms: GraderAlarms;
  readonly gradesTable: Table;
  readonly idempotencyTable: Table;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly credentialsKey: Key;
  readonly inventoryBucket: Bucket;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly api: HttpApi;
  readonly functions: Record<HandlerName, NodejsFunction>;
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[];

  constructor(scope: Construct, id: string, props: GraderStackProps = {}) {
    super(scope, id, props);
    const config = props.config ?? graderConfigFrom(this.node);
    this.config = config;
    const settings = { config, entries: { ...HANDLER_ENTRIES, ...props.entries } };

    this.data = new GraderData(this, 'Data', config);
    this.pipeline = new GradingPipeline(this, 'GradingPipeline', settings, this.data);
    this.dashboard = config.dashboardOrigin ? undefined : new DashboardSite(this, 'Dashboard');
    this.dashboardOrigin = config.dashboardOrigin ?? (this.dashboard as DashboardSite).origin;
    this.graderApi = new GraderApi(this, 'Api', settings, this.data, this.dashboardOrigin);
    this.dashboard?.publish(this.graderApi.stage.url);
    // A class's regrade goes through the grade queue (one job per student), sent by the API.
    this.graderApi.handler.addEnvironment('GRADE_QUEUE_URL', this.pipeline.queue.queueUrl);
    this.pipeline.queue.grantSendMessages(this.graderApi.handler);
    this.lti = new GraderLti(this, 'Lti', settings, this.data, this.graderApi, this.pipeline.gradeWorker);
    this.live = new GraderLiveEvents(this, 'LiveEvents', settings, this.data, this.pipeline.queue);
    this.graderAlarms = new GraderAlarms(this, 'Alarms', config, {
      pipeline: this.pipeline,
      apiHandler: this.graderApi.handler,
      httpApi: this.graderApi.httpApi,
    });

    this.graderAlarms.alarm(
      'ScoreErrorsAlarm',
      'The LMS score function failed (a platform unavailable beyond its retries, or a fault).',
      this.lti.scoreWorker.metricErrors({ period: Duration.minutes(5) }),
      1,
    );
    this.graderAlarms.alarm(
      'ScoreDeadLetterQueueAlarm',
      "LMS score posts could not be delivered and wait in the score dead-letter queue: read the score function's logs (the reason is on each message), fix, then redrive.",
      this.lti.scoreDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      1,
    );

    this.graderAlarms.alarm(
      'EventIntakeErrorsAlarm',
      'The live-grading intake function failed (DynamoDB or the grade queue unavailable, or a fault); events it gave up on wait in the failed-events queue.',
      this.live.intake.metricErrors({ period: Duration.minutes(5) }),
      1,
    );
    this.graderAlarms.alarm(
      'LiveEventsFailedAlarm',
      "Live-grading events failed after Lambda's retries and wait in the failed-events queue: read the intake function's logs; those students are still graded by the schedule.",
      this.live.failedEvents.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      1,
    );
    this.graderAlarms.alarm(
      'BusPolicyErrorsAlarm',
      'The live event bus policy function failed: newly registered accounts may not be admitted to the bus yet.',
      this.live.busPolicy.metricErrors({ period: Duration.minutes(5) }),
      1,
    );
    this.graderAlarms.alarm(
      'BusPolicyOverLimitAlarm',
      'The registered accounts no longer fit in the event bus policy quota: the policy was left as it was, so new accounts are not admitted (they are graded by the schedule). Raise the quota (busPolicyMaxChars) or admit the organization (liveEventsOrganizationId); see docs/deploy.md.',
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: 'BusPolicyOverLimit',
        dimensionsMap: { service: 'labgrader-bus-policy' },
        period: Duration.hours(1),
        statistic: 'Sum',
      }),
      1,
    );

    ({
      gradesTable: this.gradesTable,
      idempotencyTable: this.idempotencyTable,
      credentialsKey: this.credentialsKey,
      inventoryBucket: this.inventoryBucket,
    } = this.data);
    ({ queue: this.queue, deadLetterQueue: this.deadLetterQueue } = this.pipeline);
    ({ userPool: this.userPool, userPoolClient: this.userPoolClient, httpApi: this.api } = this.graderApi);
    ({ topic: this.alarmTopic, alarms: this.alarms } = this.graderAlarms);
    this.functions = {
      dispatch: this.pipeline.dispatch,
      gradeWorker: this.pipeline.gradeWorker,
      api: this.graderApi.handler,
      scores: this.lti.scoreWorker,
      eventIntake: this.live.intake,
      busPolicy: this.live.busPolicy,
    };

    new CfnOutput(this, 'ApiUrl', { value: this.graderApi.stage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'DashboardUrl', {
      value: this.dashboardOrigin,
      description: this.dashboard
        ? 'The instructor dashboard (the only origin the API allows by CORS)'
        : 'Where you serve the dashboard (dashboardOrigin; the only origin the API allows by CORS)',
    });
    new CfnOutput(this, 'UserPoolId', {
      value: this.userPool.userPoolId,
      description: 'Create users and instructors here',
    });
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.userPoolClient.userPoolClientId,
      description: 'App client for sign-in',
    });
    new CfnOutput(this, 'GraderAccountId', {
      value: Aws.ACCOUNT_ID,
      description: 'Students enter this in the student access template (GraderAccountId)',
    });
    new CfnOutput(this, 'ScheduleName', {
      value: this.pipeline.schedule.scheduleName,
      description: 'The regrade schedule',
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      value: this.deadLetterQueue.queueUrl,
      description: 'Failed grade jobs',
    });
    new CfnOutput(this, 'ScoreDeadLetterQueueUrl', {
      value: this.lti.scoreDeadLetterQueue.queueUrl,
      description: 'LMS score posts that could not be delivered',
    });
    new CfnOutput(this, 'LiveEventBusArn', {
      value: this.live.bus.eventBusArn,
      description: 'Students enter this in the student access template (GraderEventBusArn) for live grading',
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn, description: 'Subscribe to get alarms' });
  }

  /** Logical ids from the construct path without the parts: moving a resource into a part never replaces it. */
  protected override allocateLogicalId(element: CfnElement): string {
    return uniqueIdOf(pathWithoutParts(element, this));
  }
}
