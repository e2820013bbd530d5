/**
 * compute.session-manager: every running lab instance's role can use Session Manager;
 * compute.no-key-pair (bonus): no running lab instance was launched with a key pair.
 */
import type { Instance } from '@aws-sdk/client-ec2';
import type { AttachedPolicy } from '@aws-sdk/client-iam';
import { arnName } from '../../facts/compute.js';
import { label } from '../../facts/tags.js';
import { read, readEntry } from '../../inventory.js';
import { fail, joinText, type Localized, pass, text } from '../../model.js';
import type { ComputeParams } from './params.js';
import { instanceIds, runningCheck } from './target.js';

/** The course's policy, given as a name or an ARN, is among the attached ones. */
function hasPolicy(attached: readonly AttachedPolicy[], p: ComputeParams): boolean {
  const wanted = p.sessionManagerPolicy;
  return attached.some((a) => (wanted.startsWith('arn:') ? a.PolicyArn === wanted : a.PolicyName === wanted));
}

export const sessionManager = runningCheck({
  id: 'compute.session-manager',
  title: text('Instances are reachable through Session Manager', '세션 매니저로 인스턴스 접속 가능'),
  points: 20,
  hint: text(
    'Session Manager (Systems Manager) opens a shell on the instance without SSH, open ports or key pairs, and logs who did what. The SSM agent needs permissions: attach AmazonSSMManagedInstanceCore to the role of the instance profile (IAM role for EC2) and attach that profile to the instance.',
    '세션 매니저(Systems Manager)는 SSH, 열린 포트, 키 페어 없이 인스턴스에 접속하게 해 주고 누가 무엇을 했는지 기록합니다. SSM 에이전트에 권한이 필요하니, 인스턴스 프로파일의 역할(EC2용 IAM 역할)에 AmazonSSMManagedInstanceCore 정책을 연결하고 그 인스턴스 프로파일을 인스턴스에 연결하세요.',
  ),
  evaluate(t, p, inventory) {
    const profiles = new Map(read(inventory, 'iam.instanceProfiles').map((profile) => [profile.Arn, profile]));
    const policy = arnName(p.sessionManagerPolicy);
    const gaps: Localized[] = [];
    const bad: Instance[] = [];
    const reached: string[] = [];
    for (const i of t.running) {
      const who = label(i.InstanceId, i.Tags);
      const arn = i.IamInstanceProfile?.Arn;
      const gap = ((): Localized | undefined => {
        // IamInstanceProfile names the instance profile (by ARN), not the role inside it.
        if (!arn)
          return text(`${who} has no instance profile (no IAM role)`, `${who}에 인스턴스 프로파일(IAM 역할)이 없음`);
        const profile = profiles.get(arn);
        if (!profile)
          return text(
            `${who}'s instance profile ${arnName(arn)} no longer exists`,
            `${who}의 인스턴스 프로파일 ${arnName(arn)}이(가) 없음`,
          );
        const roles = (profile.Roles ?? []).map((r) => r.RoleName ?? '');
        if (roles.length === 0) {
          return text(
            `${who}'s instance profile ${arnName(arn)} holds no role`,
            `${who}의 인스턴스 프로파일 ${arnName(arn)}에 역할이 없음`,
          );
        }
        for (const role of roles) {
          const attached = readEntry(inventory, 'iam.roleAttachedPolicies', role);
          if (attached && hasPolicy(attached, p)) {
            reached.push(`${who} → ${role}`);
            return undefined;
          }
        }
        return text(
          `${who}'s role ${roles.join(', ')} (profile ${arnName(arn)}) does not have ${policy} attached`,
          `${who}의 역할 ${roles.join(', ')}(인스턴스 프로파일 ${arnName(arn)})에 ${policy} 정책이 연결되어 있지 않음`,
        );
      })();
      if (gap) {
        gaps.push(gap);
        bad.push(i);
      }
    }
    if (bad.length > 0) {
      const list = joinText(gaps);
      return fail(
        text(
          `${bad.length} of ${t.running.length} running lab instances cannot use Session Manager: ${list.en}.`,
          `실행 중인 실습 인스턴스 ${t.running.length}개 중 ${bad.length}개는 세션 매니저를 쓸 수 없습니다: ${list.ko}.`,
        ),
        bad.flatMap((i) => [i.InstanceId ?? '', ...(i.IamInstanceProfile?.Arn ? [i.IamInstanceProfile.Arn] : [])]),
      );
    }
    return pass(
      text(
        `Every running lab instance's role has ${policy}: ${reached.join(', ')}.`,
        `실행 중인 실습 인스턴스의 역할 모두 ${policy} 정책이 연결되어 있습니다: ${reached.join(', ')}.`,
      ),
      t.running.flatMap((i) => [i.InstanceId ?? '', i.IamInstanceProfile?.Arn ?? '']),
    );
  },
});

export const noKeyPair = runningCheck({
  id: 'compute.no-key-pair',
  title: text('(Bonus) No instance was launched with a key pair', '(보너스) 키 페어 없이 시작한 인스턴스'),
  points: 5,
  bonus: true,
  hint: text(
    'A key pair is a long-lived secret for SSH that can leak and needs port 22 open. With Session Manager you need neither: launch the instances without a key pair ("Proceed without a key pair").',
    '키 페어는 유출될 수 있는 장기 비밀이며 SSH(22번 포트)를 열어야 합니다. 세션 매니저를 쓰면 둘 다 필요 없으니 인스턴스를 키 페어 없이("키 페어 없이 계속 진행") 시작하세요.',
  ),
  evaluate(t) {
    const keyed = t.running.filter((i) => i.KeyName);
    if (keyed.length > 0) {
      const list = keyed.map((i) => `${label(i.InstanceId, i.Tags)} (key pair ${i.KeyName})`).join(', ');
      const listKo = keyed.map((i) => `${label(i.InstanceId, i.Tags)}(키 페어 ${i.KeyName})`).join(', ');
      return fail(
        text(
          `${keyed.length} of ${t.running.length} running lab instances were launched with a key pair: ${list}.`,
          `실행 중인 실습 인스턴스 ${t.running.length}개 중 ${keyed.length}개가 키 페어로 시작되었습니다: ${listKo}.`,
        ),
        instanceIds(keyed),
      );
    }
    return pass(
      text(
        `None of the ${t.running.length} running lab instances has a key pair.`,
        `실행 중인 실습 인스턴스 ${t.running.length}개 모두 키 페어가 없습니다.`,
      ),
      instanceIds(t.running),
    );
  },
});
