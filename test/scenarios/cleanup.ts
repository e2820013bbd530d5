/**
 * The cleanup report's marking sheet: a clean account, then each kind of leftover alone, the
 * replica region, stopped and scaled-to-zero resources, prices the table does not know, and
 * regions or sources that cannot be read. Scenarios marked `example` are also the files in
 * examples/cleanup/.
 */
import type { Volume } from '@aws-sdk/client-ec2';
import type { LoadBalancerDescription } from '@aws-sdk/client-elastic-load-balancing';
import { expect } from 'vitest';
import type { Inventory, InventorySources, SourceKey, SourceTypes } from '../../checks/inventory.js';
import type { Evaluation } from '../../checks/model.js';
import type { Scenario } from '../support/scenario.js';
import { completeAlbLab } from './alb.js';
import { volume, volumesOf } from './compute-builders.js';
import { completeDbLab, REPLICA_REGION } from './db.js';
import { inventoryOf } from './ec2-builders.js';
import { completeVpcLab } from './vpc.js';

type Data = { [K in SourceKey]?: SourceTypes[K] };

const EMPTY: Data = {
  'ec2.natGateways': [],
  'ec2.addresses': [],
  'rds.dbInstances': [],
  'rds.dbClusters': [],
  'elbv2.loadBalancers': [],
  'elb.loadBalancers': [],
  'ec2.instances': [],
  'autoscaling.groups': [],
  'ec2.volumes': [],
};

function sourcesOf(data: Data): InventorySources {
  return Object.fromEntries(Object.entries({ ...EMPTY, ...data }).map(([k, v]) => [k, { data: v }]));
}

/** An account in us-east-1 (the graded region) with `graded` left there and `replica` left in eu-west-1. */
function account(graded: Data = {}, replica: Data = {}): Inventory {
  const inv = inventoryOf({ ...EMPTY, ...graded });
  inv.regions = { [REPLICA_REGION]: { sources: sourcesOf(replica) } };
  return inv;
}

function from<K extends SourceKey>(inv: Inventory, key: K): SourceTypes[K] {
  return structuredClone(inv.sources[key]?.data) as SourceTypes[K];
}

const vpc = completeVpcLab();
const alb = completeAlbLab();
const db = completeDbLab();
const replicas = structuredClone(db.regions?.[REPLICA_REGION]?.sources['rds.dbInstances']?.data ?? []);
const albInstances = from(alb, 'ec2.instances');
const unattached = volume('vol-0left0000000000001', { size: 20, type: 'gp2', name: 'old-data' });

/** A Classic Load Balancer in front of the ALB lab's instances, made instead of (or besides) the ALB, in `region`. */
function classicLoadBalancer(region = 'us-east-1'): LoadBalancerDescription {
  const v2 = from(alb, 'elbv2.loadBalancers')[0];
  const subnets = (v2?.AvailabilityZones ?? []).map((z) => z.SubnetId ?? '');
  return {
    LoadBalancerName: 'lab-classic-elb',
    DNSName: `lab-classic-elb-1234567890.${region}.elb.amazonaws.com`,
    CanonicalHostedZoneName: `lab-classic-elb-1234567890.${region}.elb.amazonaws.com`,
    CanonicalHostedZoneNameID: 'Z35SXDOTRQ7X7K',
    ListenerDescriptions: [
      {
        Listener: { Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 },
        PolicyNames: [],
      },
    ],
    Policies: { AppCookieStickinessPolicies: [], LBCookieStickinessPolicies: [], OtherPolicies: [] },
    BackendServerDescriptions: [],
    AvailabilityZones: (v2?.AvailabilityZones ?? []).map((z) => z.ZoneName ?? ''),
    Subnets: subnets,
    VPCId: v2?.VpcId,
    Instances: albInstances.map((i) => ({ InstanceId: i.InstanceId })),
    HealthCheck: { Target: 'HTTP:80/', Interval: 30, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 10 },
    SourceSecurityGroup: { OwnerAlias: '123456789012', GroupName: 'lab-elb-sg' },
    SecurityGroups: v2?.SecurityGroups ?? [],
    CreatedTime: new Date('2026-11-20T10:00:00.000Z'),
    Scheme: 'internet-facing',
  };
}

/** Everything a three-tier course leaves behind when nothing is deleted. */
function everythingLeft(): Inventory {
  return account(
    {
      'ec2.natGateways': from(vpc, 'ec2.natGateways'),
      'ec2.addresses': from(vpc, 'ec2.addresses'),
      'rds.dbInstances': from(db, 'rds.dbInstances'),
      'elbv2.loadBalancers': from(alb, 'elbv2.loadBalancers'),
      'ec2.instances': albInstances,
      'autoscaling.groups': from(alb, 'autoscaling.groups'),
      'ec2.volumes': [...albInstances.flatMap((i) => volumesOf(i)), unattached],
    },
    { 'rds.dbInstances': replicas },
  );
}

