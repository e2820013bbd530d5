/**
 * The compute lab's marking sheet: a complete lab, then one student mistake per scenario, each with
 * the checks it must break, and the traps (leftovers outside the lab that must not change a
 * verdict). Scenarios marked `example` are also the files in examples/compute/.
 */
import type { Instance } from '@aws-sdk/client-ec2';
import type { Inventory } from '../../checks/inventory.js';
import type { Evaluation } from '../../checks/model.js';
import type { Scenario } from '../support/scenario.js';
import { instanceProfile, instanceTypeInfo, managedPolicy, ownImage, volume, volumesOf } from './compute-builders.js';
import { ACCOUNT, instance, inventoryOf, mutate, vpc } from './ec2-builders.js';
import { ids as vpcIds } from './vpc.js';

export const computeIds = {
  vpc: vpcIds.vpc,
  defaultVpc: vpcIds.defaultVpc,
  web: vpcIds.web,
  app: vpcIds.app,
  webVolume: 'vol-0web0000000000001',
  appVolume: 'vol-0app0000000000001',
  profile: 'lab-ec2-profile',
  role: 'lab-ec2-ssm-role',
  ami: 'ami-0c0ffee0000000001',
  awsAmi: 'ami-0abcdef1234567890',
  leftover: 'i-0old0000000000001',
};

const profileArn = `arn:aws:iam::${ACCOUNT}:instance-profile/${computeIds.profile}`;

function labInstance(id: string, tier: 'web' | 'app'): Instance {
  const i = instance(id, {
    vpcId: computeIds.vpc,
    subnetId: tier === 'web' ? vpcIds.publicA : vpcIds.privateA,
    az: 'us-east-1a',
    privateIp: tier === 'web' ? '10.0.1.10' : '10.0.11.10',
    ...(tier === 'web' ? { publicIp: '3.91.20.30' } : {}),
    groups: tier === 'web' ? [{ id: vpcIds.webSg, name: 'web-sg' }] : [{ id: vpcIds.appSg, name: 'app-sg' }],
    name: `lab-${tier}-1`,
    profileArn,
  });
  i.ImageId = computeIds.ami;
  return i;
}

/** A finished compute lab: two instances in the lab VPC, IMDSv2, encrypted gp3, t3.micro, SSM role, own AMI. */
export function completeComputeLab(): Inventory {
  const web = labInstance(computeIds.web, 'web');
  const app = labInstance(computeIds.app, 'app');
  return inventoryOf({
    'ec2.vpcs': [
      vpc(computeIds.defaultVpc, '172.31.0.0/16', undefined, true),
      vpc(computeIds.vpc, '10.0.0.0/16', 'lab-vpc'),
    ],
    'ec2.instances': [web, app],
    'ec2.volumes': [...volumesOf(web), ...volumesOf(app)],
    'ec2.instanceTypes': [instanceTypeInfo('t3.micro')],
    'ec2.images': [ownImage(computeIds.ami, 'lab-web-ami')],
    'iam.instanceProfiles': [instanceProfile(computeIds.profile, [computeIds.role])],
    'iam.roleAttachedPolicies': { [computeIds.role]: [managedPolicy('AmazonSSMManagedInstanceCore')] },
  });
}

const complete = completeComputeLab();

/** A copy of the complete lab with one lab instance changed. */
function withInstance(
  id: string,
  change: (i: Instance) => void,
  more?: (d: Parameters<Parameters<typeof mutate>[1]>[0]) => void,
) {
  return mutate(complete, (d) => {
    const target = d['ec2.instances'].find((i) => i.InstanceId === id);
    if (!target) throw new Error(`no instance ${id}`);
    change(target);
    more?.(d);
  });
}

/** The complete lab with one lab instance of another type (what DescribeInstanceTypes then answers). */
function withType(id: string, type: Parameters<typeof instanceTypeInfo>[0]) {
  return withInstance(
    id,
    (i) => {
      i.InstanceType = type as Instance['InstanceType'];
    },
    (d) => {
      const used = new Set(d['ec2.instances'].map((i) => i.InstanceType as string));
      d['ec2.instanceTypes'] = [...used].sort().map((t) => instanceTypeInfo(t as typeof type));
    },
  );
}

function expectMessage(e: Evaluation, id: string, ...parts: string[]): void {
  const message = e.checks.find((c) => c.id === id)?.message ?? '';
  for (const part of parts) if (!message.includes(part)) throw new Error(`${id} message lacks "${part}": ${message}`);
}

