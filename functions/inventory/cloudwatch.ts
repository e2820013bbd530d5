/** CloudWatch sources: the region's metric alarms, one paginated call. */
import { CloudWatchClient, paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import { allPages, defineReaders } from './collect.js';
import type { cloudwatchSources } from './sources/cloudwatch.js';

export const cloudwatchReaders = defineReaders<typeof cloudwatchSources>({
  // Without AlarmTypes, DescribeAlarms answers metric alarms only (composite alarms drive no policy here).
  'cloudwatch.alarms': (ctx) =>
    allPages(
      paginateDescribeAlarms({ client: ctx.clients.get(CloudWatchClient, ctx.region) }, {}),
      (p) => p.MetricAlarms,
    ),
});
