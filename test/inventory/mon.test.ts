/**
 * The monitoring collectors against mocked AWS APIs: every list read once over all its pages,
 * per-resource calls only for candidates (targets of matching rules, status of multi-region
 * trails in their home region, the log groups VPC flow logs write to), "not configured" answers
 * kept apart from AccessDenied, and a denied service failing only its own checks.
 */
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  CloudTrailClient,
  CloudTrailServiceException,
  DescribeTrailsCommand,
  GetTrailStatusCommand,
  TrailNotFoundException,
} from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  InvalidParameterException,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeFlowLogsCommand,
  DescribeInstancesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { ListSubscriptionsCommand, ListTopicsCommand, SNSClient, SNSServiceException } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { evaluateLab } from '../../checks/engine.js';
import { type Inventory, type SourceKey, type SourceTypes, tryRead } from '../../checks/inventory.js';
import { monLab } from '../../checks/labs/mon/index.js';
import { sourcesOf } from '../../functions/grade.js';
import { ClientFactory } from '../../functions/inventory/clients.js';
import { collectInventory } from '../../functions/inventory/collect.js';
import { actionsFor, COLLECTORS } from '../../functions/inventory/index.js';
import { REGION } from '../scenarios/ec2-builders.js';
import { completeMonLab, ids } from '../scenarios/mon.js';
import {
  EC2_STATE_CHANGE_PATTERN,
  flowLogToLogs,
  flowLogToS3,
  logGroup,
  rule,
  snsTarget,
  subscription,
  topic,
  trail,
  trailArn,
  trailStatus,
} from '../scenarios/mon-builders.js';
import { accessDenied, callCounts, pagesOf, servePages, serveRecordedSts } from '../support/aws-mock.js';

const ec2 = mockClient(EC2Client);
const autoscaling = mockClient(AutoScalingClient);
const cloudwatch = mockClient(CloudWatchClient);
const sns = mockClient(SNSClient);
const logs = mockClient(CloudWatchLogsClient);
const cloudtrail = mockClient(CloudTrailClient);
const events = mockClient(EventBridgeClient);
const sts = mockClient(STSClient);
const stubs = [ec2, autoscaling, cloudwatch, sns, logs, cloudtrail, events, sts];
const monStubs = [cloudwatch, sns, logs, cloudtrail, events];

const lab = completeMonLab();
function data<K extends SourceKey>(key: K): SourceTypes[K] {
  const value = tryRead(lab, key);
  if (value === undefined) throw new Error(`the complete scenario has no ${key}`);
  return structuredClone(value);
}

/** The complete monitoring lab, one page per list, answered as each API answers it. */
function serveCompleteLab(): void {
  serveRecordedSts(sts);
  ec2.on(DescribeVpcsCommand).callsFake(() => ({ Vpcs: data('ec2.vpcs') }));
  ec2.on(DescribeSubnetsCommand).callsFake(() => ({ Subnets: data('ec2.subnets') }));
  ec2
    .on(DescribeInstancesCommand)
    .callsFake(() => ({ Reservations: data('ec2.instances').map((i) => ({ ReservationId: 'r-1', Instances: [i] })) }));
  ec2.on(DescribeFlowLogsCommand).callsFake(() => ({ FlowLogs: data('ec2.flowLogs') }));
  autoscaling.on(DescribeAutoScalingGroupsCommand).callsFake(() => ({ AutoScalingGroups: data('autoscaling.groups') }));
  cloudwatch
    .on(DescribeAlarmsCommand)
    .callsFake(() => ({ MetricAlarms: data('cloudwatch.alarms'), CompositeAlarms: [] }));
  sns.on(ListTopicsCommand).callsFake(() => ({ Topics: data('sns.topics') }));
  sns.on(ListSubscriptionsCommand).callsFake(() => ({ Subscriptions: data('sns.subscriptions') }));
  logs.on(DescribeLogGroupsCommand).callsFake((input: { logGroupIdentifiers?: string[] }) => ({
    logGroups: Object.values(data('logs.flowLogGroups')).filter(
      (g) => g && (!input.logGroupIdentifiers || input.logGroupIdentifiers.includes(g.logGroupName ?? '')),
    ),
  }));
  cloudtrail.on(DescribeTrailsCommand).callsFake(() => ({ trailList: data('cloudtrail.trails') }));
  cloudtrail.on(GetTrailStatusCommand).callsFake((input: { Name: string }) => {
    const status = data('cloudtrail.trailStatus')[input.Name];
    if (!status) throw new TrailNotFoundException({ message: `Unknown trail: ${input.Name}`, $metadata: {} });
    return status;
  });
  events.on(ListRulesCommand).callsFake(() => ({ Rules: data('events.rules') }));
  events.on(ListTargetsByRuleCommand).callsFake((input: { Rule: string }) => ({
    Targets: data('events.targets')[input.Rule] ?? [],
  }));
}

