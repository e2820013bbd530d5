/**
 * The load balancer's checks: `alb.exists` (internet-facing, active, public subnets in enough
 * AZs), `alb.listener`, `alb.target-group` and `alb.sg`.
 */
import type { TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import { forwardedTargetGroupArns, isApplicationLoadBalancer } from '../../facts/elb.js';
import { read } from '../../inventory.js';
import { fail, joinText, type Localized, pass, skip, text } from '../../model.js';
import { label, networkOf, openToWorld, sgLabel } from '../../network.js';
import {
  albCheck,
  labListeners,
  labTargetGroups,
  lbCheck,
  lbName,
  listenerLabel,
  listenersOf,
  NO_TG,
  requireLb,
  routeNote,
  tgName,
} from './target.js';

export const exists = albCheck({
  id: 'alb.exists',
  judgedWithoutTarget: true,
  title: text(
    'An internet-facing application load balancer is active in 2 AZs, in public subnets',
    '인터넷 경계 애플리케이션 로드 밸런서가 퍼블릭 서브넷의 2개 AZ에서 활성 상태임',
  ),
  points: 10,
  hint: text(
    'Create an Application Load Balancer with the internet-facing scheme and map it to public subnets (whose route table sends 0.0.0.0/0 to the internet gateway) in at least two Availability Zones; clients reach the instances only through it.',
    '체계(scheme)를 인터넷 경계(internet-facing)로 한 Application Load Balancer를 만들고, 최소 2개 가용 영역의 퍼블릭 서브넷(라우팅 테이블이 0.0.0.0/0을 인터넷 게이트웨이로 보내는 서브넷)에 매핑하세요. 클라이언트는 로드 밸런서를 통해서만 인스턴스에 닿습니다.',
  ),
  evaluate(target, params, inventory) {
    const lb = requireLb(inventory, target);
    if (!lb) {
      const others = read(inventory, 'elbv2.loadBalancers').filter((l) => !isApplicationLoadBalancer(l));
      const seen = others.map((l) => `${lbName(l)} (${l.Type})`).join(', ');
      return fail(
        others.length
          ? text(
              `No application load balancer in ${inventory.region}; found only ${seen}. The lab needs an Application Load Balancer.`,
              `${inventory.region} 리전에 애플리케이션 로드 밸런서가 없습니다(있는 것: ${seen}). 실습에는 Application Load Balancer가 필요합니다.`,
            )
          : text(
              `No application load balancer in ${inventory.region}.`,
              `${inventory.region} 리전에 애플리케이션 로드 밸런서가 없습니다.`,
            ),
        others.map((l) => l.LoadBalancerArn ?? ''),
      );
    }
    const name = lbName(lb);
    const evidence = [lb.LoadBalancerArn ?? name];
    const problems: Localized[] = [];
    if (lb.Scheme !== 'internet-facing') {
      problems.push(
        text(
          `its scheme is ${lb.Scheme}; it should be internet-facing`,
          `체계가 ${lb.Scheme}입니다. 인터넷 경계(internet-facing)여야 합니다`,
        ),
      );
    }
    const state = lb.State?.Code;
    if (state === 'provisioning') {
      problems.push(
        text(
          'it is still provisioning (State: provisioning); grade again once it is active',
          '아직 프로비저닝 중입니다(State: provisioning). 활성(active) 상태가 되면 다시 채점하세요',
        ),
      );
    } else if (state !== 'active') {
      const reason = lb.State?.Reason ? `: ${lb.State.Reason}` : '';
      problems.push(
        text(
          `its state is ${state ?? 'unknown'}${reason}; it should be active`,
          `상태가 ${state ?? '알 수 없음'}${reason}입니다. active여야 합니다`,
        ),
      );
    }
    const zones = lb.AvailabilityZones ?? [];
    const azs = [...new Set(zones.map((z) => z.ZoneName ?? ''))].filter((z) => z !== '');
    if (azs.length < params.minAzs) {
      problems.push(
        text(
          `it spans ${azs.length} AZ(s) (${azs.join(', ') || 'none'}); at least ${params.minAzs} are needed`,
          `가용 영역 ${azs.length}개(${azs.join(', ') || '없음'})에만 있습니다. 최소 ${params.minAzs}개가 필요합니다`,
        ),
      );
    }
    const network = networkOf(inventory);
    const notPublic: Localized[] = [];
    for (const zone of zones) {
      evidence.push(zone.SubnetId ?? '');
      const subnet = network.subnet(zone.SubnetId);
      if (!subnet) notPublic.push(text(`${zone.SubnetId} (not found)`, `${zone.SubnetId} (찾을 수 없음)`));
      else if (network.tierOf(subnet) !== 'public') {
        const why = routeNote(network, subnet);
        const name = label(subnet.SubnetId, subnet.Tags);
        notPublic.push(text(`${name}: ${why.en}`, `${name}: ${why.ko}`));
      }
    }
    if (notPublic.length) {
      const igws = lb.VpcId ? network.internetGatewaysOf(lb.VpcId) : [];
      const igwNote = igws.length ? '' : ` (no internet gateway is attached to ${lb.VpcId})`;
      const list = joinText(notPublic, ', ');
      problems.push(
        text(
          `its subnets are not public by routing: ${list.en}${igwNote}`,
          `서브넷이 라우팅상 퍼블릭이 아닙니다: ${list.ko}${igws.length ? '' : ` (${lb.VpcId}에 인터넷 게이트웨이가 연결되어 있지 않음)`}`,
        ),
      );
    }
    if (problems.length) {
      return fail(
        text(`Load balancer ${name}: ${joinText(problems).en}.`, `로드 밸런서 ${name}: ${joinText(problems).ko}.`),
        evidence,
      );
    }
    return pass(
      text(
        `Load balancer ${name} is internet-facing and active in ${azs.length} AZs (${azs.join(', ')}), all in public subnets.`,
        `로드 밸런서 ${name}은(는) 인터넷 경계이며 퍼블릭 서브넷의 ${azs.length}개 AZ(${azs.join(', ')})에서 활성 상태입니다.`,
      ),
      evidence,
    );
  },
});

export const listener = lbCheck({
  id: 'alb.listener',
  title: text(
    'A listener on HTTP 80 (or HTTPS 443) forwards to a target group',
    'HTTP 80(또는 HTTPS 443) 리스너가 대상 그룹으로 전달함',
  ),
  points: 10,
  hint: text(
    'A listener decides which port the load balancer listens on and where the requests go: add a listener on HTTP 80 (or HTTPS 443) whose default action forwards to your target group.',
    '리스너는 로드 밸런서가 어느 포트를 리스닝하고 요청을 어디로 보낼지 정합니다. HTTP 80(또는 HTTPS 443) 리스너를 추가하고 기본 작업을 대상 그룹으로 전달(forward)하도록 설정하세요.',
  ),
  evaluate({ lb, name }, params, inventory) {
    const all = listenersOf(inventory, lb);
    const wanted = params.listeners.map((l) => `${l.protocol}:${l.port}`).join(' or ');
    const evidence = [lb.LoadBalancerArn ?? name, ...all.map((l) => l.ListenerArn ?? '')];
    if (all.length === 0) {
      return fail(
        text(
          `Load balancer ${name} has no listener; expected ${wanted} forwarding to a target group.`,
          `로드 밸런서 ${name}에 리스너가 없습니다. 대상 그룹으로 전달하는 ${wanted} 리스너가 필요합니다.`,
        ),
        evidence,
      );
    }
    const lab = labListeners(inventory, lb, params);
    if (lab.length === 0) {
      const found = all.map(listenerLabel).join(', ');
      return fail(
        text(
          `Load balancer ${name} listens on ${found}; expected ${wanted}.`,
          `로드 밸런서 ${name}의 리스너는 ${found}입니다. ${wanted} 리스너가 필요합니다.`,
        ),
        evidence,
      );
    }
    const forwarding = lab.find((l) => forwardedTargetGroupArns(l).length > 0);
    if (!forwarding) {
      const actions = lab.map(
        (l) => `${listenerLabel(l)} → ${(l.DefaultActions ?? []).map((a) => a.Type).join(', ') || 'no action'}`,
      );
      return fail(
        text(
          `No listener of ${name} forwards to a target group (${actions.join('; ')}).`,
          `${name}의 리스너 중 대상 그룹으로 전달(forward)하는 것이 없습니다(${actions.join('; ')}).`,
        ),
        evidence,
      );
    }
    const tgs = forwardedTargetGroupArns(forwarding);
    const tgNames = tgs.map((arn) => tgName(arn)).join(', ');
    return pass(
      text(
        `Listener ${listenerLabel(forwarding)} of ${name} forwards to target group ${tgNames}.`,
        `${name}의 ${listenerLabel(forwarding)} 리스너가 대상 그룹 ${tgNames}(으)로 전달합니다.`,
      ),
      [...evidence, ...tgs],
    );
  },
});

export const targetGroup = lbCheck({
  id: 'alb.target-group',
  title: text(
    'The target group is HTTP, targets instances in the lab VPC and has a health check',
    '대상 그룹이 HTTP이고 실습 VPC의 인스턴스를 대상으로 하며 헬스 체크가 있음',
  ),
  points: 10,
  hint: text(
    'The target group is where the load balancer sends requests and where the Auto Scaling group registers its instances: use target type "instance", protocol HTTP, the VPC of the load balancer, and a health check path the application answers.',
    '대상 그룹은 로드 밸런서가 요청을 보내는 곳이자 오토 스케일링 그룹이 인스턴스를 등록하는 곳입니다. 대상 유형은 인스턴스, 프로토콜은 HTTP, VPC는 로드 밸런서와 같은 VPC로 하고, 애플리케이션이 응답하는 헬스 체크 경로를 설정하세요.',
  ),
  evaluate(target, params, inventory) {
    const { lb } = target;
    const tgs = labTargetGroups(inventory, target, params);
    if (tgs.length === 0) return skip(NO_TG);
    const verdicts = tgs.map(({ arn, tg }) => {
      const name = tgName(arn, tg);
      const problems: Localized[] = [];
      if (!tg) {
        problems.push(text('it does not exist', '존재하지 않습니다'));
      } else {
        if (!params.targetGroupProtocols.includes(tg.Protocol as 'HTTP')) {
          problems.push(
            text(
              `its protocol is ${tg.Protocol}; expected ${params.targetGroupProtocols.join(' or ')}`,
              `프로토콜이 ${tg.Protocol}입니다. ${params.targetGroupProtocols.join(' 또는 ')}이어야 합니다`,
            ),
          );
        }
        if (tg.TargetType !== 'instance') {
          problems.push(
            text(
              `its target type is ${tg.TargetType}; expected instance`,
              `대상 유형이 ${tg.TargetType}입니다. 인스턴스(instance)여야 합니다`,
            ),
          );
        }
        if (tg.VpcId !== lb.VpcId) {
          problems.push(
            text(
              `it is in ${tg.VpcId}, not in the load balancer's VPC ${lb.VpcId}`,
              `로드 밸런서의 VPC ${lb.VpcId}가 아닌 ${tg.VpcId}에 있습니다`,
            ),
          );
        }
        if (tg.HealthCheckEnabled === false) {
          problems.push(text('its health check is disabled', '헬스 체크가 꺼져 있습니다'));
        }
      }
      return { arn, name, problems, tg };
    });
    const good = verdicts.find((v) => v.problems.length === 0);
    if (good) {
      const tg = good.tg as TargetGroup;
      const check = `${tg.HealthCheckProtocol ?? 'HTTP'} ${tg.HealthCheckPath ?? ''}`.trim();
      return pass(
        text(
          `Target group ${good.name} is ${tg.Protocol}:${tg.Port}, targets instances in ${tg.VpcId}, health check ${check}.`,
          `대상 그룹 ${good.name}은(는) ${tg.Protocol}:${tg.Port}이며 ${tg.VpcId}의 인스턴스를 대상으로 하고 헬스 체크는 ${check}입니다.`,
        ),
        [good.arn],
      );
    }
    return fail(
      text(
        verdicts.map((v) => `Target group ${v.name}: ${joinText(v.problems).en}.`).join(' '),
        verdicts.map((v) => `대상 그룹 ${v.name}: ${joinText(v.problems).ko}.`).join(' '),
      ),
      verdicts.map((v) => v.arn),
    );
  },
});

export const lbSg = lbCheck({
  id: 'alb.sg',
  title: text(
    "The load balancer's security group admits HTTP/HTTPS from anywhere",
    '로드 밸런서의 보안 그룹이 어디서나 HTTP/HTTPS를 허용함',
  ),
  points: 10,
  hint: text(
    "The load balancer is the public entry point: its security group needs an inbound rule for the listener's port (HTTP 80 or HTTPS 443) from 0.0.0.0/0 (and ::/0 for IPv6).",
    '로드 밸런서는 외부에서 들어오는 입구입니다. 로드 밸런서의 보안 그룹에 리스너 포트(HTTP 80 또는 HTTPS 443)를 0.0.0.0/0(IPv6는 ::/0)에서 허용하는 인바운드 규칙이 필요합니다.',
  ),
  evaluate({ lb, name }, params, inventory) {
    const network = networkOf(inventory);
    const sgIds = lb.SecurityGroups ?? [];
    if (sgIds.length === 0) {
      return fail(text(`Load balancer ${name} has no security group.`, `로드 밸런서 ${name}에 보안 그룹이 없습니다.`), [
        lb.LoadBalancerArn ?? name,
      ]);
    }
    const listenerPorts = labListeners(inventory, lb, params).map((l) => l.Port ?? 0);
    const ports = listenerPorts.length ? [...new Set(listenerPorts)] : params.listeners.map((l) => l.port);
    for (const id of sgIds) {
      for (const port of ports) {
        if (openToWorld(network.securityGroup(id), port).length > 0) {
          const sg = network.securityGroup(id);
          return pass(
            text(
              `Security group ${label(id, sg?.Tags)} of ${name} admits port ${port} from anywhere.`,
              `${name}의 보안 그룹 ${label(id, sg?.Tags)}이(가) 어디서나 포트 ${port}을(를) 허용합니다.`,
            ),
            [id],
          );
        }
      }
    }
    const groups = sgIds.map((id) => {
      const sg = network.securityGroup(id);
      return sg ? sgLabel(sg, id) : `${id} (not found)`;
    });
    return fail(
      text(
        `The security groups of ${name} (${groups.join(', ')}) admit port ${ports.join('/')} from no 0.0.0.0/0 or ::/0 source.`,
        `${name}의 보안 그룹(${groups.join(', ')})이 포트 ${ports.join('/')}을(를) 0.0.0.0/0 또는 ::/0에서 허용하지 않습니다.`,
      ),
      sgIds,
    );
  },
});
