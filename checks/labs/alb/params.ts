/** The load balancing lab's parameters: what a course may change. */
import * as z from 'zod';
import { builtOnce } from '../../built-once.js';
import { MAX_AZS, MAX_LIST, metricNames, resourceCount } from '../../params.js';

const listenerSpec = () => z.object({ protocol: z.enum(['HTTP', 'HTTPS']), port: z.number().int().min(1).max(65535) });

export const albParamsSchema = builtOnce(() =>
  z.object({
    /** The listeners the lab accepts (protocol and port). */
    listeners: z
      .array(listenerSpec())
      .min(1)
      .max(MAX_LIST)
      .default([
        { protocol: 'HTTP', port: 80 },
        { protocol: 'HTTPS', port: 443 },
      ]),
    /** Protocols the lab's target group may use. */
    targetGroupProtocols: z
      .array(z.enum(['HTTP', 'HTTPS']))
      .min(1)
      .max(MAX_LIST)
      .default(['HTTP']),
    /** Availability zones the load balancer and the Auto Scaling group must each span. */
    minAzs: z.number().int().min(1).max(MAX_AZS).default(2),
    /** Subnets the Auto Scaling group must span. */
    minSubnets: resourceCount.default(2),
    /** The group's subnets must be private by routing (the instances sit behind the load balancer). */
    asgSubnetsPrivate: z.boolean().default(true),
    /** Upper bound of the group's maximum size (the database behind it has limits). */
    maxSizeLimit: z.number().int().min(1).max(1000).default(10),
    /** Metric names that count as CPU for scaling policies and alarms. */
    cpuMetricNames: metricNames.default(['CPUUtilization']),
  }),
);

export type AlbParams = z.output<ReturnType<typeof albParamsSchema>>;
