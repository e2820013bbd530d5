/**
 * What the load balancing lab grades (a load balancer and an Auto Scaling group, either may be
 * missing) and what its checks share: names for messages, the lab's listeners and target groups,
 * the Auto Scaling checks' preamble (`withGroup`, and the check binders `groupCheck` and
 * `groupBehindListenerCheck` built on it), and the load balancer checks' (`lbCheck`).
 */
import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import type { Subnet } from '@aws-sdk/client-ec2';
import type { Listener, LoadBalancer, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import { groupTargetGroupArns } from '../../facts/autoscaling.js';
import { forwardedTargetGroupArns, nameFromArn } from '../../facts/elb.js';
import { type Inventory, read, readEntry, type SourceKey } from '../../inventory.js';
import { defineCheck, fail, type Localized, type Outcome, skip, type TargetCheck, text } from '../../model.js';
import { defaultRoute, isUnroutedDefaultSubnet, type Network, routeTarget } from '../../network.js';
import type { AlbParams } from './params.js';

/** One candidate: the load balancer and the Auto Scaling group graded together (either may be missing). */
export interface AlbTarget {
  lb: LoadBalancer | undefined;
  group: AutoScalingGroup | undefined;
}

export const lbName = (lb: LoadBalancer) =>
  lb.LoadBalancerName ?? nameFromArn(lb.LoadBalancerArn ?? '', 'loadbalancer');

export const tgName = (arn: string, tg?: TargetGroup) => tg?.TargetGroupName ?? nameFromArn(arn, 'targetgroup');

export const listenerLabel = (l: Listener) => `${l.Protocol}:${l.Port}`;

export const groupName = (g: AutoScalingGroup) => g.AutoScalingGroupName ?? '(unnamed group)';

export function listenersOf(inventory: Inventory, lb: LoadBalancer): Listener[] {
  return readEntry(inventory, 'elbv2.listeners', lb.LoadBalancerArn ?? '');
}

/** Listeners on a protocol and port the lab accepts. */
export function labListeners(inventory: Inventory, lb: LoadBalancer, params: AlbParams): Listener[] {
  return listenersOf(inventory, lb).filter((l) =>
    params.listeners.some((spec) => spec.protocol === l.Protocol && spec.port === l.Port),
  );
}

export interface LabTargetGroup {
  arn: string;
  tg: TargetGroup | undefined;
}

/**
 * The target groups the lab's listeners forward to, the ones the group is attached to first: the
 * first of them is "the listener's target group".
 */
export function labTargetGroups(inventory: Inventory, target: AlbTarget, params: AlbParams): LabTargetGroup[] {
  if (!target.lb) return [];
  const arns = [...new Set(labListeners(inventory, target.lb, params).flatMap(forwardedTargetGroupArns))];
  const attached = new Set(target.group ? groupTargetGroupArns(target.group) : []);
  arns.sort((a, b) => Number(attached.has(b)) - Number(attached.has(a)));
  const tgs = read(inventory, 'elbv2.targetGroups');
  return arns.map((arn) => ({ arn, tg: tgs.find((t) => t.TargetGroupArn === arn) }));
}

/** Why a subnet is public or private, for messages (both languages): its route table and where 0.0.0.0/0 goes. */
export function routeNote(network: Network, subnet: Subnet): Localized {
  const effective = network.effectiveRouteTable(subnet);
  if (isUnroutedDefaultSubnet(subnet, effective)) {
    return text(`a default subnet of the default VPC ${subnet.VpcId}`, `기본 VPC ${subnet.VpcId}의 기본 서브넷`);
  }
  const { table } = effective;
  const target = routeTarget(defaultRoute(table));
  if (target) {
    return text(
      `${table?.RouteTableId} sends 0.0.0.0/0 to ${target}`,
      `${table?.RouteTableId}이(가) 0.0.0.0/0을 ${target}(으)로 보냄`,
    );
  }
  return table?.RouteTableId
    ? text(`${table.RouteTableId} has no 0.0.0.0/0 route`, `${table.RouteTableId}에 0.0.0.0/0 경로가 없음`)
    : text('no route table has no 0.0.0.0/0 route', '라우팅 테이블이 없어 0.0.0.0/0 경로가 없음');
}

/** The lab's target and whether it holds an ASG: reading the source first makes a failed read an error. */
export function requireGroup(inventory: Inventory, target: AlbTarget | undefined): AutoScalingGroup | undefined {
  read(inventory, 'autoscaling.groups');
  return target?.group;
}

export function requireLb(inventory: Inventory, target: AlbTarget | undefined): LoadBalancer | undefined {
  read(inventory, 'elbv2.loadBalancers');
  return target?.lb;
}

export const NO_GROUP = text(
  'No Auto Scaling group to judge (see asg.launch-template).',
  '판정할 오토 스케일링 그룹이 없습니다(asg.launch-template 참고).',
);

export const NO_LB = text(
  'No application load balancer to judge (see alb.exists).',
  '판정할 애플리케이션 로드 밸런서가 없습니다(alb.exists 참고).',
);

export const NO_TG = text(
  'No listener forwards to a target group, so there is no target group to judge (see alb.listener).',
  '대상 그룹으로 전달하는 리스너가 없어 판정할 대상 그룹이 없습니다(alb.listener 참고).',
);

/** A group being deleted satisfies nothing; its checks say so. */
export function deleting(group: AutoScalingGroup): Outcome | undefined {
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

/** The Auto Scaling group an `asg.*` check judges (never one being deleted), with its name for messages. */
export interface LabGroup {
  group: AutoScalingGroup;
  name: string;
}

/** The group behind the load balancer, and the target groups its listeners forward to (see labTargetGroups). */
export interface GroupBehindListener extends LabGroup {
  tgs: LabTargetGroup[];
}

/**
 * The Auto Scaling checks' preamble: the lab's group (a skip without one, since
 * asg.launch-template says why), a fail while it is being deleted, else the check's judgement of
 * the group. `alsoReads` are sources the check needs, read before anything is skipped, so that a
 * failed read is an error rather than a skip.
 */
export function withGroup(
  target: AlbTarget | undefined,
  inventory: Inventory,
  judge: (asg: LabGroup) => Outcome,
  alsoReads: readonly SourceKey[] = [],
): Outcome {
  const group = requireGroup(inventory, target);
  for (const key of alsoReads) read(inventory, key);
  if (!group) return skip(NO_GROUP);
  return deleting(group) ?? judge({ group, name: groupName(group) });
}

type CheckOf<Judged> = Omit<TargetCheck<Judged, AlbParams>, 'judgedWithoutTarget'>;

/** A check of the lab's Auto Scaling group: `evaluate` gets the group in place of the target (see withGroup). */
export function groupCheck(check: CheckOf<LabGroup>): TargetCheck<AlbTarget, AlbParams> {
  return albCheck({
    ...check,
    evaluate: (target, params, inventory) =>
      withGroup(target, inventory, (asg) => check.evaluate(asg, params, inventory)),
  });
}

/** The load balancer an `alb.*` check judges, with its name for messages (and the group graded with it). */
export interface LabLoadBalancer extends AlbTarget {
  lb: LoadBalancer;
  name: string;
}

/**
 * A check of the lab's load balancer: skipped without one (alb.exists says why); `evaluate` gets
 * the target with its load balancer, named.
 */
export function lbCheck(check: CheckOf<LabLoadBalancer>): TargetCheck<AlbTarget, AlbParams> {
  return albCheck({
    ...check,
    evaluate(target, params, inventory) {
      const lb = requireLb(inventory, target);
      if (!lb) return skip(NO_LB);
      return check.evaluate({ ...target, lb, name: lbName(lb) }, params, inventory);
    },
  });
}

/**
 * A check of the group together with the load balancer in front of it: skipped without a load
 * balancer or without a listener that forwards to a target group (alb.exists and alb.listener say
 * why); `evaluate` gets the group and those target groups.
 */
export function groupBehindListenerCheck(check: CheckOf<GroupBehindListener>): TargetCheck<AlbTarget, AlbParams> {
  return albCheck({
    ...check,
    evaluate: (target, params, inventory) =>
      withGroup(
        target,
        inventory,
        (asg) => {
          if (!target.lb) return skip(NO_LB);
          const tgs = labTargetGroups(inventory, target, params);
          if (tgs.length === 0) return skip(NO_TG);
          return check.evaluate({ ...asg, tgs }, params, inventory);
        },
        ['elbv2.loadBalancers'],
      ),
  });
}

// Candidates

/** Types a check of the lab (`alb.exists` and `asg.launch-template` are judged without a target). */
export const albCheck = defineCheck<AlbTarget, AlbParams>;
