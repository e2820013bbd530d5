/** compute.imdsv2: every running lab instance requires IMDSv2 (or has the metadata endpoint off). */
import { requiresImdsV2 } from '../../facts/compute.js';
import { label } from '../../facts/tags.js';
import { fail, pass, text } from '../../model.js';
import { instanceIds, runningCheck, vpcLabel } from './target.js';

export const imdsv2 = runningCheck({
  id: 'compute.imdsv2',
  title: text('Instances require IMDSv2', '인스턴스가 IMDSv2만 허용'),
  points: 20,
  hint: text(
    'The instance metadata service (IMDS) hands out the instance role\'s credentials. With IMDSv1 any request can read them (e.g. through an SSRF bug); set metadata tokens to "required" (IMDSv2) in the launch settings or launch template, or on a running instance with modify-instance-metadata-options.',
    '인스턴스 메타데이터 서비스(IMDS)는 인스턴스 역할의 자격 증명을 내어 줍니다. IMDSv1은 토큰 없이도 읽을 수 있어(SSRF 취약점 등) 위험합니다. 시작 설정이나 시작 템플릿의 메타데이터 옵션에서 토큰을 "필수"(IMDSv2)로 하거나, 실행 중인 인스턴스는 modify-instance-metadata-options로 바꾸세요.',
  ),
  evaluate(t) {
    const v1 = t.running.filter((i) => !requiresImdsV2(i));
    if (v1.length > 0) {
      const list = v1
        .map((i) => `${label(i.InstanceId, i.Tags)} (HttpTokens ${i.MetadataOptions?.HttpTokens ?? 'not reported'})`)
        .join(', ');
      return fail(
        text(
          `${v1.length} of ${t.running.length} running lab instances still accept IMDSv1: ${list}; expected HttpTokens "required" or the metadata endpoint disabled.`,
          `실행 중인 실습 인스턴스 ${t.running.length}개 중 ${v1.length}개가 아직 IMDSv1을 허용합니다: ${list}. HttpTokens가 "required"이거나 메타데이터 엔드포인트가 꺼져 있어야 합니다.`,
        ),
        instanceIds(v1),
      );
    }
    return pass(
      text(
        `All ${t.running.length} running instances of ${vpcLabel(t)} require IMDSv2 (or have the metadata endpoint off).`,
        `${vpcLabel(t)}의 실행 중인 인스턴스 ${t.running.length}개 모두 IMDSv2만 허용합니다(또는 메타데이터 엔드포인트가 꺼져 있습니다).`,
      ),
      instanceIds(t.running),
    );
  },
});
