/** `asg.healthy`: at least the group's minimum of targets are healthy in the listener's target group. */
import type { TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import { readEntry } from '../../inventory.js';
import { fail, joinText, type Localized, pass, text } from '../../model.js';
import { groupBehindListenerCheck, type LabTargetGroup, tgName } from './target.js';

export const healthy = groupBehindListenerCheck({
  id: 'asg.healthy',
  title: text('At least min targets are healthy in the target group', '대상 그룹에 최소값 이상의 정상 대상이 있음'),
  points: 10,
  hint: text(
    "The load balancer sends traffic only to targets that pass its health check: make sure the application answers the target group's health check path on the traffic port, and that the instances' security group lets the load balancer in.",
    '로드 밸런서는 헬스 체크를 통과한 대상에만 트래픽을 보냅니다. 애플리케이션이 대상 그룹의 헬스 체크 경로에 응답하는지, 인스턴스의 보안 그룹이 로드 밸런서의 접근을 허용하는지 확인하세요.',
  ),
  evaluate({ group, tgs }, _params, inventory) {
    const primary = tgs[0] as LabTargetGroup;
    const tg = tgName(primary.arn, primary.tg);
    const descriptions = readEntry(inventory, 'elbv2.targetHealth', primary.arn);
    const min = Math.max(1, group.MinSize ?? 1);
    const byState = new Map<string, TargetHealthDescription[]>();
    for (const d of descriptions) {
      const state = d.TargetHealth?.State ?? 'unknown';
      byState.set(state, [...(byState.get(state) ?? []), d]);
    }
    const healthyCount = byState.get('healthy')?.length ?? 0;
    const evidence = [primary.arn, ...descriptions.map((d) => d.Target?.Id ?? '')];
    if (healthyCount >= min) {
      return pass(
        text(
          `Target group ${tg} has ${healthyCount} healthy target(s); at least ${min} (the group's min) are needed.`,
          `대상 그룹 ${tg}에 정상 대상이 ${healthyCount}개 있습니다(최소 ${min}개 필요).`,
        ),
        evidence,
      );
    }
    if (descriptions.length === 0) {
      return fail(
        text(
          `Target group ${tg} has no registered target; ${min} healthy target(s) are needed.`,
          `대상 그룹 ${tg}에 등록된 대상이 없습니다. 정상 대상이 ${min}개 필요합니다.`,
        ),
        evidence,
      );
    }
    const problems: Localized[] = [];
    for (const [state, list] of byState) {
      if (state === 'healthy') continue;
      const ids = list.map((d) => {
        const why = d.TargetHealth?.Reason ? ` ${d.TargetHealth.Reason}` : '';
        return `${d.Target?.Id}${why}`;
      });
      if (state === 'initial') {
        problems.push(
          text(
            `${list.length} initial (${ids.join(', ')}): health checks are still running, grade again in a few minutes`,
            `${list.length}개 initial(${ids.join(', ')}): 헬스 체크가 아직 진행 중이니 몇 분 뒤 다시 채점하세요`,
          ),
        );
      } else if (state === 'draining') {
        problems.push(
          text(
            `${list.length} draining (${ids.join(', ')}): being deregistered`,
            `${list.length}개 draining(${ids.join(', ')}): 등록 해제 중`,
          ),
        );
      } else {
        problems.push(
          text(`${list.length} ${state} (${ids.join(', ')})`, `${list.length}개 ${state}(${ids.join(', ')})`),
        );
      }
    }
    return fail(
      text(
        `Target group ${tg} has ${healthyCount} healthy target(s), ${min} needed; ${joinText(problems).en}.`,
        `대상 그룹 ${tg}의 정상 대상은 ${healthyCount}개로 ${min}개가 필요합니다. ${joinText(problems).ko}.`,
      ),
      evidence,
    );
  },
});
