/** VPC flow logs and the CloudWatch Logs groups they write to. */
import * as z from 'zod';
import { byId, defineSources, type LoadedReaders, listOf, optional } from '../schemas.js';

export const flowLogSources = defineSources(
  async (): LoadedReaders => (await import('../flow-logs.js')).flowLogReaders,
  {
    'ec2.flowLogs': {
      schema: () =>
        listOf(
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
      schema: () =>
        byId(z.looseObject({ logGroupName: z.string(), ...optional.numbers('retentionInDays') }).nullable()),
      actions: ['logs:DescribeLogGroups'],
    },
  },
);
