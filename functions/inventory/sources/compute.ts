/** Compute sources: EBS volumes, the lab instances' types, owned AMIs, the instance roles' policies. */
import * as z from 'zod';
import { byId, defineSources, type LoadedReaders, listOf, optional } from '../schemas.js';

export const computeSources = defineSources(async (): LoadedReaders => (await import('../compute.js')).computeReaders, {
  'ec2.volumes': {
    schema: () =>
      listOf('VolumeId', {
        ...optional.strings('VolumeType'),
        ...optional.booleans('Encrypted'),
        ...optional.strings('State'),
        ...optional.numbers('Size'),
        Attachments: z.array(z.looseObject(optional.strings('InstanceId', 'State'))).optional(),
      }),
    actions: ['ec2:DescribeVolumes'],
  },
  'ec2.instanceTypes': {
    schema: () => listOf('InstanceType', optional.booleans('CurrentGeneration')),
    actions: ['ec2:DescribeInstanceTypes'],
  },
  'ec2.images': {
    schema: () => listOf('ImageId', optional.strings('State', 'OwnerId')),
    actions: ['ec2:DescribeImages'],
  },
  'iam.roleAttachedPolicies': {
    schema: () => byId(z.array(z.looseObject(optional.strings('PolicyName', 'PolicyArn'))).nullable()),
    actions: ['iam:ListAttachedRolePolicies'],
  },
});
