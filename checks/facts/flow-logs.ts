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

/** The destination type of each service a flow log's `LogDestination` ARN may name. */
const DESTINATION_OF_SERVICE: Record<string, string> = {
  logs: 'cloud-watch-logs',
  s3: 's3',
  firehose: 'kinesis-data-firehose',
};

/** Where a flow log delivers: `cloud-watch-logs`, `s3` or `kinesis-data-firehose`. */
export function flowLogDestinationType(flowLog: FlowLog): string | undefined {
  // An emulator answers "" where AWS sets no member: that is no type.
  if (flowLog.LogDestinationType) return flowLog.LogDestinationType;
  // Flow logs created before S3 delivery existed name only their log group; otherwise the
  // destination's ARN says which service it is.
  if (flowLog.LogGroupName) return 'cloud-watch-logs';
  const service = /^arn:[^:]+:([^:]+):/.exec(flowLog.LogDestination ?? '')?.[1];
  return service === undefined ? undefined : DESTINATION_OF_SERVICE[service];
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
