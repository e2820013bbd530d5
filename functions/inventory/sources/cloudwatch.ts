/** CloudWatch sources: the region's metric alarms. */
import * as z from 'zod';
import { defineSources, type LoadedReaders, listOf, optional } from '../schemas.js';

export const cloudwatchSources = defineSources(
  async (): LoadedReaders => (await import('../cloudwatch.js')).cloudwatchReaders,
  {
    'cloudwatch.alarms': {
      schema: () =>
        listOf('AlarmName', {
          ...optional.strings('MetricName', 'Namespace'),
          AlarmActions: z.array(z.string()).optional(),
          ...optional.booleans('ActionsEnabled'),
          // Which instance or group the alarm watches; metric math alarms name theirs in Metrics.
          Dimensions: z.array(z.looseObject(optional.strings('Name', 'Value'))).optional(),
          Metrics: z.array(z.looseObject({})).optional(),
        }),
      actions: ['cloudwatch:DescribeAlarms'],
    },
  },
);
