/**
 * Classic Load Balancers: one paginated DescribeLoadBalancers call per region, of the older
 * Elastic Load Balancing API (ELBv2 lists only application, network and gateway load balancers).
 */
import { ElasticLoadBalancingClient, paginateDescribeLoadBalancers } from '@aws-sdk/client-elastic-load-balancing';
import { allPages, type CollectorContext, defineReaders } from './collect.js';
import type { elbClassicSources } from './sources/elb-classic.js';

const elb = (ctx: CollectorContext) => ctx.clients.get(ElasticLoadBalancingClient, ctx.region);
export const elbClassicReaders = defineReaders<typeof elbClassicSources>({
  'elb.loadBalancers': (ctx) =>
    allPages(paginateDescribeLoadBalancers({ client: elb(ctx) }, {}), (p) => p.LoadBalancerDescriptions),
});
