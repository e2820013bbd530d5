/** compute.instance-type: current-generation instance types of an allowed size. */
import type { Instance, InstanceTypeInfo } from '@aws-sdk/client-ec2';
import { instanceTypeParts } from '../../facts/compute.js';
import { label } from '../../facts/tags.js';
import { read, SourceUnavailableError } from '../../inventory.js';
import { fail, joinText, type Localized, pass, text } from '../../model.js';
import { instanceIds, runningCheck } from './target.js';

export const instanceType = runningCheck({
  id: 'compute.instance-type',
  title: text('Current-generation instance types of an allowed size', '현재 세대의 허용된 크기 인스턴스 유형'),
  points: 15,
  hint: text(
    'An instance type name is family, generation and size (t3.micro: family t, generation 3, size micro). A newer generation gives more for the same price, and each size up doubles the cost: pick a current-generation type of a small size for the lab (Compute Optimizer recommends one from the usage).',
    '인스턴스 유형 이름은 인스턴스 패밀리, 세대, 크기로 이루어집니다(t3.micro: 패밀리 t, 세대 3, 크기 micro). 세대가 오를수록 같은 비용에 성능이 좋아지고, 크기가 커질 때마다 비용이 오릅니다. 실습에는 현재 세대의 작은 크기를 고르세요(Compute Optimizer가 사용량을 보고 추천해 줍니다).',
  ),
  evaluate(t, p, inventory) {
    const infos = new Map<string | undefined, InstanceTypeInfo>(
      read(inventory, 'ec2.instanceTypes').map((info) => [info.InstanceType, info]),
    );
    const sizes = new Set(p.instanceSizes);
    const problems: Localized[] = [];
    const bad: Instance[] = [];
    for (const i of t.running) {
      const info = infos.get(i.InstanceType);
      if (!info) {
        // The collector asks for every type a running lab instance uses: a gap is the grader's.
        throw new SourceUnavailableError(
          'ec2.instanceTypes',
          'NotCollected',
          `ec2.instanceTypes was not read for ${i.InstanceType}`,
        );
      }
      const who = label(i.InstanceId, i.Tags);
      const { size } = instanceTypeParts(i.InstanceType);
      const old = info.CurrentGeneration !== true;
      const big = !sizes.has(size);
      if (!old && !big) continue;
      bad.push(i);
      const why = [
        ...(old ? [text('a previous generation', '이전 세대')] : []),
        ...(big ? [text(`size ${size} is not allowed`, `허용되지 않는 크기 ${size}`)] : []),
      ];
      problems.push(
        text(
          `${who} is ${i.InstanceType} (${why.map((w) => w.en).join(', ')})`,
          `${who}: ${i.InstanceType} (${why.map((w) => w.ko).join(', ')})`,
        ),
      );
    }
    const allowed = p.instanceSizes.join(', ');
    if (bad.length > 0) {
      const list = joinText(problems);
      return fail(
        text(
          `${list.en}; expected a current-generation type of size ${allowed}.`,
          `${list.ko}. 현재 세대이면서 크기가 ${allowed} 중 하나인 유형이어야 합니다.`,
        ),
        instanceIds(bad),
      );
    }
    const used = [...new Set(t.running.map((i) => i.InstanceType))].join(', ');
    return pass(
      text(
        `The ${t.running.length} running lab instances use current-generation types of an allowed size: ${used}.`,
        `실행 중인 실습 인스턴스 ${t.running.length}개 모두 현재 세대의 허용된 크기 유형입니다: ${used}.`,
      ),
      instanceIds(t.running),
    );
  },
});
