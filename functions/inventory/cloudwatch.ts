/** CloudWatch sources: the region's metric alarms, one paginated call. */
import { CloudWatchClient, paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import * as z from 'zod';
import { defineCollector } from './collect.js';
import { allPages } from './ec2.js';
import { listOf } from './schemas.js';

export const cloudwatchCollectors = [
  defineCollector({
    key: 'cloudwatch.alarms',
    schema: listOf('AlarmName', {
      MetricName: z.string().optional(),
      Namespace: z.string().optional(),
      AlarmActions: z.array(z.string()).optional(),
      ActionsEnabled: z.boolean().optional(),
      // Which instance or group the alarm watches; metric math alarms name theirs in Metrics.
      Dimensions: z.array(z.looseObject({ Name: z.string().optional(), Value: z.string().optional() })).optional(),
      Metrics: z.array(z.looseObject({})).optional(),
    }),
    actions: ['cloudwatch:DescribeAlarms'],
    // Without AlarmTypes, DescribeAlarms answers metric alarms only (composite alarms drive no policy here).
    collect: (ctx) =>
      allPages(
        paginateDescribeAlarms({ client: ctx.clients.get(CloudWatchClient, ctx.region) }, {}),
        (p) => p.MetricAlarms,
      ),
  }),
];
