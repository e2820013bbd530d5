/**
 * Compute sources: the region's EBS volumes and owned AMIs (one paginated Describe each), the
 * instance types the lab's instances use (one DescribeInstanceTypes naming exactly those types),
 * and the managed policies attached to the roles of the lab instances' instance profiles (one
 * ListAttachedRolePolicies per such role, never for other roles of the account).
 */
import {
  type _InstanceType,
  EC2Client,
  type InstanceTypeInfo,
  paginateDescribeImages,
  paginateDescribeInstanceTypes,
  paginateDescribeVolumes,
} from '@aws-sdk/client-ec2';
import { type AttachedPolicy, IAMClient, paginateListAttachedRolePolicies } from '@aws-sdk/client-iam';
import { labVpcOf } from '../../checks/facts/lab-vpc.js';
import { allPages, byKey, type CollectorContext, defineReaders, orNotConfigured } from './collect.js';
import type { computeSources } from './sources/compute.js';

const ec2 = (ctx: CollectorContext) => ctx.clients.get(EC2Client, ctx.region);

/** DescribeInstanceTypes takes at most 100 types per request. */
const MAX_TYPES_PER_REQUEST = 100;

/** The running instances of the lab VPC (the course's `vpcId`, else the busiest non-default VPC). */
async function labInstances(ctx: CollectorContext) {
  const [vpcs, instances] = await Promise.all([ctx.need('ec2.vpcs'), ctx.need('ec2.instances')]);
  const vpcId = typeof ctx.params.vpcId === 'string' ? ctx.params.vpcId : undefined;
  return labVpcOf(vpcs, instances, vpcId)?.running ?? [];
}

export const computeReaders = defineReaders<typeof computeSources>({
  // Every volume of the region, attached or not: the cleanup report looks for unattached ones.
  'ec2.volumes': (ctx) => allPages(paginateDescribeVolumes({ client: ec2(ctx) }, {}), (p) => p.Volumes),
  'ec2.instanceTypes': async (ctx) => {
    const types = [...new Set((await labInstances(ctx)).map((i) => i.InstanceType).filter((t) => t !== undefined))];
    types.sort();
    const client = ec2(ctx);
    const out: InstanceTypeInfo[] = [];
    for (let start = 0; start < types.length; start += MAX_TYPES_PER_REQUEST) {
      const InstanceTypes = types.slice(start, start + MAX_TYPES_PER_REQUEST) as _InstanceType[];
      out.push(
        ...(await allPages(paginateDescribeInstanceTypes({ client }, { InstanceTypes }), (p) => p.InstanceTypes)),
      );
    }
    return out;
  },
  'ec2.images': (ctx) => allPages(paginateDescribeImages({ client: ec2(ctx) }, { Owners: ['self'] }), (p) => p.Images),
  'iam.roleAttachedPolicies': async (ctx) => {
    const [running, profiles] = await Promise.all([labInstances(ctx), ctx.need('iam.instanceProfiles')]);
    const byArn = new Map(profiles.map((p) => [p.Arn, p]));
    const roles = new Set<string>();
    for (const i of running) {
      // IamInstanceProfile names the instance profile (its ARN), not the role inside it.
      for (const role of byArn.get(i.IamInstanceProfile?.Arn)?.Roles ?? []) if (role.RoleName) roles.add(role.RoleName);
    }
    const client = ctx.clients.get(IAMClient, ctx.region);
    return byKey([...roles].sort(), (RoleName) =>
      // A role deleted since the profile was listed answers NoSuchEntity: recorded as null.
      orNotConfigured<AttachedPolicy[]>(
        allPages(paginateListAttachedRolePolicies({ client }, { RoleName }), (p) => p.AttachedPolicies),
        ['NoSuchEntityException', 'NoSuchEntity'],
      ),
    );
  },
});
