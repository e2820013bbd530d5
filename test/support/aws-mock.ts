/**
 * AWS for collector tests: the recorded reference account (test/fixtures/recorded) served through
 * `aws-sdk-client-mock`, errors shaped like the ones the SDK throws, and call counting.
 *
 * `mockClient(EC2Client)` replaces `send` on every EC2Client, so the SDK's middleware (signing,
 * retries) does not run; see aws-http-stub.ts for tests that need the real client stack.
 */
import { readFileSync } from 'node:fs';
import {
  DescribeAutoScalingGroupsCommand,
  DescribeLaunchConfigurationsCommand,
  DescribePoliciesCommand,
} from '@aws-sdk/client-auto-scaling';
import { DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeAddressesCommand,
  DescribeFlowLogsCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypesCommand,
  type DescribeInstanceTypesCommandInput,
  DescribeInternetGatewaysCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  type DescribeLaunchTemplateVersionsCommandInput,
  DescribeNatGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcAttributeCommand,
  type DescribeVpcAttributeCommandInput,
  DescribeVpcsCommand,
  EC2ServiceException,
  type LaunchTemplateVersion,
  type Vpc,
} from '@aws-sdk/client-ec2';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ListRulesCommand } from '@aws-sdk/client-eventbridge';
import {
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  type ListAttachedRolePoliciesCommandInput,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListInstanceProfilesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import {
  GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand,
  NoSuchPublicAccessBlockConfiguration,
} from '@aws-sdk/client-s3-control';
import { ListSubscriptionsCommand, ListTopicsCommand } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSServiceException } from '@aws-sdk/client-sts';
import type { AwsStub } from 'aws-sdk-client-mock';
import type { Inventory, SourceKey } from '../../checks/inventory.js';
import { ClientFactory } from '../../functions/inventory/clients.js';
import { collectInventory } from '../../functions/inventory/collect.js';
import { COLLECTORS } from '../../functions/inventory/index.js';
import { instanceTypeInfo } from '../scenarios/compute-builders.js';

const RECORDED = new URL('../fixtures/recorded/reference-3az/', import.meta.url);

/** The region of the recorded reference account. */
export const RECORDED_REGION = 'us-east-1';
export const RECORDED_ACCOUNT = '123456789012';

/** One recorded SDK output, e.g. `recorded('ec2/DescribeVpcs')` (a fresh copy on each call). */
export function recorded<T = Record<string, unknown>>(file: string, region = RECORDED_REGION): T {
  return JSON.parse(readFileSync(new URL(`${region}/${file}.json`, RECORDED), 'utf8')) as T;
}

/** The VPCs of the recorded account, and which of them are candidates (non-default). */
export function recordedVpcs(): { all: Vpc[]; nonDefault: string[]; default: string[] } {
  const all = recorded<{ Vpcs: Vpc[] }>('ec2/DescribeVpcs').Vpcs;
  return {
    all,
    nonDefault: all.filter((v) => !v.IsDefault).map((v) => v.VpcId as string),
    default: all.filter((v) => v.IsDefault).map((v) => v.VpcId as string),
  };
}

type AnyStub = AwsStub<any, any, any>;

/** The command each EC2 source sends (its IAM action is `ec2:` + the command's name). */
export const EC2_SOURCE_COMMANDS = {
  'ec2.vpcs': DescribeVpcsCommand,
  'ec2.vpcDnsAttributes': DescribeVpcAttributeCommand,
  'ec2.subnets': DescribeSubnetsCommand,
  'ec2.routeTables': DescribeRouteTablesCommand,
  'ec2.internetGateways': DescribeInternetGatewaysCommand,
  'ec2.natGateways': DescribeNatGatewaysCommand,
  'ec2.addresses': DescribeAddressesCommand,
  'ec2.securityGroups': DescribeSecurityGroupsCommand,
  'ec2.networkAcls': DescribeNetworkAclsCommand,
  'ec2.instances': DescribeInstancesCommand,
} as const;

