/**
 * The compute collectors against mocked EC2 and IAM APIs: every page read, DescribeInstanceTypes
 * once for exactly the lab instances' types, role policies only for the lab instances' roles,
 * "not configured" (a deleted role) told apart from AccessDenied, and each list API read once.
 */
import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypesCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  EC2Client,
  type Instance,
  type Reservation,
  type Volume,
} from '@aws-sdk/client-ec2';
import {
  IAMClient,
  IAMServiceException,
  ListAttachedRolePoliciesCommand,
  type ListAttachedRolePoliciesCommandInput,
  ListInstanceProfilesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { SourceKey } from '../../checks/inventory.js';
import { ownImage, volume } from '../scenarios/compute-builders.js';
import { instance } from '../scenarios/ec2-builders.js';
import {
  callCounts,
  collectSources,
  pagesOf,
  recorded,
  recordedVpcs,
  serveNextTokenPages,
  serveRecordedCompute,
  serveRecordedEc2,
  serveRecordedIam,
  unauthorized,
} from '../support/aws-mock.js';

const ec2 = mockClient(EC2Client);
const iam = mockClient(IAMClient);

const LAB_ROLE = 'course-ec2-role';
const COMPUTE_SOURCES: SourceKey[] = ['ec2.volumes', 'ec2.instanceTypes', 'ec2.images', 'iam.roleAttachedPolicies'];

function recordedInstances(): Instance[] {
  return recorded<{ Reservations: Reservation[] }>('ec2/DescribeInstances').Reservations.flatMap(
    (r) => r.Instances ?? [],
  );
}

beforeEach(() => {
  ec2.reset();
  iam.reset();
  serveRecordedEc2(ec2);
  serveRecordedIam(iam);
  serveRecordedCompute(ec2, iam);
});
afterAll(() => {
  ec2.restore();
  iam.restore();
});

const collect = collectSources;

const serveEc2Pages = (command: object, member: string, pages: unknown[][]) =>
  serveNextTokenPages(ec2, command, member, pages);

describe('ec2.volumes', () => {
  it('reads every volume of the region over every page, attached or not, with no filter', async () => {
    const volumes = [
      ...recorded<{ Volumes: Volume[] }>('ec2/DescribeVolumes').Volumes,
      JSON.parse(JSON.stringify(volume('vol-0f00000000000dead', { type: 'gp2', encrypted: false }))) as Volume,
    ];
    const inputs = serveEc2Pages(DescribeVolumesCommand, 'Volumes', pagesOf(volumes, 3));

    const inventory = await collect(['ec2.volumes']);

    expect(inventory.sources['ec2.volumes']).toEqual({ data: volumes });
    expect(inputs).toEqual([{}, { NextToken: 'page-2' }, { NextToken: 'page-3' }]);
  });

  it('denied DescribeVolumes fails only ec2.volumes', async () => {
    ec2.on(DescribeVolumesCommand).rejects(unauthorized('ec2:DescribeVolumes'));

    const inventory = await collect(COMPUTE_SOURCES);

    expect(inventory.sources['ec2.volumes']?.error).toEqual({
      code: 'UnauthorizedOperation',
      message: expect.stringContaining('ec2:DescribeVolumes'),
    });
    for (const key of COMPUTE_SOURCES.filter((k) => k !== 'ec2.volumes')) {
      expect(inventory.sources[key]?.data, key).toBeDefined();
    }
  });
});

describe('ec2.instanceTypes', () => {
  it('asks once, for exactly the types of the running lab instances', async () => {
    const inputs = serveRecordedCompute(ec2, iam);
    const instances = recordedInstances();
    // A leftover in the default VPC and a stopped lab instance use other types: never asked for.
    const [defaultVpc] = recordedVpcs().default;
    const leftover = instance('i-0old0000000000001', {
      vpcId: defaultVpc as string,
      subnetId: 'subnet-0dfa000000000000a',
      az: 'us-east-1a',
      privateIp: '172.31.5.9',
      groups: [],
    });
    leftover.InstanceType = 'm4.xlarge';
    const stopped = { ...structuredClone(instances[0]), InstanceId: 'i-0stp0000000000001', InstanceType: 't3.nano' };
    stopped.State = { Code: 80, Name: 'stopped' };
    const web = { ...structuredClone(instances[1]), InstanceId: 'i-0web0000000000009', InstanceType: 't3.micro' };
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [{ Instances: [...instances, leftover, stopped as Instance, web as Instance] }],
    });

    const inventory = await collect(['ec2.instanceTypes']);

    expect(inputs).toEqual([{ InstanceTypes: ['t3.micro', 't3.small'] }]);
    expect(inventory.sources['ec2.instanceTypes']?.data?.map((t) => t.InstanceType)).toEqual(['t3.micro', 't3.small']);
  });

  it('follows NextToken when AWS pages the answer', async () => {
    const inputs = serveRecordedCompute(ec2, iam, 1);
    const [first, second] = recordedInstances();
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            { ...first, InstanceType: 't3.small' },
            { ...second, InstanceType: 't3.micro' },
          ],
        },
      ],
    });

    const inventory = await collect(['ec2.instanceTypes']);

    expect(inputs.map((i) => i.NextToken)).toEqual([undefined, '1']);
    expect(inventory.sources['ec2.instanceTypes']?.data?.map((t) => t.InstanceType)).toEqual(['t3.micro', 't3.small']);
  });

  it('makes no call when no lab instance runs', async () => {
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });

    const inventory = await collect(['ec2.instanceTypes']);

    expect(inventory.sources['ec2.instanceTypes']).toEqual({ data: [] });
    expect(ec2.commandCalls(DescribeInstanceTypesCommand)).toHaveLength(0);
  });

  it("follows the course's vpcId: the named VPC's instances decide the types", async () => {
    const inputs = serveRecordedCompute(ec2, iam);
    const [defaultVpc] = recordedVpcs().default;
    const other = instance('i-0old0000000000001', {
      vpcId: defaultVpc as string,
      subnetId: 'subnet-0dfa000000000000a',
      az: 'us-east-1a',
      privateIp: '172.31.5.9',
      groups: [],
    });
    other.InstanceType = 't3.nano';
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [...recordedInstances(), other] }] });

    await collect(['ec2.instanceTypes'], { vpcId: defaultVpc });

    expect(inputs).toEqual([{ InstanceTypes: ['t3.nano'] }]);
  });
});

