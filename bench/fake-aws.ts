/**
 * A fake AWS account for the benchmarks: every AWS SDK v3 client's `send` is replaced (through
 * aws-sdk-client-mock, on the Smithy `Client` every SDK client extends, so a client a new lab
 * brings is caught too) and each command is answered from an inventory, the way the real API
 * would have returned that inventory's data. Every call is recorded with its region, input, the
 * source whose collector sent it and when it started and ended.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { type Inventory, type SourceKey, type SourceTypes, tryRead } from '../checks/inventory.js';

/** The source key of the collector running now (set by the instrumented collection). */
export const currentSource = new AsyncLocalStorage<string>();

export interface RecordedCall {
  /** `EC2`, `IAM`, `S3Control`... (the client's class name without `Client`). */
  service: string;
  /** `DescribeVpcs` (the command's class name without `Command`). */
  command: string;
  region: string;
  input: Record<string, unknown>;
  source: string | undefined;
  startMs: number;
  endMs: number;
}

export interface FakeAws {
  calls: RecordedCall[];
  /** `Service:Command` names the fake had no answer for (a new collector needs an entry in ANSWERS). */
  unanswered: Set<string>;
  restore(): void;
}

type Answer = (inv: Inventory, input: any, region: string) => unknown;

/** An error shaped like the SDK's for an AWS error code (collectors read `name`). */
function awsError(code: string, message = code): Error {
  const err = new Error(message);
  err.name = code;
  Object.assign(err, { Code: code, $fault: 'client', $metadata: { httpStatusCode: 404 } });
  return err;
}

/** What a call to `region` sees: another region the inventory holds (a lab's regional sources) answers from its own data. */
export function inventoryIn(inventory: Inventory, region: string): Inventory {
  const other = region === inventory.region ? undefined : inventory.regions?.[region];
  return other ? { ...inventory, region, sources: other.sources } : inventory;
}

function data<K extends SourceKey>(inv: Inventory, key: K): SourceTypes[K] {
  const value = tryRead(inv, key);
  if (value === undefined) throw awsError('BenchNoData', `the scenario has no data for ${key}`);
  return value;
}

/** One entry of a per-resource source (an absent entry means the scenario never expected that call). */
function entry<K extends SourceKey>(inv: Inventory, key: K, id: string): unknown {
  const map = data(inv, key) as Record<string, unknown>;
  if (!Object.hasOwn(map, id)) throw awsError('BenchNoData', `the scenario has no ${key} entry for ${id}`);
  return map[id];
}

/** Per-resource "not configured" is stored as null; the API answers it with a 404 error. */
function orError<T>(value: T | null, code: string): T {
  if (value === null) throw awsError(code);
  return value;
}

/** IAM returns policy documents URL-encoded. */
function iamDocument(doc: unknown): string {
  return encodeURIComponent(typeof doc === 'string' ? doc : JSON.stringify(doc));
}

/**
 * The inverse of each collector: `Service:Command` → the output that collector turns into the
 * inventory's data. A single page each (no NextToken/Marker), so page counts never blur the figures.
 */
