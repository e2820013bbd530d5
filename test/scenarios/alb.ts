/**
 * The ALB / Auto Scaling lab's marking sheet: the finished VPC lab plus a load balancer, target
 * group, launch template and Auto Scaling group (shaped like test/fixtures/recorded/reference-3az),
 * then one student mistake per scenario with the checks it must break. Scenarios marked `example`
 * are also the files in examples/alb/.
 */
import type { AutoScalingGroup, LaunchConfiguration, ScalingPolicy } from '@aws-sdk/client-auto-scaling';
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { LaunchTemplate, LaunchTemplateVersion } from '@aws-sdk/client-ec2';
import type {
  Listener,
  LoadBalancer,
  TargetGroup,
  TargetHealthDescription,
  TargetHealthStateEnum,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Inventory } from '../../checks/inventory.js';
import type { Evaluation } from '../../checks/model.js';
import type { Scenario } from '../support/scenario.js';
import { ACCOUNT, ingress, instance, mutate, REGION, securityGroup } from './ec2-builders.js';
import { completeVpcLab, ids as vpcIds } from './vpc.js';

const ELB = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}`;
const CREATED = new Date('2026-11-20T08:50:00.000Z');

export const ids = {
  ...vpcIds,
  albSg: 'sg-0alb0000000000001',
  asgSg: 'sg-0asg0000000000001',
  lb: `${ELB}:loadbalancer/app/lab-alb/5da83f2e6a75727a`,
  listener: `${ELB}:listener/app/lab-alb/5da83f2e6a75727a/1f805cf412bfb872`,
  tg: `${ELB}:targetgroup/lab-tg/b7eeb6053a11ff89`,
  lt: 'lt-07c755c2fa9128618',
  asg: 'lab-asg',
  asgArn: `arn:aws:autoscaling:${REGION}:${ACCOUNT}:autoScalingGroup:eba0ffe0-522a-441c-ae9c-121306bf9d60:autoScalingGroupName/lab-asg`,
  instanceA: 'i-0asg00000000000a1',
  instanceB: 'i-0asg00000000000b1',
};

const policyArn = (name: string) =>
  `arn:aws:autoscaling:${REGION}:${ACCOUNT}:scalingPolicy:c322761b-3172-4d56-9a21-0ed9d6161d67:autoScalingGroupName/${ids.asg}:policyName/${name}`;

function loadBalancer(): LoadBalancer {
  return {
    LoadBalancerArn: ids.lb,
    DNSName: 'lab-alb-1234567890.us-east-1.elb.amazonaws.com',
    CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
    CreatedTime: CREATED,
    LoadBalancerName: 'lab-alb',
    Scheme: 'internet-facing',
    VpcId: ids.vpc,
    State: { Code: 'active' },
    Type: 'application',
    AvailabilityZones: [
      { ZoneName: 'us-east-1a', SubnetId: ids.publicA, LoadBalancerAddresses: [] },
      { ZoneName: 'us-east-1b', SubnetId: ids.publicB, LoadBalancerAddresses: [] },
    ],
    SecurityGroups: [ids.albSg],
    IpAddressType: 'ipv4',
  };
}

function listener(): Listener {
  return {
    ListenerArn: ids.listener,
    LoadBalancerArn: ids.lb,
    Port: 80,
    Protocol: 'HTTP',
    DefaultActions: [
      {
        Type: 'forward',
        TargetGroupArn: ids.tg,
        ForwardConfig: {
          TargetGroups: [{ TargetGroupArn: ids.tg, Weight: 1 }],
          TargetGroupStickinessConfig: { Enabled: false },
        },
      },
    ],
  };
}

function targetGroup(): TargetGroup {
  return {
    TargetGroupArn: ids.tg,
    TargetGroupName: 'lab-tg',
    Protocol: 'HTTP',
    Port: 80,
    VpcId: ids.vpc,
    HealthCheckProtocol: 'HTTP',
    HealthCheckPort: 'traffic-port',
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: 30,
    HealthCheckTimeoutSeconds: 5,
    HealthyThresholdCount: 5,
    UnhealthyThresholdCount: 2,
    HealthCheckPath: '/health',
    Matcher: { HttpCode: '200' },
    LoadBalancerArns: [ids.lb],
    TargetType: 'instance',
    ProtocolVersion: 'HTTP1',
    IpAddressType: 'ipv4',
  };
}

function health(id: string, state: TargetHealthStateEnum, reason?: string): TargetHealthDescription {
  const d: TargetHealthDescription = {
    Target: { Id: id, Port: 80, AvailabilityZone: id === ids.instanceA ? 'us-east-1a' : 'us-east-1b' },
    HealthCheckPort: '80',
    TargetHealth: { State: state },
  };
  if (reason && d.TargetHealth) {
    d.TargetHealth.Reason = reason as never;
    d.TargetHealth.Description =
      reason === 'Elb.InitialHealthChecking' ? 'Initial health checks in progress' : 'Health checks failed';
  }
  return d;
}

function launchTemplate(defaultVersion = 2, latestVersion = 2): LaunchTemplate {
  return {
    LaunchTemplateId: ids.lt,
    LaunchTemplateName: 'lab-lt',
    CreateTime: CREATED,
    CreatedBy: `arn:aws:iam::${ACCOUNT}:user/student`,
    DefaultVersionNumber: defaultVersion,
    LatestVersionNumber: latestVersion,
    Tags: [],
  };
}

function launchTemplateVersion(number: number, data: { image?: string; type?: string } = {}): LaunchTemplateVersion {
  const { image = 'ami-0006118602dfc1c09', type = 't3.micro' } = data;
  return {
    LaunchTemplateId: ids.lt,
    LaunchTemplateName: 'lab-lt',
    VersionNumber: number,
    VersionDescription: `version ${number}`,
    CreateTime: CREATED,
    CreatedBy: `arn:aws:iam::${ACCOUNT}:user/student`,
    DefaultVersion: number === 2,
    LaunchTemplateData: {
      ...(image ? { ImageId: image } : {}),
      ...(type ? { InstanceType: type as never } : {}),
      SecurityGroupIds: [ids.asgSg],
      MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled' },
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'lab-asg-instance' }] }],
    },
  };
}

function autoScalingGroup(): AutoScalingGroup {
  const member = (id: string, az: string) => ({
    InstanceId: id,
    AvailabilityZone: az,
    LifecycleState: 'InService' as const,
    HealthStatus: 'Healthy',
    ProtectedFromScaleIn: false,
    InstanceType: 't3.micro',
    LaunchTemplate: { LaunchTemplateId: ids.lt, LaunchTemplateName: 'lab-lt', Version: '2' },
  });
  return {
    AutoScalingGroupName: ids.asg,
    AutoScalingGroupARN: ids.asgArn,
    MinSize: 2,
    MaxSize: 4,
    DesiredCapacity: 2,
    DefaultCooldown: 300,
    AvailabilityZones: ['us-east-1a', 'us-east-1b'],
    HealthCheckType: 'ELB',
    HealthCheckGracePeriod: 300,
    CreatedTime: CREATED,
    LaunchTemplate: { LaunchTemplateId: ids.lt, LaunchTemplateName: 'lab-lt', Version: '$Default' },
    LoadBalancerNames: [],
    TargetGroupARNs: [ids.tg],
    Instances: [member(ids.instanceA, 'us-east-1a'), member(ids.instanceB, 'us-east-1b')],
    SuspendedProcesses: [],
    // One comma-separated string, as AWS returns it.
    VPCZoneIdentifier: `${ids.privateA},${ids.privateB}`,
    EnabledMetrics: [],
    Tags: [
      {
        ResourceId: ids.asg,
        ResourceType: 'auto-scaling-group',
        Key: 'Name',
        Value: 'lab-asg-instance',
        PropagateAtLaunch: true,
      },
    ],
    TerminationPolicies: ['Default'],
    NewInstancesProtectedFromScaleIn: false,
    ServiceLinkedRoleARN: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
    CapacityRebalance: false,
  };
}

function targetTrackingPolicy(): ScalingPolicy {
  return {
    AutoScalingGroupName: ids.asg,
    PolicyName: 'lab-cpu-target-50',
    PolicyARN: policyArn('lab-cpu-target-50'),
    PolicyType: 'TargetTrackingScaling',
    StepAdjustments: [],
    Alarms: [
      {
        AlarmName: 'TargetTracking-lab-asg-AlarmHigh-6c1e0d3a',
        AlarmARN: alarmArn('TargetTracking-lab-asg-AlarmHigh-6c1e0d3a'),
      },
      {
        AlarmName: 'TargetTracking-lab-asg-AlarmLow-0f9b2e41',
        AlarmARN: alarmArn('TargetTracking-lab-asg-AlarmLow-0f9b2e41'),
      },
    ],
    TargetTrackingConfiguration: {
      TargetValue: 50,
      PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' },
      DisableScaleIn: false,
    },
    Enabled: true,
  };
}

function stepPolicy(type: 'StepScaling' | 'SimpleScaling' = 'StepScaling'): ScalingPolicy {
  const policy: ScalingPolicy = {
    AutoScalingGroupName: ids.asg,
    PolicyName: 'lab-cpu-high-add-1',
    PolicyARN: policyArn('lab-cpu-high-add-1'),
    PolicyType: type,
    AdjustmentType: 'ChangeInCapacity',
    Alarms: [],
    Enabled: true,
  };
  if (type === 'StepScaling') {
    policy.StepAdjustments = [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }];
    policy.MetricAggregationType = 'Average';
  } else {
    policy.ScalingAdjustment = 1;
    policy.Cooldown = 300;
  }
  return policy;
}

function alarmArn(name: string): string {
  return `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name}`;
}

/** A metric alarm on the group's average of `metric`, acting on `actions`. */
function alarm(name: string, metric: string, actions: string[], comparison = 'GreaterThanThreshold'): MetricAlarm {
  const cpu = metric === 'CPUUtilization';
  return {
    AlarmName: name,
    AlarmArn: alarmArn(name),
    AlarmConfigurationUpdatedTimestamp: CREATED,
    ActionsEnabled: true,
    OKActions: [],
    AlarmActions: actions,
    InsufficientDataActions: [],
    StateValue: 'OK',
    StateReason: 'Threshold Crossed: 2 datapoints were not greater than the threshold',
    StateUpdatedTimestamp: CREATED,
    MetricName: metric,
    Namespace: cpu ? 'AWS/EC2' : 'AWS/ApplicationELB',
    Statistic: cpu ? 'Average' : 'Sum',
    Dimensions: cpu
      ? [{ Name: 'AutoScalingGroupName', Value: ids.asg }]
      : [{ Name: 'TargetGroup', Value: 'targetgroup/lab-tg/b7eeb6053a11ff89' }],
    Period: cpu ? 60 : 300,
    EvaluationPeriods: cpu ? 3 : 2,
    Threshold: cpu ? 50 : 1000,
    ComparisonOperator: comparison as never,
  };
}

/** The alarms target tracking creates for its policy (AWS manages them; they name the policy). */
function targetTrackingAlarms(): MetricAlarm[] {
  return [
    alarm('TargetTracking-lab-asg-AlarmHigh-6c1e0d3a', 'CPUUtilization', [policyArn('lab-cpu-target-50')]),
    alarm(
      'TargetTracking-lab-asg-AlarmLow-0f9b2e41',
      'CPUUtilization',
      [policyArn('lab-cpu-target-50')],
      'LessThanThreshold',
    ),
  ];
}

/** The finished lab: the VPC lab plus ALB → target group ← Auto Scaling group in the private subnets. */
export function completeAlbLab(): Inventory {
  return mutate(completeVpcLab(), (d) => {
    d['ec2.securityGroups'] = [
      ...d['ec2.securityGroups'],
      securityGroup(
        ids.albSg,
        ids.vpc,
        'alb-sg',
        [ingress('tcp', 80, 80, ['0.0.0.0/0', '::/0']), ingress('tcp', 443, 443, ['0.0.0.0/0', '::/0'])],
        'lab-alb-sg',
      ),
      securityGroup(ids.asgSg, ids.vpc, 'asg-web-sg', [ingress('tcp', 80, 80, [ids.albSg])], 'lab-asg-web-sg'),
    ];
    const member = (id: string, subnetId: string, az: string, privateIp: string) =>
      instance(id, {
        vpcId: ids.vpc,
        subnetId,
        az,
        privateIp,
        groups: [{ id: ids.asgSg, name: 'asg-web-sg' }],
        name: 'lab-asg-instance',
      });
    d['ec2.instances'] = [
      ...d['ec2.instances'],
      member(ids.instanceA, ids.privateA, 'us-east-1a', '10.0.11.20'),
      member(ids.instanceB, ids.privateB, 'us-east-1b', '10.0.12.20'),
    ];
    d['elbv2.loadBalancers'] = [loadBalancer()];
    d['elbv2.listeners'] = { [ids.lb]: [listener()] };
    d['elbv2.targetGroups'] = [targetGroup()];
    d['elbv2.targetHealth'] = { [ids.tg]: [health(ids.instanceA, 'healthy'), health(ids.instanceB, 'healthy')] };
    d['autoscaling.groups'] = [autoScalingGroup()];
    d['autoscaling.policies'] = [targetTrackingPolicy()];
    d['autoscaling.launchConfigurations'] = [];
    d['ec2.launchTemplates'] = [launchTemplate()];
    d['ec2.launchTemplateVersions'] = { [ids.lt]: [launchTemplateVersion(2)] };
    d['cloudwatch.alarms'] = targetTrackingAlarms();
  });
}

const complete = completeAlbLab();

type Data = Parameters<Parameters<typeof mutate>[1]>[0];

function group(d: Data): AutoScalingGroup {
  return d['autoscaling.groups'][0] as AutoScalingGroup;
}
function lb(d: Data): LoadBalancer {
  return d['elbv2.loadBalancers'][0] as LoadBalancer;
}

/** A check's message in the graded result must mention `words`. */
function says(id: string, ...words: string[]): (e: Evaluation) => void {
  return (e) => {
    const check = e.checks.find((c) => c.id === id);
    for (const w of words) {
      if (!check?.message.includes(w)) throw new Error(`${id} message "${check?.message}" does not say "${w}"`);
    }
  };
}

function all(...asserts: ((e: Evaluation) => void)[]): (e: Evaluation) => void {
  return (e) => {
    for (const a of asserts) a(e);
  };
}

/** Every check of the Auto Scaling group (when the group itself is the problem). */
const ASG_CHECKS = [
  'asg.launch-template',
  'asg.multi-az',
  'asg.capacity',
  'asg.target-group',
  'asg.scaling-policy',
  'asg.healthy',
];

export const scenarios: Scenario[] = [
  {
    name: 'complete',
    description: 'the finished lab: every check passes; the VPC lab instances are left alone',
    inventory: complete,
    expected: {},
    example: true,
    assert: (e) => {
      if (e.target?.id !== ids.lb) throw new Error(`graded ${e.target?.id}, expected ${ids.lb}`);
      if (e.score !== e.maxScore) throw new Error(`score ${e.score} of ${e.maxScore}`);
      for (const id of [ids.asg, ids.lt, ids.tg])
        if (!e.resources.includes(id)) throw new Error(`resources lack ${id}`);
    },
  },
  {
    name: 'asg-one-subnet',
    description: 'the Auto Scaling group uses a single private subnet (one AZ)',
    inventory: mutate(complete, (d) => {
      group(d).VPCZoneIdentifier = ids.privateA;
    }),
    expected: { 'asg.multi-az': 'fail' },
    example: true,
    assert: says('asg.multi-az', '1 subnet(s)', '1 AZ(s)'),
  },
  {
    name: 'internal-scheme',
    description: 'the load balancer was created with the internal scheme',
    inventory: mutate(complete, (d) => {
      lb(d).Scheme = 'internal';
    }),
    expected: { 'alb.exists': 'fail' },
    example: true,
    assert: says('alb.exists', 'internal', 'internet-facing'),
  },
  {
    name: 'no-scaling-policy',
    description: 'the group has fixed capacity: no scaling policy',
    inventory: mutate(complete, (d) => {
      d['autoscaling.policies'] = [];
      d['cloudwatch.alarms'] = [];
    }),
    expected: { 'asg.scaling-policy': 'fail' },
    example: true,
  },
  {
    name: 'instances-open-to-world',
    description: "the instances' security group also admits HTTP from 0.0.0.0/0",
    inventory: mutate(complete, (d) => {
      const sg = d['ec2.securityGroups'].find((g) => g.GroupId === ids.asgSg);
      sg?.IpPermissions?.push(ingress('tcp', 80, 80, ['0.0.0.0/0']));
    }),
    expected: { 'alb.sg-chain': 'fail' },
    example: true,
    assert: says('alb.sg-chain', '0.0.0.0/0', ids.asgSg),
  },
  {
    name: 'launch-configuration',
    description: 'the group launches from a launch configuration instead of a launch template',
    inventory: mutate(complete, (d) => {
      const g = group(d);
      delete g.LaunchTemplate;
      g.LaunchConfigurationName = 'lab-lc';
      for (const i of g.Instances ?? []) {
        delete i.LaunchTemplate;
        i.LaunchConfigurationName = 'lab-lc';
      }
      const lc: LaunchConfiguration = {
        LaunchConfigurationName: 'lab-lc',
        LaunchConfigurationARN: `arn:aws:autoscaling:${REGION}:${ACCOUNT}:launchConfiguration:1d2c3b4a-0000-4000-8000-000000000001:launchConfigurationName/lab-lc`,
        ImageId: 'ami-0006118602dfc1c09',
        KeyName: '',
        SecurityGroups: [ids.asgSg],
        UserData: '',
        InstanceType: 't3.micro',
        KernelId: '',
        RamdiskId: '',
        BlockDeviceMappings: [],
        InstanceMonitoring: { Enabled: true },
        CreatedTime: CREATED,
        EbsOptimized: false,
      };
      d['autoscaling.launchConfigurations'] = [lc];
      d['ec2.launchTemplateVersions'] = {};
    }),
    expected: { 'asg.launch-template': 'fail' },
    example: true,
    assert: says('asg.launch-template', 'launch configuration lab-lc', 'ami-0006118602dfc1c09'),
  },
  {
    name: 'unbounded-max-size',
    description: 'the group may grow to 50 instances, more than the database behind it can serve',
    inventory: mutate(complete, (d) => {
      group(d).MaxSize = 50;
    }),
    expected: { 'asg.capacity': 'fail' },
    example: true,
    assert: says('asg.capacity', 'max 50', 'at most 10'),
  },
  {
    name: 'max-size-course-limit',
    description: 'a course that allows 50 instances accepts the same group',
    inventory: mutate(complete, (d) => {
      group(d).MaxSize = 50;
    }),
    options: { params: { maxSizeLimit: 50 } },
    expected: {},
  },
  {
    name: 'capacity-min-zero',
    description: 'min 0 and desired above max',
    inventory: mutate(complete, (d) => {
      group(d).MinSize = 0;
      group(d).DesiredCapacity = 5;
    }),
    expected: { 'asg.capacity': 'fail' },
    assert: says('asg.capacity', 'min should be at least 1', 'desired should lie between'),
  },
  {
    name: 'step-policy-with-cpu-alarm',
    description: 'a step scaling policy driven by a CloudWatch alarm on CPUUtilization',
    inventory: mutate(complete, (d) => {
      d['autoscaling.policies'] = [stepPolicy()];
      d['cloudwatch.alarms'] = [alarm('lab-cpu-above-70', 'CPUUtilization', [policyArn('lab-cpu-high-add-1')])];
    }),
    expected: {},
    assert: says('asg.scaling-policy', 'lab-cpu-above-70'),
  },
  {
    name: 'simple-policy-with-cpu-alarm',
    description: 'a simple scaling policy driven by a CPU alarm (as in the recorded reference account)',
    inventory: mutate(complete, (d) => {
      d['autoscaling.policies'] = [stepPolicy('SimpleScaling')];
      d['cloudwatch.alarms'] = [alarm('lab-cpu-above-70', 'CPUUtilization', [policyArn('lab-cpu-high-add-1')])];
    }),
    expected: {},
  },
  {
    name: 'step-policy-without-alarm',
    description: 'a step scaling policy that no alarm triggers, so it never runs',
    inventory: mutate(complete, (d) => {
      d['autoscaling.policies'] = [stepPolicy()];
      d['cloudwatch.alarms'] = [];
    }),
    expected: { 'asg.scaling-policy': 'fail' },
    assert: says('asg.scaling-policy', 'no CloudWatch alarm'),
  },
  {
    name: 'step-policy-request-count-alarm',
    description: 'a step scaling policy driven by an alarm on request count, not CPU',
    inventory: mutate(complete, (d) => {
      d['autoscaling.policies'] = [stepPolicy()];
      d['cloudwatch.alarms'] = [alarm('lab-requests-high', 'RequestCount', [policyArn('lab-cpu-high-add-1')])];
    }),
    expected: { 'asg.scaling-policy': 'fail' },
    assert: says('asg.scaling-policy', 'lab-requests-high on RequestCount'),
  },
  {
    name: 'step-policy-cpu-alarm-on-other-group',
    description:
      "the step policy's CPU alarm watches another Auto Scaling group's CPU (its dimensions), not this group's",
    inventory: mutate(complete, (d) => {
      d['autoscaling.policies'] = [stepPolicy()];
      const a = alarm('old-asg-cpu-above-70', 'CPUUtilization', [policyArn('lab-cpu-high-add-1')]);
      a.Dimensions = [{ Name: 'AutoScalingGroupName', Value: 'old-asg' }];
      d['cloudwatch.alarms'] = [a];
    }),
    expected: { 'asg.scaling-policy': 'fail' },
    assert: says('asg.scaling-policy', 'old-asg-cpu-above-70', 'AutoScalingGroupName=old-asg'),
  },
  {
    name: 'step-policy-cpu-alarm-on-one-instance',
    description: "the step policy's CPU alarm watches one instance of the group, not the group's average CPU",
    inventory: mutate(complete, (d) => {
      d['autoscaling.policies'] = [stepPolicy()];
      const a = alarm('lab-instance-cpu', 'CPUUtilization', [policyArn('lab-cpu-high-add-1')]);
      a.Dimensions = [{ Name: 'InstanceId', Value: ids.instanceA }];
      d['cloudwatch.alarms'] = [a];
    }),
    expected: { 'asg.scaling-policy': 'fail' },
    assert: says('asg.scaling-policy', `InstanceId=${ids.instanceA}`),
  },
  {
    name: 'step-policy-alarm-actions-disabled',
    description: 'the CPU alarm names the policy but its actions are disabled',
    inventory: mutate(complete, (d) => {
      d['autoscaling.policies'] = [stepPolicy()];
      const a = alarm('lab-cpu-above-70', 'CPUUtilization', [policyArn('lab-cpu-high-add-1')]);
      a.ActionsEnabled = false;
      d['cloudwatch.alarms'] = [a];
    }),
    expected: { 'asg.scaling-policy': 'fail' },
    assert: says('asg.scaling-policy', 'actions disabled'),
  },
  {
    name: 'target-tracking-request-count',
    description: 'target tracking on requests per target instead of CPU',
    inventory: mutate(complete, (d) => {
      const p = d['autoscaling.policies'][0] as ScalingPolicy;
      p.TargetTrackingConfiguration = {
        TargetValue: 1000,
        PredefinedMetricSpecification: {
          PredefinedMetricType: 'ALBRequestCountPerTarget',
          ResourceLabel: 'app/lab-alb/5da83f2e6a75727a/targetgroup/lab-tg/b7eeb6053a11ff89',
        },
      };
    }),
    expected: { 'asg.scaling-policy': 'fail' },
    assert: says('asg.scaling-policy', 'ALBRequestCountPerTarget'),
  },
  {
    name: 'cloudwatch-denied-target-tracking',
    description: 'CloudWatch cannot be read, but target tracking on CPU needs no alarm to judge',
    inventory: mutate(complete, (_d, inv) => {
      inv.sources['cloudwatch.alarms'] = {
        error: { code: 'AccessDenied', message: 'not authorized: cloudwatch:DescribeAlarms' },
      };
    }),
    expected: {},
  },
  {
    name: 'cloudwatch-denied-step-policy',
    description: 'CloudWatch cannot be read and the only policy is a step policy: only that check is an error',
    inventory: mutate(complete, (d, inv) => {
      d['autoscaling.policies'] = [stepPolicy()];
      inv.sources['cloudwatch.alarms'] = {
        error: { code: 'AccessDenied', message: 'not authorized: cloudwatch:DescribeAlarms' },
      };
    }),
    expected: { 'asg.scaling-policy': 'error' },
  },
  {
    name: 'alb-provisioning',
    description: 'the load balancer was just created and is still provisioning',
    inventory: mutate(complete, (d) => {
      lb(d).State = { Code: 'provisioning' };
    }),
    expected: { 'alb.exists': 'fail' },
    assert: says('alb.exists', 'still provisioning'),
  },
  {
    name: 'targets-initial',
    description: 'the instances just registered: targets are still in their initial health checks',
    inventory: mutate(complete, (d) => {
      d['elbv2.targetHealth'] = {
        [ids.tg]: [
          health(ids.instanceA, 'initial', 'Elb.InitialHealthChecking'),
          health(ids.instanceB, 'initial', 'Elb.InitialHealthChecking'),
        ],
      };
    }),
    expected: { 'asg.healthy': 'fail' },
    assert: says('asg.healthy', '2 initial', 'health checks are still running'),
  },
  {
    name: 'targets-unhealthy-and-draining',
    description: 'one target fails its health check and the other is being deregistered',
    inventory: mutate(complete, (d) => {
      d['elbv2.targetHealth'] = {
        [ids.tg]: [
          health(ids.instanceA, 'unhealthy', 'Target.ResponseCodeMismatch'),
          health(ids.instanceB, 'draining', 'Target.DeregistrationInProgress'),
        ],
      };
    }),
    expected: { 'asg.healthy': 'fail' },
    assert: says('asg.healthy', '0 healthy', 'Target.ResponseCodeMismatch', 'draining'),
  },
  {
    name: 'one-healthy-of-min-two',
    description: 'only one target is healthy while the group keeps a minimum of two',
    inventory: mutate(complete, (d) => {
      d['elbv2.targetHealth'] = {
        [ids.tg]: [health(ids.instanceA, 'healthy'), health(ids.instanceB, 'unhealthy', 'Target.Timeout')],
      };
    }),
    expected: { 'asg.healthy': 'fail' },
    assert: says('asg.healthy', '1 healthy', '2 needed'),
  },
  {
    name: 'no-registered-targets',
    description: 'the group is attached to another target group, so the listener target group is empty',
    inventory: mutate(complete, (d) => {
      group(d).TargetGroupARNs = [`${ELB}:targetgroup/old-tg/0000000000000001`];
      d['elbv2.targetHealth'] = { [ids.tg]: [] };
    }),
    expected: { 'asg.target-group': 'fail', 'asg.healthy': 'fail' },
    assert: all(says('asg.target-group', 'old-tg', 'lab-tg'), says('asg.healthy', 'no registered target')),
  },
  {
    name: 'ec2-health-checks',
    description: 'the group is attached but keeps the default EC2 health checks',
    inventory: mutate(complete, (d) => {
      group(d).HealthCheckType = 'EC2';
    }),
    expected: { 'asg.target-group': 'fail' },
    assert: says('asg.target-group', 'EC2', 'ELB'),
  },
  {
    name: 'asg-being-deleted',
    description: 'the Auto Scaling group is being deleted',
    inventory: mutate(complete, (d) => {
      group(d).Status = 'Delete in progress';
    }),
    expected: Object.fromEntries(ASG_CHECKS.map((id) => [id, 'fail'])),
    assert: says('asg.capacity', 'being deleted', 'Delete in progress'),
  },
  {
    name: 'alb-in-private-subnets',
    description: 'the internet-facing load balancer was mapped to the private subnets',
    inventory: mutate(complete, (d) => {
      lb(d).AvailabilityZones = [
        { ZoneName: 'us-east-1a', SubnetId: ids.privateA },
        { ZoneName: 'us-east-1b', SubnetId: ids.privateB },
      ];
    }),
    expected: { 'alb.exists': 'fail' },
    assert: says('alb.exists', 'not public by routing', ids.privateRtA, ids.natA),
  },
  {
    name: 'asg-in-public-subnets',
    description: 'the Auto Scaling group launches into the public subnets',
    inventory: mutate(complete, (d) => {
      group(d).VPCZoneIdentifier = `${ids.publicA},${ids.publicB}`;
    }),
    expected: { 'asg.multi-az': 'fail' },
    assert: says('asg.multi-az', 'public', ids.igw),
  },
  {
    name: 'asg-in-default-vpc-without-igw',
    description:
      "the group launches into the default VPC's default subnets, recorded (as an emulator does) without the default VPC's IGW: AWS routes them to the internet, so they are public",
    inventory: mutate(complete, (d) => {
      const defaultMain = d['ec2.routeTables'].find((t) => t.VpcId === vpcIds.defaultVpc);
      if (defaultMain) defaultMain.Routes = (defaultMain.Routes ?? []).filter((r) => r.GatewayId === 'local');
      d['ec2.internetGateways'] = d['ec2.internetGateways'].filter((g) =>
        (g.Attachments ?? []).every((a) => a.VpcId !== vpcIds.defaultVpc),
      );
      group(d).VPCZoneIdentifier = 'subnet-0dfa000000000000a,subnet-0dfb000000000000b';
    }),
    expected: { 'asg.multi-az': 'fail' },
    assert: says('asg.multi-az', 'public', 'subnet-0dfa000000000000a', 'default subnet of the default VPC'),
  },
  {
    name: 'asg-in-public-subnets-allowed',
    description: 'a course that lets the group use public subnets accepts them',
    inventory: mutate(complete, (d) => {
      group(d).VPCZoneIdentifier = `${ids.publicA}, ${ids.publicB}`;
    }),
    options: { params: { asgSubnetsPrivate: false } },
    expected: {},
  },
  {
    name: 'listener-redirect-only',
    description: 'the only listener redirects HTTP to an HTTPS listener that was never created',
    inventory: mutate(complete, (d) => {
      d['elbv2.listeners'] = {
        [ids.lb]: [
          {
            ...listener(),
            DefaultActions: [
              { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
            ],
          },
        ],
      };
    }),
    expected: {
      'alb.listener': 'fail',
      'alb.target-group': 'skip',
      'asg.target-group': 'skip',
      'asg.healthy': 'skip',
    },
    assert: says('alb.listener', 'redirect'),
  },
  {
    name: 'listener-wrong-port',
    description: 'the listener listens on HTTP 8080',
    inventory: mutate(complete, (d) => {
      d['elbv2.listeners'] = { [ids.lb]: [{ ...listener(), Port: 8080 }] };
    }),
    expected: {
      'alb.listener': 'fail',
      'alb.target-group': 'skip',
      'asg.target-group': 'skip',
      'asg.healthy': 'skip',
    },
    assert: says('alb.listener', 'HTTP:8080'),
  },
  {
    name: 'target-group-ip-type',
    description: 'the target group targets IP addresses and its health check is off',
    inventory: mutate(complete, (d) => {
      const tg = d['elbv2.targetGroups'][0] as TargetGroup;
      tg.TargetType = 'ip';
      tg.HealthCheckEnabled = false;
    }),
    expected: { 'alb.target-group': 'fail' },
    assert: says('alb.target-group', 'target type is ip', 'health check is disabled'),
  },
  {
    name: 'alb-sg-not-open',
    description: "the load balancer's security group admits HTTP only from inside the VPC",
    inventory: mutate(complete, (d) => {
      const sg = d['ec2.securityGroups'].find((g) => g.GroupId === ids.albSg);
      if (sg) sg.IpPermissions = [ingress('tcp', 80, 80, ['10.0.0.0/16'])];
    }),
    expected: { 'alb.sg': 'fail' },
  },
  {
    name: 'instances-admit-vpc-cidr',
    description: "the instances' security group admits HTTP from the VPC CIDR instead of the load balancer's group",
    inventory: mutate(complete, (d) => {
      const sg = d['ec2.securityGroups'].find((g) => g.GroupId === ids.asgSg);
      if (sg) sg.IpPermissions = [ingress('tcp', 80, 80, ['10.0.0.0/16'])];
    }),
    expected: { 'alb.sg-chain': 'fail' },
    assert: says('alb.sg-chain', '10.0.0.0/16'),
  },
  {
    name: 'launch-template-latest-draft',
    description: 'the group uses $Latest, and the latest version is a draft without an instance type',
    inventory: mutate(complete, (d) => {
      group(d).LaunchTemplate = { LaunchTemplateId: ids.lt, LaunchTemplateName: 'lab-lt', Version: '$Latest' };
      d['ec2.launchTemplates'] = [launchTemplate(2, 3)];
      d['ec2.launchTemplateVersions'] = { [ids.lt]: [launchTemplateVersion(3, { type: '' })] };
    }),
    expected: { 'asg.launch-template': 'fail' },
    assert: says('asg.launch-template', 'version 3 ($Latest)', 'instance type'),
  },
  {
    name: 'launch-template-numbered-version',
    description: 'the group pins version 1 of the launch template',
    inventory: mutate(complete, (d) => {
      group(d).LaunchTemplate = { LaunchTemplateId: ids.lt, LaunchTemplateName: 'lab-lt', Version: '1' };
      d['ec2.launchTemplateVersions'] = { [ids.lt]: [launchTemplateVersion(1, { type: 't2.micro' })] };
    }),
    expected: {},
    assert: says('asg.launch-template', 'version 1', 't2.micro'),
  },
  {
    name: 'launch-template-version-deleted',
    description: 'the group pins a version that was deleted',
    inventory: mutate(complete, (d) => {
      group(d).LaunchTemplate = { LaunchTemplateId: ids.lt, LaunchTemplateName: 'lab-lt', Version: '7' };
      d['ec2.launchTemplateVersions'] = { [ids.lt]: [] };
    }),
    expected: { 'asg.launch-template': 'fail' },
    assert: says('asg.launch-template', 'version 7', 'does not exist'),
  },
  {
    name: 'nothing-built',
    description: 'no load balancer and no Auto Scaling group yet',
    inventory: mutate(complete, (d) => {
      d['elbv2.loadBalancers'] = [];
      d['elbv2.listeners'] = {};
      d['elbv2.targetGroups'] = [];
      d['elbv2.targetHealth'] = {};
      d['autoscaling.groups'] = [];
      d['autoscaling.policies'] = [];
    }),
    expected: { 'alb.exists': 'fail', 'asg.launch-template': 'fail' },
    others: 'skip',
  },
  {
    name: 'network-load-balancer-only',
    description: 'a network load balancer instead of an application load balancer',
    inventory: mutate(complete, (d) => {
      const l = lb(d);
      l.Type = 'network';
      l.LoadBalancerArn = `${ELB}:loadbalancer/net/lab-nlb/1a2b3c4d5e6f7081`;
      l.LoadBalancerName = 'lab-nlb';
      delete l.SecurityGroups;
      d['elbv2.listeners'] = {};
      d['elbv2.targetHealth'] = {};
    }),
    expected: {
      'alb.exists': 'fail',
      'alb.listener': 'skip',
      'alb.target-group': 'skip',
      'alb.sg': 'skip',
      'alb.sg-chain': 'skip',
      'asg.target-group': 'skip',
      'asg.healthy': 'skip',
    },
    assert: says('alb.exists', 'lab-nlb (network)'),
  },
  {
    name: 'leftovers',
    description: 'an old internal load balancer and an old group in the default VPC sit next to the lab',
    inventory: mutate(complete, (d) => {
      const old = {
        ...loadBalancer(),
        LoadBalancerArn: `${ELB}:loadbalancer/app/old-alb/0000000000000001`,
        LoadBalancerName: 'old-alb',
        Scheme: 'internal' as const,
      };
      d['elbv2.loadBalancers'] = [old, ...d['elbv2.loadBalancers']];
      d['elbv2.listeners'] = { ...d['elbv2.listeners'], [old.LoadBalancerArn]: [] };
      const stale: AutoScalingGroup = {
        ...autoScalingGroup(),
        AutoScalingGroupName: 'old-asg',
        AutoScalingGroupARN: ids.asgArn.replace('lab-asg', 'old-asg'),
        VPCZoneIdentifier: 'subnet-0dfa000000000000a',
        TargetGroupARNs: [],
        Instances: [],
        MinSize: 0,
        DesiredCapacity: 0,
      };
      d['autoscaling.groups'] = [stale, ...d['autoscaling.groups']];
    }),
    expected: {},
    assert: (e) => {
      if (e.target?.id !== ids.lb) throw new Error(`graded ${e.target?.id}, expected ${ids.lb}`);
      if (e.candidates.length !== 4) throw new Error(`${e.candidates.length} candidates, expected 4`);
      if (e.candidates[0]?.name !== 'lab-alb + lab-asg') throw new Error(`best candidate ${e.candidates[0]?.name}`);
    },
  },
  {
    name: 'autoscaling-denied',
    description: 'Auto Scaling cannot be read (AccessDenied): only the checks that need it are errors',
    inventory: mutate(complete, (_d, inv) => {
      inv.sources['autoscaling.groups'] = {
        error: {
          code: 'AccessDenied',
          message: 'User is not authorized to perform: autoscaling:DescribeAutoScalingGroups',
        },
      };
    }),
    expected: { 'alb.sg-chain': 'error', ...Object.fromEntries(ASG_CHECKS.map((id) => [id, 'error'])) },
  },
  {
    name: 'elbv2-denied',
    description:
      'Elastic Load Balancing cannot be read: the load balancer checks are errors, the group is still graded',
    inventory: mutate(complete, (_d, inv) => {
      for (const key of [
        'elbv2.loadBalancers',
        'elbv2.listeners',
        'elbv2.targetGroups',
        'elbv2.targetHealth',
      ] as const) {
        inv.sources[key] = { error: { code: 'AccessDenied', message: 'not authorized: elasticloadbalancing' } };
      }
    }),
    expected: {
      'alb.exists': 'error',
      'alb.listener': 'error',
      'alb.target-group': 'error',
      'alb.sg': 'error',
      'alb.sg-chain': 'error',
      'asg.target-group': 'error',
      'asg.healthy': 'error',
    },
  },
];
