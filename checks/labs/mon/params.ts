/**
 * The monitoring lab's parameters, and what it grades: the lab VPC (the course's `vpcId`, else the non-default VPC with
 * the most running instances) and its resources: its instances, and the Auto Scaling groups whose
 * subnets all lie in it. Account-wide checks (CloudTrail, EventBridge) need no VPC.
 */
import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import type { Instance, Vpc } from '@aws-sdk/client-ec2';
import * as z from 'zod';
import { builtOnce } from '../../built-once.js';
import { groupSubnetIds } from '../../facts/autoscaling.js';
import { type Inventory, read } from '../../inventory.js';
import { defineCheck } from '../../model.js';
import { MAX_LIST, metricNames, vpcIdParam } from '../../params.js';

export const monParamsSchema = builtOnce(() =>
  z.object({
    /** The VPC the course names; otherwise the non-default VPC with the most running instances. */
    vpcId: vpcIdParam.optional(),
    /** Metric names that count as CPU for `mon.cpu-alarm` (in the AWS/EC2 namespace). */
    cpuMetricNames: metricNames.default(['CPUUtilization']),
    /** Where a flow log may deliver (`kinesis-data-firehose` is not taught in the course). */
    flowLogDestinations: z
      .array(z.enum(['cloud-watch-logs', 's3', 'kinesis-data-firehose']))
      .min(1)
      .max(MAX_LIST)
      .default(['cloud-watch-logs', 's3']),
    /** Fewest days a flow-log group must keep its logs (any finite retention by default). */
    minRetentionDays: z.number().int().min(1).max(3653).default(1),
  }),
);

export type MonParams = z.output<ReturnType<typeof monParamsSchema>>;

export interface MonTarget {
  vpc: Vpc;
  vpcId: string;
}

/** Types a check of the monitoring lab. */
export const monCheck = defineCheck<MonTarget, MonParams>;

/** Instances of the VPC that still exist (running, stopped...): an alarm on any of them is on the lab. */
export function labInstances(inventory: Inventory, t: MonTarget): Instance[] {
  return read(inventory, 'ec2.instances').filter(
    (i) => i.VpcId === t.vpcId && i.InstanceId && i.State?.Name !== 'terminated' && i.State?.Name !== 'shutting-down',
  );
}

/** Auto Scaling groups whose subnets all lie in the VPC. */
export function labGroups(inventory: Inventory, t: MonTarget): AutoScalingGroup[] {
  const vpcOf = new Map(read(inventory, 'ec2.subnets').map((s) => [s.SubnetId, s.VpcId]));
  return read(inventory, 'autoscaling.groups').filter((g) => {
    const subnets = groupSubnetIds(g);
    return subnets.length > 0 && subnets.every((id) => vpcOf.get(id) === t.vpcId);
  });
}
