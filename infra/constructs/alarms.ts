/**
 * The alarms: failed and backed-up grade jobs, function errors and throttles, API 5xx, each sent
 * to one SNS topic (with the operator's e-mail subscribed when the config names one).
 */
import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, type IMetric, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { GRADER_MISCONFIGURED_METRIC } from '../../functions/errors.js';
import type { GraderConfig } from '../config.js';
import { METRICS_NAMESPACE } from './grader-function.js';
import { type GradingPipeline, MAX_RECEIVE_COUNT } from './grading-pipeline.js';
import { StackPart } from './stack-part.js';

/** What the alarms watch. */
export interface AlarmedResources {
  pipeline: GradingPipeline;
  apiHandler: NodejsFunction;
  httpApi: HttpApi;
}

export class GraderAlarms extends StackPart {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, config: GraderConfig, watched: AlarmedResources) {
    super(scope, id);
    const { pipeline, apiHandler, httpApi } = watched;
    this.topic = new Topic(this, 'AlarmTopic', { displayName: 'labgrader alarms', enforceSSL: true });
    if (config.alarmEmail) this.topic.addSubscription(new EmailSubscription(config.alarmEmail));

    const fiveMinutes = { period: Duration.minutes(5) };
    this.alarm(
      'DeadLetterQueueAlarm',
      `Grade jobs failed ${MAX_RECEIVE_COUNT} times and were parked in the dead-letter queue: read the grade function's logs, fix, then redrive.`,
      pipeline.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ ...fiveMinutes, statistic: 'Maximum' }),
      1,
    );
    this.alarm(
      'GradeBacklogAlarm',
      'Grade jobs wait longer than two schedule intervals: the grade concurrency cannot keep up with the class.',
      pipeline.queue.metricApproximateAgeOfOldestMessage({ ...fiveMinutes, statistic: 'Maximum' }),
      2 * config.gradeEveryMinutes * 60,
    );
    this.alarm(
      'DispatchErrorsAlarm',
      'A schedule tick failed to enqueue its grade jobs.',
      pipeline.dispatch.metricErrors(fiveMinutes),
      1,
    );
    this.alarm(
      'GradeErrorsAlarm',
      'The grade function failed or timed out.',
      pipeline.gradeWorker.metricErrors(fiveMinutes),
      1,
    );
    this.alarm(
      'GradeThrottlesAlarm',
      'The grade function was throttled (account concurrency exhausted).',
      pipeline.gradeWorker.metricThrottles(fiveMinutes),
      1,
    );
    this.alarm('ApiErrorsAlarm', 'The API function failed.', apiHandler.metricErrors(fiveMinutes), 1);
    this.alarm('Api5xxAlarm', 'The HTTP API answered 5xx.', httpApi.metricServerError(fiveMinutes), 5);
    // Powertools' EMF: the namespace the functions are given, dimension `service` (their service name).
    for (const [id, service, where] of [
      ['ApiMisconfiguredAlarm', 'labgrader-api', 'An on-demand grade'],
      ['GradeMisconfiguredAlarm', 'labgrader-grade-worker', 'A scheduled grade'],
    ] as const) {
      this.alarm(
        id,
        `${where} failed because the grader itself cannot read students' accounts (no AWS credentials of its own, or a role it may not use): not the students' fault; read the function's error log for the cause.`,
        new Metric({
          namespace: METRICS_NAMESPACE,
          metricName: GRADER_MISCONFIGURED_METRIC,
          dimensionsMap: { service },
          statistic: 'Sum',
          ...fiveMinutes,
        }),
        1,
      );
    }
  }

  /** An alarm at `threshold` or above over one period, sent to the topic; missing data is fine. */
  alarm(id: string, description: string, metric: IMetric, threshold: number): Alarm {
    const a = new Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    a.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(a);
    return a;
  }
}
