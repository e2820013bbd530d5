/**
 * Compute objects shaped like real responses (DescribeVolumes, DescribeInstanceTypes,
 * DescribeImages, ListInstanceProfiles, ListAttachedRolePolicies), for scenario accounts.
 */
import type { Image, Instance, InstanceTypeInfo, Volume } from '@aws-sdk/client-ec2';
import type { AttachedPolicy, InstanceProfile } from '@aws-sdk/client-iam';
import { ACCOUNT, nameTags, REGION } from './ec2-builders.js';

const CREATED = new Date('2026-11-20T08:40:00.000Z');

/** The root volume of an instance as DescribeVolumes reports it (the id its block device mapping names). */
export function volume(
  id: string,
  opts: {
    instanceId?: string;
    az?: string;
    type?: 'gp2' | 'gp3' | 'io1' | 'io2' | 'st1' | 'sc1' | 'standard';
    encrypted?: boolean;
    size?: number;
    device?: string;
    name?: string;
  } = {},
): Volume {
  const type = opts.type ?? 'gp3';
  const encrypted = opts.encrypted ?? true;
  const v: Volume = {
    Iops: type === 'gp2' ? 100 : 3000,
    VolumeType: type,
    VolumeId: id,
    Size: opts.size ?? 8,
    SnapshotId: 'snap-0aaa00000000000a1',
    AvailabilityZone: opts.az ?? `${REGION}a`,
    State: opts.instanceId ? 'in-use' : 'available',
    CreateTime: CREATED,
    Attachments: opts.instanceId
      ? [
          {
            VolumeId: id,
            InstanceId: opts.instanceId,
            Device: opts.device ?? '/dev/xvda',
            State: 'attached',
            AttachTime: CREATED,
            DeleteOnTermination: true,
          },
        ]
      : [],
    Encrypted: encrypted,
    MultiAttachEnabled: false,
    Tags: nameTags(opts.name),
  };
  if (type === 'gp3') v.Throughput = 125;
  if (encrypted) v.KmsKeyId = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d`;
  return v;
}

/** The EBS volumes an instance's block device mappings name, attached to it. */
export function volumesOf(instance: Instance, opts: Omit<Parameters<typeof volume>[1], 'instanceId'> = {}): Volume[] {
  return (instance.BlockDeviceMappings ?? []).map((m) =>
    volume(m.Ebs?.VolumeId ?? '', {
      ...opts,
      instanceId: instance.InstanceId,
      device: m.DeviceName,
      az: instance.Placement?.AvailabilityZone,
    }),
  );
}

const TYPES: Record<string, { current: boolean; vcpus: number; mib: number; burstable: boolean; nitro: boolean }> = {
  't3.nano': { current: true, vcpus: 2, mib: 512, burstable: true, nitro: true },
  't3.micro': { current: true, vcpus: 2, mib: 1024, burstable: true, nitro: true },
  't3.small': { current: true, vcpus: 2, mib: 2048, burstable: true, nitro: true },
  't3.xlarge': { current: true, vcpus: 4, mib: 16384, burstable: true, nitro: true },
  't2.micro': { current: true, vcpus: 1, mib: 1024, burstable: true, nitro: false },
  'm1.small': { current: false, vcpus: 1, mib: 1740, burstable: false, nitro: false },
  'm4.xlarge': { current: false, vcpus: 4, mib: 16384, burstable: false, nitro: false },
};

/** DescribeInstanceTypes' entry for a type of the table above. */
export function instanceTypeInfo(type: keyof typeof TYPES & string): InstanceTypeInfo {
  const t = TYPES[type];
  if (!t) throw new Error(`no instance type ${type} in the builder's table`);
  return {
    InstanceType: type as InstanceTypeInfo['InstanceType'],
    CurrentGeneration: t.current,
    FreeTierEligible: type === 't2.micro' || type === 't3.micro',
    SupportedUsageClasses: ['on-demand', 'spot'],
    SupportedRootDeviceTypes: t.nitro ? ['ebs'] : ['ebs', 'instance-store'],
    SupportedVirtualizationTypes: t.nitro ? ['hvm'] : ['hvm', 'paravirtual'],
    BareMetal: false,
    Hypervisor: t.nitro ? 'nitro' : 'xen',
    ProcessorInfo: { SupportedArchitectures: ['x86_64'], SustainedClockSpeedInGhz: 2.5, Manufacturer: 'Intel' },
    VCpuInfo: {
      DefaultVCpus: t.vcpus,
      DefaultCores: Math.max(1, t.vcpus / 2),
      DefaultThreadsPerCore: t.vcpus > 1 ? 2 : 1,
    },
    MemoryInfo: { SizeInMiB: t.mib },
    InstanceStorageSupported: false,
    EbsInfo: {
      EbsOptimizedSupport: t.nitro ? 'default' : 'unsupported',
      EncryptionSupport: 'supported',
      NvmeSupport: t.nitro ? 'required' : 'unsupported',
    },
    NetworkInfo: {
      NetworkPerformance: 'Up to 5 Gigabit',
      MaximumNetworkInterfaces: 2,
      Ipv4AddressesPerInterface: 2,
      Ipv6AddressesPerInterface: 2,
      Ipv6Supported: true,
      EnaSupport: t.nitro ? 'required' : 'unsupported',
    },
    PlacementGroupInfo: { SupportedStrategies: ['partition', 'spread'] },
    HibernationSupported: true,
    BurstablePerformanceSupported: t.burstable,
    DedicatedHostsSupported: false,
    AutoRecoverySupported: true,
    SupportedBootModes: t.nitro ? ['legacy-bios', 'uefi'] : ['legacy-bios'],
  };
}

