/**
 * The DB lab's marking sheet. The complete lab is the recorded reference account
 * (test/fixtures/recorded/reference-3az: PostgreSQL `course-db`, Multi-AZ in private subnets of
 * `course-vpc`, `db-sg` open to `web-sg` only, a replica in eu-west-1); each other scenario is one
 * student mistake (or situation) and names the checks it must change. Scenarios marked `example`
 * are also the files in examples/db/.
 */
import type { Instance, Reservation } from '@aws-sdk/client-ec2';
import type { DBCluster, DBInstance, DBSubnetGroup } from '@aws-sdk/client-rds';
import type { Inventory, SourceKey, SourceTypes } from '../../checks/inventory.js';
import '../../checks/labs/db/index.js';
import { recorded } from '../support/aws-mock.js';
import type { Scenario } from '../support/scenario.js';
import { ingress, inventoryOf, mutate } from './ec2-builders.js';

export const REPLICA_REGION = 'eu-west-1';

/** Ids of the recorded reference account. */
export const ids = {
  vpc: 'vpc-03c091d0567ca6253',
  defaultVpc: 'vpc-ff898bc3ade576e4f',
  publicA: 'subnet-3568a904dde90aa7c',
  privateA: 'subnet-6159adcb587155f0d',
  privateB: 'subnet-8e77f0349a42a450f',
  privateC: 'subnet-01f16ec0b6e158b77',
  defaultSubnetA: 'subnet-b822cd0a53aac203f',
  defaultSubnetB: 'subnet-c37326ecf7a7a069a',
  igw: 'igw-466c314c3ae9cf864',
  publicRt: 'rtb-d33db60a8e717cf55',
  dbSg: 'sg-2b2dd92deb42c7e26',
  webSg: 'sg-4f859d528efd8eaff',
  albSg: 'sg-f23c8457677d97a7b',
  defaultVpcSg: 'sg-3eb657d2610dc97c1',
  db: 'course-db',
  dbArn: 'arn:aws:rds:us-east-1:123456789012:db:course-db',
  replica: 'course-db-replica',
  replicaArn: 'arn:aws:rds:eu-west-1:123456789012:db:course-db-replica',
  subnetGroup: 'course-db-subnets',
  cluster: 'course-aurora',
  clusterReplica: 'course-aurora-replica',
};

/** The recorded reference account as the DB lab's collectors would read it. */
export function completeDbLab(): Inventory {
  const reservations = recorded<{ Reservations: Reservation[] }>('ec2/DescribeInstances').Reservations;
  const inventory = inventoryOf({
    'sts.callerIdentity': recorded('sts/GetCallerIdentity'),
    'ec2.vpcs': recorded<{ Vpcs: SourceTypes['ec2.vpcs'] }>('ec2/DescribeVpcs').Vpcs,
    'ec2.subnets': recorded<{ Subnets: SourceTypes['ec2.subnets'] }>('ec2/DescribeSubnets').Subnets,
    'ec2.routeTables': recorded<{ RouteTables: SourceTypes['ec2.routeTables'] }>('ec2/DescribeRouteTables').RouteTables,
    'ec2.internetGateways': recorded<{ InternetGateways: SourceTypes['ec2.internetGateways'] }>(
      'ec2/DescribeInternetGateways',
    ).InternetGateways,
    'ec2.natGateways': recorded<{ NatGateways: SourceTypes['ec2.natGateways'] }>('ec2/DescribeNatGateways').NatGateways,
    'ec2.securityGroups': recorded<{ SecurityGroups: SourceTypes['ec2.securityGroups'] }>('ec2/DescribeSecurityGroups')
      .SecurityGroups,
    'ec2.instances': reservations.flatMap((r) => r.Instances ?? ([] as Instance[])),
    'rds.dbInstances': recorded<{ DBInstances: DBInstance[] }>('rds/DescribeDBInstances').DBInstances,
    // DescribeDBClusters was not recorded: the reference account has no cluster, so it answers [].
    'rds.dbClusters': [],
    'rds.dbSubnetGroups': recorded<{ DBSubnetGroups: DBSubnetGroup[] }>('rds/DescribeDBSubnetGroups').DBSubnetGroups,
  });
  // The lab's regional read: the DB instances of the region the primary's replica ARN names.
  setReplicaRegion(
    inventory,
    recorded<{ DBInstances: DBInstance[] }>('rds/DescribeDBInstances', REPLICA_REGION).DBInstances,
  );
  inventory.lab = 'db';
  return inventory;
}

