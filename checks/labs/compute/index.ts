/**
 * The compute lab (module 4: compute): the lab VPC's running instances require IMDSv2, their EBS
 * volumes are encrypted gp3, their instance types are current-generation and small, and they are
 * reached through Session Manager rather than SSH keys; (bonus) they run from the account's own AMI.
 *
 * The lab instances are the running instances of the lab VPC: the course's `vpcId`, else the
 * non-default VPC with the most running instances. Leftovers in the default VPC never count.
 */
import { volumesAttachedTo } from '../../facts/compute.js';
import { labVpcOf } from '../../facts/lab-vpc.js';
import { read, tryRead } from '../../inventory.js';
import { type Candidate, defineLab, text } from '../../model.js';
import { vpcCandidate } from '../../vpc-candidates.js';
import { noKeyPair, sessionManager } from './access.js';
import { customAmi } from './ami.js';
import { instanceType } from './instance-type.js';
import { instances } from './instances.js';
import { computeManifest } from './manifest.js';
import { imdsv2 } from './metadata.js';
import { computeParamsSchema } from './params.js';
import { ebsEncrypted, ebsType } from './storage.js';
import type { ComputeTarget } from './target.js';

export type { ComputeParams } from './params.js';

/** The lab's parameters' schema (the manifest builds it on first use; the lab is loaded to grade). */
export const computeParams = computeParamsSchema();
export type { ComputeTarget } from './target.js';

export const computeLab = defineLab({
  ...computeManifest,
  targetKind: text('VPC', 'VPC'),
  candidates(inventory, p): Candidate<ComputeTarget>[] {
    const lab = labVpcOf(read(inventory, 'ec2.vpcs'), read(inventory, 'ec2.instances'), p.vpcId);
    if (!lab) return [];
    return [vpcCandidate(lab.vpcId, lab.vpc, lab)];
  },
  noTarget: (_inventory, p) =>
    p.vpcId
      ? text(
          `The course's lab VPC ${p.vpcId} does not exist, so there are no lab instances to grade.`,
          `과정이 지정한 실습 VPC ${p.vpcId}가 없어 채점할 실습 인스턴스가 없습니다.`,
        )
      : text(
          'The account has no non-default VPC, so there are no lab instances to grade.',
          '계정에 기본 VPC가 아닌 VPC가 없어 채점할 실습 인스턴스가 없습니다.',
        ),
  checks: [instances, imdsv2, ebsEncrypted, ebsType, instanceType, sessionManager, noKeyPair, customAmi],
  resources(t, _p, inventory) {
    const volumes = volumesAttachedTo(tryRead(inventory, 'ec2.volumes') ?? [], t.running);
    return [t.vpcId, ...t.running.map((i) => i.InstanceId ?? ''), ...volumes.map((v) => v.VolumeId ?? '')].filter(
      Boolean,
    );
  },
});