/** An AMI the account owns (DescribeImages, Owners=self). */
export function ownImage(id: string, name: string, state: Image['State'] = 'available'): Image {
  return {
    Architecture: 'x86_64',
    CreationDate: '2026-11-19T10:15:00.000Z',
    ImageId: id,
    ImageLocation: `${ACCOUNT}/${name}`,
    ImageType: 'machine',
    Public: false,
    OwnerId: ACCOUNT,
    PlatformDetails: 'Linux/UNIX',
    UsageOperation: 'RunInstances',
    State: state,
    BlockDeviceMappings: [
      {
        DeviceName: '/dev/xvda',
        Ebs: {
          DeleteOnTermination: true,
          SnapshotId: 'snap-0bbb00000000000b1',
          VolumeSize: 8,
          VolumeType: 'gp3',
          Encrypted: true,
        },
      },
    ],
    Description: `${name}: web server baked for the lab`,
    EnaSupport: true,
    Hypervisor: 'xen',
    Name: name,
    RootDeviceName: '/dev/xvda',
    RootDeviceType: 'ebs',
    SriovNetSupport: 'simple',
    VirtualizationType: 'hvm',
    BootMode: 'uefi-preferred',
    Tags: nameTags(name),
  };
}

/** An instance profile holding the given roles (ListInstanceProfiles). */
export function instanceProfile(name: string, roles: string[]): InstanceProfile {
  return {
    Path: '/',
    InstanceProfileName: name,
    InstanceProfileId: `AIPA${name
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .padEnd(16, '0')
      .slice(0, 16)}`,
    Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/${name}`,
    CreateDate: new Date('2026-11-20T08:30:00.000Z'),
    Roles: roles.map((role) => ({
      Path: '/',
      RoleName: role,
      RoleId: `AROA${role
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .padEnd(16, '0')
        .slice(0, 16)}`,
      Arn: `arn:aws:iam::${ACCOUNT}:role/${role}`,
      CreateDate: new Date('2026-11-20T08:30:00.000Z'),
      AssumeRolePolicyDocument:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
    })),
  };
}

/** An AWS managed policy as ListAttachedRolePolicies lists it. */
export function managedPolicy(name: string): AttachedPolicy {
  return { PolicyName: name, PolicyArn: `arn:aws:iam::aws:policy/${name}` };
}
