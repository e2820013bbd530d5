/**
 * Compute facts shared by labs and collectors: the EBS volumes, instance types, owned AMIs and
 * instance roles' policies of an account, and what an instance's metadata options, type and
 * volumes say about it.
 */
import type { Image, Instance, InstanceTypeInfo, Volume } from '@aws-sdk/client-ec2';
import type { AttachedPolicy } from '@aws-sdk/client-iam';

declare module '../inventory.js' {
  interface SourceTypes {
    /** Every EBS volume of the region, attached or not (DescribeVolumes). */
    'ec2.volumes': Volume[];
    /** DescribeInstanceTypes for exactly the types the lab's running instances use. */
    'ec2.instanceTypes': InstanceTypeInfo[];
    /** The AMIs the account owns (DescribeImages, Owners=self). */
    'ec2.images': Image[];
    /**
     * Keyed by role name: the managed policies attached to the roles of the lab instances'
     * instance profiles (ListAttachedRolePolicies); `null` when the role no longer exists.
     */
    'iam.roleAttachedPolicies': Record<string, AttachedPolicy[] | null>;
  }
}

/**
 * The instance's metadata service (IMDS) only answers token-based (IMDSv2) requests, or is off.
 * AWS reports `HttpTokens` as `required` or `optional`; `HttpEndpoint` as `enabled` or `disabled`.
 */
export function requiresImdsV2(instance: Instance): boolean {
  const options = instance.MetadataOptions;
  return options?.HttpEndpoint === 'disabled' || options?.HttpTokens === 'required';
}

/** `t3.micro` → `{ family: 't3', size: 'micro' }`. */
export function instanceTypeParts(type: string | undefined): { family: string; size: string } {
  const value = type ?? '';
  const dot = value.indexOf('.');
  return dot < 0 ? { family: value, size: '' } : { family: value.slice(0, dot), size: value.slice(dot + 1) };
}

/** The last segment of an instance profile or role ARN (`…:instance-profile/path/name` → `name`). */
export function arnName(arn: string | undefined): string {
  return arn?.split('/').pop() ?? '';
}

/**
 * The EBS volumes attached to one of the given instances: a volume whose `Attachments` name the
 * instance (attaching, attached or detaching; a `detached` record no longer counts), or whose id
 * the instance's block device mappings list.
 */
export function volumesAttachedTo(volumes: readonly Volume[], instances: readonly Instance[]): Volume[] {
  const ids = new Set(instances.map((i) => i.InstanceId));
  const mapped = new Set<string>();
  for (const i of instances)
    for (const m of i.BlockDeviceMappings ?? []) if (m.Ebs?.VolumeId) mapped.add(m.Ebs.VolumeId);
  return volumes.filter(
    (v) =>
      (v.VolumeId !== undefined && mapped.has(v.VolumeId)) ||
      (v.Attachments ?? []).some((a) => a.State !== 'detached' && ids.has(a.InstanceId)),
  );
}

/** The instances a volume is attached to (ids), for messages. */
export function attachedInstanceIds(volume: Volume): string[] {
  return (volume.Attachments ?? []).filter((a) => a.State !== 'detached').map((a) => a.InstanceId ?? '?');
}
