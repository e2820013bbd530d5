/**
 * Multi-region collection, as the cleanup report uses it: a lab's `regional` sources are read once
 * in each other region, in parallel with the graded region, with that region's client; a region
 * that cannot be read fails only its own sources; a replica ARN in the graded region names a
 * region to read; and the inventory round-trips through a file.
 */
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeNatGatewaysCommand,
  DescribeVolumesCommand,
  EC2Client,
  EC2ServiceException,
} from '@aws-sdk/client-ec2';
import {
  DescribeLoadBalancersCommand as DescribeClassicLoadBalancersCommand,
  ElasticLoadBalancingClient,
} from '@aws-sdk/client-elastic-load-balancing';
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { evaluateLab } from '../../checks/engine.js';
import { cleanupLab } from '../../checks/labs/cleanup/index.js';
import { collectForLab } from '../../functions/grade.js';
import { parseInventory } from '../../functions/inventory/io.js';
import { serveByRegion } from '../support/aws-mock.js';

const ec2 = mockClient(EC2Client);
const rds = mockClient(RDSClient);
const elb = mockClient(ElasticLoadBalancingV2Client);
const classicElb = mockClient(ElasticLoadBalancingClient);
const asg = mockClient(AutoScalingClient);
const sts = mockClient(STSClient);
const ACCOUNT = '123456789012';

let calls: string[] = [];

const nat = (region: string) => ({
  NatGateways:
    region === 'us-west-2' ? [{ NatGatewayId: 'nat-0west000000000001', State: 'available', VpcId: 'vpc-1' }] : [],
});

beforeEach(() => {
  calls = [];
  for (const m of [ec2, rds, elb, classicElb, asg, sts]) m.reset();
  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/s`, UserId: 'AIDA' });
  serveByRegion(calls, ec2, DescribeNatGatewaysCommand, nat);
  serveByRegion(calls, ec2, DescribeAddressesCommand, () => ({ Addresses: [] }));
  serveByRegion(calls, ec2, DescribeInstancesCommand, () => ({ Reservations: [] }));
  serveByRegion(calls, ec2, DescribeVolumesCommand, () => ({ Volumes: [] }));
  serveByRegion(calls, rds, DescribeDBClustersCommand, () => ({ DBClusters: [] }));
  serveByRegion(calls, elb, DescribeLoadBalancersCommand, () => ({ LoadBalancers: [] }));
  // The Classic Load Balancer API's call has the same name: logged apart.
  classicElb.on(DescribeClassicLoadBalancersCommand).callsFake(async (_input, getClient) => {
    calls.push(`DescribeLoadBalancers (classic) ${await getClient().config.region()}`);
    return { LoadBalancerDescriptions: [] };
  });
  serveByRegion(calls, asg, DescribeAutoScalingGroupsCommand, () => ({ AutoScalingGroups: [] }));
  serveByRegion(calls, rds, DescribeDBInstancesCommand, (region) => ({
    DBInstances:
      region === 'us-east-1'
        ? [
            {
              DBInstanceIdentifier: 'course-db',
              DBInstanceStatus: 'available',
              ReadReplicaDBInstanceIdentifiers: [`arn:aws:rds:ap-northeast-1:${ACCOUNT}:db:course-db-replica`],
            },
          ]
        : [],
  }));
});

afterAll(() => {
  for (const m of [ec2, rds, elb, classicElb, asg, sts]) m.restore();
});

const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' };

describe('multi-region collection', () => {
  it("reads each regional source once per region: the course's regions and the one a replica ARN names", async () => {
    const inventory = await collectForLab({
      lab: cleanupLab,
      region: 'us-east-1',
      credentials,
      options: { params: { regions: ['us-west-2'] } },
    });
    expect(Object.keys(inventory.regions ?? {}).sort()).toEqual(['ap-northeast-1', 'us-west-2']);
    for (const api of [
      'DescribeNatGateways',
      'DescribeAddresses',
      'DescribeInstances',
      'DescribeVolumes',
      'DescribeDBInstances',
      'DescribeDBClusters',
      'DescribeLoadBalancers',
      'DescribeLoadBalancers (classic)',
      'DescribeAutoScalingGroups',
    ]) {
      for (const region of ['us-east-1', 'us-west-2', 'ap-northeast-1']) {
        expect(
          calls.filter((c) => c === `${api} ${region}`),
          `${api} in ${region}`,
        ).toHaveLength(1);
      }
    }
    const e = evaluateLab(cleanupLab, inventory, { params: { regions: ['us-west-2'] } });
    const natCheck = e.checks.find((c) => c.id === 'cleanup.nat');
    expect(natCheck?.status).toBe('fail');
    expect(natCheck?.message).toContain('nat-0west000000000001 in us-west-2');
    expect(e.checks.find((c) => c.id === 'cleanup.db')?.message).toContain('course-db in us-east-1');
  });

  it('a region that cannot be read fails only its own sources, and the checks reading it are errors', async () => {
    ec2.on(DescribeNatGatewaysCommand).callsFake(async (_i, getClient) => {
      const region = await getClient().config.region();
      if (region === 'us-west-2') {
        throw new EC2ServiceException({
          name: 'UnauthorizedOperation',
          $fault: 'client',
          $metadata: {},
          message: 'You are not authorized',
        });
      }
      return nat(region);
    });
    const inventory = await collectForLab({
      lab: cleanupLab,
      region: 'us-east-1',
      credentials,
      options: { params: { regions: ['us-west-2'] } },
    });
    expect(inventory.sources['ec2.natGateways']?.data).toEqual([]);
    expect(inventory.regions?.['us-west-2']?.sources['ec2.natGateways']?.error?.code).toBe('UnauthorizedOperation');
    expect(inventory.regions?.['us-west-2']?.sources['ec2.addresses']?.data).toEqual([]);
    const e = evaluateLab(cleanupLab, inventory, { params: { regions: ['us-west-2'] } });
    const status = Object.fromEntries(e.checks.map((c) => [c.id, c.status]));
    expect(status['cleanup.nat']).toBe('error');
    expect(status['cleanup.eip']).toBe('pass');
    expect(e.sourceErrors).toContainEqual(
      expect.objectContaining({ source: 'ec2.natGateways in us-west-2', code: 'UnauthorizedOperation' }),
    );
  });

  it('with no course regions, only the region a replica ARN names is read besides the graded one', async () => {
    const inventory = await collectForLab({ lab: cleanupLab, region: 'us-east-1', credentials, options: {} });
    // Only the replica ARN's region: the course named none.
    expect(Object.keys(inventory.regions ?? {})).toEqual(['ap-northeast-1']);
  });

  it('stored with its regions, the inventory loads and grades the same; a bad regional source is named by path', async () => {
    const inventory = await collectForLab({
      lab: cleanupLab,
      region: 'us-east-1',
      credentials,
      options: { params: { regions: ['us-west-2'] } },
    });
    const copy = parseInventory(JSON.parse(JSON.stringify(inventory)));
    expect(evaluateLab(cleanupLab, copy)).toEqual(evaluateLab(cleanupLab, inventory));
    const broken = JSON.parse(JSON.stringify(inventory));
    broken.regions['us-west-2'].sources['ec2.natGateways'].data = 'nope';
    expect(() => parseInventory(broken)).toThrow(/regions\.us-west-2\.sources\.ec2\.natGateways/);
    const badRegion = JSON.parse(JSON.stringify(inventory));
    badRegion.regions['../etc'] = { sources: {} };
    expect(() => parseInventory(badRegion)).toThrow(/regions/);
  });
});
