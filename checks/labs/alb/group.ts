/**
 * The Auto Scaling group's own checks: `asg.multi-az` (private subnets in enough AZs),
 * `asg.capacity` (bounded) and `asg.target-group` (attached to the listener's target group, ELB
 * health checks).
 */
import type { Subnet } from '@aws-sdk/client-ec2';
import { groupSubnetIds, groupTargetGroupArns } from '../../facts/autoscaling.js';
import { fail, joinText, type Localized, pass, text } from '../../model.js';
import { label, networkOf } from '../../network.js';
import { groupBehindListenerCheck, groupCheck, routeNote, tgName } from './target.js';

export const multiAz = groupCheck({
  id: 'asg.multi-az',
  title: text(
    'The Auto Scaling group spans 2 subnets in 2 AZs (private ones)',
    '오토 스케일링 그룹이 2개 AZ의 서브넷 2개 이상(프라이빗)에 걸쳐 있음',
  ),
  points: 10,
  hint: text(
    'Give the Auto Scaling group subnets in at least two Availability Zones, so it can replace instances when one AZ fails; the instances belong in private subnets, reached only through the load balancer.',
    '오토 스케일링 그룹에 최소 2개 가용 영역의 서브넷을 지정해야 한 AZ에 장애가 나도 인스턴스를 다시 만들 수 있습니다. 인스턴스는 로드 밸런서를 통해서만 접근하도록 프라이빗 서브넷에 두세요.',
  ),
  evaluate(asg, params, inventory) {
    const network = networkOf(inventory);
    const ids = groupSubnetIds(asg.group);
    const subnets = ids.map((id) => network.subnet(id)).filter((s): s is Subnet => s !== undefined);
    const unknown = ids.filter((id) => !network.subnet(id));
    const azs = [...new Set(subnets.map((s) => s.AvailabilityZone ?? ''))].filter((a) => a !== '');
    const problems: Localized[] = [];
    if (ids.length < params.minSubnets) {
      problems.push(
        text(
          `it has ${ids.length} subnet(s) (${ids.join(', ') || 'none'}); at least ${params.minSubnets} are needed`,
          `서브넷이 ${ids.length}개(${ids.join(', ') || '없음'})입니다. 최소 ${params.minSubnets}개가 필요합니다`,
        ),
      );
    }
    if (azs.length < params.minAzs) {
      problems.push(
        text(
          `its subnets are in ${azs.length} AZ(s) (${azs.join(', ') || 'none'}); at least ${params.minAzs} are needed`,
          `서브넷이 ${azs.length}개 AZ(${azs.join(', ') || '없음'})에만 있습니다. 최소 ${params.minAzs}개가 필요합니다`,
        ),
      );
    }
    if (unknown.length) {
      problems.push(text(`subnets not found: ${unknown.join(', ')}`, `찾을 수 없는 서브넷: ${unknown.join(', ')}`));
    }
    if (params.asgSubnetsPrivate) {
      const open = subnets.filter((s) => network.tierOf(s) === 'public');
      if (open.length) {
        const list = joinText(
          open.map((s) => {
            const why = routeNote(network, s);
            return text(`${label(s.SubnetId, s.Tags)}: ${why.en}`, `${label(s.SubnetId, s.Tags)}: ${why.ko}`);
          }),
          ', ',
        );
        problems.push(
          text(
            `public subnets by routing, where private ones are expected: ${list.en}`,
            `프라이빗이어야 하는데 라우팅상 퍼블릭인 서브넷: ${list.ko}`,
          ),
        );
      }
    }
    const evidence = [asg.name, ...ids];
    if (problems.length) {
      return fail(
        text(
          `Auto Scaling group ${asg.name}: ${joinText(problems).en}.`,
          `오토 스케일링 그룹 ${asg.name}: ${joinText(problems).ko}.`,
        ),
        evidence,
      );
    }
    const tier = params.asgSubnetsPrivate ? ' private' : '';
    return pass(
      text(
        `Auto Scaling group ${asg.name} spans ${ids.length}${tier} subnets in ${azs.length} AZs (${azs.join(', ')}).`,
        `오토 스케일링 그룹 ${asg.name}은(는) ${azs.length}개 AZ(${azs.join(', ')})의${params.asgSubnetsPrivate ? ' 프라이빗' : ''} 서브넷 ${ids.length}개에 걸쳐 있습니다.`,
      ),
      evidence,
    );
  },
});

