/** CloudWatch sources: the region's metric alarms, one paginated call. */
import { CloudWatchClient, paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import { allPages, collectorOf } from './collect.js';
import { cloudwatchSources } from './sources/cloudwatch.js';

const collector = collectorOf(cloudwatchSources);

export const cloudwatchCollectors = [
  collector({
    key: 'cloudwatch.alarms',
    // Without AlarmTypes, DescribeAlarms answers metric alarms only (composite alarms drive no policy here).
    collect: (ctx) =>
      allPages(
        paginateDescribeAlarms({ client: ctx.clients.get(CloudWatchClient, ctx.region) }, {}),
        (p) => p.MetricAlarms,
      ),
  }),
];
