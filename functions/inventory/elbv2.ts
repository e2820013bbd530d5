/**
 * Elastic Load Balancing v2 sources: load balancers and target groups, one paginated call each per
 * region; listeners (one call per load balancer by API design) only for application load balancers,
 * and target health (one call per target group) only for target groups of those load balancers,
 * all in parallel.
 */
import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  paginateDescribeTargetGroups,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { isApplicationLoadBalancer } from '../../checks/facts/elb.js';
import { allPages, byKey, type CollectorContext, defineReaders } from './collect.js';
import type { elbv2Sources } from './sources/elbv2.js';

const elbv2 = (ctx: CollectorContext) => ctx.clients.get(ElasticLoadBalancingV2Client, ctx.region);

/** ARNs of the application load balancers: the only ones the lab grades. */
async function applicationLoadBalancerArns(ctx: CollectorContext): Promise<string[]> {
  const lbs = await ctx.need('elbv2.loadBalancers');
  return lbs.filter(isApplicationLoadBalancer).flatMap((lb) => (lb.LoadBalancerArn ? [lb.LoadBalancerArn] : []));
}

export const elbv2Readers = defineReaders<typeof elbv2Sources>({
  'elbv2.loadBalancers': (ctx) =>
    allPages(paginateDescribeLoadBalancers({ client: elbv2(ctx) }, {}), (p) => p.LoadBalancers),
  'elbv2.listeners': async (ctx) => {
    const client = elbv2(ctx);
    return byKey(await applicationLoadBalancerArns(ctx), (LoadBalancerArn) =>
      allPages(paginateDescribeListeners({ client }, { LoadBalancerArn }), (p) => p.Listeners),
    );
  },
  'elbv2.targetGroups': (ctx) =>
    allPages(paginateDescribeTargetGroups({ client: elbv2(ctx) }, {}), (p) => p.TargetGroups),
  'elbv2.targetHealth': async (ctx) => {
    const [albs, tgs] = await Promise.all([applicationLoadBalancerArns(ctx), ctx.need('elbv2.targetGroups')]);
    const candidates = new Set(albs);
    const arns = tgs
      .filter((tg) => tg.LoadBalancerArns?.some((arn) => candidates.has(arn)))
      .flatMap((tg) => (tg.TargetGroupArn ? [tg.TargetGroupArn] : []));
    const client = elbv2(ctx);
    // DescribeTargetHealth is not paginated: it answers every target of one group.
    return byKey(arns, async (TargetGroupArn) => {
      const out = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn }));
      return out.TargetHealthDescriptions ?? [];
    });
  },
});
