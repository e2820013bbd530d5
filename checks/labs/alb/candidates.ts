/**
 * The candidates: every (load balancer, Auto Scaling group) pair, the pair the student wired
 * together (the group attached to a target group of the load balancer) first.
 */
import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import type { LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import { groupSubnetIds, groupTargetGroupArns } from '../../facts/autoscaling.js';
import { isApplicationLoadBalancer } from '../../facts/elb.js';
import { type Inventory, read, tryRead } from '../../inventory.js';
import { type AlbTarget, lbName } from './target.js';

export function candidatesOf(inventory: Inventory): { id: string; name?: string; target: AlbTarget }[] {
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

// Checks
