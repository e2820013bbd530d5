/** The load balancing lab's manifest: what it is and what it reads, without its checks (see `LabManifest`). */
import { defineManifest, text } from '../../model.js';
import { albParamsSchema } from './params.js';

export const albManifest = defineManifest({
  id: 'alb',
  title: text('Load balancing and auto scaling lab', '로드 밸런싱 및 오토 스케일링 실습'),
  module: '7',
  idPrefixes: ['alb', 'asg'],
  params: albParamsSchema,
  sources: [
    'elbv2.loadBalancers',
    'elbv2.listeners',
    'elbv2.targetGroups',
    'elbv2.targetHealth',
    'autoscaling.groups',
    'autoscaling.policies',
    'autoscaling.launchConfigurations',
    'ec2.launchTemplates',
    'ec2.launchTemplateVersions',
    'cloudwatch.alarms',
    'ec2.vpcs',
    'ec2.subnets',
    'ec2.routeTables',
    'ec2.internetGateways',
    'ec2.securityGroups',
    'ec2.instances',
  ],
});
