/**
 * compute.ebs-encrypted, compute.ebs-type: the EBS volumes attached to running lab instances are
 * encrypted and of a type the course accepts. Volumes attached to nothing, or to instances outside
 * the lab, are not judged here (the cleanup report looks at unattached ones).
 */
import type { Instance, Volume } from '@aws-sdk/client-ec2';
import { attachedInstanceIds, volumesAttachedTo } from '../../facts/compute.js';
import { label } from '../../facts/tags.js';
import { read } from '../../inventory.js';
import { errorOutcome, fail, pass, skip, type TargetCheck, text } from '../../model.js';
import type { ComputeParams } from './params.js';
import { type ComputeTarget, runningCheck, vpcLabel } from './target.js';

function volumeLabel(v: Volume): string {
  return `${label(v.VolumeId, v.Tags)} on ${attachedInstanceIds(v).join(', ')}`;
}

function volumeIds(volumes: readonly Volume[]): string[] {
  return volumes.map((v) => v.VolumeId ?? '');
}

/** The EBS volumes the instances' block device mappings name that DescribeVolumes did not list, with their instance. */
function unlistedVolumes(listed: readonly Volume[], instances: readonly Instance[]): { id: string; on: string }[] {
  const ids = new Set(listed.map((v) => v.VolumeId));
  return instances.flatMap((i) =>
    (i.BlockDeviceMappings ?? [])
      .map((m) => m.Ebs?.VolumeId ?? '')
      .filter((id) => id !== '' && !ids.has(id))
      .map((id) => ({ id, on: label(i.InstanceId, i.Tags) })),
  );
}

/** The lab VPC with the EBS volumes attached to its running instances (at least one). */
interface LabVolumes extends ComputeTarget {
  volumes: Volume[];
}

/**
 * Types a check of the lab volumes: skipped when no instance runs (see runningCheck) or none has
 * an EBS volume (instance store only).
 */
function volumeCheck(check: TargetCheck<LabVolumes, ComputeParams>): TargetCheck<ComputeTarget, ComputeParams> {
  return runningCheck({
    ...check,
    evaluate(t, p, inventory) {
      const listed = read(inventory, 'ec2.volumes');
      const unseen = unlistedVolumes(listed, t.running);
      if (unseen.length > 0) {
        // DescribeVolumes lists every volume of the region: one missing was not seen, not judged.
        const en = unseen.map((v) => `${v.id} (on ${v.on})`).join(', ');
        const ko = unseen.map((v) => `${v.id}(${v.on}에 연결)`).join(', ');
        return errorOutcome(
          text(
            `DescribeVolumes did not list ${en}, which the lab instances map; this check was not judged.`,
            `실습 인스턴스의 EBS 볼륨 ${ko}이(가) DescribeVolumes 결과에 없어 이 항목은 판정하지 못했습니다.`,
          ),
          'MissingVolume',
          unseen.map((v) => v.id),
        );
      }
      const volumes = volumesAttachedTo(listed, t.running);
      if (volumes.length === 0) {
        return skip(
          text(
            `No EBS volume is attached to the running instances of ${vpcLabel(t)} (instance store only).`,
            `${vpcLabel(t)}의 실행 중인 인스턴스에 연결된 EBS 볼륨이 없습니다(인스턴스 스토어만 사용).`,
          ),
          [t.vpcId],
        );
      }
      return check.evaluate({ ...t, volumes }, p, inventory);
    },
  });
}

export const ebsEncrypted = volumeCheck({
  id: 'compute.ebs-encrypted',
  title: text('EBS volumes are encrypted', 'EBS 볼륨 암호화'),
  points: 20,
  hint: text(
    'EBS encryption protects the data at rest, its snapshots and the traffic to the instance, with a KMS key. Turn on "EBS encryption by default" in the EC2 settings of the region, or tick encryption for each volume at launch; an existing volume is encrypted by copying a snapshot of it with encryption and creating a new volume from the copy.',
    'EBS 암호화는 KMS 키로 저장 데이터, 스냅샷, 인스턴스와 주고받는 데이터를 보호합니다. 리전의 EC2 설정에서 "기본 EBS 암호화"를 켜거나 인스턴스를 시작할 때 볼륨 암호화를 선택하세요. 이미 만든 볼륨은 스냅샷을 암호화하여 복사한 뒤 그 사본으로 새 볼륨을 만들어 교체합니다.',
  ),
  evaluate({ volumes }) {
    const plain = volumes.filter((v) => v.Encrypted !== true);
    if (plain.length > 0) {
      const list = plain.map(volumeLabel).join(', ');
      return fail(
        text(
          `${plain.length} of ${volumes.length} EBS volumes of the lab instances are not encrypted: ${list}.`,
          `실습 인스턴스의 EBS 볼륨 ${volumes.length}개 중 ${plain.length}개가 암호화되지 않았습니다: ${list}.`,
        ),
        volumeIds(plain),
      );
    }
    return pass(
      text(
        `All ${volumes.length} EBS volumes of the lab instances are encrypted: ${volumeIds(volumes).join(', ')}.`,
        `실습 인스턴스의 EBS 볼륨 ${volumes.length}개 모두 암호화되어 있습니다: ${volumeIds(volumes).join(', ')}.`,
      ),
      volumeIds(volumes),
    );
  },
});

export const ebsType = volumeCheck({
  id: 'compute.ebs-type',
  title: text('EBS volumes are of an accepted type (gp3)', 'EBS 볼륨 유형(gp3)'),
  points: 15,
  hint: text(
    'gp3 is the current general-purpose SSD: cheaper than gp2 with a baseline of 3,000 IOPS whatever the size. Choose gp3 at launch (or in the launch template); an existing gp2 volume changes type in place with Modify volume, without stopping the instance.',
    'gp3는 현재 세대의 범용(general purpose) SSD로, gp2보다 저렴하고 크기와 상관없이 기본 3,000 IOPS를 제공합니다. 인스턴스 시작 시(또는 시작 템플릿에서) gp3를 선택하세요. 기존 gp2 볼륨은 인스턴스를 멈추지 않고 "볼륨 수정"으로 유형을 바꿀 수 있습니다.',
  ),
  evaluate({ volumes }, p) {
    const accepted = new Set<string>(p.volumeTypes);
    const wrong = volumes.filter((v) => !accepted.has(v.VolumeType ?? ''));
    const types = p.volumeTypes.join(', ');
    if (wrong.length > 0) {
      const list = wrong.map((v) => `${volumeLabel(v)} is ${v.VolumeType ?? 'of no reported type'}`).join(', ');
      const listKo = wrong.map((v) => `${volumeLabel(v)}: ${v.VolumeType ?? '유형 없음'}`).join(', ');
      return fail(
        text(
          `${list}; the course accepts ${types}.`,
          `허용되지 않는 볼륨 유형이 있습니다(${listKo}). 이 과정에서 허용하는 유형: ${types}.`,
        ),
        volumeIds(wrong),
      );
    }
    return pass(
      text(
        `All ${volumes.length} EBS volumes of the lab instances are ${types}.`,
        `실습 인스턴스의 EBS 볼륨 ${volumes.length}개 모두 허용된 유형(${types})입니다.`,
      ),
      volumeIds(volumes),
    );
  },
});
