/**
 * The load balancing and auto scaling lab (module 7): an internet-facing application load balancer
 * in public subnets, a listener forwarding to a target group, and an Auto Scaling group launched from
 * a launch template in private subnets of two AZs, attached to that target group, bounded, scaled
 * on CPU, with healthy targets and a security-group chain from the load balancer to the instances.
 *
 * A candidate is one (load balancer, Auto Scaling group) pair; the pair the student wired together
 * (the group attached to a target group of the load balancer) is the first guess.
 */
import type { AutoScalingGroup, ScalingPolicy } from '@aws-sdk/client-auto-scaling';
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { LaunchTemplate, LaunchTemplateSpecification, LaunchTemplateVersion, Subnet } from '@aws-sdk/client-ec2';
import type {
  Listener,
  LoadBalancer,
  TargetGroup,
  TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import * as z from 'zod';
import {
  findLaunchTemplate,
  groupLaunchTemplateSpec,
  groupSubnetIds,
  groupTargetGroupArns,
  resolveLaunchTemplateVersion,
} from '../facts/autoscaling.js';
import { describeAlarmMetric, watchesCpuOf } from '../facts/cloudwatch.js';
import { forwardedTargetGroupArns, isApplicationLoadBalancer, nameFromArn } from '../facts/elb.js';
import { type Inventory, read, readEntry, tryRead } from '../inventory.js';
import {
  type CheckDefinition,
  fail,
  type LabDefinition,
  type Localized,
  type Outcome,
  pass,
  skip,
  text,
} from '../model.js';
import {
  chainFrom,
  defaultRoute,
  instanceGroupIds,
  isUnroutedDefaultSubnet,
  label,
  type Network,
  networkOf,
  openToWorld,
  routeTarget,
  sgLabel,
} from '../network.js';

const listenerSpec = z.object({ protocol: z.enum(['HTTP', 'HTTPS']), port: z.number().int().min(1).max(65535) });

export const albParams = z.object({
  /** The listeners the lab accepts (protocol and port). */
  listeners: z
    .array(listenerSpec)
    .min(1)
    .default([
      { protocol: 'HTTP', port: 80 },
      { protocol: 'HTTPS', port: 443 },
    ]),
  /** Protocols the lab's target group may use. */
  targetGroupProtocols: z
    .array(z.enum(['HTTP', 'HTTPS']))
    .min(1)
    .default(['HTTP']),
  /** Availability zones the load balancer and the Auto Scaling group must each span. */
  minAzs: z.number().int().min(1).default(2),
  /** Subnets the Auto Scaling group must span. */
  minSubnets: z.number().int().min(1).default(2),
  /** The group's subnets must be private by routing (the instances sit behind the load balancer). */
  asgSubnetsPrivate: z.boolean().default(true),
  /** Upper bound of the group's maximum size (the database behind it has limits). */
  maxSizeLimit: z.number().int().min(1).default(10),
  /** Metric names that count as CPU for scaling policies and alarms. */
  cpuMetricNames: z.array(z.string().min(1)).min(1).default(['CPUUtilization']),
});

export type AlbParams = z.output<typeof albParams>;

/** One candidate: the load balancer and the Auto Scaling group graded together (either may be missing). */
export interface AlbTarget {
  lb: LoadBalancer | undefined;
  group: AutoScalingGroup | undefined;
}

type AlbCheck = CheckDefinition<AlbTarget | undefined, AlbParams>;

const lbName = (lb: LoadBalancer) => lb.LoadBalancerName ?? nameFromArn(lb.LoadBalancerArn ?? '', 'loadbalancer');
const tgName = (arn: string, tg?: TargetGroup) => tg?.TargetGroupName ?? nameFromArn(arn, 'targetgroup');
const listenerLabel = (l: Listener) => `${l.Protocol}:${l.Port}`;
const groupName = (g: AutoScalingGroup) => g.AutoScalingGroupName ?? '(unnamed group)';

function listenersOf(inventory: Inventory, lb: LoadBalancer): Listener[] {
  return readEntry(inventory, 'elbv2.listeners', lb.LoadBalancerArn ?? '');
}

/** Listeners on a protocol and port the lab accepts. */
function labListeners(inventory: Inventory, lb: LoadBalancer, params: AlbParams): Listener[] {
  return listenersOf(inventory, lb).filter((l) =>
    params.listeners.some((spec) => spec.protocol === l.Protocol && spec.port === l.Port),
  );
}

interface LabTargetGroup {
  arn: string;
  tg: TargetGroup | undefined;
}

/**
 * The target groups the lab's listeners forward to, the ones the group is attached to first: the
 * first of them is "the listener's target group".
 */
function labTargetGroups(inventory: Inventory, target: AlbTarget, params: AlbParams): LabTargetGroup[] {
  if (!target.lb) return [];
  const arns = [...new Set(labListeners(inventory, target.lb, params).flatMap(forwardedTargetGroupArns))];
  const attached = new Set(target.group ? groupTargetGroupArns(target.group) : []);
  arns.sort((a, b) => Number(attached.has(b)) - Number(attached.has(a)));
  const tgs = read(inventory, 'elbv2.targetGroups');
  return arns.map((arn) => ({ arn, tg: tgs.find((t) => t.TargetGroupArn === arn) }));
}

/** Why a subnet is public or private, for messages: its route table and where 0.0.0.0/0 goes. */
function routeNote(network: Network, subnet: Subnet): string {
  const effective = network.effectiveRouteTable(subnet);
  if (isUnroutedDefaultSubnet(subnet, effective)) return `a default subnet of the default VPC ${subnet.VpcId}`;
  const { table } = effective;
  const target = routeTarget(defaultRoute(table));
  return target
    ? `${table?.RouteTableId} sends 0.0.0.0/0 to ${target}`
    : `${table?.RouteTableId ?? 'no route table'} has no 0.0.0.0/0 route`;
}

/** The lab's target and whether it holds an ASG: reading the source first makes a failed read an error. */
function requireGroup(inventory: Inventory, target: AlbTarget | undefined): AutoScalingGroup | undefined {
  read(inventory, 'autoscaling.groups');
  return target?.group;
}

function requireLb(inventory: Inventory, target: AlbTarget | undefined): LoadBalancer | undefined {
  read(inventory, 'elbv2.loadBalancers');
  return target?.lb;
}

const NO_GROUP = text(
  'No Auto Scaling group to judge (see asg.launch-template).',
  '판정할 오토 스케일링 그룹이 없습니다(asg.launch-template 참고).',
);
const NO_LB = text(
  'No application load balancer to judge (see alb.exists).',
  '판정할 애플리케이션 로드 밸런서가 없습니다(alb.exists 참고).',
);
const NO_TG = text(
  'No listener forwards to a target group, so there is no target group to judge (see alb.listener).',
  '대상 그룹으로 전달하는 리스너가 없어 판정할 대상 그룹이 없습니다(alb.listener 참고).',
);

/** A group being deleted satisfies nothing; its checks say so. */
function deleting(group: AutoScalingGroup): Outcome | undefined {
  if (group.Status !== 'Delete in progress') return undefined;
  const name = groupName(group);
  return fail(
    text(
      `Auto Scaling group ${name} is being deleted (Status: Delete in progress); create the group again for the lab.`,
      `오토 스케일링 그룹 ${name}이(가) 삭제 중입니다(Status: Delete in progress). 실습용 그룹을 다시 만드세요.`,
    ),
    [name],
  );
}

function joinClauses(items: string[]): string {
  return items.join('; ');
}

// ---------------------------------------------------------------------------------------------
// Candidates

function candidatesOf(inventory: Inventory): { id: string; name?: string; target: AlbTarget }[] {
  const lbs = tryRead(inventory, 'elbv2.loadBalancers');
  const groups = tryRead(inventory, 'autoscaling.groups');
  // Nothing at all can be listed: every check is an error, not a missing lab.
  if (!lbs && !groups) read(inventory, 'elbv2.loadBalancers');
  const albs = (lbs ?? []).filter(isApplicationLoadBalancer);
  const asgs = groups ?? [];
  const tgs = tryRead(inventory, 'elbv2.targetGroups') ?? [];
  const subnets = tryRead(inventory, 'ec2.subnets') ?? [];
  const defaultVpcs = new Set((tryRead(inventory, 'ec2.vpcs') ?? []).filter((v) => v.IsDefault).map((v) => v.VpcId));

  const linked = (lb: LoadBalancer, group: AutoScalingGroup) => {
    const attached = new Set(groupTargetGroupArns(group));
    return tgs.some(
      (tg) => attached.has(tg.TargetGroupArn ?? '') && tg.LoadBalancerArns?.includes(lb.LoadBalancerArn ?? ''),
    );
  };
  const vpcOfGroup = (group: AutoScalingGroup) =>
    subnets.find((s) => groupSubnetIds(group).includes(s.SubnetId ?? ''))?.VpcId;

  const pairs: { target: AlbTarget; rank: number }[] = [];
  const lbSide: (LoadBalancer | undefined)[] = albs.length ? albs : [undefined];
  const groupSide: (AutoScalingGroup | undefined)[] = asgs.length ? asgs : [undefined];
  for (const lb of lbSide) {
    for (const group of groupSide) {
      if (!lb && !group) continue;
      let rank = 0;
      if (lb && group && linked(lb, group)) rank += 4;
      if (lb && group && lb.VpcId !== undefined && vpcOfGroup(group) === lb.VpcId) rank += 2;
      const vpc = lb?.VpcId ?? (group ? vpcOfGroup(group) : undefined);
      if (vpc !== undefined && !defaultVpcs.has(vpc)) rank += 1;
      if (group?.Status === 'Delete in progress') rank -= 1;
      pairs.push({ target: { lb, group }, rank });
    }
  }
  return pairs
    .map((p, index) => ({ ...p, index }))
    .sort((a, b) => b.rank - a.rank || a.index - b.index)
    .map(({ target }) => {
      const names = [target.lb ? lbName(target.lb) : undefined, target.group?.AutoScalingGroupName].filter(
        (n): n is string => n !== undefined,
      );
      return {
        id: target.lb?.LoadBalancerArn ?? target.group?.AutoScalingGroupARN ?? target.group?.AutoScalingGroupName ?? '',
        name: names.join(' + '),
        target,
      };
    });
}

// ---------------------------------------------------------------------------------------------
// Checks

const exists: AlbCheck = {
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
    const en: string[] = [];
    const ko: string[] = [];
    if (lb.Scheme !== 'internet-facing') {
      en.push(`its scheme is ${lb.Scheme}; it should be internet-facing`);
      ko.push(`체계가 ${lb.Scheme}입니다. 인터넷 경계(internet-facing)여야 합니다`);
    }
    const state = lb.State?.Code;
    if (state === 'provisioning') {
      en.push('it is still provisioning (State: provisioning); grade again once it is active');
      ko.push('아직 프로비저닝 중입니다(State: provisioning). 활성(active) 상태가 되면 다시 채점하세요');
    } else if (state !== 'active') {
      const reason = lb.State?.Reason ? `: ${lb.State.Reason}` : '';
      en.push(`its state is ${state ?? 'unknown'}${reason}; it should be active`);
      ko.push(`상태가 ${state ?? '알 수 없음'}${reason}입니다. active여야 합니다`);
    }
    const zones = lb.AvailabilityZones ?? [];
    const azs = [...new Set(zones.map((z) => z.ZoneName ?? ''))].filter((z) => z !== '');
    if (azs.length < params.minAzs) {
      en.push(`it spans ${azs.length} AZ(s) (${azs.join(', ') || 'none'}); at least ${params.minAzs} are needed`);
      ko.push(
        `가용 영역 ${azs.length}개(${azs.join(', ') || '없음'})에만 있습니다. 최소 ${params.minAzs}개가 필요합니다`,
      );
    }
    const network = networkOf(inventory);
    const notPublic: string[] = [];
    for (const zone of zones) {
      evidence.push(zone.SubnetId ?? '');
      const subnet = network.subnet(zone.SubnetId);
      if (!subnet) notPublic.push(`${zone.SubnetId} (not found)`);
      else if (network.tierOf(subnet) !== 'public')
        notPublic.push(`${label(subnet.SubnetId, subnet.Tags)}: ${routeNote(network, subnet)}`);
    }
    if (notPublic.length) {
      const igws = lb.VpcId ? network.internetGatewaysOf(lb.VpcId) : [];
      const igwNote = igws.length ? '' : ` (no internet gateway is attached to ${lb.VpcId})`;
      en.push(`its subnets are not public by routing: ${notPublic.join(', ')}${igwNote}`);
      ko.push(
        `서브넷이 라우팅상 퍼블릭이 아닙니다: ${notPublic.join(', ')}${igws.length ? '' : ` (${lb.VpcId}에 인터넷 게이트웨이가 연결되어 있지 않음)`}`,
      );
    }
    if (en.length) {
      return fail(
        text(`Load balancer ${name}: ${joinClauses(en)}.`, `로드 밸런서 ${name}: ${joinClauses(ko)}.`),
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
};

const listener: AlbCheck = {
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
  evaluate(target, params, inventory) {
    const lb = requireLb(inventory, target);
    if (!lb) return skip(NO_LB);
    const name = lbName(lb);
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
};

const targetGroup: AlbCheck = {
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
    const lb = requireLb(inventory, target);
    if (!lb || !target) return skip(NO_LB);
    const tgs = labTargetGroups(inventory, target, params);
    if (tgs.length === 0) return skip(NO_TG);
    const verdicts = tgs.map(({ arn, tg }) => {
      const name = tgName(arn, tg);
      const en: string[] = [];
      const ko: string[] = [];
      if (!tg) {
        en.push('it does not exist');
        ko.push('존재하지 않습니다');
      } else {
        if (!params.targetGroupProtocols.includes(tg.Protocol as 'HTTP')) {
          en.push(`its protocol is ${tg.Protocol}; expected ${params.targetGroupProtocols.join(' or ')}`);
          ko.push(`프로토콜이 ${tg.Protocol}입니다. ${params.targetGroupProtocols.join(' 또는 ')}이어야 합니다`);
        }
        if (tg.TargetType !== 'instance') {
          en.push(`its target type is ${tg.TargetType}; expected instance`);
          ko.push(`대상 유형이 ${tg.TargetType}입니다. 인스턴스(instance)여야 합니다`);
        }
        if (tg.VpcId !== lb.VpcId) {
          en.push(`it is in ${tg.VpcId}, not in the load balancer's VPC ${lb.VpcId}`);
          ko.push(`로드 밸런서의 VPC ${lb.VpcId}가 아닌 ${tg.VpcId}에 있습니다`);
        }
        if (tg.HealthCheckEnabled === false) {
          en.push('its health check is disabled');
          ko.push('헬스 체크가 꺼져 있습니다');
        }
      }
      return { arn, name, en, ko, tg };
    });
    const good = verdicts.find((v) => v.en.length === 0);
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
        verdicts.map((v) => `Target group ${v.name}: ${joinClauses(v.en)}.`).join(' '),
        verdicts.map((v) => `대상 그룹 ${v.name}: ${joinClauses(v.ko)}.`).join(' '),
      ),
      verdicts.map((v) => v.arn),
    );
  },
};

const lbSg: AlbCheck = {
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
  evaluate(target, params, inventory) {
    const lb = requireLb(inventory, target);
    if (!lb) return skip(NO_LB);
    const name = lbName(lb);
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
};

interface SgSet {
  /** Where the groups come from: the launch template version and/or running instances. */
  sources: string[];
  groupIds: string[];
}

/**
 * The security groups the group's instances get, from the launch template and from its
 * instances; identical sets are judged (and reported) once.
 */
function instanceSgSets(inventory: Inventory, group: AutoScalingGroup): SgSet[] {
  const sets = new Map<string, SgSet>();
  const add = (source: string, ids: string[]) => {
    const groupIds = [...new Set(ids)].sort();
    const key = groupIds.join(',');
    const set = sets.get(key);
    if (set) set.sources.push(source);
    else sets.set(key, { sources: [source], groupIds });
  };
  const lt = launchTemplateOf(inventory, group);
  const data = lt.version?.LaunchTemplateData;
  if (data) {
    const ids = [...(data.SecurityGroupIds ?? []), ...(data.NetworkInterfaces ?? []).flatMap((n) => n.Groups ?? [])];
    if (ids.length) add(`launch template ${lt.template?.LaunchTemplateName} v${lt.number}`, ids);
  }
  const members = new Set((group.Instances ?? []).map((i) => i.InstanceId));
  for (const instance of read(inventory, 'ec2.instances')) {
    if (!members.has(instance.InstanceId) || instance.State?.Name === 'terminated') continue;
    add(`instance ${instance.InstanceId}`, instanceGroupIds(instance));
  }
  return [...sets.values()];
}

const sgChain: AlbCheck = {
  id: 'alb.sg-chain',
  title: text(
    "The instances' security group admits HTTP only from the load balancer's security group",
    '인스턴스의 보안 그룹이 로드 밸런서의 보안 그룹에서만 HTTP를 허용함',
  ),
  points: 10,
  hint: text(
    "Chain the security groups: the instances' security group should name the load balancer's security group as the source of its HTTP rule, with no CIDR source such as 0.0.0.0/0, so only the load balancer reaches the instances.",
    '보안 그룹을 체인으로 연결하세요. 인스턴스의 보안 그룹은 HTTP 규칙의 소스로 로드 밸런서의 보안 그룹을 지정하고 0.0.0.0/0 같은 CIDR 소스는 두지 않아야, 로드 밸런서만 인스턴스에 닿을 수 있습니다.',
  ),
  evaluate(target, params, inventory) {
    const lb = requireLb(inventory, target);
    const group = requireGroup(inventory, target);
    if (!lb || !target) return skip(NO_LB);
    if (!group) return skip(NO_GROUP);
    const lbSgs = lb.SecurityGroups ?? [];
    const port = labTargetGroups(inventory, target, params)[0]?.tg?.Port ?? 80;
    const sets = instanceSgSets(inventory, group);
    if (sets.length === 0) {
      return skip(
        text(
          `Auto Scaling group ${groupName(group)} has no instance and no launch template security group to judge.`,
          `오토 스케일링 그룹 ${groupName(group)}에 판정할 인스턴스나 시작 템플릿 보안 그룹이 없습니다.`,
        ),
      );
    }
    const network = networkOf(inventory);
    const en: string[] = [];
    const ko: string[] = [];
    const evidence = new Set<string>([...lbSgs, ...(group.Instances ?? []).map((i) => i.InstanceId ?? '')]);
    for (const set of sets) {
      const verdicts = set.groupIds.map((id) => ({ id, v: chainFrom(network.securityGroup(id), [port], lbSgs) }));
      for (const id of set.groupIds) evidence.add(id);
      const cidrs = verdicts.flatMap(({ id, v }) =>
        [...v.cidrSources, ...v.prefixListSources].map((c) => `${id} from ${c}`),
      );
      const fromLb = verdicts.some(({ v }) => v.fromAllowed.length > 0);
      if (cidrs.length) {
        en.push(`${set.sources.join(', ')}: ${cidrs.join(', ')} on port ${port}`);
        ko.push(`${set.sources.join(', ')}: 포트 ${port}을(를) ${cidrs.join(', ')}에서 허용`);
      } else if (!fromLb) {
        en.push(
          `${set.sources.join(', ')}: ${set.groupIds.join(', ')} admit port ${port} from none of ${lbSgs.join(', ')}`,
        );
        ko.push(
          `${set.sources.join(', ')}: ${set.groupIds.join(', ')}이(가) ${lbSgs.join(', ')}에서 오는 포트 ${port}을(를) 허용하지 않음`,
        );
      }
    }
    if (en.length) {
      return fail(
        text(
          `Instances of ${groupName(group)} should admit port ${port} only from the load balancer's security group ${lbSgs.join(', ')}: ${joinClauses(en)}.`,
          `${groupName(group)}의 인스턴스는 로드 밸런서의 보안 그룹 ${lbSgs.join(', ')}에서만 포트 ${port}을(를) 허용해야 합니다: ${joinClauses(ko)}.`,
        ),
        [...evidence],
      );
    }
    return pass(
      text(
        `Instances of ${groupName(group)} admit port ${port} only from the load balancer's security group ${lbSgs.join(', ')}.`,
        `${groupName(group)}의 인스턴스는 로드 밸런서의 보안 그룹 ${lbSgs.join(', ')}에서만 포트 ${port}을(를) 허용합니다.`,
      ),
      [...evidence],
    );
  },
};

interface ResolvedLaunchTemplate {
  spec: LaunchTemplateSpecification | undefined;
  template: LaunchTemplate | undefined;
  number: number | undefined;
  version: LaunchTemplateVersion | undefined;
}

function launchTemplateOf(inventory: Inventory, group: AutoScalingGroup): ResolvedLaunchTemplate {
  const spec = groupLaunchTemplateSpec(group);
  if (!spec) return { spec, template: undefined, number: undefined, version: undefined };
  const template = findLaunchTemplate(read(inventory, 'ec2.launchTemplates'), spec);
  const number = template ? resolveLaunchTemplateVersion(template, spec.Version) : undefined;
  if (!template?.LaunchTemplateId || number === undefined) return { spec, template, number, version: undefined };
  const versions = readEntry(inventory, 'ec2.launchTemplateVersions', template.LaunchTemplateId);
  return { spec, template, number, version: versions.find((v) => v.VersionNumber === number) };
}

const launchTemplate: AlbCheck = {
  id: 'asg.launch-template',
  judgedWithoutTarget: true,
  title: text(
    'The Auto Scaling group launches from a launch template with an AMI and an instance type',
    '오토 스케일링 그룹이 AMI와 인스턴스 유형이 있는 시작 템플릿으로 인스턴스를 시작함',
  ),
  points: 10,
  hint: text(
    'A launch template describes the instance the Auto Scaling group creates (AMI, instance type, security group): create one and use it in the group. Launch configurations are the older mechanism and are not the lab.',
    '시작 템플릿은 오토 스케일링 그룹이 만들 인스턴스(AMI, 인스턴스 유형, 보안 그룹)를 미리 정해 둔 것입니다. 시작 템플릿을 만들어 그룹에 지정하세요. 시작 구성(launch configuration)은 이전 방식이라 이 실습에 해당하지 않습니다.',
  ),
  evaluate(target, _params, inventory) {
    const group = requireGroup(inventory, target);
    if (!group) {
      return fail(
        text(
          `No Auto Scaling group in ${inventory.region}.`,
          `${inventory.region} 리전에 오토 스케일링 그룹이 없습니다.`,
        ),
      );
    }
    const gone = deleting(group);
    if (gone) return gone;
    const name = groupName(group);
    if (group.LaunchConfigurationName) {
      const lc = read(inventory, 'autoscaling.launchConfigurations').find(
        (c) => c.LaunchConfigurationName === group.LaunchConfigurationName,
      );
      const detail = lc ? ` (${lc.ImageId}, ${lc.InstanceType})` : '';
      return fail(
        text(
          `Auto Scaling group ${name} launches from launch configuration ${group.LaunchConfigurationName}${detail}; the lab expects a launch template.`,
          `오토 스케일링 그룹 ${name}이(가) 시작 구성 ${group.LaunchConfigurationName}${detail}(으)로 인스턴스를 시작합니다. 시작 템플릿을 사용해야 합니다.`,
        ),
        [name, group.LaunchConfigurationName],
      );
    }
    const lt = launchTemplateOf(inventory, group);
    if (!lt.spec) {
      return fail(
        text(
          `Auto Scaling group ${name} names no launch template.`,
          `오토 스케일링 그룹 ${name}에 지정된 시작 템플릿이 없습니다.`,
        ),
        [name],
      );
    }
    const ref = lt.spec.LaunchTemplateId ?? lt.spec.LaunchTemplateName ?? '';
    const asked = lt.spec.Version ?? '$Default';
    if (!lt.template) {
      return fail(
        text(
          `Auto Scaling group ${name} uses launch template ${ref}, which does not exist.`,
          `오토 스케일링 그룹 ${name}이(가) 사용하는 시작 템플릿 ${ref}이(가) 존재하지 않습니다.`,
        ),
        [name, ref],
      );
    }
    const ltName = lt.template.LaunchTemplateName ?? ref;
    const evidence = [name, lt.template.LaunchTemplateId ?? ref];
    if (!lt.version) {
      return fail(
        text(
          `Auto Scaling group ${name} uses version ${asked} of launch template ${ltName}, which does not exist.`,
          `오토 스케일링 그룹 ${name}이(가) 사용하는 시작 템플릿 ${ltName}의 버전 ${asked}이(가) 존재하지 않습니다.`,
        ),
        evidence,
      );
    }
    const data = lt.version.LaunchTemplateData ?? {};
    const overrides = group.MixedInstancesPolicy?.LaunchTemplate?.Overrides ?? [];
    // A mixed instances policy may leave the type to its overrides.
    const instanceType =
      data.InstanceType ??
      (overrides.some((o) => o.InstanceRequirements)
        ? 'instance requirements'
        : overrides
            .map((o) => o.InstanceType)
            .filter((t): t is string => t !== undefined)
            .join('/'));
    const missing: Localized[] = [];
    if (!data.ImageId) missing.push(text('AMI', 'AMI'));
    if (!instanceType) missing.push(text('instance type', '인스턴스 유형'));
    const which = asked === String(lt.number) ? `version ${lt.number}` : `version ${lt.number} (${asked})`;
    if (missing.length) {
      return fail(
        text(
          `Launch template ${ltName} ${which}, used by ${name}, has no ${missing.map((m) => m.en).join(' and no ')}.`,
          `${name}이(가) 사용하는 시작 템플릿 ${ltName} ${which}에 ${missing.map((m) => m.ko).join('과 ')}이(가) 없습니다.`,
        ),
        evidence,
      );
    }
    return pass(
      text(
        `Auto Scaling group ${name} launches from launch template ${ltName} ${which}: ${data.ImageId}, ${instanceType}.`,
        `오토 스케일링 그룹 ${name}은(는) 시작 템플릿 ${ltName} ${which}(${data.ImageId}, ${instanceType})로 인스턴스를 시작합니다.`,
      ),
      evidence,
    );
  },
};

const multiAz: AlbCheck = {
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
  evaluate(target, params, inventory) {
    const group = requireGroup(inventory, target);
    if (!group) return skip(NO_GROUP);
    const gone = deleting(group);
    if (gone) return gone;
    const name = groupName(group);
    const network = networkOf(inventory);
    const ids = groupSubnetIds(group);
    const subnets = ids.map((id) => network.subnet(id)).filter((s): s is Subnet => s !== undefined);
    const unknown = ids.filter((id) => !network.subnet(id));
    const azs = [...new Set(subnets.map((s) => s.AvailabilityZone ?? ''))].filter((a) => a !== '');
    const en: string[] = [];
    const ko: string[] = [];
    if (ids.length < params.minSubnets) {
      en.push(`it has ${ids.length} subnet(s) (${ids.join(', ') || 'none'}); at least ${params.minSubnets} are needed`);
      ko.push(`서브넷이 ${ids.length}개(${ids.join(', ') || '없음'})입니다. 최소 ${params.minSubnets}개가 필요합니다`);
    }
    if (azs.length < params.minAzs) {
      en.push(
        `its subnets are in ${azs.length} AZ(s) (${azs.join(', ') || 'none'}); at least ${params.minAzs} are needed`,
      );
      ko.push(
        `서브넷이 ${azs.length}개 AZ(${azs.join(', ') || '없음'})에만 있습니다. 최소 ${params.minAzs}개가 필요합니다`,
      );
    }
    if (unknown.length) {
      en.push(`subnets not found: ${unknown.join(', ')}`);
      ko.push(`찾을 수 없는 서브넷: ${unknown.join(', ')}`);
    }
    if (params.asgSubnetsPrivate) {
      const open = subnets.filter((s) => network.tierOf(s) === 'public');
      if (open.length) {
        const list = open.map((s) => `${label(s.SubnetId, s.Tags)}: ${routeNote(network, s)}`).join(', ');
        en.push(`public subnets by routing, where private ones are expected: ${list}`);
        ko.push(`프라이빗이어야 하는데 라우팅상 퍼블릭인 서브넷: ${list}`);
      }
    }
    const evidence = [name, ...ids];
    if (en.length) {
      return fail(
        text(`Auto Scaling group ${name}: ${joinClauses(en)}.`, `오토 스케일링 그룹 ${name}: ${joinClauses(ko)}.`),
        evidence,
      );
    }
    const tier = params.asgSubnetsPrivate ? ' private' : '';
    return pass(
      text(
        `Auto Scaling group ${name} spans ${ids.length}${tier} subnets in ${azs.length} AZs (${azs.join(', ')}).`,
        `오토 스케일링 그룹 ${name}은(는) ${azs.length}개 AZ(${azs.join(', ')})의${params.asgSubnetsPrivate ? ' 프라이빗' : ''} 서브넷 ${ids.length}개에 걸쳐 있습니다.`,
      ),
      evidence,
    );
  },
};

const capacity: AlbCheck = {
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
  evaluate(target, params, inventory) {
    const group = requireGroup(inventory, target);
    if (!group) return skip(NO_GROUP);
    const gone = deleting(group);
    if (gone) return gone;
    const name = groupName(group);
    const min = group.MinSize ?? 0;
    const desired = group.DesiredCapacity ?? 0;
    const max = group.MaxSize ?? 0;
    const actual = `min ${min}, desired ${desired}, max ${max}`;
    const en: string[] = [];
    const ko: string[] = [];
    if (min < 1) {
      en.push('min should be at least 1');
      ko.push('최소값은 1 이상이어야 합니다');
    }
    if (desired < min || desired > max) {
      en.push('desired should lie between min and max');
      ko.push('원하는 용량은 최소와 최대 사이여야 합니다');
    }
    if (max > params.maxSizeLimit) {
      en.push(`max should be at most ${params.maxSizeLimit}`);
      ko.push(`최대값은 ${params.maxSizeLimit} 이하여야 합니다`);
    }
    if (en.length) {
      return fail(
        text(
          `Auto Scaling group ${name} has ${actual}: ${joinClauses(en)}.`,
          `오토 스케일링 그룹 ${name}의 용량은 ${actual}입니다: ${joinClauses(ko)}.`,
        ),
        [name],
      );
    }
    return pass(
      text(
        `Auto Scaling group ${name} has ${actual} (max bounded by ${params.maxSizeLimit}).`,
        `오토 스케일링 그룹 ${name}의 용량은 ${actual}입니다(최대 ${params.maxSizeLimit} 이하).`,
      ),
      [name],
    );
  },
};

/**
 * The group and the target groups its load balancer's listeners forward to, or why the checks
 * that judge them together do not apply (no group, no load balancer, no forwarding listener).
 */
function groupBehindListener(
  target: AlbTarget | undefined,
  params: AlbParams,
  inventory: Inventory,
): Outcome | { group: AutoScalingGroup; tgs: LabTargetGroup[] } {
  const group = requireGroup(inventory, target);
  const lb = requireLb(inventory, target);
  if (!group) return skip(NO_GROUP);
  const gone = deleting(group);
  if (gone) return gone;
  if (!lb || !target) return skip(NO_LB);
  const tgs = labTargetGroups(inventory, target, params);
  if (tgs.length === 0) return skip(NO_TG);
  return { group, tgs };
}

const asgTargetGroup: AlbCheck = {
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
  evaluate(target, params, inventory) {
    const wired = groupBehindListener(target, params, inventory);
    if ('status' in wired) return wired;
    const { group, tgs } = wired;
    const name = groupName(group);
    const attached = groupTargetGroupArns(group);
    const match = tgs.find((t) => attached.includes(t.arn));
    const en: string[] = [];
    const ko: string[] = [];
    if (!match) {
      const now = attached.map((arn) => tgName(arn)).join(', ') || 'none';
      const wanted = tgs.map((t) => tgName(t.arn, t.tg)).join(' or ');
      en.push(`it is attached to target group(s) ${now}, not to the listener's ${wanted}`);
      ko.push(
        `연결된 대상 그룹이 ${now === 'none' ? '없습니다' : now}이며, 리스너의 대상 그룹 ${wanted}에 연결되어 있지 않습니다`,
      );
    }
    if (group.HealthCheckType !== 'ELB') {
      en.push(`its health check type is ${group.HealthCheckType ?? 'EC2'}; expected ELB`);
      ko.push(`헬스 체크 유형이 ${group.HealthCheckType ?? 'EC2'}입니다. ELB여야 합니다`);
    }
    const evidence = [name, ...tgs.map((t) => t.arn)];
    if (en.length) {
      return fail(
        text(`Auto Scaling group ${name}: ${joinClauses(en)}.`, `오토 스케일링 그룹 ${name}: ${joinClauses(ko)}.`),
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
};

interface PolicyVerdict {
  ok: boolean;
  en: string;
  ko: string;
  evidence: string[];
}

function judgePolicy(policy: ScalingPolicy, params: AlbParams, alarms: () => MetricAlarm[]): PolicyVerdict {
  const name = policy.PolicyName ?? '';
  const type = policy.PolicyType ?? 'SimpleScaling';
  const evidence = [policy.PolicyARN ?? name];
  const isCpu = (metric: string | undefined) => metric !== undefined && params.cpuMetricNames.includes(metric);
  if (policy.Enabled === false)
    return { ok: false, en: `${name} (${type}) is disabled`, ko: `${name}(${type})이(가) 비활성화됨`, evidence };
  if (type === 'TargetTrackingScaling') {
    const tt = policy.TargetTrackingConfiguration;
    const predefined = tt?.PredefinedMetricSpecification?.PredefinedMetricType;
    const custom = tt?.CustomizedMetricSpecification;
    const customNames = [custom?.MetricName, ...(custom?.Metrics ?? []).map((m) => m.MetricStat?.Metric?.MetricName)];
    if (predefined === 'ASGAverageCPUUtilization' || customNames.some(isCpu)) {
      return {
        ok: true,
        en: `${name} tracks average CPU utilisation at ${tt?.TargetValue}%`,
        ko: `${name}이(가) 평균 CPU 사용률 ${tt?.TargetValue}%를 목표로 추적`,
        evidence,
      };
    }
    const metric = predefined ?? customNames.find((n) => n !== undefined) ?? 'an unknown metric';
    return {
      ok: false,
      en: `${name} tracks ${metric}, not CPU`,
      ko: `${name}은(는) CPU가 아닌 ${metric}을(를) 추적`,
      evidence,
    };
  }
  if (type === 'StepScaling' || type === 'SimpleScaling') {
    const driving = alarms().filter((a) => a.AlarmActions?.includes(policy.PolicyARN ?? ''));
    if (driving.length === 0) {
      return {
        ok: false,
        en: `${name} (${type}) is driven by no CloudWatch alarm`,
        ko: `${name}(${type})을(를) 실행하는 CloudWatch 경보가 없음`,
        evidence,
      };
    }
    // The alarm must watch this group's CPU by its dimensions: a CPU alarm on another group, on
    // one instance or on the whole region's instances does not say how loaded this group is.
    const group = policy.AutoScalingGroupName ?? '';
    const cpu = driving.find(
      (a) => watchesCpuOf(a, params.cpuMetricNames, 'AutoScalingGroupName', group) && a.ActionsEnabled !== false,
    );
    const alarmNames = driving.map((a) => a.AlarmName ?? '');
    if (cpu) {
      return {
        ok: true,
        en: `${name} (${type}) is driven by CPU alarm ${cpu.AlarmName}`,
        ko: `${name}(${type})을(를) CPU 경보 ${cpu.AlarmName}이(가) 실행`,
        evidence: [...evidence, cpu.AlarmName ?? ''],
      };
    }
    const watched = driving.map(
      (a) => `${a.AlarmName} on ${describeAlarmMetric(a)}${a.ActionsEnabled === false ? ' (actions disabled)' : ''}`,
    );
    return {
      ok: false,
      en: `${name} (${type}) is driven by ${watched.join(', ')}, not by an enabled alarm on the CPU of group ${group}`,
      ko: `${name}(${type})을(를) 실행하는 경보(${watched.join(', ')})가 그룹 ${group}의 CPU 경보가 아니거나 작업이 꺼져 있음`,
      evidence: [...evidence, ...alarmNames],
    };
  }
  return {
    ok: false,
    en: `${name} is ${type}, which forecasts rather than reacts to CPU`,
    ko: `${name}은(는) ${type}로, CPU에 반응하지 않고 예측함`,
    evidence,
  };
}

const scalingPolicy: AlbCheck = {
  id: 'asg.scaling-policy',
  title: text('A scaling policy reacts to CPU', '조정 정책이 CPU 사용률에 반응함'),
  points: 10,
  hint: text(
    'A scaling policy decides by which metric the group grows and shrinks: use target tracking on average CPU utilisation, or a step/simple policy triggered by a CloudWatch alarm on CPUUtilization.',
    '조정 정책은 어떤 지표를 기준으로 그룹을 늘리고 줄일지 정합니다. 평균 CPU 사용률 대상 추적 정책을 쓰거나, CPUUtilization에 대한 CloudWatch 경보가 실행하는 단계/단순 조정 정책을 쓰세요.',
  ),
  evaluate(target, params, inventory) {
    const group = requireGroup(inventory, target);
    if (!group) return skip(NO_GROUP);
    const gone = deleting(group);
    if (gone) return gone;
    const name = groupName(group);
    const policies = read(inventory, 'autoscaling.policies').filter((p) => p.AutoScalingGroupName === name);
    if (policies.length === 0) {
      return fail(
        text(`Auto Scaling group ${name} has no scaling policy.`, `오토 스케일링 그룹 ${name}에 조정 정책이 없습니다.`),
        [name],
      );
    }
    // Alarms are read only when a step/simple policy needs them, so a denied CloudWatch read only
    // matters when it decides the verdict.
    const alarms = () => read(inventory, 'cloudwatch.alarms');
    // Policies that need no alarm are judged first: the first one reacting to CPU decides.
    const needsAlarm = (p: ScalingPolicy) => ['StepScaling', 'SimpleScaling'].includes(p.PolicyType ?? 'SimpleScaling');
    const ordered = [...policies.filter((p) => !needsAlarm(p)), ...policies.filter(needsAlarm)];
    const verdicts: PolicyVerdict[] = [];
    for (const policy of ordered) {
      const verdict = judgePolicy(policy, params, alarms);
      if (verdict.ok) {
        return pass(text(`Auto Scaling group ${name}: ${verdict.en}.`, `오토 스케일링 그룹 ${name}: ${verdict.ko}.`), [
          name,
          ...verdict.evidence,
        ]);
      }
      verdicts.push(verdict);
    }
    return fail(
      text(
        `No scaling policy of ${name} reacts to CPU: ${joinClauses(verdicts.map((v) => v.en))}.`,
        `${name}의 조정 정책 중 CPU에 반응하는 것이 없습니다: ${joinClauses(verdicts.map((v) => v.ko))}.`,
      ),
      [name, ...verdicts.flatMap((v) => v.evidence)],
    );
  },
};

const healthy: AlbCheck = {
  id: 'asg.healthy',
  title: text('At least min targets are healthy in the target group', '대상 그룹에 최소값 이상의 정상 대상이 있음'),
  points: 10,
  hint: text(
    "The load balancer sends traffic only to targets that pass its health check: make sure the application answers the target group's health check path on the traffic port, and that the instances' security group lets the load balancer in.",
    '로드 밸런서는 헬스 체크를 통과한 대상에만 트래픽을 보냅니다. 애플리케이션이 대상 그룹의 헬스 체크 경로에 응답하는지, 인스턴스의 보안 그룹이 로드 밸런서의 접근을 허용하는지 확인하세요.',
  ),
  evaluate(target, params, inventory) {
    const wired = groupBehindListener(target, params, inventory);
    if ('status' in wired) return wired;
    const { group } = wired;
    const primary = wired.tgs[0] as LabTargetGroup;
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
    const en: string[] = [];
    const ko: string[] = [];
    for (const [state, list] of byState) {
      if (state === 'healthy') continue;
      const ids = list.map((d) => {
        const why = d.TargetHealth?.Reason ? ` ${d.TargetHealth.Reason}` : '';
        return `${d.Target?.Id}${why}`;
      });
      if (state === 'initial') {
        en.push(
          `${list.length} initial (${ids.join(', ')}): health checks are still running, grade again in a few minutes`,
        );
        ko.push(`${list.length}개 initial(${ids.join(', ')}): 헬스 체크가 아직 진행 중이니 몇 분 뒤 다시 채점하세요`);
      } else if (state === 'draining') {
        en.push(`${list.length} draining (${ids.join(', ')}): being deregistered`);
        ko.push(`${list.length}개 draining(${ids.join(', ')}): 등록 해제 중`);
      } else {
        en.push(`${list.length} ${state} (${ids.join(', ')})`);
        ko.push(`${list.length}개 ${state}(${ids.join(', ')})`);
      }
    }
    return fail(
      text(
        `Target group ${tg} has ${healthyCount} healthy target(s), ${min} needed; ${joinClauses(en)}.`,
        `대상 그룹 ${tg}의 정상 대상은 ${healthyCount}개로 ${min}개가 필요합니다. ${joinClauses(ko)}.`,
      ),
      evidence,
    );
  },
};

export const albLab: LabDefinition<AlbTarget | undefined, AlbParams> = {
  id: 'alb',
  title: text('Load balancing and auto scaling lab', '로드 밸런싱 및 오토 스케일링 실습'),
  module: '7',
  idPrefixes: ['alb', 'asg'],
  paramsSchema: albParams,
  sources: [
    'elbv2.loadBalancers',
    'elbv2.listeners',
    'elbv2.targetGroups',
    'elbv2.targetHealth',
    'autoscaling.groups',
    'autoscaling.policies',
    'autoscaling.launchConfigurations',
    'ec2.launchTemplates',
    'ec2.launchTemplateVersions',
    'cloudwatch.alarms',
    'ec2.vpcs',
    'ec2.subnets',
    'ec2.routeTables',
    'ec2.internetGateways',
    'ec2.securityGroups',
    'ec2.instances',
  ],
  targetKind: text('load balancer and Auto Scaling group', '로드 밸런서와 오토 스케일링 그룹'),
  candidates: (inventory) => candidatesOf(inventory),
  noTarget: (inventory) =>
    text(
      `No application load balancer and no Auto Scaling group in ${inventory.region}.`,
      `${inventory.region} 리전에 애플리케이션 로드 밸런서도 오토 스케일링 그룹도 없습니다.`,
    ),
  checks: [
    exists,
    listener,
    targetGroup,
    lbSg,
    sgChain,
    launchTemplate,
    multiAz,
    capacity,
    asgTargetGroup,
    scalingPolicy,
    healthy,
  ],
  resources(target) {
    if (!target) return [];
    const ids: string[] = [];
    if (target.lb?.LoadBalancerArn) ids.push(target.lb.LoadBalancerArn);
    if (target.group) {
      ids.push(groupName(target.group));
      const spec = groupLaunchTemplateSpec(target.group);
      if (spec?.LaunchTemplateId) ids.push(spec.LaunchTemplateId);
    }
    return ids;
  },
};
