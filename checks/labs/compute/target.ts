/** What the compute lab grades, and helpers its checks share. */
import type { Instance } from '@aws-sdk/client-ec2';
import type { LabVpc } from '../../facts/lab-vpc.js';
import { label } from '../../facts/tags.js';
import { defineCheck, type Outcome, skip, type TargetCheck, text } from '../../model.js';
import type { ComputeParams } from './params.js';

/** The lab VPC and its running instances (the lab instances). */
export type ComputeTarget = LabVpc;

/** Types a check of the compute lab. */
export const computeCheck = defineCheck<ComputeTarget, ComputeParams>;

/** `i-0ab (web-1), i-0cd`: instances for messages. */
export function instanceList(instances: readonly Instance[]): string {
  return instances.map((i) => label(i.InstanceId, i.Tags)).join(', ');
}

export function instanceIds(instances: readonly Instance[]): string[] {
  return instances.map((i) => i.InstanceId ?? '');
}

/** `vpc-0ab (lab-vpc)`. */
export function vpcLabel(t: ComputeTarget): string {
  return label(t.vpcId, t.vpc.Tags);
}

/** The skip of a check that judges running lab instances when none runs (compute.instances fails). */
function noRunningInstance(t: ComputeTarget): Outcome | undefined {
  if (t.running.length > 0) return undefined;
  return skip(
    text(
      `No instance runs in the lab VPC ${vpcLabel(t)}, so there is nothing to judge (see compute.instances).`,
      `실습 VPC ${vpcLabel(t)}에 실행 중인 인스턴스가 없어 판정할 대상이 없습니다(compute.instances 참고).`,
    ),
    [t.vpcId],
  );
}

/**
 * Types a check of the running lab instances: it is skipped when none runs (compute.instances
 * fails then, and says why), so `t.running` is never empty in its `evaluate`.
 */
export function runningCheck(
  check: TargetCheck<ComputeTarget, ComputeParams>,
): TargetCheck<ComputeTarget, ComputeParams> {
  return computeCheck({
    ...check,
    evaluate: (t, p, inventory) => noRunningInstance(t) ?? check.evaluate(t, p, inventory),
  });
}
