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
import { allPages, type CollectorContext, collectorOf } from './collect.js';
import { autoscalingSources } from './sources/autoscaling.js';

const autoscaling = (ctx: CollectorContext) => ctx.clients.get(AutoScalingClient, ctx.region);

const collector = collectorOf(autoscalingSources);

export const autoscalingCollectors = [
  collector({
    key: 'autoscaling.groups',
    collect: (ctx) =>
      allPages(paginateDescribeAutoScalingGroups({ client: autoscaling(ctx) }, {}), (p) => p.AutoScalingGroups),
  }),
  collector({
    key: 'autoscaling.policies',
    collect: (ctx) => allPages(paginateDescribePolicies({ client: autoscaling(ctx) }, {}), (p) => p.ScalingPolicies),
  }),
  collector({
    key: 'autoscaling.launchConfigurations',
    collect: (ctx) =>
      allPages(paginateDescribeLaunchConfigurations({ client: autoscaling(ctx) }, {}), (p) => p.LaunchConfigurations),
  }),
];
