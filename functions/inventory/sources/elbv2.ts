/** Elastic Load Balancing v2 sources: load balancers, listeners, target groups, target health. */
import * as z from 'zod';
import { byId, defineSources, type LoadedReaders, listOf, optional } from '../schemas.js';

const listener = () =>
  z.looseObject({
    ListenerArn: z.string(),
    ...optional.numbers('Port'),
    ...optional.strings('Protocol'),
    DefaultActions: z.array(z.looseObject(optional.strings('Type', 'TargetGroupArn'))).optional(),
  });

const targetHealth = () =>
  z.looseObject({
    Target: z.looseObject(optional.strings('Id')).optional(),
    TargetHealth: z.looseObject(optional.strings('State', 'Reason')).optional(),
  });

export const elbv2Sources = defineSources(async (): LoadedReaders => (await import('../elbv2.js')).elbv2Readers, {
  'elbv2.loadBalancers': {
    schema: () =>
      listOf('LoadBalancerArn', {
        ...optional.strings('Type', 'Scheme', 'VpcId'),
        State: z.looseObject(optional.strings('Code')).optional(),
        AvailabilityZones: z.array(z.looseObject(optional.strings('SubnetId', 'ZoneName'))).optional(),
        SecurityGroups: z.array(z.string()).optional(),
      }),
    actions: ['elasticloadbalancing:DescribeLoadBalancers'],
  },
  'elbv2.listeners': { schema: () => byId(z.array(listener())), actions: ['elasticloadbalancing:DescribeListeners'] },
  'elbv2.targetGroups': {
    schema: () =>
      listOf('TargetGroupArn', {
        ...optional.strings('Protocol'),
        ...optional.numbers('Port'),
        ...optional.strings('VpcId', 'TargetType'),
        LoadBalancerArns: z.array(z.string()).optional(),
      }),
    actions: ['elasticloadbalancing:DescribeTargetGroups'],
  },
  'elbv2.targetHealth': {
    schema: () => byId(z.array(targetHealth())),
    actions: ['elasticloadbalancing:DescribeTargetHealth'],
  },
});
