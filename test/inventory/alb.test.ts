/**
 * The ALB / Auto Scaling collectors against mocked AWS APIs (the recorded reference account):
 * every list read once over all its pages, per-resource calls (listeners, target health, launch
 * template versions) only for the lab's candidates, versions resolved as AWS resolves them, and a
 * denied service failing only its own sources and checks.
 */
import {
  AutoScalingClient,
  type AutoScalingGroup,
  AutoScalingServiceException,
  DescribeAutoScalingGroupsCommand,
  DescribeLaunchConfigurationsCommand,
  DescribePoliciesCommand,
} from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, CloudWatchServiceException, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  type DescribeLaunchTemplateVersionsCommandInput,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ElasticLoadBalancingV2ServiceException,
  type LoadBalancer,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { evaluateLab } from '../../checks/engine.js';
import type { Inventory, SourceKey } from '../../checks/inventory.js';
import { albLab } from '../../checks/labs/alb/index.js';
import { sourcesOf } from '../../functions/grade.js';
import { ClientFactory } from '../../functions/inventory/clients.js';
import { collectInventory } from '../../functions/inventory/collect.js';
import { actionsFor, COLLECTORS } from '../../functions/inventory/index.js';
import {
  accessDenied,
  callCounts,
  ec2Error,
  pagesOf,
  RECORDED_LB_ARN,
  RECORDED_REGION,
  RECORDED_TG_ARN,
  recorded,
  servePages,
  serveRecordedAlb,
  serveRecordedEc2,
  serveRecordedLaunchTemplates,
  serveRecordedSts,
} from '../support/aws-mock.js';

const elbv2 = mockClient(ElasticLoadBalancingV2Client);
const autoscaling = mockClient(AutoScalingClient);
const cloudwatch = mockClient(CloudWatchClient);
const ec2 = mockClient(EC2Client);
const sts = mockClient(STSClient);
const stubs = [elbv2, autoscaling, cloudwatch, ec2, sts];

const LB_ARN = RECORDED_LB_ARN;
const TG_ARN = RECORDED_TG_ARN;
const LT_ID = 'lt-07c755c2fa9128618';

function serveRecorded(): void {
  serveRecordedEc2(ec2);
  serveRecordedSts(sts);
  serveRecordedLaunchTemplates(ec2);
  serveRecordedAlb({ elbv2, autoscaling, cloudwatch });
}

beforeEach(() => {
  for (const stub of stubs) stub.reset();
  serveRecorded();
});
afterAll(() => {
  for (const stub of stubs) stub.restore();
});

async function collect(sources: readonly SourceKey[] = sourcesOf(albLab)): Promise<Inventory> {
  const clients = new ClientFactory();
  try {
    return await collectInventory({ region: RECORDED_REGION, clients, sources, collectors: COLLECTORS });
  } finally {
    clients.destroy();
  }
}

function statuses(inventory: Inventory): Record<string, string> {
  return Object.fromEntries(evaluateLab(albLab, inventory).checks.map((c) => [c.id, c.status]));
}