function expectEvidence(e: Evaluation, id: string, evidence: string[]): void {
  const got = e.checks.find((c) => c.id === id)?.evidence ?? [];
  if (JSON.stringify([...got].sort()) !== JSON.stringify([...evidence].sort())) {
    throw new Error(`${id} evidence ${JSON.stringify(got)}, expected ${JSON.stringify(evidence)}`);
  }
}

const denied = { code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' };

/** An instance in the default VPC that breaks every rule of the lab. */
function leftoverInDefaultVpc(): Instance {
  const i = instance(computeIds.leftover, {
    vpcId: computeIds.defaultVpc,
    subnetId: 'subnet-0dfa000000000000a',
    az: 'us-east-1a',
    privateIp: '172.31.5.9',
    publicIp: '54.1.2.3',
    groups: [{ id: 'sg-0dd00000000000001', name: 'default' }],
    name: 'old-test',
  });
  i.MetadataOptions = { ...i.MetadataOptions, HttpTokens: 'optional' };
  i.KeyName = 'my-laptop-key';
  i.InstanceType = 'm4.xlarge';
  return i;
}

/**
 * A second non-default VPC ("experiments") with one running instance that allows IMDSv1 but is
 * otherwise like the lab's (`volume` options change its root volume).
 */
function addExperimentVpc(d: Parameters<Parameters<typeof mutate>[1]>[0], volumeOptions: { encrypted?: boolean } = {}) {
  const other = instance('i-0oth0000000000001', {
    vpcId: 'vpc-0e0e0e0e0e0e0e0e0',
    subnetId: 'subnet-0e0e0000000000001',
    az: 'us-east-1b',
    privateIp: '10.9.0.5',
    groups: [],
    name: 'experiment',
    profileArn,
  });
  other.MetadataOptions = { ...other.MetadataOptions, HttpTokens: 'optional' };
  other.ImageId = computeIds.ami;
  d['ec2.vpcs'] = [...d['ec2.vpcs'], vpc('vpc-0e0e0e0e0e0e0e0e0', '10.9.0.0/16', 'experiments')];
  d['ec2.instances'] = [other, ...d['ec2.instances']];
  d['ec2.volumes'] = [...d['ec2.volumes'], ...volumesOf(other, volumeOptions)];
}

export const scenarios: Scenario[] = [
  {
    name: 'complete',
    description: 'the finished lab: every check passes',
    inventory: complete,
    expected: {},
    example: true,
    assert: (e) => {
      if (e.target?.id !== computeIds.vpc) throw new Error(`graded ${e.target?.id}, expected ${computeIds.vpc}`);
      if (e.score !== e.maxScore + e.bonusScore) throw new Error(`score ${e.score} of ${e.maxScore}`);
      expectEvidence(e, 'compute.ebs-encrypted', [computeIds.webVolume, computeIds.appVolume]);
      for (const id of [computeIds.web, computeIds.app, computeIds.webVolume]) {
        if (!e.resources.includes(id)) throw new Error(`resources lack ${id}`);
      }
    },
  },
  {
    name: 'leftover-in-default-vpc',
    description: 'an old instance in the default VPC breaks every rule, but it is not a lab instance',
    inventory: mutate(complete, (d) => {
      const old = leftoverInDefaultVpc();
      d['ec2.instances'] = [old, ...d['ec2.instances']];
      d['ec2.volumes'] = [...d['ec2.volumes'], ...volumesOf(old, { type: 'gp2', encrypted: false })];
    }),
    expected: {},
    assert: (e) => {
      if (e.resources.includes(computeIds.leftover)) throw new Error('the leftover instance was judged');
      expectMessage(e, 'compute.instances', computeIds.leftover, 'default VPC');
    },
  },
  {
    name: 'unattached-unencrypted-volume',
    description: 'a detached, unencrypted gp2 volume is left in the region: not a lab volume',
    inventory: mutate(complete, (d) => {
      d['ec2.volumes'] = [...d['ec2.volumes'], volume('vol-0f00000000000dead', { type: 'gp2', encrypted: false })];
    }),
    expected: {},
    assert: (e) => expectEvidence(e, 'compute.ebs-type', [computeIds.webVolume, computeIds.appVolume]),
  },
  {
    name: 'no-lab-vpc',
    description: 'the only instance runs in the default VPC',
    inventory: mutate(complete, (d) => {
      d['ec2.vpcs'] = d['ec2.vpcs'].filter((v) => v.IsDefault);
      d['ec2.instances'] = [leftoverInDefaultVpc()];
    }),
    expected: { 'compute.instances': 'fail' },
    others: 'skip',
    example: true,
    assert: (e) => {
      if (e.target !== null) throw new Error(`graded ${e.target.id}`);
      expectMessage(e, 'compute.instances', 'no non-default VPC', computeIds.leftover);
    },
  },
  {
    name: 'instances-stopped',
    description: 'the lab instances are stopped',
    inventory: mutate(complete, (d) => {
      for (const i of d['ec2.instances']) i.State = { Code: 80, Name: 'stopped' };
    }),
    expected: { 'compute.instances': 'fail' },
    others: 'skip',
    assert: (e) => expectMessage(e, 'compute.instances', computeIds.web, 'stopped'),
  },
  {
    name: 'course-vpc-missing',
    description: 'the course names a VPC the account does not have',
    inventory: complete,
    options: { params: { vpcId: 'vpc-0123456789abcdef0' } },
    expected: { 'compute.instances': 'fail' },
    others: 'skip',
    assert: (e) => expectMessage(e, 'compute.instances', 'vpc-0123456789abcdef0'),
  },
  {
    name: 'busiest-vpc-is-the-lab',
    description: 'a second non-default VPC runs one broken instance; the VPC with the most running instances is graded',
    inventory: mutate(complete, (d) => {
      addExperimentVpc(d, { encrypted: false });
    }),
    expected: {},
    assert: (e) => {
      if (e.target?.id !== computeIds.vpc) throw new Error(`graded ${e.target?.id}`);
    },
  },
  {
    name: 'course-names-the-other-vpc',
    description: 'the course names the VPC whose one instance allows IMDSv1',
    inventory: mutate(complete, (d) => {
      addExperimentVpc(d);
    }),
    options: { params: { vpcId: 'vpc-0e0e0e0e0e0e0e0e0' } },
    expected: { 'compute.imdsv2': 'fail' },
    assert: (e) => expectEvidence(e, 'compute.imdsv2', ['i-0oth0000000000001']),
  },
  {
    name: 'imdsv1-allowed',
    description: 'the app instance still accepts IMDSv1 (metadata tokens optional)',
    inventory: withInstance(computeIds.app, (i) => {
      i.MetadataOptions = { ...i.MetadataOptions, HttpTokens: 'optional' };
    }),
    expected: { 'compute.imdsv2': 'fail' },
    example: true,
    assert: (e) => {
      expectMessage(e, 'compute.imdsv2', computeIds.app, 'HttpTokens optional');
      expectEvidence(e, 'compute.imdsv2', [computeIds.app]);
    },
  },
  {
    name: 'metadata-endpoint-off',
    description: 'tokens are optional but the metadata endpoint is disabled: no IMDSv1 either',
    inventory: withInstance(computeIds.app, (i) => {
      i.MetadataOptions = { ...i.MetadataOptions, HttpTokens: 'optional', HttpEndpoint: 'disabled' };
    }),
    expected: {},
  },
  {
    name: 'stopped-instance-not-judged',
    description: 'a stopped instance of the lab VPC allows IMDSv1 and has a key pair: only running ones are judged',
    inventory: mutate(complete, (d) => {
      const stopped = labInstance('i-0stp0000000000001', 'app');
      stopped.State = { Code: 80, Name: 'stopped' };
      stopped.MetadataOptions = { ...stopped.MetadataOptions, HttpTokens: 'optional' };
      stopped.KeyName = 'lab-key';
      stopped.InstanceType = 'm4.xlarge';
      d['ec2.instances'] = [...d['ec2.instances'], stopped];
      d['ec2.volumes'] = [...d['ec2.volumes'], ...volumesOf(stopped, { type: 'gp2', encrypted: false })];
    }),
    expected: {},
  },
  {
    name: 'unencrypted-volume',
    description: 'the web instance was launched with an unencrypted root volume',
    inventory: mutate(complete, (d) => {
      const v = d['ec2.volumes'].find((x) => x.VolumeId === computeIds.webVolume);
      if (v) {
        v.Encrypted = false;
        delete v.KmsKeyId;
      }
    }),
    expected: { 'compute.ebs-encrypted': 'fail' },
    example: true,
    assert: (e) => {
      expectMessage(e, 'compute.ebs-encrypted', computeIds.webVolume, computeIds.web);
      expectEvidence(e, 'compute.ebs-encrypted', [computeIds.webVolume]);
    },
  },
  {
    name: 'unencrypted-data-volume',
    description: 'a second, unencrypted data volume is attached to the app instance (found through its attachment)',
    inventory: mutate(complete, (d) => {
      d['ec2.volumes'] = [
        ...d['ec2.volumes'],
        volume('vol-0da7a000000000001', { instanceId: computeIds.app, device: '/dev/sdf', encrypted: false, size: 20 }),
      ];
    }),
    expected: { 'compute.ebs-encrypted': 'fail' },
    assert: (e) => expectEvidence(e, 'compute.ebs-encrypted', ['vol-0da7a000000000001']),
  },
  {
    name: 'gp2-volume',
    description: 'the app instance runs on a gp2 volume (previous general-purpose SSD)',
    inventory: mutate(complete, (d) => {
      const v = d['ec2.volumes'].find((x) => x.VolumeId === computeIds.appVolume);
      if (v) {
        v.VolumeType = 'gp2';
        v.Iops = 100;
        delete v.Throughput;
      }
    }),
    expected: { 'compute.ebs-type': 'fail' },
    example: true,
    assert: (e) => expectMessage(e, 'compute.ebs-type', computeIds.appVolume, 'gp2', 'gp3'),
  },
  {
    name: 'gp2-accepted-by-course',
    description: 'the course accepts gp2 and gp3',
    inventory: mutate(complete, (d) => {
      const v = d['ec2.volumes'].find((x) => x.VolumeId === computeIds.appVolume);
      if (v) v.VolumeType = 'gp2';
    }),
    options: { params: { volumeTypes: ['gp2', 'gp3'] } },
    expected: {},
  },
  {
    name: 'volumes-unreadable',
    description: 'the grader may not call DescribeVolumes: only the volume checks are errors',
    inventory: mutate(complete, (_d, inv) => {
      inv.sources['ec2.volumes'] = { error: denied };
    }),
    expected: { 'compute.ebs-encrypted': 'error', 'compute.ebs-type': 'error' },
  },
  {
    name: 'mapped-volume-not-listed',
    description:
      "the web instance's root volume is missing from DescribeVolumes: the grader did not see it, so it cannot say the volumes are encrypted gp3",
    inventory: mutate(complete, (d) => {
      d['ec2.volumes'] = d['ec2.volumes'].filter((v) => v.VolumeId !== computeIds.webVolume);
    }),
    expected: { 'compute.ebs-encrypted': 'error', 'compute.ebs-type': 'error' },
    assert: (e) => expectMessage(e, 'compute.ebs-encrypted', computeIds.webVolume, computeIds.web),
  },
  {
    name: 'large-instance',
    description: 'the web instance is a t3.xlarge, larger than the lab needs',
    inventory: withType(computeIds.web, 't3.xlarge'),
    expected: { 'compute.instance-type': 'fail' },
    example: true,
    assert: (e) => {
      expectMessage(e, 'compute.instance-type', computeIds.web, 't3.xlarge', 'xlarge');
      expectEvidence(e, 'compute.instance-type', [computeIds.web]);
    },
  },
  {
    name: 'old-generation',
    description: 'the app instance is an m1.small: small, but of a previous generation',
    inventory: withType(computeIds.app, 'm1.small'),
    expected: { 'compute.instance-type': 'fail' },
    example: true,
    assert: (e) => expectMessage(e, 'compute.instance-type', 'm1.small', 'previous generation'),
  },
  {
    name: 't2-is-current',
    description: 't2.micro is still a current generation for AWS (CurrentGeneration true)',
    inventory: withType(computeIds.app, 't2.micro'),
    expected: {},
  },
  {
    name: 'larger-size-allowed-by-course',
    description: 'the course allows xlarge instances',
    inventory: withType(computeIds.web, 't3.xlarge'),
    options: { params: { instanceSizes: ['micro', 'xlarge'] } },
    expected: {},
  },
  {
    name: 'instance-type-not-read',
    description: 'the type of a lab instance is missing from what was read: the grader cannot tell',
    inventory: mutate(complete, (d) => {
      d['ec2.instanceTypes'] = [];
    }),
    expected: { 'compute.instance-type': 'error' },
  },
  {
    name: 'ssh-key-no-session-manager',
    description: 'the instances were launched with a key pair and no instance profile (SSH, no Session Manager)',
    inventory: mutate(complete, (d) => {
      for (const i of d['ec2.instances']) {
        i.KeyName = 'lab-key';
        delete i.IamInstanceProfile;
      }
      d['iam.roleAttachedPolicies'] = {};
    }),
    expected: { 'compute.session-manager': 'fail', 'compute.no-key-pair': 'fail' },
    example: true,
    assert: (e) => {
      expectMessage(e, 'compute.session-manager', computeIds.web, 'no instance profile');
      expectMessage(e, 'compute.no-key-pair', 'lab-key');
    },
  },
  {
    name: 'role-without-ssm-policy',
    description: "the instance profile's role has only S3 read access, not AmazonSSMManagedInstanceCore",
    inventory: mutate(complete, (d) => {
      d['iam.roleAttachedPolicies'] = { [computeIds.role]: [managedPolicy('AmazonS3ReadOnlyAccess')] };
    }),
    expected: { 'compute.session-manager': 'fail' },
    assert: (e) => expectMessage(e, 'compute.session-manager', computeIds.role, 'AmazonSSMManagedInstanceCore'),
  },
  {
    name: 'profile-without-role',
    description: 'the instance profile holds no role',
    inventory: mutate(complete, (d) => {
      d['iam.instanceProfiles'] = [instanceProfile(computeIds.profile, [])];
      d['iam.roleAttachedPolicies'] = {};
    }),
    expected: { 'compute.session-manager': 'fail' },
    assert: (e) => expectMessage(e, 'compute.session-manager', computeIds.profile, 'no role'),
  },
  {
    name: 'role-deleted',
    description: "the profile's role was deleted while the profile was being read (NoSuchEntity)",
    inventory: mutate(complete, (d) => {
      d['iam.roleAttachedPolicies'] = { [computeIds.role]: null };
    }),
    expected: { 'compute.session-manager': 'fail' },
  },
  {
    name: 'course-names-another-policy',
    description: 'the course accepts its own policy, named by ARN, attached to the role',
    inventory: mutate(complete, (d) => {
      d['iam.roleAttachedPolicies'] = {
        [computeIds.role]: [{ PolicyName: 'course-ssm', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/course-ssm` }],
      };
    }),
    options: { params: { sessionManagerPolicy: `arn:aws:iam::${ACCOUNT}:policy/course-ssm` } },
    expected: {},
  },
  {
    name: 'role-policies-unreadable',
    description: "the grader may not list the role's policies: only the Session Manager check is an error",
    inventory: mutate(complete, (_d, inv) => {
      inv.sources['iam.roleAttachedPolicies'] = {
        error: { code: 'AccessDenied', message: 'not authorized to perform: iam:ListAttachedRolePolicies' },
      };
    }),
    expected: { 'compute.session-manager': 'error' },
  },
  {
    name: 'no-own-ami',
    description: 'the instances run from an AWS AMI and the account owns none',
    inventory: mutate(complete, (d) => {
      for (const i of d['ec2.instances']) i.ImageId = computeIds.awsAmi;
      d['ec2.images'] = [];
    }),
    expected: { 'compute.custom-ami': 'fail' },
  },
  {
    name: 'own-ami-not-used',
    description: 'an own AMI exists but the instances still run from the AWS AMI',
    inventory: mutate(complete, (d) => {
      for (const i of d['ec2.instances']) i.ImageId = computeIds.awsAmi;
    }),
    expected: { 'compute.custom-ami': 'fail' },
    assert: (e) => expectMessage(e, 'compute.custom-ami', computeIds.ami, computeIds.awsAmi),
  },
  {
    name: 'aws-ami-answered-as-own',
    description:
      "DescribeImages (Owners=self) also answers the Amazon-owned AMI the instances run from, as an emulator ignoring the owner filter may: it is not the account's own",
    inventory: mutate(complete, (d) => {
      for (const i of d['ec2.instances']) i.ImageId = computeIds.awsAmi;
      d['ec2.images'] = [
        { ...ownImage(computeIds.awsAmi, 'al2023-ami-2023.6.20241121.0-kernel-6.1-x86_64'), OwnerId: '137112412989' },
      ];
    }),
    expected: { 'compute.custom-ami': 'fail' },
    assert: (e) => expectMessage(e, 'compute.custom-ami', 'owns no available AMI'),
  },
  {
    name: 'own-ami-pending',
    description: 'the own AMI is still being created',
    inventory: mutate(complete, (d) => {
      d['ec2.images'] = [ownImage(computeIds.ami, 'lab-web-ami', 'pending')];
    }),
    expected: { 'compute.custom-ami': 'fail' },
    assert: (e) => expectMessage(e, 'compute.custom-ami', 'pending'),
  },
];
