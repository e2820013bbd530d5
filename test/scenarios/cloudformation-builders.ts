/**
 * CloudFormation objects shaped like real responses (DescribeStacks, ListStackResources,
 * ListExports), for scenario accounts. Stack ids are ARNs with a fixed UUID per stack name.
 */
import type {
  Export,
  Output,
  Stack,
  StackDriftStatus,
  StackResourceSummary,
  StackStatus,
} from '@aws-sdk/client-cloudformation';
import { ACCOUNT, REGION } from './ec2-builders.js';

const CREATED = new Date('2026-11-20T08:00:00.000Z');

/** The stack id (ARN) of a stack name: `arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>`. */
export function stackId(name: string): string {
  let hash = 0;
  for (const c of name) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  const hex = hash.toString(16).padStart(8, '0');
  return `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${name}/${hex}-4c1e-11f1-9a0b-0e${hex}0f`;
}

/** An output; with `exportName` it is also an export (Outputs[].ExportName). */
export function output(key: string, value: string, exportName?: string): Output {
  return { OutputKey: key, OutputValue: value, Description: key, ...(exportName ? { ExportName: exportName } : {}) };
}

export function stack(
  name: string,
  opts: {
    status?: StackStatus;
    reason?: string;
    drift?: StackDriftStatus;
    outputs?: Output[];
    description?: string;
    /** For a nested stack: its parent's and root's names. */
    parent?: string;
    root?: string;
  } = {},
): Stack {
  const drift = opts.drift ?? 'NOT_CHECKED';
  const s: Stack = {
    StackId: stackId(name),
    StackName: name,
    ...(opts.description ? { Description: opts.description } : {}),
    Parameters: [],
    CreationTime: CREATED,
    RollbackConfiguration: {},
    StackStatus: opts.status ?? 'CREATE_COMPLETE',
    ...(opts.reason ? { StackStatusReason: opts.reason } : {}),
    DisableRollback: false,
    NotificationARNs: [],
    Capabilities: [],
    Outputs: opts.outputs ?? [],
    Tags: [],
    EnableTerminationProtection: false,
    DriftInformation: {
      StackDriftStatus: drift,
      ...(drift === 'NOT_CHECKED' ? {} : { LastCheckTimestamp: new Date('2026-11-20T08:50:00.000Z') }),
    },
  };
  if (opts.parent) s.ParentId = stackId(opts.parent);
  if (opts.root) s.RootId = stackId(opts.root);
  return s;
}

/** One resource of a stack (ListStackResources). */
export function resource(logicalId: string, type: string, physicalId: string): StackResourceSummary {
  return {
    LogicalResourceId: logicalId,
    PhysicalResourceId: physicalId,
    ResourceType: type,
    LastUpdatedTimestamp: new Date('2026-11-20T08:05:00.000Z'),
    ResourceStatus: 'CREATE_COMPLETE',
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  };
}

/** The exports of stacks' outputs, as ListExports lists them. */
export function exportsOf(stacks: readonly Stack[]): Export[] {
  return stacks.flatMap((s) =>
    (s.Outputs ?? [])
      .filter((o) => o.ExportName)
      .map((o) => ({ ExportingStackId: s.StackId, Name: o.ExportName, Value: o.OutputValue })),
  );
}