describe('the recorded reference account', () => {
  it('is read with one call per API, and its complete ALB / Auto Scaling environment passes every check', async () => {
    const inventory = await collect();

    expect(callCounts(elbv2, autoscaling, cloudwatch)).toEqual({
      DescribeLoadBalancers: 1,
      DescribeListeners: 1,
      DescribeTargetGroups: 1,
      DescribeTargetHealth: 1,
      DescribeAutoScalingGroups: 1,
      DescribePolicies: 1,
      DescribeLaunchConfigurations: 1,
      DescribeAlarms: 1,
    });
    const ec2Calls = callCounts(ec2);
    expect(ec2Calls.DescribeLaunchTemplates).toBe(1);
    expect(ec2Calls.DescribeLaunchTemplateVersions).toBe(1);
    for (const [command, count] of Object.entries(ec2Calls)) expect(count, command).toBe(1);
    // A check does not need the load balancer's attributes: they are not read.
    expect(Object.keys(inventory.sources).sort()).toEqual([...sourcesOf(albLab)].sort());

    const result = evaluateLab(albLab, inventory);
    expect(result.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    expect(result.target?.id).toBe(LB_ARN);
  });

  it('keeps only the launch template version the group uses ($Default → 2)', async () => {
    const inventory = await collect(['ec2.launchTemplateVersions']);

    const versions = inventory.sources['ec2.launchTemplateVersions']?.data?.[LT_ID];
    expect(versions?.map((v) => v.VersionNumber)).toEqual([2]);
    expect(versions?.[0]?.LaunchTemplateData?.InstanceType).toBe('t3.small');
    expect(ec2.commandCalls(DescribeLaunchTemplateVersionsCommand).map((c) => c.args[0].input)).toEqual([
      { LaunchTemplateId: LT_ID, Versions: ['2'] },
    ]);
  });
});

const MARKER = { input: 'Marker', output: 'NextMarker' };
const NEXT_TOKEN = { input: 'NextToken', output: 'NextToken' };

const PAGINATED = [
  {
    key: 'elbv2.loadBalancers',
    stub: elbv2,
    command: DescribeLoadBalancersCommand,
    file: 'elbv2/DescribeLoadBalancers',
    member: 'LoadBalancers',
    token: MARKER,
  },
  {
    key: 'elbv2.targetGroups',
    stub: elbv2,
    command: DescribeTargetGroupsCommand,
    file: 'elbv2/DescribeTargetGroups',
    member: 'TargetGroups',
    token: MARKER,
  },
  {
    key: 'autoscaling.groups',
    stub: autoscaling,
    command: DescribeAutoScalingGroupsCommand,
    file: 'autoscaling/DescribeAutoScalingGroups',
    member: 'AutoScalingGroups',
    token: NEXT_TOKEN,
  },
  {
    key: 'autoscaling.policies',
    stub: autoscaling,
    command: DescribePoliciesCommand,
    file: 'autoscaling/DescribePolicies',
    member: 'ScalingPolicies',
    token: NEXT_TOKEN,
  },
  {
    key: 'cloudwatch.alarms',
    stub: cloudwatch,
    command: DescribeAlarmsCommand,
    file: 'cloudwatch/DescribeAlarms',
    member: 'MetricAlarms',
    token: NEXT_TOKEN,
  },
  {
    key: 'ec2.launchTemplates',
    stub: ec2,
    command: DescribeLaunchTemplatesCommand,
    file: 'ec2/DescribeLaunchTemplates',
    member: 'LaunchTemplates',
    token: NEXT_TOKEN,
  },
] as const;

describe('paginated sources', () => {
  it.each(PAGINATED)('$key follows $token.output over every page, keeping the order', async (source) => {
    const one = recorded<Record<string, unknown[]>>(source.file)[source.member] ?? [];
    // Three pages of distinct copies, so a page read twice or skipped shows.
    const items = [0, 1, 2].flatMap((n) => one.map((item) => ({ ...(item as object), page: n })));
    const inputs = servePages(source.stub, source.command, source.member, pagesOf(items, 3), source.token);

    const inventory = await collect([source.key]);

    expect(inventory.sources[source.key]).toEqual({ data: items });
    expect(inputs.map((i) => i[source.token.input])).toEqual([undefined, 'page-2', 'page-3']);
  });

  it('autoscaling.launchConfigurations follows NextToken too', async () => {
    const lcs = ['lc-a', 'lc-b', 'lc-c'].map((LaunchConfigurationName) => ({
      LaunchConfigurationName,
      ImageId: 'ami-1',
    }));
    const inputs = servePages(
      autoscaling,
      DescribeLaunchConfigurationsCommand,
      'LaunchConfigurations',
      pagesOf(lcs, 3),
      NEXT_TOKEN,
    );

    const inventory = await collect(['autoscaling.launchConfigurations']);

    expect(inventory.sources['autoscaling.launchConfigurations']?.data?.map((l) => l.LaunchConfigurationName)).toEqual([
      'lc-a',
      'lc-b',
      'lc-c',
    ]);
    expect(inputs.map((i) => i.NextToken)).toEqual([undefined, 'page-2', 'page-3']);
  });

  it('listeners of one load balancer follow NextMarker, with the load balancer in every request', async () => {
    const listener = recorded<{ Listeners: object[] }>('elbv2/DescribeListeners.course-alb').Listeners[0] as object;
    const listeners = [80, 443, 8080].map((Port, n) => ({ ...listener, Port, ListenerArn: `${LB_ARN}/l${n}` }));
    const inputs = servePages(elbv2, DescribeListenersCommand, 'Listeners', pagesOf(listeners, 3), MARKER);

    const inventory = await collect(['elbv2.listeners']);

    expect(inventory.sources['elbv2.listeners']?.data?.[LB_ARN]?.map((l) => l.Port)).toEqual([80, 443, 8080]);
    expect(inputs).toEqual([
      { LoadBalancerArn: LB_ARN },
      { LoadBalancerArn: LB_ARN, Marker: 'page-2' },
      { LoadBalancerArn: LB_ARN, Marker: 'page-3' },
    ]);
  });
});

describe('per-resource calls only for candidates', () => {
  const recordedLb = () =>
    recorded<{ LoadBalancers: LoadBalancer[] }>('elbv2/DescribeLoadBalancers').LoadBalancers[0] as LoadBalancer;
  const recordedTg = () =>
    recorded<{ TargetGroups: TargetGroup[] }>('elbv2/DescribeTargetGroups').TargetGroups[0] as TargetGroup;
  const arn = (kind: string, name: string) =>
    `arn:aws:elasticloadbalancing:us-east-1:123456789012:${kind}/${name}/0000000000000001`;

  beforeEach(() => {
    const second = {
      ...recordedLb(),
      LoadBalancerArn: arn('loadbalancer/app', 'old-alb'),
      LoadBalancerName: 'old-alb',
    };
    const nlb = {
      ...recordedLb(),
      LoadBalancerArn: arn('loadbalancer/net', 'lab-nlb'),
      LoadBalancerName: 'lab-nlb',
      Type: 'network' as const,
    };
    elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [recordedLb(), second, nlb] });
    elbv2.on(DescribeTargetGroupsCommand).resolves({
      TargetGroups: [
        recordedTg(),
        { ...recordedTg(), TargetGroupArn: arn('targetgroup', 'old-tg'), LoadBalancerArns: [second.LoadBalancerArn] },
        { ...recordedTg(), TargetGroupArn: arn('targetgroup', 'nlb-tg'), LoadBalancerArns: [nlb.LoadBalancerArn] },
        { ...recordedTg(), TargetGroupArn: arn('targetgroup', 'loose-tg'), LoadBalancerArns: [] },
      ],
    });
    elbv2.on(DescribeListenersCommand).callsFake(async (input: { LoadBalancerArn: string }) => ({
      Listeners: [{ ListenerArn: `${input.LoadBalancerArn}/l`, Port: 80 }],
    }));
    elbv2.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] });
  });

  it('asks listeners of application load balancers only, once each', async () => {
    const inventory = await collect(['elbv2.listeners', 'elbv2.loadBalancers']);

    const asked = elbv2.commandCalls(DescribeListenersCommand).map((c) => c.args[0].input.LoadBalancerArn);
    expect(asked.sort()).toEqual([LB_ARN, arn('loadbalancer/app', 'old-alb')].sort());
    expect(Object.keys(inventory.sources['elbv2.listeners']?.data ?? {}).sort()).toEqual(asked.sort());
    expect(elbv2.commandCalls(DescribeLoadBalancersCommand)).toHaveLength(1);
  });

  it('asks target health only of target groups behind an application load balancer', async () => {
    await collect(['elbv2.targetHealth', 'elbv2.listeners']);

    const asked = elbv2.commandCalls(DescribeTargetHealthCommand).map((c) => c.args[0].input.TargetGroupArn);
    expect(asked.sort()).toEqual([TG_ARN, arn('targetgroup', 'old-tg')].sort());
    expect(callCounts(elbv2)).toMatchObject({ DescribeLoadBalancers: 1, DescribeTargetGroups: 1 });
  });

  it('makes the per-resource calls in parallel, not one after the other', async () => {
    let inFlight = 0;
    let most = 0;
    elbv2.on(DescribeListenersCommand).callsFake(async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight -= 1;
      return { Listeners: [] };
    });

    await collect(['elbv2.listeners']);

    expect(most).toBe(2);
  });
});