/** Every EC2 command the EC2 collectors send, answered from the recorded account (first page, no NextToken). */
export function serveRecordedEc2(ec2: AnyStub): void {
  for (const command of Object.values(EC2_SOURCE_COMMANDS)) {
    if (command === DescribeVpcAttributeCommand) continue;
    ec2.on(command as any).callsFake(() => recorded(`ec2/${command.name.replace(/Command$/, '')}`));
  }
  ec2.on(DescribeVpcAttributeCommand).callsFake((input: DescribeVpcAttributeCommandInput) => {
    // Only the non-default VPCs were recorded: asking for another one is a test failure, loudly.
    return recorded(`ec2/DescribeVpcAttribute.${input.VpcId}.${input.Attribute}`);
  });
}

/** GetCallerIdentity answered as the recorded grader role. */
export function serveRecordedSts(sts: AnyStub): void {
  sts.on(GetCallerIdentityCommand).callsFake(() => recorded('sts/GetCallerIdentity'));
}

/** An EC2 error as the SDK throws it (EC2 says `UnauthorizedOperation` where others say AccessDenied). */
export function ec2Error(code: string, message: string, httpStatusCode = 400): EC2ServiceException {
  const fault = httpStatusCode >= 500 ? 'server' : 'client';
  const err = new EC2ServiceException({ name: code, $fault: fault, message, $metadata: { httpStatusCode } });
  return Object.assign(err, { Code: code });
}

/** An AccessDenied error as a service's SDK throws it when the role lacks `action`. */
export function accessDenied<E extends Error>(
  Exception: new (o: { name: string; $fault: 'client'; message: string; $metadata: object }) => E,
  action: string,
): E {
  const err = new Exception({
    name: 'AccessDenied',
    $fault: 'client',
    message: `User: arn:aws:sts::${RECORDED_ACCOUNT}:assumed-role/LabGraderReadOnly/labgrader is not authorized to perform: ${action}`,
    $metadata: { httpStatusCode: 403 },
  });
  return Object.assign(err, { Code: 'AccessDenied' });
}