beforeEach(() => {
  for (const stub of stubs) stub.reset();
  serveCompleteLab();
});
afterAll(() => {
  for (const stub of stubs) stub.restore();
});

async function collect(sources: readonly SourceKey[] = sourcesOf(monLab)): Promise<Inventory> {
  const clients = new ClientFactory();
  try {
    return await collectInventory({ region: REGION, clients, sources, collectors: COLLECTORS });
  } finally {
    clients.destroy();
  }
}

function statuses(inventory: Inventory): Record<string, string> {
  return Object.fromEntries(evaluateLab(monLab, inventory).checks.map((c) => [c.id, c.status]));
}

describe('a complete monitoring lab', () => {
  it('is read with each list API once, per-resource calls only for its candidates, and passes every check', async () => {
    const inventory = await collect();

    expect(callCounts(...monStubs)).toEqual({
      DescribeAlarms: 1,
      ListTopics: 1,
      ListSubscriptions: 1,
      DescribeLogGroups: 1,
      DescribeTrails: 1,
      GetTrailStatus: 1,
      ListRules: 1,
      // The scheduled rule is not a candidate.
      ListTargetsByRule: 1,
    });
    for (const [command, count] of Object.entries(callCounts(ec2, autoscaling))) expect(count, command).toBe(1);
    expect(logs.commandCalls(DescribeLogGroupsCommand)[0]?.args[0].input).toEqual({
      logGroupIdentifiers: [ids.logGroup],
    });
    expect(events.commandCalls(ListTargetsByRuleCommand)[0]?.args[0].input).toEqual({ Rule: ids.rule });
    expect(Object.keys(inventory.sources).sort()).toEqual([...sourcesOf(monLab)].sort());

    const result = evaluateLab(monLab, inventory);
    expect(result.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
  });

  it('lists exactly the read actions of its sources', () => {
    expect(actionsFor(sourcesOf(monLab))).toEqual([
      'autoscaling:DescribeAutoScalingGroups',
      'cloudtrail:DescribeTrails',
      'cloudtrail:GetTrailStatus',
      'cloudwatch:DescribeAlarms',
      'ec2:DescribeFlowLogs',
      'ec2:DescribeInstances',
      'ec2:DescribeSubnets',
      'ec2:DescribeVpcs',
      'events:ListRules',
      'events:ListTargetsByRule',
      'logs:DescribeLogGroups',
      'sns:ListSubscriptions',
      'sns:ListTopics',
      'sts:GetCallerIdentity',
    ]);
  });
});

const NEXT_TOKEN = { input: 'NextToken', output: 'NextToken' };

describe('paginated sources', () => {
  it('sns.topics and sns.subscriptions follow NextToken; subscriptions are listed once for all topics', async () => {
    const topics = ['a', 'b', 'c', 'd'].map(topic);
    const subs = ['a', 'b', 'c', 'd'].map((t, n) => subscription(t, { confirmed: n % 2 === 0 }));
    const topicInputs = servePages(sns, ListTopicsCommand, 'Topics', pagesOf(topics, 2), NEXT_TOKEN);
    const subInputs = servePages(sns, ListSubscriptionsCommand, 'Subscriptions', pagesOf(subs, 3), NEXT_TOKEN);

    const inventory = await collect(['sns.topics', 'sns.subscriptions']);

    expect(inventory.sources['sns.topics']?.data).toEqual(topics);
    expect(inventory.sources['sns.subscriptions']?.data).toEqual(subs);
    expect(topicInputs.map((i) => i.NextToken)).toEqual([undefined, 'page-2']);
    expect(subInputs.map((i) => i.NextToken)).toEqual([undefined, 'page-2', 'page-3']);
  });

  it('ec2.flowLogs follows NextToken', async () => {
    const flowLogs = [1, 2, 3].map((n) => flowLogToLogs(`fl-0${n}`, ids.vpc, `/lab/${n}`));
    const inputs = servePages(ec2, DescribeFlowLogsCommand, 'FlowLogs', pagesOf(flowLogs, 3), NEXT_TOKEN);

    const inventory = await collect(['ec2.flowLogs']);

    expect(inventory.sources['ec2.flowLogs']?.data?.map((f) => f.FlowLogId)).toEqual(['fl-01', 'fl-02', 'fl-03']);
    expect(inputs.map((i) => i.NextToken)).toEqual([undefined, 'page-2', 'page-3']);
  });

  it('events.rules and the targets of a candidate rule follow NextToken', async () => {
    const rules = [
      rule('r-1', { schedule: 'rate(1 hour)' }),
      rule('r-2', { pattern: EC2_STATE_CHANGE_PATTERN }),
      rule('r-3', { pattern: JSON.stringify({ source: ['aws.s3'] }) }),
    ];
    const ruleInputs = servePages(events, ListRulesCommand, 'Rules', pagesOf(rules, 3), NEXT_TOKEN);
    const targets = [1, 2, 3].map((n) => snsTarget(`t${n}`, ids.topic));
    const targetInputs = servePages(events, ListTargetsByRuleCommand, 'Targets', pagesOf(targets, 2), NEXT_TOKEN);

    const inventory = await collect(['events.rules', 'events.targets']);

    expect(inventory.sources['events.rules']?.data?.map((r) => r.Name)).toEqual(['r-1', 'r-2', 'r-3']);
    expect(ruleInputs).toEqual([{}, { NextToken: 'page-2' }, { NextToken: 'page-3' }]);
    expect(inventory.sources['events.targets']?.data).toEqual({ 'r-2': targets });
    expect(targetInputs).toEqual([{ Rule: 'r-2' }, { Rule: 'r-2', NextToken: 'page-2' }]);
  });

  it('the flow-log groups follow nextToken', async () => {
    ec2
      .on(DescribeFlowLogsCommand)
      .resolves({ FlowLogs: [flowLogToLogs('fl-1', ids.vpc, '/a'), flowLogToLogs('fl-2', ids.vpc, '/b')] });
    const inputs = servePages(
      logs,
      DescribeLogGroupsCommand,
      'logGroups',
      [[logGroup('/a', 7)], [logGroup('/b', 14)]],
      {
        input: 'nextToken',
        output: 'nextToken',
      },
    );

    const inventory = await collect(['logs.flowLogGroups']);

    expect(inventory.sources['logs.flowLogGroups']?.data).toEqual({
      '/a': logGroup('/a', 7),
      '/b': logGroup('/b', 14),
    });
    expect(inputs).toEqual([
      { logGroupIdentifiers: ['/a', '/b'] },
      { logGroupIdentifiers: ['/a', '/b'], nextToken: 'page-2' },
    ]);
  });
});

describe('per-resource calls only for candidates', () => {
  it('asks for targets only of enabled, student-made rules that match EC2 instance state changes', async () => {
    events.on(ListRulesCommand).resolves({
      Rules: [
        rule('on', { pattern: EC2_STATE_CHANGE_PATTERN }),
        rule('off', { pattern: EC2_STATE_CHANGE_PATTERN, state: 'DISABLED' }),
        rule('managed', { pattern: EC2_STATE_CHANGE_PATTERN, managedBy: 'autoscaling.amazonaws.com' }),
        rule('spot', { pattern: JSON.stringify({ 'detail-type': ['EC2 Spot Instance Interruption Warning'] }) }),
        rule('nightly', { schedule: 'cron(0 20 * * ? *)' }),
        rule('stopped', { pattern: JSON.stringify({ source: ['aws.ec2'], detail: { state: ['stopped'] } }) }),
      ],
    });

    const inventory = await collect(['events.targets']);

    expect(events.commandCalls(ListTargetsByRuleCommand).map((c) => c.args[0].input.Rule)).toEqual(['on', 'stopped']);
    expect(Object.keys(inventory.sources['events.targets']?.data ?? {})).toEqual(['on', 'stopped']);
  });

  it('reads the status of multi-region trails only, once each, by ARN, in their home region', async () => {
    const home = trail('org-wide', { homeRegion: 'eu-west-1' });
    cloudtrail.on(DescribeTrailsCommand).resolves({
      trailList: [trail('local', { multiRegion: false }), trail('lab-trail'), home, { ...home }],
    });
    const regions: string[] = [];
    cloudtrail.on(GetTrailStatusCommand).callsFake(async (input: { Name: string }, getClient) => {
      regions.push(`${input.Name} @ ${await getClient().config.region()}`);
      return trailStatus(true);
    });

    const inventory = await collect(['cloudtrail.trailStatus']);

    expect(regions.sort()).toEqual([
      `${trailArn('org-wide', 'eu-west-1')} @ eu-west-1`,
      `${trailArn('lab-trail')} @ us-east-1`,
    ]);
    expect(cloudtrail.commandCalls(DescribeTrailsCommand)[0]?.args[0].input).toEqual({ includeShadowTrails: true });
    expect(Object.keys(inventory.sources['cloudtrail.trailStatus']?.data ?? {}).sort()).toEqual([
      trailArn('org-wide', 'eu-west-1'),
      trailArn('lab-trail'),
    ]);
  });

  it('asks for no log group when no VPC flow log delivers to CloudWatch Logs', async () => {
    ec2.on(DescribeFlowLogsCommand).resolves({
      FlowLogs: [
        flowLogToS3('fl-s3', ids.vpc, 'arn:aws:s3:::flow-logs'),
        flowLogToLogs('fl-subnet', ids.publicA, '/subnet-only'),
      ],
    });

    const inventory = await collect(['logs.flowLogGroups']);

    expect(inventory.sources['logs.flowLogGroups']).toEqual({ data: {} });
    expect(logs.commandCalls(DescribeLogGroupsCommand)).toHaveLength(0);
  });

  it('names a group found only in the LogDestination ARN, and records a missing group as null', async () => {
    const byArn = flowLogToLogs('fl-arn', ids.vpc, '/by-arn');
    delete byArn.LogGroupName;
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [byArn, flowLogToLogs('fl-gone', ids.vpc, '/gone')] });
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [logGroup('/by-arn', 30)] });

    const inventory = await collect(['logs.flowLogGroups']);

    expect(inventory.sources['logs.flowLogGroups']?.data).toEqual({
      '/by-arn': logGroup('/by-arn', 30),
      '/gone': null,
    });
    expect(logs.commandCalls(DescribeLogGroupsCommand)[0]?.args[0].input).toEqual({
      logGroupIdentifiers: ['/by-arn', '/gone'],
    });
  });

  it('keeps only the wanted groups from a service that ignores the filter, and lists all when it refuses it', async () => {
    const everything = [logGroup('/aws/lambda/x'), logGroup(ids.logGroup, 30), logGroup('/other', 1)];
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: everything });
    const ignored = await collect(['logs.flowLogGroups']);
    expect(ignored.sources['logs.flowLogGroups']?.data).toEqual({ [ids.logGroup]: logGroup(ids.logGroup, 30) });

    logs.reset();
    logs
      .on(DescribeLogGroupsCommand)
      .rejectsOnce(new InvalidParameterException({ message: 'Unknown parameter logGroupIdentifiers', $metadata: {} }))
      .resolves({ logGroups: everything });
    const refused = await collect(['logs.flowLogGroups']);
    expect(refused.sources['logs.flowLogGroups']?.data).toEqual({ [ids.logGroup]: logGroup(ids.logGroup, 30) });
    expect(logs.commandCalls(DescribeLogGroupsCommand).map((c) => c.args[0].input)).toEqual([
      { logGroupIdentifiers: [ids.logGroup] },
      {},
    ]);
  });
});