/** What the lab read in `region` (the replica region): its DB instances; `undefined` when it read no other region. */
function setReplicaRegion(inv: Inventory, instances: DBInstance[] | undefined, region = REPLICA_REGION): void {
  if (instances === undefined) delete inv.regions;
  else inv.regions = { [region]: { sources: { 'rds.dbInstances': { data: instances } } } };
}

/** The DB instances the lab read in the replica region. */
function replicaRegionInstances(inv: Inventory): DBInstance[] {
  return inv.regions?.[REPLICA_REGION]?.sources['rds.dbInstances']?.data ?? [];
}

type Data = { [K in SourceKey]: SourceTypes[K] };

function instanceOf(data: Data, id: string): DBInstance {
  const found = data['rds.dbInstances'].find((i) => i.DBInstanceIdentifier === id);
  if (!found) throw new Error(`scenario bug: no DB instance ${id}`);
  return found;
}

/** A copy of the complete lab with the primary `course-db` changed. */
function withPrimary(change: (db: DBInstance, data: Data, inv: Inventory) => void): Inventory {
  return mutate(completeDbLab(), (data, inv) => change(instanceOf(data, ids.db), data, inv));
}

/** The primary lists no replica, so the lab reads no other region. */
function dropReplica(db: DBInstance, _data: Data, inv: Inventory): void {
  db.ReadReplicaDBInstanceIdentifiers = [];
  setReplicaRegion(inv, undefined);
}

/** A DB instance shaped like the recorded one, for leftovers and Aurora members. */
function dbInstance(id: string, change: Partial<DBInstance>, region = 'us-east-1'): DBInstance {
  const base = recorded<{ DBInstances: DBInstance[] }>('rds/DescribeDBInstances').DBInstances[0] as DBInstance;
  const arn = `arn:aws:rds:${region}:123456789012:db:${id}`;
  return {
    ...base,
    DBInstanceIdentifier: id,
    DBInstanceArn: arn,
    DbiResourceId: `db-${id.toUpperCase().replaceAll('-', '')}`,
    Endpoint: { Address: `${id}.aaaaaaaaaa.${region}.rds.amazonaws.com`, Port: base.Endpoint?.Port ?? 5432 },
    ReadReplicaDBInstanceIdentifiers: [],
    TagList: [{ Key: 'Name', Value: id }],
    ...change,
  };
}

/** The default VPC's `default` DB subnet group, which the console picks when none is chosen. */
const defaultSubnetGroup: DBSubnetGroup = {
  DBSubnetGroupName: 'default',
  DBSubnetGroupDescription: 'default',
  VpcId: ids.defaultVpc,
  SubnetGroupStatus: 'Complete',
  Subnets: [
    { SubnetIdentifier: ids.defaultSubnetA, SubnetAvailabilityZone: { Name: 'us-east-1a' }, SubnetStatus: 'Active' },
    { SubnetIdentifier: ids.defaultSubnetB, SubnetAvailabilityZone: { Name: 'us-east-1b' }, SubnetStatus: 'Active' },
  ],
  DBSubnetGroupArn: 'arn:aws:rds:us-east-1:123456789012:subgrp:default',
};

