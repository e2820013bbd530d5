/** Classic Load Balancer sources (Elastic Load Balancing, API version 2012-06-01). */
import type { LoadBalancerDescription } from '@aws-sdk/client-elastic-load-balancing';

declare module '../inventory.js' {
  interface SourceTypes {
    /** Every Classic Load Balancer of a region: ELBv2's DescribeLoadBalancers does not list them. */
    'elb.loadBalancers': LoadBalancerDescription[];
  }
}