describe('launch template versions', () => {
  const group = (name: string, spec: Partial<AutoScalingGroup>): AutoScalingGroup => ({
    AutoScalingGroupName: name,
    MinSize: 1,
    MaxSize: 2,
    DesiredCapacity: 1,
    DefaultCooldown: 300,
    AvailabilityZones: ['us-east-1a'],
    HealthCheckType: 'EC2',
    CreatedTime: new Date('2026-11-20T08:50:00.000Z'),
    ...spec,
  });
  const template = (id: string, name: string, def: number, latest: number) => ({
    LaunchTemplateId: id,
    LaunchTemplateName: name,
    DefaultVersionNumber: def,
    LatestVersionNumber: latest,
  });

  function serveVersions(): DescribeLaunchTemplateVersionsCommandInput[] {
    const inputs: DescribeLaunchTemplateVersionsCommandInput[] = [];
    ec2.on(DescribeLaunchTemplateVersionsCommand).callsFake((input: DescribeLaunchTemplateVersionsCommandInput) => {
      inputs.push(structuredClone(input));
      return {
        LaunchTemplateVersions: (input.Versions ?? []).map((v) => ({
          LaunchTemplateId: input.LaunchTemplateId,
          VersionNumber: Number(v),
          LaunchTemplateData: { ImageId: 'ami-1', InstanceType: 't3.micro' },
        })),
      };
    });
    return inputs;
  }

  it('resolves $Latest, $Default, no version and numbers per template, and asks each template once', async () => {
    ec2.on(DescribeLaunchTemplatesCommand).resolves({
      LaunchTemplates: [template('lt-a', 'web', 2, 5), template('lt-b', 'api', 1, 3), template('lt-c', 'unused', 1, 1)],
    });
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        group('latest', { LaunchTemplate: { LaunchTemplateId: 'lt-a', Version: '$Latest' } }),
        group('default', { LaunchTemplate: { LaunchTemplateId: 'lt-a', Version: '$Default' } }),
        group('pinned', { LaunchTemplate: { LaunchTemplateId: 'lt-a', Version: '5' } }),
        // AWS accepts a template by name, and no version means the default one.
        group('by-name', { LaunchTemplate: { LaunchTemplateName: 'api' } }),
        group('mixed', {
          MixedInstancesPolicy: {
            LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateId: 'lt-b', Version: '$Latest' } },
          },
        }),
        group('legacy', { LaunchConfigurationName: 'old-lc' }),
        group('dangling', { LaunchTemplate: { LaunchTemplateId: 'lt-gone', Version: '1' } }),
      ],
    });
    const inputs = serveVersions();

    const inventory = await collect(['ec2.launchTemplateVersions']);

    expect(inputs.sort((a, b) => String(a.LaunchTemplateId).localeCompare(String(b.LaunchTemplateId)))).toEqual([
      { LaunchTemplateId: 'lt-a', Versions: ['2', '5'] },
      { LaunchTemplateId: 'lt-b', Versions: ['1', '3'] },
    ]);
    const data = inventory.sources['ec2.launchTemplateVersions']?.data ?? {};
    expect(Object.keys(data).sort()).toEqual(['lt-a', 'lt-b']);
    expect(data['lt-a']?.map((v) => v.VersionNumber)).toEqual([2, 5]);
    expect(callCounts(autoscaling, ec2)).toMatchObject({ DescribeAutoScalingGroups: 1, DescribeLaunchTemplates: 1 });
  });

  it('records a deleted version as missing (the check then fails), not as an error', async () => {
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [group('g', { LaunchTemplate: { LaunchTemplateId: LT_ID, Version: '9' } })],
    });
    ec2
      .on(DescribeLaunchTemplateVersionsCommand)
      .rejects(ec2Error('InvalidLaunchTemplateId.VersionNotFound', 'Could not find launch template version 9'));

    const inventory = await collect(['ec2.launchTemplateVersions']);

    expect(inventory.sources['ec2.launchTemplateVersions']).toEqual({ data: { [LT_ID]: [] } });
  });

  it('fails the source when the versions cannot be read', async () => {
    ec2.on(DescribeLaunchTemplateVersionsCommand).rejects(ec2Error('UnauthorizedOperation', 'not authorized', 403));

    const inventory = await collect(['ec2.launchTemplateVersions']);

    expect(inventory.sources['ec2.launchTemplateVersions']?.error?.code).toBe('UnauthorizedOperation');
  });
});