/** An Aurora MySQL instance of `cluster` in `az`. */
function auroraInstance(id: string, cluster: string, az: string, region = 'us-east-1'): DBInstance {
  const inst = dbInstance(
    id,
    {
      Engine: 'aurora-mysql',
      EngineVersion: '8.0.mysql_aurora.3.05.2',
      DBInstanceClass: 'db.t3.medium',
      DBClusterIdentifier: cluster,
      AvailabilityZone: az,
      // Aurora instances report MultiAZ false: the cluster's instances in several AZs make it Multi-AZ.
      MultiAZ: false,
      AllocatedStorage: 1,
      StorageType: 'aurora',
      PromotionTier: 1,
      DbInstancePort: 0,
      DBParameterGroups: [{ DBParameterGroupName: 'default.aurora-mysql8.0', ParameterApplyStatus: 'in-sync' }],
      OptionGroupMemberships: [{ OptionGroupName: 'default:aurora-mysql-8-0', Status: 'in-sync' }],
      LicenseModel: 'general-public-license',
      KmsKeyId: `arn:aws:kms:${region}:123456789012:key/355fb59f-5310-46b5-a624-3d753504ad6e`,
    },
    region,
  );
  inst.Endpoint = { Address: `${id}.aaaaaaaaaa.${region}.rds.amazonaws.com`, Port: 3306 };
  if (region !== 'us-east-1') {
    inst.DBSubnetGroup = {
      ...(inst.DBSubnetGroup as NonNullable<DBInstance['DBSubnetGroup']>),
      DBSubnetGroupName: 'course-replica-subnets',
    };
    inst.VpcSecurityGroups = [{ VpcSecurityGroupId: 'sg-3af197e95b5fddab8', Status: 'active' }];
  }
  return inst;
}

function auroraCluster(members: { id: string; writer: boolean }[], azs: string[]): DBCluster {
  const arn = `arn:aws:rds:us-east-1:123456789012:cluster:${ids.cluster}`;
  return {
    AllocatedStorage: 1,
    AvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    BackupRetentionPeriod: 7,
    DBClusterIdentifier: ids.cluster,
    DBClusterParameterGroup: 'default.aurora-mysql8.0',
    DBSubnetGroup: ids.subnetGroup,
    Status: 'available',
    EarliestRestorableTime: new Date('2026-11-25T16:40:00.000Z'),
    Endpoint: `${ids.cluster}.cluster-aaaaaaaaaa.us-east-1.rds.amazonaws.com`,
    ReaderEndpoint: `${ids.cluster}.cluster-ro-aaaaaaaaaa.us-east-1.rds.amazonaws.com`,
    MultiAZ: new Set(azs).size > 1,
    Engine: 'aurora-mysql',
    EngineVersion: '8.0.mysql_aurora.3.05.2',
    LatestRestorableTime: new Date('2026-11-25T17:40:00.000Z'),
    Port: 3306,
    MasterUsername: 'courseadmin',
    PreferredBackupWindow: '17:00-17:30',
    PreferredMaintenanceWindow: 'wed:06:38-wed:07:08',
    ReadReplicaIdentifiers: [`arn:aws:rds:${REPLICA_REGION}:123456789012:cluster:${ids.clusterReplica}`],
    DBClusterMembers: members.map((m) => ({
      DBInstanceIdentifier: m.id,
      IsClusterWriter: m.writer,
      DBClusterParameterGroupStatus: 'in-sync',
      PromotionTier: 1,
    })),
    VpcSecurityGroups: [{ VpcSecurityGroupId: ids.dbSg, Status: 'active' }],
    HostedZoneId: 'Z2R2ITUGPM61AM',
    StorageEncrypted: true,
    KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/355fb59f-5310-46b5-a624-3d753504ad6e',
    DbClusterResourceId: 'cluster-ABCDEFGHIJKLMNOPQRSTUVWXY',
    DBClusterArn: arn,
    AssociatedRoles: [],
    IAMDatabaseAuthenticationEnabled: false,
    ClusterCreateTime: new Date('2026-11-25T16:30:00.000Z'),
    EngineMode: 'provisioned',
    DeletionProtection: true,
    HttpEndpointEnabled: false,
    CopyTagsToSnapshot: false,
    CrossAccountClone: false,
    DomainMemberships: [],
    TagList: [{ Key: 'Name', Value: ids.cluster }],
    StorageType: 'aurora',
  };
}

/** The lab built with Aurora MySQL: writer and reader in `azs`, a replica cluster in eu-west-1. */
export function auroraDbLab(azs: [string, string] = ['us-east-1a', 'us-east-1b']): Inventory {
  return mutate(completeDbLab(), (data, inv) => {
    const members = [
      { id: `${ids.cluster}-1`, writer: true },
      { id: `${ids.cluster}-2`, writer: false },
    ];
    data['rds.dbInstances'] = members.map((m, i) => auroraInstance(m.id, ids.cluster, azs[i] as string));
    data['rds.dbClusters'] = [auroraCluster(members, azs)];
    setReplicaRegion(inv, [
      auroraInstance(`${ids.clusterReplica}-1`, ids.clusterReplica, 'eu-west-1a', REPLICA_REGION),
    ]);
    // MySQL listens on 3306: db-sg admits it from web-sg.
    const dbSg = data['ec2.securityGroups'].find((g) => g.GroupId === ids.dbSg);
    if (dbSg) dbSg.IpPermissions = [ingress('tcp', 3306, 3306, [ids.webSg])];
  });
}

