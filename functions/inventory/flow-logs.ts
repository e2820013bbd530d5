/**
 * VPC flow logs (one paginated DescribeFlowLogs per region) and the CloudWatch Logs groups that
 * flow logs of VPCs write to: one DescribeLogGroups naming exactly those groups, and none at all
 * when no VPC flow log delivers to CloudWatch Logs.
 */
import { CloudWatchLogsClient, type LogGroup, paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client, paginateDescribeFlowLogs } from '@aws-sdk/client-ec2';
import { flowLogGroupName, isVpcFlowLog } from '../../checks/facts/flow-logs.js';
import { allPages, type CollectorContext, defineReaders } from './collect.js';
import type { flowLogSources } from './sources/flow-logs.js';

/** DescribeLogGroups takes at most 50 `logGroupIdentifiers`. */
const IDENTIFIERS_PER_CALL = 50;

/** The errors of a service that does not know `logGroupIdentifiers` (older emulators). */
const UNSUPPORTED_FILTER = ['InvalidParameterException', 'ValidationException'];

async function describeLogGroups(ctx: CollectorContext, names: string[]): Promise<LogGroup[]> {
  const client = ctx.clients.get(CloudWatchLogsClient, ctx.region);
  const chunks: string[][] = [];
  for (let i = 0; i < names.length; i += IDENTIFIERS_PER_CALL) chunks.push(names.slice(i, i + IDENTIFIERS_PER_CALL));
  try {
    const pages = await Promise.all(
      chunks.map((logGroupIdentifiers) =>
        allPages(paginateDescribeLogGroups({ client }, { logGroupIdentifiers }), (p) => p.logGroups),
      ),
    );
    return pages.flat();
  } catch (err) {
    if (!UNSUPPORTED_FILTER.includes((err as { name?: string }).name ?? '')) throw err;
    // Every group of the region, filtered below.
    return allPages(paginateDescribeLogGroups({ client }, {}), (p) => p.logGroups);
  }
}

export const flowLogReaders = defineReaders<typeof flowLogSources>({
  'ec2.flowLogs': (ctx) =>
    allPages(paginateDescribeFlowLogs({ client: ctx.clients.get(EC2Client, ctx.region) }, {}), (p) => p.FlowLogs),
  'logs.flowLogGroups': async (ctx) => {
    const flowLogs = await ctx.need('ec2.flowLogs');
    const names = [...new Set(flowLogs.filter(isVpcFlowLog).flatMap((f) => flowLogGroupName(f) ?? []))].sort();
    if (names.length === 0) return {};
    // A service that ignores the filter answers every group: keep only the wanted ones.
    const found = new Map((await describeLogGroups(ctx, names)).map((g) => [g.logGroupName, g]));
    return Object.fromEntries(names.map((name) => [name, found.get(name) ?? null]));
  },
});
