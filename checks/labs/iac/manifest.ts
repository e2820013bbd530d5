/** The infrastructure-as-code lab's manifest: what it is and what it reads, without its checks (see `LabManifest`). */
import { defineManifest, text } from '../../model.js';
import { iacParamsSchema } from './params.js';

export const iacManifest = defineManifest({
  id: 'iac',
  title: text('Infrastructure as code: CloudFormation stacks', '코드형 인프라: CloudFormation 스택'),
  module: '8',
  params: iacParamsSchema,
  sources: [
    'sts.callerIdentity',
    'ec2.vpcs',
    'ec2.subnets',
    'ec2.routeTables',
    'ec2.internetGateways',
    'cloudformation.stacks',
    'cloudformation.stackResources',
    'cloudformation.exports',
    'cloudformation.imports',
  ],
});
