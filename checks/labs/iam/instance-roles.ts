/** `iam.instance-roles`: the graded region's running instances get their permissions from a role. */
import { read } from '../../inventory.js';
import { fail, pass, text } from '../../model.js';
import { isRunning, label } from '../../network.js';
import { iamCheck } from './target.js';

export const instanceRoles = iamCheck({
  id: 'iam.instance-roles',
  title: text(
    'Running instances use an IAM role (instance profile)',
    '실행 중인 인스턴스에 IAM 역할(인스턴스 프로파일) 연결',
  ),
  points: 20,
  hint: text(
    'Give each instance an IAM role through an instance profile: the role hands out temporary credentials, so no access keys are stored on the server.',
    '인스턴스마다 인스턴스 프로파일로 IAM 역할을 연결하세요. 역할은 임시 자격 증명을 주므로 서버에 액세스 키를 저장할 필요가 없습니다.',
  ),
  evaluate(_t, _p, inventory) {
    const running = read(inventory, 'ec2.instances').filter(isRunning);
    if (running.length === 0) {
      return {
        status: 'skip',
        message: text(
          `No EC2 instance is running in ${inventory.region}, so there is no instance role to judge.`,
          `${inventory.region}에 실행 중인 EC2 인스턴스가 없어 인스턴스 역할을 판정할 대상이 없습니다.`,
        ),
        evidence: [],
      };
    }
    const bare = running.filter((i) => !i.IamInstanceProfile?.Arn);
    if (bare.length > 0) {
      const list = bare.map((i) => label(i.InstanceId, i.Tags)).join(', ');
      return fail(
        text(
          `${bare.length} of ${running.length} running instances have no instance profile (no IAM role): ${list}.`,
          `실행 중인 인스턴스 ${running.length}개 중 ${bare.length}개에 인스턴스 프로파일(IAM 역할)이 없습니다: ${list}.`,
        ),
        bare.map((i) => i.InstanceId ?? ''),
      );
    }
    // A profile can exist without a role in it; then the instance still gets no credentials.
    const profiles = new Map(read(inventory, 'iam.instanceProfiles').map((p) => [p.Arn ?? '', p]));
    const roleless = running.filter((i) => {
      const profile = profiles.get(i.IamInstanceProfile?.Arn ?? '');
      return profile !== undefined && (profile.Roles ?? []).length === 0;
    });
    if (roleless.length > 0) {
      const list = roleless
        .map((i) => `${label(i.InstanceId, i.Tags)} → ${profileName(i.IamInstanceProfile?.Arn)}`)
        .join(', ');
      return fail(
        text(
          `Instance profiles without a role are attached: ${list}; a profile needs a role to give credentials.`,
          `역할이 없는 인스턴스 프로파일이 연결되어 있습니다: ${list}. 인스턴스 프로파일에 역할이 있어야 자격 증명이 제공됩니다.`,
        ),
        roleless.flatMap((i) => [i.InstanceId ?? '', i.IamInstanceProfile?.Arn ?? '']),
      );
    }
    const list = running
      .map((i) => {
        const roles = (profiles.get(i.IamInstanceProfile?.Arn ?? '')?.Roles ?? []).map((r) => r.RoleName).join(', ');
        return `${label(i.InstanceId, i.Tags)} → ${profileName(i.IamInstanceProfile?.Arn)}${roles ? ` (${roles})` : ''}`;
      })
      .join(', ');
    return pass(
      text(
        `Every running instance has an instance profile: ${list}.`,
        `실행 중인 인스턴스 모두 인스턴스 프로파일이 연결되어 있습니다: ${list}.`,
      ),
      running.flatMap((i) => [i.InstanceId ?? '', i.IamInstanceProfile?.Arn ?? '']),
    );
  },
});

function profileName(arn: string | undefined): string {
  return arn?.split('/').pop() ?? '?';
}