export const capacity = groupCheck({
  id: 'asg.capacity',
  title: text(
    'Capacity is 1 <= min <= desired <= max, with a bounded max',
    '그룹 용량이 1 <= 최소 <= 원하는 용량 <= 최대이고 최대값이 제한됨',
  ),
  points: 10,
  hint: text(
    'Set the group capacity: a minimum of at least 1, a desired capacity between minimum and maximum, and a maximum that stays bounded, because the database behind the instances can only handle so many of them.',
    '그룹 용량을 정하세요. 최소값은 1 이상, 원하는 용량은 최소와 최대 사이, 최대값은 제한해야 합니다. 뒤에 있는 RDS가 감당할 수 있는 양이 정해져 있기 때문입니다.',
  ),
  evaluate(asg, params) {
    const min = asg.group.MinSize ?? 0;
    const desired = asg.group.DesiredCapacity ?? 0;
    const max = asg.group.MaxSize ?? 0;
    const actual = `min ${min}, desired ${desired}, max ${max}`;
    const problems: Localized[] = [];
    if (min < 1) {
      problems.push(text('min should be at least 1', '최소값은 1 이상이어야 합니다'));
    }
    if (desired < min || desired > max) {
      problems.push(text('desired should lie between min and max', '원하는 용량은 최소와 최대 사이여야 합니다'));
    }
    if (max > params.maxSizeLimit) {
      problems.push(
        text(`max should be at most ${params.maxSizeLimit}`, `최대값은 ${params.maxSizeLimit} 이하여야 합니다`),
      );
    }
    if (problems.length) {
      return fail(
        text(
          `Auto Scaling group ${asg.name} has ${actual}: ${joinText(problems).en}.`,
          `오토 스케일링 그룹 ${asg.name}의 용량은 ${actual}입니다: ${joinText(problems).ko}.`,
        ),
        [asg.name],
      );
    }
    return pass(
      text(
        `Auto Scaling group ${asg.name} has ${actual} (max bounded by ${params.maxSizeLimit}).`,
        `오토 스케일링 그룹 ${asg.name}의 용량은 ${actual}입니다(최대 ${params.maxSizeLimit} 이하).`,
      ),
      [asg.name],
    );
  },
});

export const asgTargetGroup = groupBehindListenerCheck({
  id: 'asg.target-group',
  title: text(
    "The group is attached to the listener's target group and uses ELB health checks",
    '그룹이 리스너의 대상 그룹에 연결되고 ELB 헬스 체크를 사용함',
  ),
  points: 10,
  hint: text(
    "Attach the Auto Scaling group to the load balancer's target group so new instances register themselves, and turn on ELB health checks so the group replaces instances the load balancer finds unhealthy.",
    '오토 스케일링 그룹을 로드 밸런서의 대상 그룹에 연결해야 새 인스턴스가 자동으로 등록됩니다. ELB 헬스 체크를 켜서 로드 밸런서가 비정상으로 본 인스턴스를 그룹이 교체하도록 하세요.',
  ),
  evaluate({ group, name, tgs }) {
    const attached = groupTargetGroupArns(group);
    const match = tgs.find((t) => attached.includes(t.arn));
    const problems: Localized[] = [];
    if (!match) {
      const now = attached.map((arn) => tgName(arn)).join(', ') || 'none';
      const wanted = tgs.map((t) => tgName(t.arn, t.tg)).join(' or ');
      problems.push(
        text(
          `it is attached to target group(s) ${now}, not to the listener's ${wanted}`,
          `연결된 대상 그룹이 ${now === 'none' ? '없습니다' : now}이며, 리스너의 대상 그룹 ${wanted}에 연결되어 있지 않습니다`,
        ),
      );
    }
    if (group.HealthCheckType !== 'ELB') {
      problems.push(
        text(
          `its health check type is ${group.HealthCheckType ?? 'EC2'}; expected ELB`,
          `헬스 체크 유형이 ${group.HealthCheckType ?? 'EC2'}입니다. ELB여야 합니다`,
        ),
      );
    }
    const evidence = [name, ...tgs.map((t) => t.arn)];
    if (problems.length) {
      return fail(
        text(
          `Auto Scaling group ${name}: ${joinText(problems).en}.`,
          `오토 스케일링 그룹 ${name}: ${joinText(problems).ko}.`,
        ),
        evidence,
      );
    }
    const tg = tgName(match?.arn ?? '', match?.tg);
    return pass(
      text(
        `Auto Scaling group ${name} is attached to target group ${tg} and uses ELB health checks.`,
        `오토 스케일링 그룹 ${name}은(는) 대상 그룹 ${tg}에 연결되어 있고 ELB 헬스 체크를 사용합니다.`,
      ),
      evidence,
    );
  },
});
