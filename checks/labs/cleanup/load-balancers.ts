/** cleanup.load-balancer: load balancers bill by the hour whether traffic flows or not, Classic ones too. */
import { readIn } from '../../inventory.js';
import { text } from '../../model.js';
import { type Leftover, leftoverCheck, perDayOfHourly } from './leftovers.js';

export const loadBalancer = leftoverCheck({
  id: 'cleanup.load-balancer',
  title: text('No load balancer is left', '로드 밸런서 삭제'),
  points: 20,
  hint: text(
    'A load balancer bills every hour it exists, plus capacity units for its traffic. Delete the Auto Scaling group first (it would keep launching instances), then the load balancer, then its target groups.',
    '로드 밸런서는 트래픽이 없어도 존재하는 시간마다 요금이 나오고, 사용량(LCU) 요금이 추가됩니다. 삭제 순서: Auto Scaling 그룹을 먼저 삭제하고(인스턴스를 계속 시작합니다), 그다음 로드 밸런서, 마지막으로 대상 그룹을 삭제하세요.',
  ),
  clean: text('No load balancer is left', '남은 로드 밸런서가 없습니다'),
  leftovers(region, p, inventory) {
    const hourly = p.loadBalancerHour ?? {};
    const current = readIn(inventory, region, 'elbv2.loadBalancers').map((lb): Leftover => {
      const type = lb.Type ?? 'application';
      return {
        id: lb.LoadBalancerName ?? lb.LoadBalancerArn ?? '?',
        kind: 'load-balancer',
        region,
        state: text(`(${type}) is still ${lb.State?.Code ?? 'there'}`, `(${type}) 아직 ${lb.State?.Code ?? '존재'}`),
        perDay: perDayOfHourly(hourly[type as keyof typeof hourly]),
        note: text('before capacity units', '(LCU 사용량 요금 별도)'),
      };
    });
    // ELBv2 does not list Classic Load Balancers: they come from the older API, and have no state.
    const classic = readIn(inventory, region, 'elb.loadBalancers').map((lb): Leftover => {
      const instances = lb.Instances?.length ?? 0;
      return {
        id: lb.LoadBalancerName ?? '?',
        kind: 'load-balancer',
        region,
        state: text(
          `(Classic Load Balancer, ${instances} instance(s) registered) is still there`,
          `(Classic Load Balancer, 등록된 인스턴스 ${instances}개) 아직 존재`,
        ),
        perDay: perDayOfHourly(hourly.classic),
        note: text('before data processing', '(데이터 처리 요금 별도)'),
      };
    });
    return [...current, ...classic];
  },
});
