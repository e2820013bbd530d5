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
import { allPages, type CollectorContext, collectorOf } from './collect.js';
import { elbv2Sources } from './sources/elbv2.js';

const elbv2 = (ctx: CollectorContext) => ctx.clients.get(ElasticLoadBalancingV2Client, ctx.region);

/** ARNs of the application load balancers: the only ones the lab grades. */
async function applicationLoadBalancerArns(ctx: CollectorContext): Promise<string[]> {
  const lbs = await ctx.need('elbv2.loadBalancers');
  return lbs.filter(isApplicationLoadBalancer).flatMap((lb) => (lb.LoadBalancerArn ? [lb.LoadBalancerArn] : []));
}

const collector = collectorOf(elbv2Sources);

export const elbv2Collectors = [
  collector({
    key: 'elbv2.loadBalancers',
    collect: (ctx) => allPages(paginateDescribeLoadBalancers({ client: elbv2(ctx) }, {}), (p) => p.LoadBalancers),
  }),
  collector({
    key: 'elbv2.listeners',
    async collect(ctx) {
      const client = elbv2(ctx);
      const entries = await Promise.all(
        (await applicationLoadBalancerArns(ctx)).map(
          async (LoadBalancerArn) =>
            [
              LoadBalancerArn,
              await allPages(paginateDescribeListeners({ client }, { LoadBalancerArn }), (p) => p.Listeners),
            ] as const,
        ),
      );
      return Object.fromEntries(entries);
    },
  }),
  collector({
    key: 'elbv2.targetGroups',
    collect: (ctx) => allPages(paginateDescribeTargetGroups({ client: elbv2(ctx) }, {}), (p) => p.TargetGroups),
  }),
  collector({
    key: 'elbv2.targetHealth',
    async collect(ctx) {
      const [albs, tgs] = await Promise.all([applicationLoadBalancerArns(ctx), ctx.need('elbv2.targetGroups')]);
      const candidates = new Set(albs);
      const arns = tgs
        .filter((tg) => tg.LoadBalancerArns?.some((arn) => candidates.has(arn)))
        .flatMap((tg) => (tg.TargetGroupArn ? [tg.TargetGroupArn] : []));
      const client = elbv2(ctx);
      // DescribeTargetHealth is not paginated: it answers every target of one group.
      const entries = await Promise.all(
        arns.map(async (TargetGroupArn) => {
          const out = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn }));
          return [TargetGroupArn, out.TargetHealthDescriptions ?? []] as const;
        }),
      );
      return Object.fromEntries(entries);
    },
  }),
];
