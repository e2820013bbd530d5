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
import * as z from 'zod';
import { isApplicationLoadBalancer } from '../../checks/facts/elb.js';
import { type CollectorContext, defineCollector } from './collect.js';
import { allPages } from './ec2.js';
import { byId, listOf } from './schemas.js';

const elbv2 = (ctx: CollectorContext) => ctx.clients.get(ElasticLoadBalancingV2Client, ctx.region);

const listener = z.looseObject({
  ListenerArn: z.string(),
  Port: z.number().optional(),
  Protocol: z.string().optional(),
  DefaultActions: z
    .array(z.looseObject({ Type: z.string().optional(), TargetGroupArn: z.string().optional() }))
    .optional(),
});

const targetHealth = z.looseObject({
  Target: z.looseObject({ Id: z.string().optional() }).optional(),
  TargetHealth: z.looseObject({ State: z.string().optional(), Reason: z.string().optional() }).optional(),
});

/** ARNs of the application load balancers: the only ones the lab grades. */
async function applicationLoadBalancerArns(ctx: CollectorContext): Promise<string[]> {
  const lbs = await ctx.need('elbv2.loadBalancers');
  return lbs.filter(isApplicationLoadBalancer).flatMap((lb) => (lb.LoadBalancerArn ? [lb.LoadBalancerArn] : []));
}

export const elbv2Collectors = [
  defineCollector({
    key: 'elbv2.loadBalancers',
    schema: listOf('LoadBalancerArn', {
      Type: z.string().optional(),
      Scheme: z.string().optional(),
      VpcId: z.string().optional(),
      State: z.looseObject({ Code: z.string().optional() }).optional(),
      AvailabilityZones: z
        .array(z.looseObject({ SubnetId: z.string().optional(), ZoneName: z.string().optional() }))
        .optional(),
      SecurityGroups: z.array(z.string()).optional(),
    }),
    actions: ['elasticloadbalancing:DescribeLoadBalancers'],
    collect: (ctx) => allPages(paginateDescribeLoadBalancers({ client: elbv2(ctx) }, {}), (p) => p.LoadBalancers),
  }),
  defineCollector({
    key: 'elbv2.listeners',
    schema: byId(z.array(listener)),
    actions: ['elasticloadbalancing:DescribeListeners'],
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
  defineCollector({
    key: 'elbv2.targetGroups',
    schema: listOf('TargetGroupArn', {
      Protocol: z.string().optional(),
      Port: z.number().optional(),
      VpcId: z.string().optional(),
      TargetType: z.string().optional(),
      LoadBalancerArns: z.array(z.string()).optional(),
    }),
    actions: ['elasticloadbalancing:DescribeTargetGroups'],
    collect: (ctx) => allPages(paginateDescribeTargetGroups({ client: elbv2(ctx) }, {}), (p) => p.TargetGroups),
  }),
  defineCollector({
    key: 'elbv2.targetHealth',
    schema: byId(z.array(targetHealth)),
    actions: ['elasticloadbalancing:DescribeTargetHealth'],
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