describe('a denied service', () => {
  it('Auto Scaling denied: its sources fail, and only the checks that need it are errors', async () => {
    const err = accessDenied(AutoScalingServiceException, 'autoscaling:Describe*');
    autoscaling.on(DescribeAutoScalingGroupsCommand).rejects(err);
    autoscaling.on(DescribePoliciesCommand).rejects(err);
    autoscaling.on(DescribeLaunchConfigurationsCommand).rejects(err);

    const inventory = await collect();

    for (const key of ['autoscaling.groups', 'autoscaling.policies', 'autoscaling.launchConfigurations'] as const) {
      expect(inventory.sources[key]?.error?.code, key).toBe('AccessDenied');
    }
    // The versions depend on the groups: they fail with the same error, without calling EC2.
    expect(inventory.sources['ec2.launchTemplateVersions']?.error?.code).toBe('AccessDenied');
    expect(ec2.commandCalls(DescribeLaunchTemplateVersionsCommand)).toHaveLength(0);
    expect(statuses(inventory)).toEqual({
      'alb.exists': 'pass',
      'alb.listener': 'pass',
      'alb.target-group': 'pass',
      'alb.sg': 'pass',
      'alb.sg-chain': 'error',
      'asg.launch-template': 'error',
      'asg.multi-az': 'error',
      'asg.capacity': 'error',
      'asg.target-group': 'error',
      'asg.scaling-policy': 'error',
      'asg.healthy': 'error',
    });
  });

  it('Elastic Load Balancing denied: the load balancer checks are errors, the group is still graded', async () => {
    const err = accessDenied(ElasticLoadBalancingV2ServiceException, 'elasticloadbalancing:Describe*');
    elbv2.on(DescribeLoadBalancersCommand).rejects(err);
    elbv2.on(DescribeTargetGroupsCommand).rejects(err);

    const inventory = await collect();

    expect(elbv2.commandCalls(DescribeListenersCommand)).toHaveLength(0);
    expect(elbv2.commandCalls(DescribeTargetHealthCommand)).toHaveLength(0);
    const s = statuses(inventory);
    expect(
      Object.entries(s)
        .filter(([, v]) => v === 'error')
        .map(([k]) => k),
    ).toEqual([
      'alb.exists',
      'alb.listener',
      'alb.target-group',
      'alb.sg',
      'alb.sg-chain',
      'asg.target-group',
      'asg.healthy',
    ]);
    expect(s['asg.launch-template']).toBe('pass');
    expect(s['asg.scaling-policy']).toBe('pass');
  });

  it('CloudWatch denied: only its source fails; target tracking on CPU still passes', async () => {
    cloudwatch.on(DescribeAlarmsCommand).rejects(accessDenied(CloudWatchServiceException, 'cloudwatch:DescribeAlarms'));

    const inventory = await collect();

    expect(inventory.sources['cloudwatch.alarms']?.error?.code).toBe('AccessDenied');
    expect(Object.values(statuses(inventory)).every((s) => s === 'pass')).toBe(true);
  });
});

describe('least privilege', () => {
  it('the lab needs exactly these read actions', () => {
    expect(actionsFor(sourcesOf(albLab))).toEqual([
      'autoscaling:DescribeAutoScalingGroups',
      'autoscaling:DescribeLaunchConfigurations',
      'autoscaling:DescribePolicies',
      'cloudwatch:DescribeAlarms',
      'ec2:DescribeInstances',
      'ec2:DescribeInternetGateways',
      'ec2:DescribeLaunchTemplateVersions',
      'ec2:DescribeLaunchTemplates',
      'ec2:DescribeRouteTables',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeSubnets',
      'ec2:DescribeVpcs',
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeLoadBalancers',
      'elasticloadbalancing:DescribeTargetGroups',
      'elasticloadbalancing:DescribeTargetHealth',
      'sts:GetCallerIdentity',
    ]);
  });
});