const message = (evaluation: { checks: { id: string; message: string }[] }, id: string): string =>
  evaluation.checks.find((c) => c.id === id)?.message ?? '';

// Plain assertions (no vitest), so scripts/write-examples.ts can import the scenarios.
function mustEqual(actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

function mustContain(text: string, part: string | RegExp): void {
  if (typeof part === 'string' ? !text.includes(part) : !part.test(text)) {
    throw new Error(`expected the message to contain ${part}: ${text}`);
  }
}

export const scenarios: Scenario[] = [
  {
    name: 'complete',
    description: 'Multi-AZ encrypted PostgreSQL in private subnets, db-sg open to web-sg only, replica in eu-west-1',
    inventory: completeDbLab(),
    expected: {},
    example: true,
    assert: (e) => {
      mustEqual(e.target?.id, ids.db);
      mustEqual(e.score, e.maxScore);
      mustContain(message(e, 'db.replica'), ids.replica);
      mustContain(message(e, 'db.sg-chain'), ids.webSg);
    },
  },
  {
    name: 'replica-region-from-course',
    description: 'the course names eu-west-1 as the replica region; the replica there is found',
    inventory: completeDbLab(),
    options: { params: { replicaRegion: REPLICA_REGION } },
    expected: {},
  },
  {
    name: 'replica-in-wrong-region',
    description: 'the course asks for the replica in ap-northeast-2 but it was made in eu-west-1',
    inventory: mutate(completeDbLab(), (_data, inv) => {
      // What the lab reads when the course names the region: only that region.
      setReplicaRegion(inv, [], 'ap-northeast-2');
    }),
    options: { params: { replicaRegion: 'ap-northeast-2' } },
    expected: { 'db.replica': 'fail' },
    assert: (e) => mustContain(message(e, 'db.replica'), /ap-northeast-2.*eu-west-1/),
  },
  {
    name: 'public-instance',
    description: 'the DB instance was created with public access on',
    inventory: withPrimary((db) => {
      db.PubliclyAccessible = true;
    }),
    expected: { 'db.private': 'fail' },
    example: true,
  },
  {
    name: 'single-az',
    description: 'the DB instance is Single-AZ (no standby)',
    inventory: withPrimary((db) => {
      db.MultiAZ = false;
    }),
    expected: { 'db.multi-az': 'fail' },
    example: true,
  },
  {
    name: 'port-open-to-world',
    description: 'db-sg also admits PostgreSQL (5432) from 0.0.0.0/0',
    inventory: mutate(completeDbLab(), (data) => {
      data['ec2.securityGroups']
        .find((g) => g.GroupId === ids.dbSg)
        ?.IpPermissions?.push(ingress('tcp', 5432, 5432, ['0.0.0.0/0']));
    }),
    expected: { 'db.sg-chain': 'fail' },
    example: true,
    assert: (e) => mustContain(message(e, 'db.sg-chain'), '0.0.0.0/0'),
  },
  {
    name: 'port-open-to-vpc-cidr',
    description: 'db-sg admits 5432 from the VPC CIDR instead of from web-sg',
    inventory: mutate(completeDbLab(), (data) => {
      const sg = data['ec2.securityGroups'].find((g) => g.GroupId === ids.dbSg);
      if (sg) sg.IpPermissions = [ingress('tcp', 5432, 5432, ['172.20.0.0/16'])];
    }),
    expected: { 'db.sg-chain': 'fail' },
  },
  {
    name: 'no-replica',
    description: 'no read replica was created',
    inventory: withPrimary(dropReplica),
    expected: { 'db.replica': 'fail' },
    example: true,
  },
  {
    name: 'replica-creating',
    description: 'the cross-region read replica is still being created',
    inventory: mutate(completeDbLab(), (_data, inv) => {
      const replica = replicaRegionInstances(inv)[0];
      if (replica) replica.DBInstanceStatus = 'creating';
    }),
    expected: { 'db.replica': 'fail' },
    assert: (e) => mustContain(message(e, 'db.replica'), 'still being created'),
  },
  {
    name: 'replica-region-denied',
    description: 'the grader may not read RDS in the replica region (AccessDenied): only db.replica is an error',
    inventory: (() => {
      const inv = completeDbLab();
      inv.regions = {
        [REPLICA_REGION]: {
          sources: {
            'rds.dbInstances': {
              error: {
                code: 'AccessDenied',
                message:
                  'User: arn:aws:sts::123456789012:assumed-role/LabGraderReadOnly/labgrader is not authorized to perform: rds:DescribeDBInstances',
              },
            },
          },
        },
      };
      return inv;
    })(),
    expected: { 'db.replica': 'error' },
  },
  {
    name: 'unencrypted',
    description: 'the DB instance (and so its replica) was created without encryption at rest',
    inventory: mutate(completeDbLab(), (data, inv) => {
      for (const db of [instanceOf(data, ids.db), ...replicaRegionInstances(inv)]) {
        db.StorageEncrypted = false;
        delete db.KmsKeyId;
      }
    }),
    expected: { 'db.encrypted': 'fail' },
    example: true,
  },
  {
    name: 'no-backups',
    description: 'automated backups are off (retention 0), so no read replica could be made either',
    inventory: withPrimary((db, data, inv) => {
      db.BackupRetentionPeriod = 0;
      delete db.LatestRestorableTime;
      dropReplica(db, data, inv);
    }),
    expected: { 'db.backups': 'fail', 'db.replica': 'fail' },
  },
  {
    name: 'subnet-group-with-public-subnet',
    description: 'the DB subnet group also holds the public subnet course-public-a',
    inventory: mutate(completeDbLab(), (data) => {
      const extra = {
        SubnetIdentifier: ids.publicA,
        SubnetAvailabilityZone: { Name: 'us-east-1a' },
        SubnetStatus: 'Active',
      };
      data['rds.dbSubnetGroups'][0]?.Subnets?.push(extra);
      instanceOf(data, ids.db).DBSubnetGroup?.Subnets?.push(extra);
    }),
    expected: { 'db.subnet-group': 'fail' },
    example: true,
    assert: (e) => {
      const m = message(e, 'db.subnet-group');
      mustContain(m, ids.publicA);
      mustContain(m, ids.igw);
    },
  },
  {
    name: 'subnet-group-one-az',
    description: 'the DB subnet group holds a single private subnet',
    inventory: mutate(completeDbLab(), (data) => {
      const only = (data['rds.dbSubnetGroups'][0]?.Subnets ?? []).slice(0, 1);
      const group = data['rds.dbSubnetGroups'][0];
      if (group) group.Subnets = only;
      const embedded = instanceOf(data, ids.db).DBSubnetGroup;
      if (embedded) embedded.Subnets = only;
    }),
    expected: { 'db.subnet-group': 'fail' },
  },
  {
    name: 'missing-subnet-group',
    description: 'the DB names subnet group course-db-subnets, but RDS lists no DB subnet group',
    inventory: mutate(completeDbLab(), (data) => {
      data['rds.dbSubnetGroups'] = [];
    }),
    expected: { 'db.subnet-group': 'fail' },
    assert: (e) => mustContain(message(e, 'db.subnet-group'), ids.subnetGroup),
  },
  {
    name: 'nothing-built',
    description: 'no DB subnet group and no database yet',
    inventory: mutate(completeDbLab(), (data, inv) => {
      data['rds.dbInstances'] = [];
      data['rds.dbSubnetGroups'] = [];
      setReplicaRegion(inv, undefined);
    }),
    expected: { 'db.subnet-group': 'fail', 'db.instance': 'fail' },
    others: 'skip',
    assert: (e) => mustEqual(e.target, null),
  },
  {
    name: 'creating',
    description: 'the DB instance is still being created (no endpoint, no replica yet)',
    inventory: withPrimary((db, data, inv) => {
      db.DBInstanceStatus = 'creating';
      delete db.Endpoint;
      delete db.LatestRestorableTime;
      dropReplica(db, data, inv);
    }),
    expected: { 'db.instance': 'fail', 'db.replica': 'fail' },
    assert: (e) => mustContain(message(e, 'db.instance'), 'still being created'),
  },
  {
    name: 'modifying-to-multi-az',
    description: 'the DB instance is being converted to Multi-AZ (status modifying)',
    inventory: withPrimary((db) => {
      db.DBInstanceStatus = 'modifying';
      db.MultiAZ = false;
      db.PendingModifiedValues = { MultiAZ: true };
    }),
    expected: { 'db.instance': 'fail', 'db.multi-az': 'fail' },
    assert: (e) => {
      mustContain(message(e, 'db.instance'), 'being modified');
      mustContain(message(e, 'db.multi-az'), 'pending');
    },
  },
  {
    name: 'engine-not-allowed',
    description: 'the course accepts only MySQL and MariaDB; the DB is PostgreSQL',
    inventory: completeDbLab(),
    options: { params: { engines: ['mysql', 'mariadb'] } },
    expected: { 'db.instance': 'fail' },
  },
  {
    name: 'leftover-instances',
    description: 'an old single-AZ public test DB and a DB being deleted sit next to the lab DB',
    inventory: mutate(completeDbLab(), (data) => {
      data['rds.dbSubnetGroups'].push(defaultSubnetGroup);
      const leftover: Partial<DBInstance> = {
        Engine: 'mysql',
        EngineVersion: '8.0.39',
        MultiAZ: false,
        PubliclyAccessible: true,
        StorageEncrypted: false,
        BackupRetentionPeriod: 0,
        DBSubnetGroup: defaultSubnetGroup,
        VpcSecurityGroups: [{ VpcSecurityGroupId: ids.defaultVpcSg, Status: 'active' }],
      };
      data['rds.dbInstances'].unshift(
        dbInstance('old-db', leftover),
        dbInstance('test-db', { ...leftover, DBInstanceStatus: 'deleting' }),
      );
    }),
    expected: {},
    assert: (e) => {
      mustEqual(e.target?.id, ids.db);
      mustEqual(
        e.candidates.map((c) => c.id),
        [ids.db, 'old-db'],
      );
    },
  },
  {
    name: 'db-in-default-vpc',
    description:
      "the DB was created in the default VPC's default subnet group (the recording's default VPC lacks the IGW AWS gives it: its default subnets still count as public)",
    inventory: withPrimary((db, data) => {
      data['rds.dbSubnetGroups'].push(defaultSubnetGroup);
      db.DBSubnetGroup = defaultSubnetGroup;
    }),
    expected: { 'db.subnet-group': 'fail' },
    assert: (e) => {
      const m = message(e, 'db.subnet-group');
      mustContain(m, ids.defaultSubnetA);
      mustContain(m, 'default');
    },
  },
  {
    name: 'only-deleting-instance',
    description: 'the only DB instance is being deleted',
    inventory: withPrimary((db, data, inv) => {
      db.DBInstanceStatus = 'deleting';
      dropReplica(db, data, inv);
    }),
    // The lab's subnet group is still judged on its own; the rest needs a database.
    expected: { 'db.subnet-group': 'pass', 'db.instance': 'fail' },
    others: 'skip',
    assert: (e) => mustContain(message(e, 'db.instance'), 'deleting'),
  },
  {
    name: 'aurora-cluster',
    description: 'Aurora MySQL cluster: writer in us-east-1a, reader in us-east-1b, replica cluster in eu-west-1',
    inventory: auroraDbLab(),
    expected: {},
    example: true,
    assert: (e) => {
      mustEqual(e.target?.id, ids.cluster);
      mustContain(message(e, 'db.multi-az'), 'us-east-1b');
      mustContain(message(e, 'db.replica'), `${ids.clusterReplica}-1`);
    },
  },
  {
    name: 'aurora-single-az',
    description: 'Aurora cluster whose writer and reader are both in us-east-1a',
    inventory: auroraDbLab(['us-east-1a', 'us-east-1a']),
    expected: { 'db.multi-az': 'fail' },
  },
];