export const ANSWERS: Record<string, Answer> = {
  'STS:GetCallerIdentity': (inv) => data(inv, 'sts.callerIdentity'),

  'EC2:DescribeVpcs': (inv) => ({ Vpcs: data(inv, 'ec2.vpcs') }),
  'EC2:DescribeVpcAttribute': (inv, input: { VpcId: string; Attribute: string }) => {
    const attrs = data(inv, 'ec2.vpcDnsAttributes')[input.VpcId] ?? {};
    return input.Attribute === 'enableDnsSupport'
      ? { VpcId: input.VpcId, EnableDnsSupport: { Value: attrs.enableDnsSupport ?? false } }
      : { VpcId: input.VpcId, EnableDnsHostnames: { Value: attrs.enableDnsHostnames ?? false } };
  },
  'EC2:DescribeSubnets': (inv) => ({ Subnets: data(inv, 'ec2.subnets') }),
  'EC2:DescribeRouteTables': (inv) => ({ RouteTables: data(inv, 'ec2.routeTables') }),
  'EC2:DescribeInternetGateways': (inv) => ({ InternetGateways: data(inv, 'ec2.internetGateways') }),
  'EC2:DescribeNatGateways': (inv) => ({ NatGateways: data(inv, 'ec2.natGateways') }),
  'EC2:DescribeAddresses': (inv) => ({ Addresses: data(inv, 'ec2.addresses') }),
  'EC2:DescribeSecurityGroups': (inv) => ({ SecurityGroups: data(inv, 'ec2.securityGroups') }),
  'EC2:DescribeNetworkAcls': (inv) => ({ NetworkAcls: data(inv, 'ec2.networkAcls') }),
  'EC2:DescribeInstances': (inv) => ({
    Reservations: data(inv, 'ec2.instances').map((i, n) => ({
      ReservationId: `r-${n.toString(16).padStart(17, '0')}`,
      Instances: [i],
    })),
  }),
  'EC2:DescribeLaunchTemplates': (inv) => ({ LaunchTemplates: data(inv, 'ec2.launchTemplates') }),
  'EC2:DescribeLaunchTemplateVersions': (inv, input: { LaunchTemplateId: string; Versions?: string[] }) => {
    const versions = entry(inv, 'ec2.launchTemplateVersions', input.LaunchTemplateId) as { VersionNumber: number }[];
    const wanted = input.Versions ? new Set(input.Versions) : undefined;
    return { LaunchTemplateVersions: versions.filter((v) => !wanted || wanted.has(String(v.VersionNumber))) };
  },
  'EC2:DescribeVolumes': (inv) => ({ Volumes: data(inv, 'ec2.volumes') }),
  'EC2:DescribeInstanceTypes': (inv, input: { InstanceTypes?: string[] }) => {
    const wanted = new Set(input.InstanceTypes ?? []);
    return { InstanceTypes: data(inv, 'ec2.instanceTypes').filter((t) => wanted.has(t.InstanceType ?? '')) };
  },
  'EC2:DescribeImages': (inv) => ({ Images: data(inv, 'ec2.images') }),

  // Another region the inventory holds answers from its own data (inventoryIn); one it does not hold has none.
  'RDS:DescribeDBInstances': (inv, _input, region) => ({
    DBInstances: region === inv.region ? data(inv, 'rds.dbInstances') : [],
  }),
  'RDS:DescribeDBClusters': (inv) => ({ DBClusters: data(inv, 'rds.dbClusters') }),
  'RDS:DescribeDBSubnetGroups': (inv) => ({ DBSubnetGroups: data(inv, 'rds.dbSubnetGroups') }),

  'ElasticLoadBalancingV2:DescribeLoadBalancers': (inv) => ({ LoadBalancers: data(inv, 'elbv2.loadBalancers') }),
  'ElasticLoadBalancing:DescribeLoadBalancers': (inv) => ({
    LoadBalancerDescriptions: data(inv, 'elb.loadBalancers'),
  }),
  'ElasticLoadBalancingV2:DescribeListeners': (inv, input: { LoadBalancerArn: string }) => ({
    Listeners: entry(inv, 'elbv2.listeners', input.LoadBalancerArn),
  }),
  'ElasticLoadBalancingV2:DescribeTargetGroups': (inv) => ({ TargetGroups: data(inv, 'elbv2.targetGroups') }),
  'ElasticLoadBalancingV2:DescribeTargetHealth': (inv, input: { TargetGroupArn: string }) => ({
    TargetHealthDescriptions: entry(inv, 'elbv2.targetHealth', input.TargetGroupArn),
  }),

  'AutoScaling:DescribeAutoScalingGroups': (inv) => ({ AutoScalingGroups: data(inv, 'autoscaling.groups') }),
  'AutoScaling:DescribePolicies': (inv) => ({ ScalingPolicies: data(inv, 'autoscaling.policies') }),
  'AutoScaling:DescribeLaunchConfigurations': (inv) => ({
    LaunchConfigurations: data(inv, 'autoscaling.launchConfigurations'),
  }),
  'CloudWatch:DescribeAlarms': (inv) => ({ MetricAlarms: data(inv, 'cloudwatch.alarms') }),

  'SNS:ListTopics': (inv) => ({ Topics: data(inv, 'sns.topics') }),
  'SNS:ListSubscriptions': (inv) => ({ Subscriptions: data(inv, 'sns.subscriptions') }),
  'EC2:DescribeFlowLogs': (inv) => ({ FlowLogs: data(inv, 'ec2.flowLogs') }),
  'CloudWatchLogs:DescribeLogGroups': (inv, input: { logGroupIdentifiers?: string[] }) => {
    const wanted = input.logGroupIdentifiers ? new Set(input.logGroupIdentifiers) : undefined;
    return {
      logGroups: Object.entries(data(inv, 'logs.flowLogGroups'))
        .filter(([name, group]) => group !== null && (!wanted || wanted.has(name)))
        .map(([, group]) => group),
    };
  },
  'CloudTrail:DescribeTrails': (inv) => ({ trailList: data(inv, 'cloudtrail.trails') }),
  'CloudTrail:GetTrailStatus': (inv, input: { Name: string }) => ({
    ...orError(entry(inv, 'cloudtrail.trailStatus', input.Name) as object | null, 'TrailNotFoundException'),
  }),
  'EventBridge:ListRules': (inv) => ({ Rules: data(inv, 'events.rules') }),
  'EventBridge:ListTargetsByRule': (inv, input: { Rule: string }) => ({
    Targets: entry(inv, 'events.targets', input.Rule),
  }),

  'IAM:GetAccountSummary': (inv) => ({ SummaryMap: data(inv, 'iam.accountSummary') }),
  'IAM:ListUsers': (inv) => ({ Users: data(inv, 'iam.users'), IsTruncated: false }),
  'IAM:ListGroups': (inv) => ({ Groups: data(inv, 'iam.groups'), IsTruncated: false }),
  'IAM:ListGroupsForUser': (inv, input: { UserName: string }) => ({
    Groups: entry(inv, 'iam.groupsForUser', input.UserName),
    IsTruncated: false,
  }),
  'IAM:ListAttachedUserPolicies': (inv, input: { UserName: string }) => ({
    AttachedPolicies: (entry(inv, 'iam.userPolicies', input.UserName) as { attached: unknown[] }).attached,
    IsTruncated: false,
  }),
  'IAM:ListUserPolicies': (inv, input: { UserName: string }) => ({
    PolicyNames: (entry(inv, 'iam.userPolicies', input.UserName) as { inline: { PolicyName: string }[] }).inline.map(
      (p) => p.PolicyName,
    ),
    IsTruncated: false,
  }),
  'IAM:GetUserPolicy': (inv, input: { UserName: string; PolicyName: string }) => {
    const { inline } = entry(inv, 'iam.userPolicies', input.UserName) as {
      inline: { PolicyName: string; PolicyDocument: unknown }[];
    };
    const policy = inline.find((p) => p.PolicyName === input.PolicyName);
    if (!policy) throw awsError('NoSuchEntity');
    return { ...input, PolicyDocument: iamDocument(policy.PolicyDocument) };
  },
  'IAM:ListAttachedGroupPolicies': (inv, input: { GroupName: string }) => ({
    AttachedPolicies: (entry(inv, 'iam.groupPolicies', input.GroupName) as { attached: unknown[] }).attached,
    IsTruncated: false,
  }),
  'IAM:ListGroupPolicies': (inv, input: { GroupName: string }) => ({
    PolicyNames: (entry(inv, 'iam.groupPolicies', input.GroupName) as { inline: { PolicyName: string }[] }).inline.map(
      (p) => p.PolicyName,
    ),
    IsTruncated: false,
  }),
  'IAM:GetGroupPolicy': (inv, input: { GroupName: string; PolicyName: string }) => {
    const { inline } = entry(inv, 'iam.groupPolicies', input.GroupName) as {
      inline: { PolicyName: string; PolicyDocument: unknown }[];
    };
    const policy = inline.find((p) => p.PolicyName === input.PolicyName);
    if (!policy) throw awsError('NoSuchEntity');
    return { ...input, PolicyDocument: iamDocument(policy.PolicyDocument) };
  },
  'IAM:GetAccountPasswordPolicy': (inv) => ({
    PasswordPolicy: orError(data(inv, 'iam.passwordPolicy'), 'NoSuchEntityException'),
  }),
  'IAM:ListInstanceProfiles': (inv) => ({
    InstanceProfiles: data(inv, 'iam.instanceProfiles').map((p) => ({
      ...p,
      Roles: (p.Roles ?? []).map((r) =>
        r.AssumeRolePolicyDocument ? { ...r, AssumeRolePolicyDocument: iamDocument(r.AssumeRolePolicyDocument) } : r,
      ),
    })),
    IsTruncated: false,
  }),
  'IAM:ListAttachedRolePolicies': (inv, input: { RoleName: string }) => ({
    AttachedPolicies: orError(
      entry(inv, 'iam.roleAttachedPolicies', input.RoleName) as unknown[] | null,
      'NoSuchEntityException',
    ),
    IsTruncated: false,
  }),
  'IAM:ListAccessKeys': (inv, input: { UserName: string }) => ({
    AccessKeyMetadata: entry(inv, 'iam.accessKeys', input.UserName),
    IsTruncated: false,
  }),

  'CloudFormation:DescribeStacks': (inv) => ({ Stacks: data(inv, 'cloudformation.stacks') }),
  'CloudFormation:ListStackResources': (inv, input: { StackName: string }) => {
    const resources = entry(inv, 'cloudformation.stackResources', input.StackName) as unknown[] | null;
    if (resources === null) throw awsError('ValidationError', `Stack with id ${input.StackName} does not exist`);
    return { StackResourceSummaries: resources };
  },
  'CloudFormation:ListExports': (inv) => ({ Exports: data(inv, 'cloudformation.exports') }),
  'CloudFormation:ListImports': (inv, input: { ExportName: string }) => {
    const imports = entry(inv, 'cloudformation.imports', input.ExportName) as string[];
    // CloudFormation answers an export nothing imports with an error, not an empty list.
    if (imports.length === 0)
      throw awsError('ValidationError', `Export '${input.ExportName}' is not imported by any stack.`);
    return { Imports: imports };
  },

  'S3:ListBuckets': (inv) => ({ Buckets: data(inv, 's3.buckets') }),
  'S3:GetBucketLocation': (inv, input: { Bucket: string }) => {
    const known = data(inv, 's3.bucketRegions')[input.Bucket];
    const region =
      known ?? orError(entry(inv, 's3.replicationDestinationRegions', input.Bucket) as string | null, 'NoSuchBucket');
    // us-east-1 answers no LocationConstraint.
    return region === 'us-east-1' ? {} : { LocationConstraint: region };
  },
  'S3:GetPublicAccessBlock': (inv, input: { Bucket: string }) => ({
    PublicAccessBlockConfiguration: orError(
      entry(inv, 's3.publicAccessBlock', input.Bucket),
      'NoSuchPublicAccessBlockConfiguration',
    ),
  }),
  'S3Control:GetPublicAccessBlock': (inv) => ({
    PublicAccessBlockConfiguration: orError(
      data(inv, 's3.accountPublicAccessBlock'),
      'NoSuchPublicAccessBlockConfiguration',
    ),
  }),
  'S3:GetBucketEncryption': (inv, input: { Bucket: string }) => ({
    ServerSideEncryptionConfiguration: orError(
      entry(inv, 's3.encryption', input.Bucket),
      'ServerSideEncryptionConfigurationNotFoundError',
    ),
  }),
  'S3:GetBucketVersioning': (inv, input: { Bucket: string }) => ({
    ...(entry(inv, 's3.versioning', input.Bucket) as object),
  }),
  'S3:GetBucketLifecycleConfiguration': (inv, input: { Bucket: string }) => ({
    Rules: orError(entry(inv, 's3.lifecycle', input.Bucket), 'NoSuchLifecycleConfiguration'),
  }),
  'S3:GetBucketPolicy': (inv, input: { Bucket: string }) => ({
    Policy: JSON.stringify(orError(entry(inv, 's3.policy', input.Bucket), 'NoSuchBucketPolicy')),
  }),
  'S3:GetBucketReplication': (inv, input: { Bucket: string }) => ({
    ReplicationConfiguration: orError(
      entry(inv, 's3.replication', input.Bucket),
      'ReplicationConfigurationNotFoundError',
    ),
  }),
};

