/** The compute lab's manifest: what it is and what it reads, without its checks (see `LabManifest`). */
import { defineManifest, text } from '../../model.js';
import { computeParamsSchema } from './params.js';

export const computeManifest = defineManifest({
  id: 'compute',
  title: text('Compute: EC2 instances, EBS, IMDSv2, Session Manager', '컴퓨팅: EC2 인스턴스, EBS, IMDSv2, 세션 매니저'),
  module: '4',
  params: computeParamsSchema,
  sources: [
    'ec2.vpcs',
    'ec2.instances',
    'ec2.volumes',
    'ec2.instanceTypes',
    'ec2.images',
    'iam.instanceProfiles',
    'iam.roleAttachedPolicies',
  ],
});
