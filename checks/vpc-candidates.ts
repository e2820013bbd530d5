/**
 * What the labs that grade a VPC (VPC, monitoring, compute, IaC) share about their candidates:
 * a VPC named by its Name tag, and why there is no VPC to grade.
 */
import type { Vpc } from '@aws-sdk/client-ec2';
import { nameOf } from './facts/tags.js';
import { type Candidate, type Localized, text } from './model.js';

/** A VPC as a candidate: its id, its Name tag when it has one, and what the lab grades of it. */
export function vpcCandidate<Target>(vpcId: string, vpc: Vpc, target: Target): Candidate<Target> {
  const name = nameOf(vpc.Tags);
  return { id: vpcId, ...(name ? { name } : {}), target };
}

/** Why there is no lab VPC, in one sentence: the course's `vpcId` does not exist, or no non-default VPC does. */
export function noVpc(vpcId: string | undefined): Localized {
  return vpcId
    ? text(`The course's lab VPC ${vpcId} does not exist.`, `과정이 지정한 실습 VPC ${vpcId}가 없습니다.`)
    : text('The account has no non-default VPC.', '계정에 기본 VPC가 아닌 VPC가 없습니다.');
}

/**
 * Why a lab that builds on the VPC lab has no VPC in `region`: the course's `vpcId` does not exist
 * there, or no VPC other than the default one does; `advice` follows that sentence (punctuation
 * included) and says where to look.
 */
export function noLabVpc(region: string, vpcId: string | undefined, advice: Localized): Localized {
  if (vpcId) {
    return text(
      `The course names VPC ${vpcId}, which does not exist in ${region}.`,
      `과정에서 지정한 VPC ${vpcId}가 ${region}에 없습니다.`,
    );
  }
  return text(
    `No lab VPC (other than the default VPC) exists in ${region}${advice.en}`,
    `${region}에 기본 VPC 외의 실습용 VPC가 없습니다.${advice.ko}`,
  );
}
