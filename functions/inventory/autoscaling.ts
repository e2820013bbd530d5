/**
 * Auto Scaling sources: groups, scaling policies and launch configurations, one paginated call
 * each per region.
 */
import {
  AutoScalingClient,
  paginateDescribeAutoScalingGroups,
  paginateDescribeLaunchConfigurations,
  paginateDescribePolicies,
} from '@aws-sdk/client-auto-scaling';
import { allPages, type CollectorContext, defineReaders } from './collect.js';
import type { autoscalingSources } from './sources/autoscaling.js';

const autoscaling = (ctx: CollectorContext) => ctx.clients.get(AutoScalingClient, ctx.region);

export const autoscalingReaders = defineReaders<typeof autoscalingSources>({
  'autoscaling.groups': (ctx) =>
    allPages(paginateDescribeAutoScalingGroups({ client: autoscaling(ctx) }, {}), (p) => p.AutoScalingGroups),
  'autoscaling.policies': (ctx) =>
    allPages(paginateDescribePolicies({ client: autoscaling(ctx) }, {}), (p) => p.ScalingPolicies),
  'autoscaling.launchConfigurations': (ctx) =>
    allPages(paginateDescribeLaunchConfigurations({ client: autoscaling(ctx) }, {}), (p) => p.LaunchConfigurations),
});
