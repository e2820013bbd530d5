/**
 * The monitoring lab (module 7): CloudWatch alarms on the CPU of the lab's instances or Auto
 * Scaling groups that notify a confirmed SNS subscription, VPC flow logs delivered and not kept
 * forever, a multi-region CloudTrail trail that is logging, and an EventBridge rule for EC2
 * instance state changes. Builds on the VPC lab: the graded VPC is the course's `vpcId`, else the
 * non-default VPC with the most running instances.
 */

import { labVpcOf } from '../../facts/lab-vpc.js';
import { read, tryRead } from '../../inventory.js';
import { defineLab, text } from '../../model.js';
import { noLabVpc, vpcCandidate } from '../../vpc-candidates.js';
import { cpuAlarm, notification } from './alarms.js';
import { eventRule } from './event-rule.js';
import { flowLogs, logRetention } from './flow-logs.js';
import { monManifest } from './manifest.js';
import { labInstances, type MonTarget, monParamsSchema } from './params.js';
import { cloudtrail, trailValidation } from './trail.js';

export type { MonParams, MonTarget } from './params.js';

/** The lab's parameters' schema (the manifest builds it on first use; the lab is loaded to grade). */
export const monParams = monParamsSchema();

export const monLab = defineLab({
  ...monManifest,
  targetKind: text('VPC', 'VPC'),
  candidates(inventory, p): { id: string; name?: string; target: MonTarget }[] {
    // Unreadable instances leave the choice to DescribeVpcs order; the checks that need them error.
    const lab = labVpcOf(read(inventory, 'ec2.vpcs'), tryRead(inventory, 'ec2.instances') ?? [], p.vpcId);
    if (!lab) return [];
    return [vpcCandidate(lab.vpcId, lab.vpc, { vpc: lab.vpc, vpcId: lab.vpcId })];
  },
  noTarget: (inventory, p) =>
    noLabVpc(inventory.region, p.vpcId, text(': build the VPC lab first.', ' VPC 실습을 먼저 완성하세요.')),
  checks: [cpuAlarm, notification, flowLogs, logRetention, cloudtrail, eventRule, trailValidation],
  resources(t, _p, inventory) {
    return [t.vpcId, ...labInstances(inventory, t).map((i) => i.InstanceId as string)];
  },
});
