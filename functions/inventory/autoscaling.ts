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
import * as z from 'zod';
import { type CollectorContext, defineCollector } from './collect.js';
import { allPages } from './ec2.js';
import { listOf, tags } from './schemas.js';

const autoscaling = (ctx: CollectorContext) => ctx.clients.get(AutoScalingClient, ctx.region);

export const autoscalingCollectors = [
  defineCollector({
    key: 'autoscaling.groups',
    schema: listOf('AutoScalingGroupName', {
      MinSize: z.number().optional(),
      MaxSize: z.number().optional(),
      DesiredCapacity: z.number().optional(),
      // One comma-separated string of subnet ids.
      VPCZoneIdentifier: z.string().optional(),
      TargetGroupARNs: z.array(z.string()).optional(),
      HealthCheckType: z.string().optional(),
      LaunchConfigurationName: z.string().optional(),
      LaunchTemplate: z
        .looseObject({ LaunchTemplateId: z.string().optional(), Version: z.string().optional() })
        .optional(),
      Status: z.string().optional(),
      Tags: tags,
    }),
    actions: ['autoscaling:DescribeAutoScalingGroups'],
    collect: (ctx) =>
      allPages(paginateDescribeAutoScalingGroups({ client: autoscaling(ctx) }, {}), (p) => p.AutoScalingGroups),
  }),
  defineCollector({
    key: 'autoscaling.policies',
    schema: listOf('PolicyARN', {
      AutoScalingGroupName: z.string().optional(),
      PolicyName: z.string().optional(),
      PolicyType: z.string().optional(),
    }),
    actions: ['autoscaling:DescribePolicies'],
    collect: (ctx) => allPages(paginateDescribePolicies({ client: autoscaling(ctx) }, {}), (p) => p.ScalingPolicies),
  }),
  defineCollector({
    key: 'autoscaling.launchConfigurations',
    schema: listOf('LaunchConfigurationName', { ImageId: z.string().optional(), InstanceType: z.string().optional() }),
    actions: ['autoscaling:DescribeLaunchConfigurations'],
    collect: (ctx) =>
      allPages(paginateDescribeLaunchConfigurations({ client: autoscaling(ctx) }, {}), (p) => p.LaunchConfigurations),
  }),
];