interface SdkClient {
  constructor: { name: string };
  config: { region: () => Promise<string> };
}

interface SdkCommand {
  constructor: { name: string };
  input: Record<string, unknown>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Replaces every SDK client's `send` with answers from `inventory`, each after `latencyMs`.
 * Answers are deep copies, so a collector that edits what it got never touches the scenario.
 */
export function fakeAws(inventory: Inventory, options: { latencyMs?: number } = {}): FakeAws {
  const latency = options.latencyMs ?? 0;
  const calls: RecordedCall[] = [];
  const unanswered = new Set<string>();
  // Every SDK v3 client class extends the same Smithy Client, whose prototype holds `send`.
  const SmithyClient = Object.getPrototypeOf(STSClient) as typeof STSClient;
  const stub = mockClient(SmithyClient);
  async function send(this: SdkClient, command: SdkCommand): Promise<unknown> {
    const service = this.constructor.name.replace(/Client$/, '');
    const name = command.constructor.name.replace(/Command$/, '');
    const region = await this.config.region();
    const call: RecordedCall = {
      service,
      command: name,
      region,
      input: structuredClone(command.input),
      source: currentSource.getStore(),
      startMs: performance.now(),
      endMs: 0,
    };
    calls.push(call);
    try {
      if (latency > 0) await sleep(latency);
      const answer = ANSWERS[`${service}:${name}`];
      if (!answer) {
        unanswered.add(`${service}:${name}`);
        throw awsError('BenchNoAnswer', `the benchmark's fake AWS has no answer for ${service}:${name}`);
      }
      return structuredClone({
        ...(answer(inventoryIn(inventory, region), command.input, region) as object),
        $metadata: {},
      });
    } finally {
      call.endMs = performance.now();
    }
  }
  // Sinon calls the fake with the client as `this`: the service and region come from it.
  stub.send.callsFake(send as never);
  return { calls, unanswered, restore: () => stub.restore() };
}