describe('ec2.images', () => {
  it('asks for the AMIs the account owns (Owners=self), over every page', async () => {
    const images = [ownImage('ami-0c0ffee0000000001', 'lab-web-ami'), ownImage('ami-0c0ffee0000000002', 'lab-app-ami')];
    const json = JSON.parse(JSON.stringify(images));
    const inputs = serveEc2Pages(DescribeImagesCommand, 'Images', pagesOf(json, 2));

    const inventory = await collect(['ec2.images']);

    expect(inventory.sources['ec2.images']).toEqual({ data: json });
    expect(inputs).toEqual([{ Owners: ['self'] }, { Owners: ['self'], NextToken: 'page-2' }]);
  });
});

describe('iam.roleAttachedPolicies', () => {
  it("lists the attached policies of the lab instances' roles only (never the grader's own role)", async () => {
    const inventory = await collect(['iam.roleAttachedPolicies']);

    const asked = iam.commandCalls(ListAttachedRolePoliciesCommand).map((c) => c.args[0].input.RoleName);
    expect(asked).toEqual([LAB_ROLE]);
    expect(inventory.sources['iam.roleAttachedPolicies']).toEqual({
      data: { [LAB_ROLE]: recorded(`iam/ListAttachedRolePolicies.${LAB_ROLE}`).AttachedPolicies },
    });
  });

  it('follows Marker over every page', async () => {
    const policies = [
      { PolicyName: 'AmazonSSMManagedInstanceCore', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' },
      { PolicyName: 'CloudWatchAgentServerPolicy', PolicyArn: 'arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy' },
    ];
    const markers: (string | undefined)[] = [];
    iam.on(ListAttachedRolePoliciesCommand).callsFake((input: ListAttachedRolePoliciesCommandInput) => {
      markers.push(input.Marker);
      return input.Marker
        ? { AttachedPolicies: [policies[1]], IsTruncated: false }
        : { AttachedPolicies: [policies[0]], IsTruncated: true, Marker: 'm-2' };
    });

    const inventory = await collect(['iam.roleAttachedPolicies']);

    expect(markers).toEqual([undefined, 'm-2']);
    expect(inventory.sources['iam.roleAttachedPolicies']?.data).toEqual({ [LAB_ROLE]: policies });
  });

  it('records a role deleted since the profile was listed (NoSuchEntity) as null, not as an error', async () => {
    iam.on(ListAttachedRolePoliciesCommand).rejects(
      new NoSuchEntityException({
        message: `The role with name ${LAB_ROLE} cannot be found.`,
        $metadata: { httpStatusCode: 404 },
      }),
    );

    const inventory = await collect(['iam.roleAttachedPolicies']);

    expect(inventory.sources['iam.roleAttachedPolicies']).toEqual({ data: { [LAB_ROLE]: null } });
  });

  it('records AccessDenied as the source error, leaving the other sources read', async () => {
    iam.on(ListAttachedRolePoliciesCommand).rejects(
      Object.assign(
        new IAMServiceException({
          name: 'AccessDenied',
          $fault: 'client',
          message: 'User is not authorized to perform: iam:ListAttachedRolePolicies',
          $metadata: { httpStatusCode: 403 },
        }),
        { Code: 'AccessDenied' },
      ),
    );

    const inventory = await collect(COMPUTE_SOURCES);

    expect(inventory.sources['iam.roleAttachedPolicies']?.error?.code).toBe('AccessDenied');
    for (const key of COMPUTE_SOURCES.filter((k) => k !== 'iam.roleAttachedPolicies')) {
      expect(inventory.sources[key]?.data, key).toBeDefined();
    }
  });

  it('asks nothing when no lab instance has an instance profile', async () => {
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [{ Instances: recordedInstances().map((i) => ({ ...i, IamInstanceProfile: undefined })) }],
    });

    const inventory = await collect(['iam.roleAttachedPolicies']);

    expect(inventory.sources['iam.roleAttachedPolicies']).toEqual({ data: {} });
    expect(iam.commandCalls(ListAttachedRolePoliciesCommand)).toHaveLength(0);
  });
});

describe('a compute grade', () => {
  it('sends each list API once, however many sources depend on it', async () => {
    await collect(['ec2.vpcs', 'ec2.instances', 'iam.instanceProfiles', ...COMPUTE_SOURCES]);

    expect(callCounts(ec2, iam)).toEqual({
      DescribeVpcs: 1,
      DescribeInstances: 1,
      DescribeVolumes: 1,
      DescribeInstanceTypes: 1,
      DescribeImages: 1,
      ListInstanceProfiles: 1,
      ListAttachedRolePolicies: 1,
    });
    expect(ec2.commandCalls(DescribeVpcsCommand)).toHaveLength(1);
    expect(iam.commandCalls(ListInstanceProfilesCommand)).toHaveLength(1);
  });
});
