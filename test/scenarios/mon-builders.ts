/**
 * Monitoring objects shaped like the AWS SDK v3 outputs of DescribeAlarms, ListTopics,
 * ListSubscriptions, DescribeFlowLogs, DescribeLogGroups, DescribeTrails, GetTrailStatus,
 * ListRules and ListTargetsByRule, for scenario accounts and collector tests.
 */
import type { GetTrailStatusResponse, Trail } from '@aws-sdk/client-cloudtrail';
import type { Dimension, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import type { FlowLog } from '@aws-sdk/client-ec2';
import type { Rule, Target } from '@aws-sdk/client-eventbridge';
import type { Subscription, Topic } from '@aws-sdk/client-sns';
import { ACCOUNT, REGION } from './ec2-builders.js';

const CREATED = new Date('2026-11-20T08:45:00.000Z');

export function topicArn(name: string, region = REGION): string {
  return `arn:aws:sns:${region}:${ACCOUNT}:${name}`;
}

export function topic(name: string): Topic {
  return { TopicArn: topicArn(name) };
}

/** A subscription; unconfirmed ones have the ARN `PendingConfirmation`, as ListSubscriptions says. */
export function subscription(
  topicName: string,
  opts: { protocol?: string; endpoint?: string; confirmed?: boolean; id?: string } = {},
): Subscription {
  const { protocol = 'email', endpoint = 'student@example.com', confirmed = true } = opts;
  const id = opts.id ?? '5f2a9c1e-7b3d-4e8f-9a1b-2c3d4e5f6a7b';
  return {
    SubscriptionArn: confirmed ? `${topicArn(topicName)}:${id}` : 'PendingConfirmation',
    Owner: ACCOUNT,
    Protocol: protocol,
    Endpoint: endpoint,
    TopicArn: topicArn(topicName),
  };
}

export function alarmArn(name: string): string {
  return `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name}`;
}

/** A metric alarm on AWS/EC2 `metric` with the given dimensions, acting on `actions`. */
export function metricAlarm(
  name: string,
  dimensions: Dimension[],
  actions: string[],
  opts: { metric?: string; namespace?: string; enabled?: boolean } = {},
): MetricAlarm {
  const { metric = 'CPUUtilization', namespace = 'AWS/EC2', enabled = true } = opts;
  return {
    AlarmName: name,
    AlarmArn: alarmArn(name),
    AlarmDescription: `${metric} above 70% for 10 minutes`,
    AlarmConfigurationUpdatedTimestamp: CREATED,
    ActionsEnabled: enabled,
    OKActions: [],
    AlarmActions: actions,
    InsufficientDataActions: [],
    StateValue: 'OK',
    StateReason:
      'Threshold Crossed: 2 datapoints [3.1 (20/11/26 08:50:00), 2.9 (20/11/26 08:45:00)] were not greater than the threshold (70.0).',
    StateUpdatedTimestamp: CREATED,
    MetricName: metric,
    Namespace: namespace,
    Statistic: 'Average',
    Dimensions: dimensions,
    Period: 300,
    Unit: 'Percent',
    EvaluationPeriods: 2,
    Threshold: 70,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'missing',
    Metrics: [],
  };
}

export const instanceDimension = (id: string): Dimension[] => [{ Name: 'InstanceId', Value: id }];
export const groupDimension = (name: string): Dimension[] => [{ Name: 'AutoScalingGroupName', Value: name }];

/** The default flow log record format (version 2 fields), as DescribeFlowLogs reports it. */
const DEFAULT_LOG_FORMAT = [
  'version',
  'account-id',
  'interface-id',
  'srcaddr',
  'dstaddr',
  'srcport',
  'dstport',
  'protocol',
  'packets',
  'bytes',
  'start',
  'end',
  'action',
  'log-status',
]
  .map((field) => `$${'{'}${field}}`)
  .join(' ');

export function flowLogToLogs(id: string, resourceId: string, logGroupName: string): FlowLog {
  return {
    CreationTime: CREATED,
    DeliverLogsPermissionArn: `arn:aws:iam::${ACCOUNT}:role/lab-flow-logs-role`,
    DeliverLogsStatus: 'SUCCESS',
    FlowLogId: id,
    FlowLogStatus: 'ACTIVE',
    LogGroupName: logGroupName,
    ResourceId: resourceId,
    TrafficType: 'ALL',
    LogDestinationType: 'cloud-watch-logs',
    LogDestination: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${logGroupName}`,
    LogFormat: DEFAULT_LOG_FORMAT,
    Tags: [{ Key: 'Name', Value: 'lab-vpc-flow-log' }],
    MaxAggregationInterval: 600,
  };
}

export function flowLogToS3(id: string, resourceId: string, bucketArn: string): FlowLog {
  return {
    CreationTime: CREATED,
    DeliverLogsStatus: 'SUCCESS',
    FlowLogId: id,
    FlowLogStatus: 'ACTIVE',
    ResourceId: resourceId,
    TrafficType: 'ALL',
    LogDestinationType: 's3',
    LogDestination: bucketArn,
    LogFormat: DEFAULT_LOG_FORMAT,
    Tags: [],
    MaxAggregationInterval: 600,
    DestinationOptions: { FileFormat: 'plain-text', HiveCompatiblePartitions: false, PerHourPartition: false },
  };
}

/** A log group as DescribeLogGroups answers it (no `retentionInDays` when it never expires). */
export function logGroup(name: string, retentionInDays?: number): LogGroup {
  const arn = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}`;
  return {
    logGroupName: name,
    creationTime: CREATED.getTime(),
    ...(retentionInDays !== undefined ? { retentionInDays } : {}),
    metricFilterCount: 0,
    arn: `${arn}:*`,
    storedBytes: 0,
    logGroupClass: 'STANDARD',
    logGroupArn: arn,
  };
}

export function trailArn(name: string, homeRegion = REGION): string {
  return `arn:aws:cloudtrail:${homeRegion}:${ACCOUNT}:trail/${name}`;
}

export function trail(
  name: string,
  opts: { multiRegion?: boolean; homeRegion?: string; validation?: boolean } = {},
): Trail {
  const { multiRegion = true, homeRegion = REGION, validation = true } = opts;
  return {
    Name: name,
    S3BucketName: `${name}-logs-${ACCOUNT}`,
    IncludeGlobalServiceEvents: true,
    IsMultiRegionTrail: multiRegion,
    HomeRegion: homeRegion,
    TrailARN: trailArn(name, homeRegion),
    LogFileValidationEnabled: validation,
    HasCustomEventSelectors: false,
    HasInsightSelectors: false,
    IsOrganizationTrail: false,
  };
}

/** GetTrailStatus of a trail that is logging, or that stopped logging. */
export function trailStatus(logging: boolean): GetTrailStatusResponse {
  const started = new Date('2026-11-20T08:35:00.000Z');
  const stopped = new Date('2026-11-20T08:52:00.000Z');
  return {
    IsLogging: logging,
    LatestDeliveryTime: new Date('2026-11-20T08:50:00.000Z'),
    StartLoggingTime: started,
    ...(logging ? {} : { StopLoggingTime: stopped }),
    LatestDeliveryAttemptTime: '2026-11-20T08:50:00Z',
    LatestNotificationAttemptTime: '',
    LatestNotificationAttemptSucceeded: '',
    LatestDeliveryAttemptSucceeded: '2026-11-20T08:50:00Z',
    TimeLoggingStarted: '2026-11-20T08:35:00Z',
    TimeLoggingStopped: logging ? '' : '2026-11-20T08:52:00Z',
  };
}

export const EC2_STATE_CHANGE_PATTERN = JSON.stringify({
  source: ['aws.ec2'],
  'detail-type': ['EC2 Instance State-change Notification'],
});

export function rule(
  name: string,
  opts: { pattern?: string; schedule?: string; state?: Rule['State']; managedBy?: string } = {},
): Rule {
  const r: Rule = {
    Name: name,
    Arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/${name}`,
    State: opts.state ?? 'ENABLED',
    EventBusName: 'default',
  };
  if (opts.pattern !== undefined) r.EventPattern = opts.pattern;
  if (opts.schedule !== undefined) r.ScheduleExpression = opts.schedule;
  if (opts.managedBy !== undefined) r.ManagedBy = opts.managedBy;
  return r;
}

export function snsTarget(id: string, arn: string): Target {
  return { Id: id, Arn: arn };
}
