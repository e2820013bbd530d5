/**
 * The monitoring lab's marking sheet: the finished VPC lab plus a CPU alarm on the web instance
 * that notifies a confirmed SNS subscription, a VPC flow log to CloudWatch Logs with a retention
 * period, a multi-region CloudTrail trail and an EventBridge rule for EC2 state changes; then one
 * student mistake (or grader trap) per scenario with the checks it must break. Scenarios marked
 * `example` are also the files in examples/mon/.
 */
import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { Inventory } from '../../checks/inventory.js';
import { all, type Scenario, says } from '../support/scenario.js';
import { completeAlbLab } from './alb.js';
import { ACCOUNT, instance, mutate, REGION, subnet, vpc } from './ec2-builders.js';
import {
  EC2_STATE_CHANGE_PATTERN,
  flowLogToLogs,
  flowLogToS3,
  groupDimension,
  instanceDimension,
  logGroup,
  metricAlarm,
  rule,
  snsTarget,
  subscription,
  topic,
  topicArn,
  trail,
  trailArn,
  trailStatus,
} from './mon-builders.js';
import { completeVpcLab, ids as vpcIds } from './vpc.js';

export const ids = {
  ...vpcIds,
  leftover: 'i-0dd0000000000000a',
  topic: topicArn('lab-alerts'),
  alarm: 'lab-web-cpu-high',
  flowLog: 'fl-0a1b2c3d4e5f60718',
  logGroup: '/lab/vpc-flow-logs',
  trail: trailArn('lab-trail'),
  rule: 'lab-ec2-state-change',
};

const DENIED = (action: string) => ({ code: 'AccessDenied', message: `not authorized to perform: ${action}` });

/** The finished monitoring lab on top of the finished VPC lab (and a leftover instance in the default VPC). */
export function completeMonLab(): Inventory {
  return mutate(completeVpcLab(), (d) => {
    d['ec2.instances'] = [
      ...d['ec2.instances'],
      instance(ids.leftover, {
        vpcId: ids.defaultVpc,
        subnetId: 'subnet-0dfa000000000000a',
        az: 'us-east-1a',
        privateIp: '172.31.5.10',
        publicIp: '3.91.20.99',
        groups: [{ id: 'sg-0dd00000000000001', name: 'default' }],
        name: 'old-test',
      }),
    ];
    d['autoscaling.groups'] = [];
    d['cloudwatch.alarms'] = [metricAlarm(ids.alarm, instanceDimension(ids.web), [ids.topic])];
    d['sns.topics'] = [topic('lab-alerts'), topic('billing-alerts')];
    d['sns.subscriptions'] = [
      subscription('lab-alerts'),
      subscription('billing-alerts', { endpoint: 'owner@example.com', id: '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d' }),
    ];
    d['ec2.flowLogs'] = [flowLogToLogs(ids.flowLog, ids.vpc, ids.logGroup)];
    d['logs.flowLogGroups'] = { [ids.logGroup]: logGroup(ids.logGroup, 30) };
    d['cloudtrail.trails'] = [trail('lab-trail')];
    d['cloudtrail.trailStatus'] = { [ids.trail]: trailStatus(true) };
    d['events.rules'] = [
      rule('nightly-report', { schedule: 'cron(0 20 * * ? *)' }),
      rule(ids.rule, { pattern: EC2_STATE_CHANGE_PATTERN }),
    ];
    d['events.targets'] = { [ids.rule]: [snsTarget('lab-alerts', ids.topic)] };
  });
}

const complete = completeMonLab();

type Data = Parameters<Parameters<typeof mutate>[1]>[0];

function alarm(d: Data): MetricAlarm {
  return d['cloudwatch.alarms'][0] as MetricAlarm;
}

