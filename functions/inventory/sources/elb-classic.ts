/** Classic Load Balancer sources (Elastic Load Balancing, API version 2012-06-01). */
import * as z from 'zod';
import { defineSources, type LoadedReaders, listOf, optional } from '../schemas.js';

export const elbClassicSources = defineSources(
  async (): LoadedReaders => (await import('../elb-classic.js')).elbClassicReaders,
  {
    'elb.loadBalancers': {
      // What cleanup.load-balancer reads of a stored copy: its name, VPC and registered instances.
      schema: () =>
        listOf('LoadBalancerName', {
          ...optional.strings('VPCId'),
          Instances: z.array(z.looseObject(optional.strings('InstanceId'))).optional(),
        }),
      // The same action name as ELBv2's DescribeLoadBalancers.
      actions: ['elasticloadbalancing:DescribeLoadBalancers'],
    },
  },
);
