/** VPC flow logs and the CloudWatch Logs groups they write to. */
import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import type { FlowLog } from '@aws-sdk/client-ec2';

declare module '../inventory.js' {
  interface SourceTypes {
    'ec2.flowLogs': FlowLog[];
    /**
     * Keyed by log group name: the CloudWatch Logs groups that flow logs of VPCs write to, or
     * `null` when such a group does not exist.
     */
    'logs.flowLogGroups': Record<string, LogGroup | null>;
  }
}

/** Where a flow log delivers: `cloud-watch-logs`, `s3` or `kinesis-data-firehose`. */
export function flowLogDestinationType(flowLog: FlowLog): string | undefined {
  // Flow logs created before S3 delivery existed name only their log group.
  return flowLog.LogDestinationType ?? (flowLog.LogGroupName ? 'cloud-watch-logs' : undefined);
}

/**
 * The CloudWatch Logs group a flow log writes to: `LogGroupName`, else the group named by its
 * `LogDestination` ARN (`arn:aws:logs:<region>:<account>:log-group:<name>[:*]`).
 */
export function flowLogGroupName(flowLog: FlowLog): string | undefined {
  if (flowLogDestinationType(flowLog) !== 'cloud-watch-logs') return undefined;
  if (flowLog.LogGroupName) return flowLog.LogGroupName;
  const match = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(?::\*)?$/.exec(flowLog.LogDestination ?? '');
  return match?.[1];
}

/** Whether a flow log watches a VPC (rather than a subnet or a network interface). */
export function isVpcFlowLog(flowLog: FlowLog): boolean {
  return flowLog.ResourceId?.startsWith('vpc-') ?? false;
}
