/** VPC flow logs and the CloudWatch Logs groups they write to. */
import * as z from 'zod';
import { byId, defineSources, type LoadedCollectors, listOf, optional } from '../schemas.js';

export const flowLogSources = defineSources(
  async (): LoadedCollectors => (await import('../flow-logs.js')).flowLogCollectors,
  {
    'ec2.flowLogs': {
      schema: listOf(
        'FlowLogId',
        optional.strings(
          'ResourceId',
          'FlowLogStatus',
          'DeliverLogsStatus',
          'LogDestinationType',
          'LogGroupName',
          'LogDestination',
        ),
      ),
      actions: ['ec2:DescribeFlowLogs'],
    },
    'logs.flowLogGroups': {
      schema: byId(z.looseObject({ logGroupName: z.string(), ...optional.numbers('retentionInDays') }).nullable()),
      actions: ['logs:DescribeLogGroups'],
    },
  },
);
