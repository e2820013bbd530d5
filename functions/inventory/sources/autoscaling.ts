/** Auto Scaling sources: groups, scaling policies, launch configurations. */
import * as z from 'zod';
import { defineSources, type LoadedReaders, listOf, optional, tags } from '../schemas.js';

export const autoscalingSources = defineSources(
  async (): LoadedReaders => (await import('../autoscaling.js')).autoscalingReaders,
  {
    'autoscaling.groups': {
      schema: () =>
        listOf('AutoScalingGroupName', {
          ...optional.numbers('MinSize', 'MaxSize', 'DesiredCapacity'),
          // One comma-separated string of subnet ids.
          ...optional.strings('VPCZoneIdentifier'),
          TargetGroupARNs: z.array(z.string()).optional(),
          ...optional.strings('HealthCheckType', 'LaunchConfigurationName'),
          LaunchTemplate: z.looseObject(optional.strings('LaunchTemplateId', 'Version')).optional(),
          ...optional.strings('Status'),
          Tags: tags(),
        }),
      actions: ['autoscaling:DescribeAutoScalingGroups'],
    },
    'autoscaling.policies': {
      schema: () => listOf('PolicyARN', optional.strings('AutoScalingGroupName', 'PolicyName', 'PolicyType')),
      actions: ['autoscaling:DescribePolicies'],
    },
    'autoscaling.launchConfigurations': {
      schema: () => listOf('LaunchConfigurationName', optional.strings('ImageId', 'InstanceType')),
      actions: ['autoscaling:DescribeLaunchConfigurations'],
    },
  },
);
