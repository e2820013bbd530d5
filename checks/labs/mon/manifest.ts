/** The monitoring lab's manifest: what it is and what it reads, without its checks (see `LabManifest`). */
import { defineManifest, text } from '../../model.js';
import { monParamsSchema } from './params.js';

export const monManifest = defineManifest({
  id: 'mon',
  title: text(
    'Monitoring: alarms, notifications, flow logs, CloudTrail, EventBridge',
    '모니터링: 경보, 알림, 흐름 로그, CloudTrail, EventBridge',
  ),
  module: '7',
  params: monParamsSchema,
  sources: [
    'ec2.vpcs',
    'ec2.subnets',
    'ec2.instances',
    'autoscaling.groups',
    'cloudwatch.alarms',
    'sns.topics',
    'sns.subscriptions',
    'ec2.flowLogs',
    'logs.flowLogGroups',
    'cloudtrail.trails',
    'cloudtrail.trailStatus',
    'events.rules',
    'events.targets',
  ],
});