/** EC2's answer when the role lacks the IAM action. */
export function unauthorized(action: string): EC2ServiceException {
  return ec2Error(
    'UnauthorizedOperation',
    `You are not authorized to perform this operation. User: arn:aws:sts::${RECORDED_ACCOUNT}:assumed-role/LabGraderReadOnly/labgrader is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
    403,
  );
}

/** An STS error as the SDK throws it for an unmodelled code (ExpiredToken, InvalidClientTokenId...). */
export function stsError(code: string, message: string, httpStatusCode = 403): STSServiceException {
  const err = new STSServiceException({ name: code, $fault: 'client', message, $metadata: { httpStatusCode } });
  return Object.assign(err, { Code: code });
}

/** `items` cut into `count` contiguous pages (trailing pages may be empty, as EC2's can be). */
export function pagesOf<T>(items: readonly T[], count: number): T[][] {
  const size = Math.max(1, Math.ceil(items.length / count));
  return Array.from({ length: count }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/**
 * Serves `pages` of one command, following the `token` (`page-2`, `page-3`...); returns the input
 * of every request as sent (a paginator reuses one input object, so each is cloned on arrival).
 */
export function servePages(
  stub: AnyStub,
  command: unknown,
  member: string,
  pages: unknown[][],
  token: { input: string; output: string },
): Record<string, unknown>[] {
  const inputs: Record<string, unknown>[] = [];
  stub.on(command as never).callsFake((input: Record<string, unknown>) => {
    inputs.push(structuredClone(input));
    const at = input[token.input];
    const index = at === undefined ? 0 : Number(String(at).replace('page-', '')) - 1;
    const page: Record<string, unknown> = { [member]: pages[index] };
    if (index < pages.length - 1) page[token.output] = `page-${index + 2}`;
    return page;
  });
  return inputs;
}

/**
 * Answers `command` with `answer(region)`, the region of the client that sent it (a lab's
 * regional sources are read with one client per region); pushes `Name region` to `calls`.
 */
export function serveByRegion(
  calls: string[],
  stub: AnyStub,
  command: { name: string },
  answer: (region: string) => unknown,
): void {
  stub
    .on(command as never)
    .callsFake(async (_input: unknown, getClient: () => { config: { region: () => Promise<string> } }) => {
      const region = await getClient().config.region();
      calls.push(`${command.name.replace(/Command$/, '')} ${region}`);
      return answer(region);
    });
}

/** {@link servePages} for the APIs that page with `NextToken` both ways. */
export function serveNextTokenPages(stub: AnyStub, command: object, member: string, pages: unknown[][]) {
  return servePages(stub, command, member, pages, { input: 'NextToken', output: 'NextToken' });
}

/** Collects `sources` in the recorded region through the registered collectors (mocked clients). */
export async function collectSources(sources: SourceKey[], params: Record<string, unknown> = {}): Promise<Inventory> {
  const clients = new ClientFactory();
  try {
    return await collectInventory({ region: RECORDED_REGION, clients, sources, collectors: COLLECTORS, params });
  } finally {
    clients.destroy();
  }
}

/** How many times each command was sent, by command name (`DescribeVpcsCommand` → `DescribeVpcs`). */
export function callCounts(...stubs: AnyStub[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const stub of stubs) {
    for (const call of stub.calls()) {
      const name = (call.args[0] as object).constructor.name.replace(/Command$/, '');
      counts[name] = (counts[name] ?? 0) + 1;
    }
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// The other services of the recorded account, shared by the collector tests and the end-to-end
// test of every lab (test/labs/recorded-account.test.ts).

/** The recorded load balancer and target group: the only ones per-resource calls may name. */
export const RECORDED_LB_ARN =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/course-alb/5da83f2e6a75727a';
export const RECORDED_TG_ARN =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/course-tg/b7eeb6053a11ff89';
export const RECORDED_BUCKET = 'course-assets-123456789012-us-east-1';

/**
 * Launch templates and their versions, versions filtered by `Versions` as AWS filters them.
 * Returns the (cloned) inputs of DescribeLaunchTemplateVersions, for assertions.
 */
export function serveRecordedLaunchTemplates(ec2: AnyStub): DescribeLaunchTemplateVersionsCommandInput[] {
  const inputs: DescribeLaunchTemplateVersionsCommandInput[] = [];
  ec2.on(DescribeLaunchTemplatesCommand).callsFake(() => recorded('ec2/DescribeLaunchTemplates'));
  ec2.on(DescribeLaunchTemplateVersionsCommand).callsFake((input: DescribeLaunchTemplateVersionsCommandInput) => {
    inputs.push(structuredClone(input));
    const all = recorded<{ LaunchTemplateVersions: LaunchTemplateVersion[] }>(
      `ec2/DescribeLaunchTemplateVersions.${input.LaunchTemplateId}`,
    ).LaunchTemplateVersions;
    const wanted = input.Versions ?? [];
    return {
      LaunchTemplateVersions: wanted.length ? all.filter((v) => wanted.includes(String(v.VersionNumber))) : all,
    };
  });
  return inputs;
}

/** Load balancing, Auto Scaling and CloudWatch; per-resource calls for anything else are refused. */
export function serveRecordedAlb(stubs: { elbv2: AnyStub; autoscaling: AnyStub; cloudwatch: AnyStub }): void {
  const { elbv2, autoscaling, cloudwatch } = stubs;
  elbv2.on(DescribeLoadBalancersCommand).callsFake(() => recorded('elbv2/DescribeLoadBalancers'));
  elbv2.on(DescribeTargetGroupsCommand).callsFake(() => recorded('elbv2/DescribeTargetGroups'));
  elbv2.on(DescribeListenersCommand).callsFake((input: { LoadBalancerArn?: string }) => {
    if (input.LoadBalancerArn !== RECORDED_LB_ARN)
      throw new Error(`listeners of ${input.LoadBalancerArn} were not recorded`);
    return recorded('elbv2/DescribeListeners.course-alb');
  });
  elbv2.on(DescribeTargetHealthCommand).callsFake((input: { TargetGroupArn?: string }) => {
    if (input.TargetGroupArn !== RECORDED_TG_ARN) throw new Error(`health of ${input.TargetGroupArn} was not recorded`);
    return recorded('elbv2/DescribeTargetHealth.course-tg');
  });
  autoscaling.on(DescribeAutoScalingGroupsCommand).callsFake(() => recorded('autoscaling/DescribeAutoScalingGroups'));
  autoscaling.on(DescribePoliciesCommand).callsFake(() => recorded('autoscaling/DescribePolicies'));
  autoscaling
    .on(DescribeLaunchConfigurationsCommand)
    .callsFake(() => recorded('autoscaling/DescribeLaunchConfigurations'));
  cloudwatch.on(DescribeAlarmsCommand).callsFake(() => recorded('cloudwatch/DescribeAlarms'));
}

/** IAM as IAM answers it: one page each, policy documents URL-encoded, no password policy (404). */
export function serveRecordedIam(iam: AnyStub): void {
  iam.on(GetAccountSummaryCommand).callsFake(() => recorded('iam/GetAccountSummary'));
  iam.on(ListUsersCommand).callsFake(() => recorded('iam/ListUsers'));
  iam.on(ListGroupsCommand).callsFake(() => ({ ...recorded('iam/ListGroups'), IsTruncated: false }));
  iam.on(ListGroupsForUserCommand).callsFake((i) => recorded(`iam/ListGroupsForUser.${i.UserName}`));
  iam.on(ListAttachedUserPoliciesCommand).callsFake((i) => recorded(`iam/ListAttachedUserPolicies.${i.UserName}`));
  iam.on(ListUserPoliciesCommand).callsFake((i) => recorded(`iam/ListUserPolicies.${i.UserName}`));
  iam.on(ListAttachedGroupPoliciesCommand).callsFake((i) => recorded(`iam/ListAttachedGroupPolicies.${i.GroupName}`));
  // Not recorded: the reference group has only an attached policy, the user no access keys.
  iam.on(ListGroupPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
  iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [], IsTruncated: false });
  iam.on(ListInstanceProfilesCommand).callsFake(() => {
    // The recorder stored the trust policy as plain JSON; IAM sends it URL-encoded.
    const out = recorded<{ InstanceProfiles: { Roles: { AssumeRolePolicyDocument: string }[] }[] }>(
      'iam/ListInstanceProfiles',
    );
    for (const p of out.InstanceProfiles) {
      for (const r of p.Roles) r.AssumeRolePolicyDocument = encodeURIComponent(r.AssumeRolePolicyDocument);
    }
    return out;
  });
  const noPolicy = recorded<{ message: string }>('iam/GetAccountPasswordPolicy.error');
  iam
    .on(GetAccountPasswordPolicyCommand)
    .rejects(new NoSuchEntityException({ message: noPolicy.message, $metadata: { httpStatusCode: 404 } }));
}

/** An S3 error as the SDK throws it. */
export function s3Error(code: string, message: string, httpStatusCode: number): S3ServiceException {
  const err = new S3ServiceException({
    name: code,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    message,
    $metadata: { httpStatusCode },
  });
  return Object.assign(err, { Code: code });
}

/** A recorded `s3/<file>.error.json`, thrown as the SDK would throw it. */
export function recordedS3Error(file: string): S3ServiceException {
  const shape = recorded<{ name: string; message: string; httpStatusCode: number }>(`s3/${file}.error`);
  return s3Error(shape.name, shape.message, shape.httpStatusCode);
}

/** The recorded bucket (no bucket policy, no replication) and no account-level Block Public Access. */
export function serveRecordedS3(s3: AnyStub, s3control: AnyStub): void {
  const at = (command: string) => (i: { Bucket: string }) => recorded(`s3/${command}.${i.Bucket}`);
  s3.on(ListBucketsCommand).callsFake(() => recorded('s3/ListBuckets'));
  s3.on(GetBucketLocationCommand).callsFake(at('GetBucketLocation'));
  s3.on(GetPublicAccessBlockCommand).callsFake(at('GetPublicAccessBlock'));
  s3.on(GetBucketEncryptionCommand).callsFake(at('GetBucketEncryption'));
  s3.on(GetBucketVersioningCommand).callsFake(at('GetBucketVersioning'));
  s3.on(GetBucketLifecycleConfigurationCommand).callsFake(at('GetBucketLifecycleConfiguration'));
  s3.on(GetBucketPolicyCommand).rejects(recordedS3Error(`GetBucketPolicy.${RECORDED_BUCKET}`));
  s3.on(GetBucketReplicationCommand).rejects(recordedS3Error(`GetBucketReplication.${RECORDED_BUCKET}`));
  // Not recorded: the reference account has no account-level Block Public Access.
  s3control.on(GetAccountPublicAccessBlockCommand).rejects(
    new NoSuchPublicAccessBlockConfiguration({
      message: 'The public access block configuration was not found',
      $metadata: { httpStatusCode: 404 },
    }),
  );
}

/**
 * The compute sources: the recorded volumes and roles' attached policies. Not recorded, answered
 * as AWS would for this account: DescribeInstanceTypes with the named types (built like the real
 * entries; `perPage` cuts them into NextToken pages), and no owned AMI (DescribeImages Owners=self).
 * Returns the inputs of DescribeInstanceTypes, for assertions.
 */
export function serveRecordedCompute(ec2: AnyStub, iam: AnyStub, perPage = 100): DescribeInstanceTypesCommandInput[] {
  const inputs: DescribeInstanceTypesCommandInput[] = [];
  ec2.on(DescribeVolumesCommand).callsFake(() => recorded('ec2/DescribeVolumes'));
  ec2.on(DescribeImagesCommand).resolves({ Images: [] });
  ec2.on(DescribeInstanceTypesCommand).callsFake((input: DescribeInstanceTypesCommandInput) => {
    inputs.push(structuredClone(input));
    const all = (input.InstanceTypes ?? []).map((t) => instanceTypeInfo(t as 't3.micro'));
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const page: Record<string, unknown> = { InstanceTypes: all.slice(start, start + perPage) };
    if (start + perPage < all.length) page.NextToken = String(start + perPage);
    return page;
  });
  iam
    .on(ListAttachedRolePoliciesCommand)
    .callsFake((input: ListAttachedRolePoliciesCommandInput) =>
      recorded(`iam/ListAttachedRolePolicies.${input.RoleName}`),
    );
  return inputs;
}

/**
 * The monitoring sources: the recorded flow logs (none), and empty answers from the services the
 * recording did not read (no SNS topic, no CloudTrail trail, no EventBridge rule), each shaped as
 * that API answers an account that has none.
 */
export function serveRecordedMon(stubs: { ec2: AnyStub; sns: AnyStub; cloudtrail: AnyStub; events: AnyStub }): void {
  stubs.ec2.on(DescribeFlowLogsCommand).callsFake(() => recorded('ec2/DescribeFlowLogs'));
  stubs.sns.on(ListTopicsCommand).resolves({ Topics: [] });
  stubs.sns.on(ListSubscriptionsCommand).resolves({ Subscriptions: [] });
  stubs.cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [] });
  stubs.events.on(ListRulesCommand).resolves({ Rules: [] });
}