/** An Auto Scaling group in the given subnets (VPCZoneIdentifier is one comma-separated string). */
function group(name: string, subnets: string[]): AutoScalingGroup {
  return {
    AutoScalingGroupName: name,
    AutoScalingGroupARN: `arn:aws:autoscaling:${REGION}:${ACCOUNT}:autoScalingGroup:1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9:autoScalingGroupName/${name}`,
    LaunchTemplate: {
      LaunchTemplateId: 'lt-0mon00000000000001',
      LaunchTemplateName: `${name}-lt`,
      Version: '$Default',
    },
    MinSize: 1,
    MaxSize: 3,
    DesiredCapacity: 1,
    DefaultCooldown: 300,
    AvailabilityZones: ['us-east-1a', 'us-east-1b'],
    LoadBalancerNames: [],
    TargetGroupARNs: [],
    HealthCheckType: 'EC2',
    HealthCheckGracePeriod: 300,
    Instances: [],
    CreatedTime: new Date('2026-11-20T08:40:00.000Z'),
    SuspendedProcesses: [],
    VPCZoneIdentifier: subnets.join(','),
    EnabledMetrics: [],
    Tags: [],
    TerminationPolicies: ['Default'],
    NewInstancesProtectedFromScaleIn: false,
    CapacityRebalance: false,
  };
}

const NO_ALARM = { 'mon.cpu-alarm': 'fail', 'mon.notification': 'fail' } as const;