const withReplicaRegion = { params: { replicaRegion: REPLICA_REGION } };

function costOf(e: Evaluation, id: string): number | undefined {
  return e.checks.find((c) => c.id === id)?.cost?.perDay;
}

const unreadable = (code: string, message: string): InventorySources =>
  Object.fromEntries(Object.keys(EMPTY).map((k) => [k, { error: { code, message } }]));

export const scenarios: Scenario[] = [
  {
    name: 'complete',
    description: 'Everything deleted in the graded region and in the replica region',
    inventory: account(),
    options: withReplicaRegion,
    expected: {},
    example: true,
    assert: (e) => {
      expect(e.cost).toBeUndefined();
      expect(e.checks.find((c) => c.id === 'cleanup.nat')?.message).toContain(REPLICA_REGION);
    },
  },
  {
    name: 'everything-left',
    description: 'Nothing deleted: NAT gateway, Elastic IPs, Multi-AZ DB and its replica, ALB, ASG and instances',
    inventory: everythingLeft(),
    options: withReplicaRegion,
    expected: {
      'cleanup.nat': 'fail',
      'cleanup.eip': 'fail',
      'cleanup.db': 'fail',
      'cleanup.load-balancer': 'fail',
      'cleanup.instances': 'fail',
      'cleanup.volumes': 'fail',
    },
    example: true,
    assert: (e) => {
      // Two us-east-1 NAT gateways (one per AZ) at $0.045 an hour each.
      expect(costOf(e, 'cleanup.nat')).toBe(2.16);
      expect(e.checks.find((c) => c.id === 'cleanup.nat')?.message).toMatch(
        /^2 left, about \$2\.16\/day \(\$65\/month\) estimated: nat-\S+ \(\S+\) in us-east-1 is still available: about \$1\.08\/day \(\$32\/month\) estimated before data processing/,
      );
      // The replica lives in a region the shipped table has no price for: named, never free.
      expect(e.checks.find((c) => c.id === 'cleanup.db')?.cost?.unpriced.some((u) => u.includes(REPLICA_REGION))).toBe(
        true,
      );
      expect(e.cost?.perDay).toBeGreaterThan(2);
      expect(e.cost?.perMonth).toBeCloseTo((e.cost?.perDay ?? 0) * 30, 0);
    },
  },
  {
    name: 'nat-left',
    description: 'Only the NAT gateway is left (its Elastic IP too, since it holds one)',
    inventory: account({ 'ec2.natGateways': from(vpc, 'ec2.natGateways').slice(0, 1) }),
    expected: { 'cleanup.nat': 'fail' },
  },
  {
    name: 'nat-deleted',
    description: 'The NAT gateway is deleted (AWS lists it as deleted for an hour)',
    inventory: account({
      'ec2.natGateways': from(vpc, 'ec2.natGateways').map((g) => ({ ...g, State: 'deleted' as const })),
    }),
    expected: {},
  },
  {
    name: 'eip-left',
    description: 'The NAT gateway is deleted but its Elastic IP was never released',
    inventory: account({
      'ec2.addresses': from(vpc, 'ec2.addresses')
        .slice(0, 1)
        .map(
          ({ AssociationId: _a, NetworkInterfaceId: _n, NetworkInterfaceOwnerId: _o, PrivateIpAddress: _p, ...a }) => a,
        ),
    }),
    expected: { 'cleanup.eip': 'fail' },
    example: true,
    assert: (e) => {
      expect(costOf(e, 'cleanup.eip')).toBe(0.12);
      expect(e.checks.find((c) => c.id === 'cleanup.eip')?.message).toContain('attached to nothing');
    },
  },
  {
    name: 'eip-on-nat-emulator-shape',
    description:
      'The NAT gateway and its Elastic IP are left; the emulator answers the address with InstanceId "" where AWS omits it',
    inventory: account({
      'ec2.natGateways': from(vpc, 'ec2.natGateways').slice(0, 1),
      'ec2.addresses': from(vpc, 'ec2.addresses')
        .slice(0, 1)
        .map((a) => ({ ...a, InstanceId: '' })),
    }),
    expected: { 'cleanup.nat': 'fail', 'cleanup.eip': 'fail' },
    assert: (e) => {
      const eni = from(vpc, 'ec2.addresses')[0]?.NetworkInterfaceId ?? '?';
      const check = e.checks.find((c) => c.id === 'cleanup.eip');
      expect(check?.message).toContain(`attached to ${eni}`);
      expect(check?.message).not.toContain('attached to nothing');
    },
  },
  {
    name: 'db-left',
    description: 'The Multi-AZ primary database is left running',
    inventory: account({ 'rds.dbInstances': from(db, 'rds.dbInstances') }),
    expected: { 'cleanup.db': 'fail' },
  },
  {
    name: 'db-stopped',
    description: 'The database was stopped, not deleted: storage still bills and it restarts after 7 days',
    inventory: account({
      'rds.dbInstances': from(db, 'rds.dbInstances').map((i) => ({ ...i, DBInstanceStatus: 'stopped' })),
    }),
    expected: { 'cleanup.db': 'fail' },
    assert: (e) => {
      const check = e.checks.find((c) => c.id === 'cleanup.db');
      expect(check?.message).toContain('restarts by itself after 7 days');
      // Storage only: GB x copies (2 when Multi-AZ) x $0.115 per GB-month, over 30 days.
      const storage = from(db, 'rds.dbInstances').reduce(
        (sum, i) => sum + ((i.AllocatedStorage ?? 0) * (i.MultiAZ ? 2 : 1) * 0.115) / 30,
        0,
      );
      expect(check?.cost?.perDay).toBe(Math.round(storage * 100) / 100);
    },
  },
  {
    name: 'replica-region-only',
    description: 'The primary is deleted; its read replica is left in the replica region',
    inventory: account({}, { 'rds.dbInstances': replicas }),
    options: withReplicaRegion,
    expected: { 'cleanup.db': 'fail' },
    example: true,
    assert: (e) => {
      expect(e.checks.find((c) => c.id === 'cleanup.db')?.message).toContain(`in ${REPLICA_REGION}`);
    },
  },
  {
    name: 'load-balancer-left',
    description: 'Only the application load balancer is left',
    inventory: account({ 'elbv2.loadBalancers': from(alb, 'elbv2.loadBalancers') }),
    expected: { 'cleanup.load-balancer': 'fail' },
    assert: (e) => expect(costOf(e, 'cleanup.load-balancer')).toBe(0.54),
  },
  {
    name: 'classic-load-balancer-left',
    description: 'Only a Classic Load Balancer is left (ELBv2 does not list it)',
    inventory: account({ 'elb.loadBalancers': [classicLoadBalancer()] }),
    expected: { 'cleanup.load-balancer': 'fail' },
    assert: (e) => {
      // $0.025 per Classic Load Balancer hour in us-east-1.
      expect(costOf(e, 'cleanup.load-balancer')).toBe(0.6);
      expect(e.checks.find((c) => c.id === 'cleanup.load-balancer')?.message).toBe(
        `lab-classic-elb in us-east-1 (Classic Load Balancer, ${albInstances.length} instance(s) registered) is still there: about $0.60/day ($18/month) estimated before data processing.`,
      );
    },
  },
  {
    name: 'classic-load-balancer-in-replica-region',
    description: 'A Classic Load Balancer is left in the replica region, whose price the table does not know',
    inventory: account({}, { 'elb.loadBalancers': [classicLoadBalancer(REPLICA_REGION)] }),
    options: withReplicaRegion,
    expected: { 'cleanup.load-balancer': 'fail' },
    assert: (e) => {
      const check = e.checks.find((c) => c.id === 'cleanup.load-balancer');
      expect(check?.message).toContain(`lab-classic-elb in ${REPLICA_REGION} (Classic Load Balancer`);
      expect(check?.message).toContain('price unknown');
      expect(check?.cost?.unpriced).toEqual([`lab-classic-elb (${REPLICA_REGION})`]);
      expect(check?.cost?.leftovers?.map((l) => `${l.kind} ${l.region}`)).toEqual([`load-balancer ${REPLICA_REGION}`]);
    },
  },
  {
    name: 'instances-left',
    description: 'The Auto Scaling group is deleted but two instances still run',
    inventory: account({
      'ec2.instances': albInstances,
      'ec2.volumes': albInstances.flatMap((i) => volumesOf(i)),
    }),
    expected: { 'cleanup.instances': 'fail' },
  },
  {
    name: 'asg-would-start',
    description: 'The instances were terminated by hand but the Auto Scaling group still wants 2',
    inventory: account({ 'autoscaling.groups': from(alb, 'autoscaling.groups') }),
    expected: { 'cleanup.instances': 'fail' },
    assert: (e) => expect(e.checks.find((c) => c.id === 'cleanup.instances')?.message).toContain('desired capacity 2'),
  },
  {
    name: 'asg-scaled-to-zero',
    description: 'The Auto Scaling group is kept with desired capacity 0 and no instance',
    inventory: account({
      'autoscaling.groups': from(alb, 'autoscaling.groups').map((g) => ({
        ...g,
        MinSize: 0,
        DesiredCapacity: 0,
        Instances: [],
      })),
    }),
    expected: {},
  },
  {
    name: 'asg-being-deleted',
    description:
      'The Auto Scaling group is being deleted (Status "Delete in progress", desired capacity still 2) and its instances are shutting down: nothing will start again',
    inventory: account({
      'autoscaling.groups': from(alb, 'autoscaling.groups').map((g) => ({ ...g, Status: 'Delete in progress' })),
      'ec2.instances': albInstances.map((i) => ({ ...i, State: { Code: 32, Name: 'shutting-down' as const } })),
    }),
    expected: {},
  },
  {
    name: 'asg-being-deleted-instances-running',
    description:
      'The Auto Scaling group is being deleted and its instances still run: they are left, the group starts none again',
    inventory: account({
      'autoscaling.groups': from(alb, 'autoscaling.groups').map((g) => ({ ...g, Status: 'Delete in progress' })),
      'ec2.instances': albInstances,
    }),
    expected: { 'cleanup.instances': 'fail' },
    assert: (e) => {
      const check = e.checks.find((c) => c.id === 'cleanup.instances');
      expect(check?.message).not.toContain('desired capacity');
      expect(check?.cost?.leftovers?.map((l) => l.kind)).toEqual(albInstances.map(() => 'instance'));
    },
  },
  {
    name: 'instances-stopped',
    description: 'The instances are stopped, not terminated (their volumes are attached, not left over)',
    inventory: account({
      'ec2.instances': albInstances.map((i) => ({ ...i, State: { Code: 80, Name: 'stopped' as const } })),
      'ec2.volumes': albInstances.flatMap((i) => volumesOf(i)),
    }),
    expected: {},
  },
  {
    name: 'unattached-volume',
    description: 'Everything is deleted but an unattached EBS volume (bonus)',
    inventory: account({ 'ec2.volumes': [unattached] }),
    expected: { 'cleanup.volumes': 'fail' },
    assert: (e) => {
      // 20 GB of gp2 at $0.10 per GB-month, over 30 days.
      expect(costOf(e, 'cleanup.volumes')).toBe(0.07);
      expect(e.score).toBe(e.maxScore);
    },
  },
  {
    name: 'unknown-price',
    description: 'An instance type the price table does not know is named as unpriced, not counted as free',
    inventory: account({
      'ec2.instances': albInstances.slice(0, 1).map((i) => ({ ...i, InstanceType: 'x2iedn.32xlarge' as const })),
    }),
    expected: { 'cleanup.instances': 'fail' },
    assert: (e) => {
      const check = e.checks.find((c) => c.id === 'cleanup.instances');
      expect(check?.message).toContain('price unknown');
      expect(check?.cost?.unpriced).toEqual([`${albInstances[0]?.InstanceId} (us-east-1)`]);
      expect(check?.cost?.perDay).toBe(0);
    },
  },
  {
    name: 'course-prices',
    description: "The course's own price for NAT gateways replaces the table's",
    inventory: account({ 'ec2.natGateways': from(vpc, 'ec2.natGateways').slice(0, 1) }),
    options: { params: { prices: { 'us-east-1': { natGatewayHour: 0.1 } } } },
    expected: { 'cleanup.nat': 'fail' },
    assert: (e) => expect(costOf(e, 'cleanup.nat')).toBe(2.4),
  },
  {
    name: 'replica-region-unreadable',
    description:
      'The replica region cannot be read (an opt-in region not enabled): its checks are errors, never passes',
    inventory: (() => {
      const inv = account();
      inv.regions = {
        [REPLICA_REGION]: {
          sources: unreadable('AuthFailure', 'AWS was not able to validate the provided access credentials'),
        },
      };
      return inv;
    })(),
    options: withReplicaRegion,
    expected: {},
    others: 'error',
  },
  {
    name: 'replica-region-not-read',
    description: 'The course names a replica region the inventory was not collected in: error, not a clean pass',
    inventory: inventoryOf(EMPTY),
    options: withReplicaRegion,
    expected: {},
    others: 'error',
  },
  {
    name: 'elbv2-denied',
    description: 'AccessDenied on DescribeLoadBalancers makes only cleanup.load-balancer an error',
    inventory: (() => {
      const inv = account({}, {});
      inv.sources['elbv2.loadBalancers'] = { error: { code: 'AccessDenied', message: 'not authorized' } };
      return inv;
    })(),
    expected: { 'cleanup.load-balancer': 'error' },
  },
];

/** The volumes of a scenario's graded region (for the collector tests). */
export function volumesIn(inv: Inventory): Volume[] {
  return (inv.sources['ec2.volumes']?.data ?? []) as Volume[];
}
