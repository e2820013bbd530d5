/**
 * The load balancing and auto scaling lab (module 7): an internet-facing application load balancer
 * in public subnets, a listener forwarding to a target group, and an Auto Scaling group launched from
 * a launch template in private subnets of two AZs, attached to that target group, bounded, scaled
 * on CPU, with healthy targets and a security-group chain from the load balancer to the instances.
 *
 * A candidate is one (load balancer, Auto Scaling group) pair (candidates.ts). One file per topic:
 * the load balancer's `alb.*` checks (load-balancer.ts, sg-chain.ts) and the group's `asg.*` ones
 * (launch-template.ts, group.ts, scaling.ts, health.ts); target.ts holds what they share.
 */
import { groupLaunchTemplateSpec } from '../../facts/autoscaling.js';
import { defineLab, text } from '../../model.js';
import { candidatesOf } from './candidates.js';
import { asgTargetGroup, capacity, multiAz } from './group.js';
import { healthy } from './health.js';
import { launchTemplate } from './launch-template.js';
import { exists, lbSg, listener, targetGroup } from './load-balancer.js';
import { albManifest } from './manifest.js';
import { albParamsSchema } from './params.js';
import { scalingPolicy } from './scaling.js';
import { sgChain } from './sg-chain.js';
import { groupName } from './target.js';

export type { AlbParams } from './params.js';

/** The lab's parameters' schema (the manifest builds it on first use; the lab is loaded to grade). */
export const albParams = albParamsSchema();
export type { AlbTarget } from './target.js';

export const albLab = defineLab({
  ...albManifest,
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
    const ids: string[] = [];
    if (target.lb?.LoadBalancerArn) ids.push(target.lb.LoadBalancerArn);
    if (target.group) {
      ids.push(groupName(target.group));
      const spec = groupLaunchTemplateSpec(target.group);
      if (spec?.LaunchTemplateId) ids.push(spec.LaunchTemplateId);
    }
    return ids;
  },
});