export const scenarios: Scenario[] = [
  {
    name: 'complete',
    description:
      'the finished lab: every check passes; a leftover instance in the default VPC and a scheduled rule are ignored',
    inventory: complete,
    expected: {},
    example: true,
    assert: (e) => {
      if (e.target?.id !== ids.vpc) throw new Error(`graded ${e.target?.id}, expected ${ids.vpc}`);
      if (e.score !== e.maxScore + e.bonusScore) throw new Error(`score ${e.score} of ${e.maxScore}`);
      if (e.resources.includes(ids.leftover)) throw new Error('the leftover instance is not a lab resource');
    },
  },

  // mon.cpu-alarm: the alarm is judged by its dimensions
  {
    name: 'alarm-on-other-vpc-instance',
    description: "the CPU alarm watches an instance of the default VPC, not one of the lab's",
    inventory: mutate(complete, (d) => {
      alarm(d).Dimensions = instanceDimension(ids.leftover);
    }),
    expected: NO_ALARM,
    example: true,
    assert: says('mon.cpu-alarm', ids.leftover, 'outside the lab VPC'),
  },
  {
    name: 'alarm-on-terminated-lab-instance',
    description:
      'the web instance was replaced: the CPU alarm still watches the old one, terminated (DescribeInstances names no VPC for it), and will never fire',
    inventory: mutate(complete, (d) => {
      const old = instance('i-0b0d000000000000a', {
        vpcId: ids.vpc,
        subnetId: ids.publicA,
        az: 'us-east-1a',
        privateIp: '10.0.1.99',
        groups: [{ id: ids.webSg, name: 'web-sg' }],
        name: 'lab-web-old',
        state: 'terminated',
      });
      d['ec2.instances'] = [...d['ec2.instances'], old];
      alarm(d).Dimensions = instanceDimension('i-0b0d000000000000a');
    }),
    expected: NO_ALARM,
    assert: (e) => {
      says('mon.cpu-alarm', 'i-0b0d000000000000a', 'terminated')(e);
      const message = e.checks.find((c) => c.id === 'mon.cpu-alarm')?.message ?? '';
      if (message.includes('outside the lab VPC')) throw new Error(`says "outside the lab VPC": ${message}`);
    },
  },
  {
    name: 'alarm-actions-disabled',
    description: "the CPU alarm's actions are disabled, so it notifies nobody",
    inventory: mutate(complete, (d) => {
      alarm(d).ActionsEnabled = false;
    }),
    expected: NO_ALARM,
    example: true,
    assert: all(says('mon.cpu-alarm', 'actions are disabled'), says('mon.notification', 'actions are disabled')),
  },
  {
    name: 'alarm-without-action',
    description: 'the CPU alarm has no action for the ALARM state',
    inventory: mutate(complete, (d) => {
      alarm(d).AlarmActions = [];
    }),
    expected: NO_ALARM,
    assert: says('mon.cpu-alarm', 'no alarm action'),
  },
  {
    name: 'alarm-on-network-metric',
    description: "the alarm watches the lab instance's NetworkIn, not its CPU",
    inventory: mutate(complete, (d) => {
      d['cloudwatch.alarms'] = [
        metricAlarm('lab-web-network', instanceDimension(ids.web), [ids.topic], { metric: 'NetworkIn' }),
      ];
    }),
    expected: NO_ALARM,
  },
  {
    name: 'alarm-with-extra-dimension',
    description: 'the CPU alarm adds an InstanceType dimension: EC2 publishes no such series, the alarm never fires',
    inventory: mutate(complete, (d) => {
      alarm(d).Dimensions = [...instanceDimension(ids.web), { Name: 'InstanceType', Value: 't3.micro' }];
    }),
    expected: NO_ALARM,
  },
  {
    name: 'alarm-on-app-instance',
    description: 'the CPU alarm watches the app instance of the private subnet: any lab instance counts',
    inventory: mutate(complete, (d) => {
      alarm(d).Dimensions = instanceDimension(ids.app);
    }),
    expected: {},
  },
  {
    name: 'alarm-metric-math',
    description: "a metric math alarm over the web instance's CPU",
    inventory: mutate(complete, (d) => {
      const a = alarm(d);
      for (const key of ['MetricName', 'Namespace', 'Statistic', 'Dimensions', 'Period', 'Unit'] as const)
        delete a[key];
      a.Metrics = [
        {
          Id: 'm1',
          MetricStat: {
            Metric: { Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Dimensions: instanceDimension(ids.web) },
            Period: 300,
            Stat: 'Average',
          },
          ReturnData: false,
        },
        { Id: 'e1', Expression: 'm1 * 1', Label: 'CPU', ReturnData: true },
      ];
    }),
    expected: {},
  },
  {
    name: 'alarm-on-lab-group',
    description: 'the CPU alarm watches an Auto Scaling group whose subnets are the lab VPC private subnets',
    inventory: mutate(complete, (d) => {
      d['autoscaling.groups'] = [group('lab-web-asg', [ids.privateA, ids.privateB])];
      alarm(d).Dimensions = groupDimension('lab-web-asg');
    }),
    expected: {},
    assert: says('mon.cpu-alarm', 'group lab-web-asg'),
  },
  {
    name: 'alarm-on-other-vpc-group',
    description: 'the CPU alarm watches an Auto Scaling group of the default VPC',
    inventory: mutate(complete, (d) => {
      d['autoscaling.groups'] = [group('old-asg', ['subnet-0dfa000000000000a', 'subnet-0dfb000000000000b'])];
      alarm(d).Dimensions = groupDimension('old-asg');
    }),
    expected: NO_ALARM,
    assert: says('mon.cpu-alarm', 'AutoScalingGroupName=old-asg'),
  },
  {
    name: 'group-alarm-autoscaling-denied',
    description: 'Auto Scaling cannot be read and the only alarm watches a group: the alarm checks are errors',
    inventory: mutate(complete, (d, inv) => {
      alarm(d).Dimensions = groupDimension('lab-web-asg');
      inv.sources['autoscaling.groups'] = { error: DENIED('autoscaling:DescribeAutoScalingGroups') };
    }),
    expected: { 'mon.cpu-alarm': 'error', 'mon.notification': 'error' },
  },
  {
    name: 'instance-alarm-autoscaling-denied',
    description: 'Auto Scaling cannot be read, but an instance alarm needs no group to judge',
    inventory: mutate(complete, (_d, inv) => {
      inv.sources['autoscaling.groups'] = { error: DENIED('autoscaling:DescribeAutoScalingGroups') };
    }),
    expected: {},
  },
  {
    name: 'on-top-of-alb-lab',
    description: "the ALB lab's target tracking alarms watch the lab group's CPU and act, but notify no SNS topic",
    inventory: mutate(completeAlbLab(), (d) => {
      const mon = completeMonLab().sources;
      for (const key of ['sns.topics', 'sns.subscriptions', 'ec2.flowLogs', 'logs.flowLogGroups'] as const) {
        (d as Record<string, unknown>)[key] = mon[key]?.data;
      }
      d['cloudtrail.trails'] = mon['cloudtrail.trails']?.data ?? [];
      d['cloudtrail.trailStatus'] = mon['cloudtrail.trailStatus']?.data ?? {};
      d['events.rules'] = mon['events.rules']?.data ?? [];
      d['events.targets'] = mon['events.targets']?.data ?? {};
    }),
    expected: { 'mon.notification': 'fail' },
    assert: all(says('mon.cpu-alarm', 'group lab-asg'), says('mon.notification', 'No CPU alarm of the lab notifies')),
  },
  {
    name: 'other-vpc-with-fewer-instances',
    description:
      'an older non-default VPC runs one instance with a complete CPU alarm; the lab VPC (two instances) has none',
    inventory: mutate(complete, (d) => {
      d['ec2.vpcs'] = [...d['ec2.vpcs'], vpc('vpc-0e1d000000000000a', '10.9.0.0/16', 'old-lab')];
      d['ec2.subnets'] = [
        ...d['ec2.subnets'],
        subnet('subnet-0e1d00000000000a', 'vpc-0e1d000000000000a', '10.9.1.0/24', 'us-east-1a', 'old-a'),
      ];
      d['ec2.instances'] = [
        ...d['ec2.instances'],
        instance('i-0e1d0000000000001', {
          vpcId: 'vpc-0e1d000000000000a',
          subnetId: 'subnet-0e1d00000000000a',
          az: 'us-east-1a',
          privateIp: '10.9.1.10',
          groups: [],
          name: 'old-web',
        }),
      ];
      alarm(d).Dimensions = instanceDimension('i-0e1d0000000000001');
    }),
    expected: NO_ALARM,
    assert: (e) => {
      if (e.target?.id !== ids.vpc) throw new Error(`graded ${e.target?.id}, expected ${ids.vpc}`);
    },
  },
  {
    name: 'course-names-other-vpc',
    description: "the course names the older VPC, where the alarm's instance runs",
    inventory: mutate(complete, (d) => {
      d['ec2.vpcs'] = [...d['ec2.vpcs'], vpc('vpc-0e1d000000000000a', '10.9.0.0/16', 'old-lab')];
      d['ec2.instances'] = [
        ...d['ec2.instances'],
        instance('i-0e1d0000000000001', {
          vpcId: 'vpc-0e1d000000000000a',
          subnetId: 'subnet-0e1d00000000000a',
          az: 'us-east-1a',
          privateIp: '10.9.1.10',
          groups: [],
          name: 'old-web',
        }),
      ];
      alarm(d).Dimensions = instanceDimension('i-0e1d0000000000001');
    }),
    options: { params: { vpcId: 'vpc-0e1d000000000000a' } },
    // The flow log is on the other VPC.
    expected: { 'mon.flow-logs': 'fail', 'mon.log-retention': 'skip' },
  },
  {
    name: 'course-names-missing-vpc',
    description: 'the course names a VPC that does not exist: the account-wide checks are still judged',
    inventory: complete,
    options: { params: { vpcId: 'vpc-0123456789abcdef0' } },
    expected: {
      'mon.cpu-alarm': 'skip',
      'mon.notification': 'skip',
      'mon.flow-logs': 'skip',
      'mon.log-retention': 'skip',
    },
    assert: says('mon.cpu-alarm', 'vpc-0123456789abcdef0'),
  },
  {
    name: 'only-default-vpc',
    description: 'no lab VPC yet, but CloudTrail and the EventBridge rule are in place',
    inventory: mutate(complete, (d) => {
      d['ec2.vpcs'] = d['ec2.vpcs'].filter((v) => v.IsDefault);
    }),
    expected: {
      'mon.cpu-alarm': 'skip',
      'mon.notification': 'skip',
      'mon.flow-logs': 'skip',
      'mon.log-retention': 'skip',
    },
  },
  {
    name: 'cloudwatch-denied',
    description: 'CloudWatch alarms cannot be read: only the alarm checks are errors',
    inventory: mutate(complete, (_d, inv) => {
      inv.sources['cloudwatch.alarms'] = { error: DENIED('cloudwatch:DescribeAlarms') };
    }),
    expected: { 'mon.cpu-alarm': 'error', 'mon.notification': 'error' },
  },

  // mon.notification
  {
    name: 'unconfirmed-subscription',
    description: 'the email subscription of the alarm topic was never confirmed (PendingConfirmation)',
    inventory: mutate(complete, (d) => {
      d['sns.subscriptions'] = [
        subscription('lab-alerts', { confirmed: false }),
        subscription('billing-alerts', { endpoint: 'owner@example.com' }),
      ];
    }),
    expected: { 'mon.notification': 'fail' },
    example: true,
    assert: says('mon.notification', 'PendingConfirmation', 'no confirmed subscription'),
  },
  {
    name: 'topic-without-subscription',
    description: 'the alarm notifies a topic nobody subscribed to',
    inventory: mutate(complete, (d) => {
      d['sns.subscriptions'] = [subscription('billing-alerts')];
    }),
    expected: { 'mon.notification': 'fail' },
    assert: says('mon.notification', 'has no subscription'),
  },
  {
    name: 'topic-deleted',
    description: 'the alarm still names a topic that was deleted',
    inventory: mutate(complete, (d) => {
      d['sns.topics'] = [topic('billing-alerts')];
      d['sns.subscriptions'] = [subscription('billing-alerts')];
    }),
    expected: { 'mon.notification': 'fail' },
    assert: says('mon.notification', 'does not exist'),
  },
  {
    name: 'alarm-drives-scaling-only',
    description: 'the CPU alarm only runs a scaling policy: it acts, but tells nobody',
    inventory: mutate(complete, (d) => {
      alarm(d).AlarmActions = [
        `arn:aws:autoscaling:${REGION}:${ACCOUNT}:scalingPolicy:c322761b-3172-4d56-9a21-0ed9d6161d67:autoScalingGroupName/lab-web-asg:policyName/add-1`,
      ];
    }),
    expected: { 'mon.notification': 'fail' },
  },
  {
    name: 'second-alarm-notifies',
    description: 'one CPU alarm scales, a second one on the same instance notifies a confirmed topic',
    inventory: mutate(complete, (d) => {
      const scaling = metricAlarm('lab-web-cpu-scale', instanceDimension(ids.web), [
        `arn:aws:autoscaling:${REGION}:${ACCOUNT}:scalingPolicy:c322761b-3172-4d56-9a21-0ed9d6161d67:autoScalingGroupName/lab-web-asg:policyName/add-1`,
      ]);
      d['cloudwatch.alarms'] = [scaling, alarm(d)];
    }),
    expected: {},
  },
  {
    name: 'confirmed-subscription-on-other-topic',
    description: "the confirmed subscription belongs to another topic than the alarm's",
    inventory: mutate(complete, (d) => {
      d['sns.subscriptions'] = [subscription('lab-alerts', { confirmed: false }), subscription('billing-alerts')];
    }),
    expected: { 'mon.notification': 'fail' },
  },
  {
    name: 'sns-denied',
    description: 'SNS cannot be read: only mon.notification is an error',
    inventory: mutate(complete, (_d, inv) => {
      inv.sources['sns.subscriptions'] = { error: DENIED('sns:ListSubscriptions') };
    }),
    expected: { 'mon.notification': 'error' },
  },

  // mon.flow-logs and mon.log-retention
  {
    name: 'no-flow-logs',
    description: 'flow logs are off for the lab VPC',
    inventory: mutate(complete, (d) => {
      d['ec2.flowLogs'] = [];
      d['logs.flowLogGroups'] = {};
    }),
    expected: { 'mon.flow-logs': 'fail', 'mon.log-retention': 'skip' },
    example: true,
  },
  {
    name: 'flow-log-on-other-vpc',
    description: 'the only flow log watches the default VPC',
    inventory: mutate(complete, (d) => {
      d['ec2.flowLogs'] = [flowLogToLogs(ids.flowLog, ids.defaultVpc, ids.logGroup)];
    }),
    expected: { 'mon.flow-logs': 'fail', 'mon.log-retention': 'skip' },
  },
  {
    name: 'flow-log-on-subnet',
    description: 'a flow log watches one public subnet of the lab VPC, not the whole VPC',
    inventory: mutate(complete, (d) => {
      d['ec2.flowLogs'] = [flowLogToLogs(ids.flowLog, ids.publicA, ids.logGroup)];
    }),
    expected: { 'mon.flow-logs': 'fail', 'mon.log-retention': 'skip' },
    assert: says('mon.flow-logs', ids.publicA, 'do not cover the whole VPC'),
  },
  {
    name: 'flow-log-delivery-failed',
    description: 'the flow log cannot deliver: its role does not let it write to CloudWatch Logs',
    inventory: mutate(complete, (d) => {
      const f = d['ec2.flowLogs'][0];
      if (f) {
        f.DeliverLogsStatus = 'FAILED';
        f.DeliverLogsErrorMessage = 'Access error';
      }
    }),
    expected: { 'mon.flow-logs': 'fail' },
    assert: says('mon.flow-logs', 'FAILED', 'Access error'),
  },
  {
    name: 'flow-logs-to-s3',
    description: 'the flow log delivers to S3: there is no log group to judge',
    inventory: mutate(complete, (d) => {
      d['ec2.flowLogs'] = [flowLogToS3(ids.flowLog, ids.vpc, `arn:aws:s3:::lab-flow-logs-${ACCOUNT}/vpc/`)];
      d['logs.flowLogGroups'] = {};
    }),
    expected: { 'mon.log-retention': 'skip' },
  },
  {
    name: 'flow-log-to-s3-without-destination-type',
    description:
      'the flow log to S3 comes without LogDestinationType (an answer that lacks the newer member): its S3 ARN says where it delivers',
    inventory: mutate(complete, (d) => {
      const f = flowLogToS3(ids.flowLog, ids.vpc, `arn:aws:s3:::lab-flow-logs-${ACCOUNT}/vpc/`);
      delete f.LogDestinationType;
      d['ec2.flowLogs'] = [f];
      d['logs.flowLogGroups'] = {};
    }),
    expected: { 'mon.log-retention': 'skip' },
    assert: says('mon.flow-logs', 'S3 arn:aws:s3:::lab-flow-logs-'),
  },
  {
    name: 'flow-log-empty-destination-type',
    description:
      'the flow log to CloudWatch Logs answers LogDestinationType "" (the emulator\'s empty string where a member is not set): it still delivers to its log group',
    inventory: mutate(complete, (d) => {
      const f = d['ec2.flowLogs'][0];
      if (f) f.LogDestinationType = '' as never;
    }),
    expected: {},
    assert: says('mon.log-retention', ids.logGroup),
  },
  {
    name: 'flow-logs-to-firehose',
    description: 'the flow log delivers to Amazon Data Firehose, which the course does not accept',
    inventory: mutate(complete, (d) => {
      const f = flowLogToS3(ids.flowLog, ids.vpc, `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/lab`);
      f.LogDestinationType = 'kinesis-data-firehose';
      delete f.DestinationOptions;
      d['ec2.flowLogs'] = [f];
      d['logs.flowLogGroups'] = {};
    }),
    expected: { 'mon.flow-logs': 'fail', 'mon.log-retention': 'skip' },
  },
  {
    name: 'logs-kept-forever',
    description: 'the flow-log group keeps its logs forever (no retention period)',
    inventory: mutate(complete, (d) => {
      d['logs.flowLogGroups'] = { [ids.logGroup]: logGroup(ids.logGroup) };
    }),
    expected: { 'mon.log-retention': 'fail' },
    example: true,
    assert: says('mon.log-retention', ids.logGroup, 'never expires'),
  },
  {
    name: 'retention-below-course-minimum',
    description: 'the group keeps logs 7 days where the course asks for 30',
    inventory: mutate(complete, (d) => {
      d['logs.flowLogGroups'] = { [ids.logGroup]: logGroup(ids.logGroup, 7) };
    }),
    options: { params: { minRetentionDays: 30 } },
    expected: { 'mon.log-retention': 'fail' },
  },
  {
    name: 'log-group-missing',
    description: 'the flow log names a log group that does not exist',
    inventory: mutate(complete, (d) => {
      d['logs.flowLogGroups'] = { [ids.logGroup]: null };
    }),
    expected: { 'mon.log-retention': 'fail' },
  },
  {
    name: 'second-flow-log-kept-forever',
    description: 'a second flow log of the VPC (rejected traffic) writes to a group that never expires',
    inventory: mutate(complete, (d) => {
      const reject = flowLogToLogs('fl-0b1b2c3d4e5f60719', ids.vpc, '/lab/vpc-rejects');
      reject.TrafficType = 'REJECT';
      d['ec2.flowLogs'] = [...d['ec2.flowLogs'], reject];
      d['logs.flowLogGroups'] = { ...d['logs.flowLogGroups'], '/lab/vpc-rejects': logGroup('/lab/vpc-rejects') };
    }),
    expected: { 'mon.log-retention': 'fail' },
    assert: says('mon.log-retention', '/lab/vpc-rejects'),
  },
  {
    name: 'logs-denied',
    description: 'CloudWatch Logs cannot be read: only mon.log-retention is an error',
    inventory: mutate(complete, (_d, inv) => {
      inv.sources['logs.flowLogGroups'] = { error: DENIED('logs:DescribeLogGroups') };
    }),
    expected: { 'mon.log-retention': 'error' },
  },

  // mon.cloudtrail and mon.trail-validation
  {
    name: 'trail-stopped-logging',
    description: 'the multi-region trail exists but its logging was stopped',
    inventory: mutate(complete, (d) => {
      d['cloudtrail.trailStatus'] = { [ids.trail]: trailStatus(false) };
    }),
    expected: { 'mon.cloudtrail': 'fail', 'mon.trail-validation': 'skip' },
    example: true,
    assert: says('mon.cloudtrail', 'stopped logging since 2026-11-20T08:52:00.000Z'),
  },
  {
    name: 'single-region-trail',
    description: 'the trail records only its own region',
    inventory: mutate(complete, (d) => {
      d['cloudtrail.trails'] = [trail('lab-trail', { multiRegion: false })];
      d['cloudtrail.trailStatus'] = {};
    }),
    expected: { 'mon.cloudtrail': 'fail', 'mon.trail-validation': 'skip' },
    assert: says('mon.cloudtrail', 'Single-region'),
  },
  {
    name: 'no-trail',
    description: 'no CloudTrail trail at all (only the 90-day event history)',
    inventory: mutate(complete, (d) => {
      d['cloudtrail.trails'] = [];
      d['cloudtrail.trailStatus'] = {};
    }),
    expected: { 'mon.cloudtrail': 'fail', 'mon.trail-validation': 'skip' },
  },
  {
    name: 'shadow-trail-from-other-region',
    description: 'the multi-region trail was created in eu-west-1: it shows here as a shadow trail and counts',
    inventory: mutate(complete, (d) => {
      const home = trailArn('lab-trail', 'eu-west-1');
      d['cloudtrail.trails'] = [trail('lab-trail', { homeRegion: 'eu-west-1' })];
      d['cloudtrail.trailStatus'] = { [home]: trailStatus(true) };
    }),
    expected: {},
    assert: says('mon.cloudtrail', 'home eu-west-1'),
  },
  {
    name: 'trail-without-validation',
    description: 'the trail logs, but log file validation is off (bonus)',
    inventory: mutate(complete, (d) => {
      d['cloudtrail.trails'] = [trail('lab-trail', { validation: false })];
    }),
    expected: { 'mon.trail-validation': 'fail' },
    example: true,
  },
  {
    name: 'cloudtrail-denied',
    description: 'CloudTrail cannot be read: only the trail checks are errors',
    inventory: mutate(complete, (_d, inv) => {
      const error = DENIED('cloudtrail:DescribeTrails');
      inv.sources['cloudtrail.trails'] = { error };
      inv.sources['cloudtrail.trailStatus'] = { error };
    }),
    expected: { 'mon.cloudtrail': 'error', 'mon.trail-validation': 'error' },
  },

  // mon.event-rule
  {
    name: 'no-event-rule',
    description: 'no EventBridge rule watches EC2 instance state changes',
    inventory: mutate(complete, (d) => {
      d['events.rules'] = [rule('nightly-report', { schedule: 'cron(0 20 * * ? *)' })];
      d['events.targets'] = {};
    }),
    expected: { 'mon.event-rule': 'fail' },
    example: true,
    assert: says('mon.event-rule', 'nightly-report'),
  },
  {
    name: 'event-rule-disabled',
    description: 'the state-change rule is disabled',
    inventory: mutate(complete, (d) => {
      d['events.rules'] = [rule(ids.rule, { pattern: EC2_STATE_CHANGE_PATTERN, state: 'DISABLED' })];
      d['events.targets'] = {};
    }),
    expected: { 'mon.event-rule': 'fail' },
    assert: says('mon.event-rule', 'DISABLED'),
  },
  {
    name: 'event-rule-without-target',
    description: 'the state-change rule has no target',
    inventory: mutate(complete, (d) => {
      d['events.targets'] = { [ids.rule]: [] };
    }),
    expected: { 'mon.event-rule': 'fail' },
    assert: says('mon.event-rule', 'no target'),
  },
  {
    name: 'event-rule-stopped-only',
    description: 'the rule matches only instances entering the stopped or terminated state',
    inventory: mutate(complete, (d) => {
      d['events.rules'] = [
        rule(ids.rule, {
          pattern: JSON.stringify({
            source: ['aws.ec2'],
            'detail-type': ['EC2 Instance State-change Notification'],
            detail: { state: ['stopped', 'terminated'] },
          }),
        }),
      ];
    }),
    expected: {},
  },
  {
    name: 'event-rule-all-ec2-events',
    description: 'the rule matches every event from aws.ec2, state changes included',
    inventory: mutate(complete, (d) => {
      d['events.rules'] = [rule(ids.rule, { pattern: JSON.stringify({ source: ['aws.ec2'] }) })];
    }),
    expected: {},
  },
  {
    name: 'event-rule-spot-interruption',
    description: 'the rule matches EC2 Spot interruption warnings, not state changes',
    inventory: mutate(complete, (d) => {
      d['events.rules'] = [
        rule(ids.rule, {
          pattern: JSON.stringify({ source: ['aws.ec2'], 'detail-type': ['EC2 Spot Instance Interruption Warning'] }),
        }),
      ];
      d['events.targets'] = {};
    }),
    expected: { 'mon.event-rule': 'fail' },
  },
  {
    name: 'event-rule-managed-by-service',
    description: 'the only matching rule was created by an AWS service for itself',
    inventory: mutate(complete, (d) => {
      d['events.rules'] = [
        rule('AutoScalingManagedRule', { pattern: EC2_STATE_CHANGE_PATTERN, managedBy: 'autoscaling.amazonaws.com' }),
      ];
      d['events.targets'] = {};
    }),
    expected: { 'mon.event-rule': 'fail' },
  },
  {
    name: 'events-denied',
    description: 'EventBridge cannot be read: only mon.event-rule is an error',
    inventory: mutate(complete, (_d, inv) => {
      inv.sources['events.rules'] = { error: DENIED('events:ListRules') };
      inv.sources['events.targets'] = { error: DENIED('events:ListRules') };
    }),
    expected: { 'mon.event-rule': 'error' },
  },
];
