/**
 * AWS for collector tests: the recorded reference account (test/fixtures/recorded) served through
 * `aws-sdk-client-mock`, errors shaped like the ones the SDK throws, and call counting.
 *
 * `mockClient(EC2Client)` replaces `send` on every EC2Client, so the SDK's middleware (signing,
 * retries) does not run; see aws-http-stub.ts for tests that need the real client stack.
 */
import { readFileSync } from 'node:fs';
import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  type DescribeVpcAttributeCommandInput,
  DescribeVpcsCommand,
  EC2ServiceException,
  type Vpc,
} from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSServiceException } from '@aws-sdk/client-sts';
import type { AwsStub } from 'aws-sdk-client-mock';

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
