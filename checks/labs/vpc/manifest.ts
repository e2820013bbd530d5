/** The VPC lab's manifest: what it is and what it reads, without its checks (see `LabManifest`). */
import { defineManifest, text } from '../../model.js';
import { vpcParamsSchema } from './params.js';

export const vpcManifest = defineManifest({
  id: 'vpc',
  title: text('VPC: public and private subnets, NAT, security groups', 'VPC: 퍼블릭/프라이빗 서브넷, NAT, 보안 그룹'),
  module: '3',
  params: vpcParamsSchema,
  sources: [
    'ec2.vpcs',
    'ec2.vpcDnsAttributes',
    'ec2.subnets',
    'ec2.routeTables',
    'ec2.internetGateways',
    'ec2.natGateways',
    'ec2.securityGroups',
    'ec2.instances',
  ],
});