describe('"not configured" is not AccessDenied', () => {
  it('a trail its home region does not know is null (the trail fails), not an error', async () => {
    cloudtrail
      .on(GetTrailStatusCommand)
      .rejects(new TrailNotFoundException({ message: `Unknown trail: ${ids.trail}`, $metadata: {} }));

    const inventory = await collect();

    expect(inventory.sources['cloudtrail.trailStatus']).toEqual({ data: { [ids.trail]: null } });
    expect(statuses(inventory)).toMatchObject({ 'mon.cloudtrail': 'fail', 'mon.trail-validation': 'skip' });
  });

  it('a denied GetTrailStatus makes the trail checks errors, nothing else', async () => {
    cloudtrail.on(GetTrailStatusCommand).rejects(accessDenied(CloudTrailServiceException, 'cloudtrail:GetTrailStatus'));

    const inventory = await collect();

    expect(inventory.sources['cloudtrail.trailStatus']?.error?.code).toBe('AccessDenied');
    expect(statuses(inventory)).toEqual({
      'mon.cpu-alarm': 'pass',
      'mon.notification': 'pass',
      'mon.flow-logs': 'pass',
      'mon.log-retention': 'pass',
      'mon.cloudtrail': 'error',
      'mon.event-rule': 'pass',
      'mon.trail-validation': 'error',
    });
  });

  it('a denied DescribeTrails fails the status source too, without calling GetTrailStatus', async () => {
    cloudtrail.on(DescribeTrailsCommand).rejects(accessDenied(CloudTrailServiceException, 'cloudtrail:DescribeTrails'));

    const inventory = await collect();

    expect(inventory.sources['cloudtrail.trails']?.error?.code).toBe('AccessDenied');
    expect(inventory.sources['cloudtrail.trailStatus']?.error?.code).toBe('AccessDenied');
    expect(cloudtrail.commandCalls(GetTrailStatusCommand)).toHaveLength(0);
  });

  it('a denied SNS read makes only mon.notification an error', async () => {
    sns.on(ListTopicsCommand).rejects(accessDenied(SNSServiceException, 'sns:ListTopics'));

    const inventory = await collect();

    expect(inventory.sources['sns.topics']?.error?.code).toBe('AccessDenied');
    expect(statuses(inventory)).toEqual({
      'mon.cpu-alarm': 'pass',
      'mon.notification': 'error',
      'mon.flow-logs': 'pass',
      'mon.log-retention': 'pass',
      'mon.cloudtrail': 'pass',
      'mon.event-rule': 'pass',
      'mon.trail-validation': 'pass',
    });
  });
});
