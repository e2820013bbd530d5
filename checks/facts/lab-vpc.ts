/**
 * The lab VPC of the labs that build on the VPC lab (compute, monitoring...): the VPC the course
 * names, else the non-default VPC with the most running instances. Shared by the labs and by the
 * collectors that read per-resource data only for the lab's instances (their roles, their types).
 */
import type { Instance, Vpc } from '@aws-sdk/client-ec2';
import { isRunning } from './ec2.js';

export interface LabVpc {
  vpc: Vpc;
  vpcId: string;
  /** Whether the course named this VPC (`vpcId` parameter) rather than the grader finding it. */
  named: boolean;
  /** The running instances of the VPC, in DescribeInstances order. */
  running: Instance[];
}

/**
 * The lab VPC: the course's `vpcId` when given (undefined when the account has no such VPC), else
 * the non-default VPC with the most running instances (ties: the first in DescribeVpcs order).
 * A non-default VPC with no running instance is still returned when it is the only candidate, so a
 * lab can say "nothing runs in vpc-…" rather than "no VPC".
 */
export function labVpcOf(vpcs: readonly Vpc[], instances: readonly Instance[], vpcId?: string): LabVpc | undefined {
  const runningByVpc = new Map<string, Instance[]>();
  for (const i of instances) {
    if (!isRunning(i) || !i.VpcId) continue;
    const list = runningByVpc.get(i.VpcId);
    if (list) list.push(i);
    else runningByVpc.set(i.VpcId, [i]);
  }
  const of = (vpc: Vpc, named: boolean): LabVpc => ({
    vpc,
    vpcId: vpc.VpcId ?? '',
    named,
    running: runningByVpc.get(vpc.VpcId ?? '') ?? [],
  });
  if (vpcId !== undefined) {
    const vpc = vpcs.find((v) => v.VpcId === vpcId);
    return vpc ? of(vpc, true) : undefined;
  }
  let best: Vpc | undefined;
  let most = -1;
  for (const vpc of vpcs) {
    if (vpc.IsDefault || !vpc.VpcId) continue;
    const count = runningByVpc.get(vpc.VpcId)?.length ?? 0;
    if (count > most) {
      best = vpc;
      most = count;
    }
  }
  return best ? of(best, false) : undefined;
}
