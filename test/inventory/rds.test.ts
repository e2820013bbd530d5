/**
 * The RDS collectors against a mocked RDS API: every page read, each RDS API called at most once
 * per region per grade; the DB lab's regional declaration reads the replica region only when
 * needed (the course's region, at once; else the primary's replica ARNs), and AccessDenied there
 * fails only that region's source, so only db.replica is an error. Inventories stored with the old
 * replica source load into the regions and grade the same.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import {
  type DBInstance,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBSubnetGroupsCommand,
  RDSClient,
  RDSServiceException,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { evaluateLab } from '../../checks/engine.js';
import type { Inventory, SourceKey } from '../../checks/inventory.js';
import { dbLab } from '../../checks/labs/db/index.js';
import type { RegionalSources } from '../../checks/model.js';
import { ClientFactory } from '../../functions/inventory/clients.js';
import { collectInventory } from '../../functions/inventory/collect.js';
import { actionsFor, COLLECTORS } from '../../functions/inventory/index.js';
import { InventoryFileError, parseInventory } from '../../functions/inventory/io.js';
import { scenarios } from '../scenarios/db.js';
import { pagesOf, RECORDED_REGION, recorded, serveRecordedEc2 } from '../support/aws-mock.js';

const rds = mockClient(RDSClient);
const ec2 = mockClient(EC2Client);

interface Call {
  command: string;
  region: string;
  input: Record<string, unknown>;
}
let calls: Call[] = [];

type Answer = (region: string, input: Record<string, unknown>) => unknown;

/** Answers `command` with `answer(region, input)`, logging each call with its client's region. */
function serve(
  command: typeof DescribeDBInstancesCommand | typeof DescribeDBClustersCommand | typeof DescribeDBSubnetGroupsCommand,
  answer: Answer,
): void {
  rds.on(command as never).callsFake(async (input: Record<string, unknown>, getClient: () => RDSClient) => {
    const region = await getClient().config.region();
    // The paginator reuses its input object: keep a copy of what this page asked for.
    calls.push({ command: command.name.replace(/Command$/, ''), region, input: { ...input } });
    return answer(region, input);
  });
}

const instancesIn = (region: string): DBInstance[] =>
  recorded<{ DBInstances: DBInstance[] }>('rds/DescribeDBInstances', region).DBInstances;

/** The recorded account: us-east-1 holds course-db, eu-west-1 its replica; other regions nothing. */
function serveRecordedRds(): void {
  serve(DescribeDBInstancesCommand, (region) => ({
    DBInstances: region === RECORDED_REGION || region === 'eu-west-1' ? instancesIn(region) : [],
  }));
  serve(DescribeDBClustersCommand, () => ({ DBClusters: [] }));
  serve(DescribeDBSubnetGroupsCommand, (region) => ({
    DBSubnetGroups:
      region === RECORDED_REGION
        ? recorded<{ DBSubnetGroups: unknown[] }>('rds/DescribeDBSubnetGroups').DBSubnetGroups
        : [],
  }));
}

function accessDenied(region: string): RDSServiceException {
  const message = `User: arn:aws:sts::123456789012:assumed-role/LabGraderReadOnly/labgrader is not authorized to perform: rds:DescribeDBInstances on resource: arn:aws:rds:${region}:123456789012:db:* because no identity-based policy allows the rds:DescribeDBInstances action`;
  return new RDSServiceException({
    name: 'AccessDenied',
    $fault: 'client',
    message,
    $metadata: { httpStatusCode: 403 },
  });
}

/** How many times each RDS API was called in each region: `DescribeDBInstances@eu-west-1` → 1. */
function perRegion(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of calls) counts[`${c.command}@${c.region}`] = (counts[`${c.command}@${c.region}`] ?? 0) + 1;
  return counts;
}

/** Collects `sources` as the DB lab does: with its regional declaration (the replica region), unless told none. */
async function collect(
  sources: readonly SourceKey[],
  params: Record<string, unknown> = {},
  regional: RegionalSources<any> | null = dbLab.regional ?? null,
): Promise<Inventory> {
  const clients = new ClientFactory({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
  try {
    return await collectInventory({
      region: RECORDED_REGION,
      clients,
      sources,
      collectors: COLLECTORS,
      params,
      lab: 'db',
      ...(regional ? { regional } : {}),
    });
  } finally {
    clients.destroy();
  }
}

beforeEach(() => {
  rds.reset();
  ec2.reset();
  calls = [];
  serveRecordedEc2(ec2);
});
afterAll(() => {
  rds.restore();
  ec2.restore();
});

describe('RDS collectors', () => {
  it('grade the recorded account with one call per RDS API per region, the replica region included', async () => {
    serveRecordedRds();
    const inventory = await collect(dbLab.sources);
    expect(perRegion()).toEqual({
      'DescribeDBInstances@us-east-1': 1,
      'DescribeDBClusters@us-east-1': 1,
      'DescribeDBSubnetGroups@us-east-1': 1,
      'DescribeDBInstances@eu-west-1': 1,
    });
    expect(Object.keys(inventory.regions ?? {})).toEqual(['eu-west-1']);
    expect(Object.keys(inventory.regions?.['eu-west-1']?.sources ?? {})).toEqual(['rds.dbInstances']);
    const evaluation = evaluateLab(dbLab, inventory);
    expect(evaluation.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
  });

  it('read every page, passing each page its marker', async () => {
    const [primary] = instancesIn(RECORDED_REGION);
    const others = ['a', 'b', 'c', 'd', 'e'].map((s) => ({ ...primary, DBInstanceIdentifier: `leftover-${s}` }));
    const all = [primary, ...others];
    const pages = pagesOf(all, 3);
    serve(DescribeDBInstancesCommand, (region, input) => {
      if (region !== RECORDED_REGION) return { DBInstances: [] };
      const index = input.Marker === undefined ? 0 : Number(input.Marker);
      return { DBInstances: pages[index], ...(index + 1 < pages.length ? { Marker: String(index + 1) } : {}) };
    });
    const groups = recorded<{ DBSubnetGroups: { DBSubnetGroupName: string }[] }>(
      'rds/DescribeDBSubnetGroups',
    ).DBSubnetGroups;
    const morePages = [groups, [{ ...groups[0], DBSubnetGroupName: 'second-page-group' }]];
    serve(DescribeDBSubnetGroupsCommand, (_region, input) =>
      input.Marker === 'g2' ? { DBSubnetGroups: morePages[1] } : { DBSubnetGroups: morePages[0], Marker: 'g2' },
    );
    serve(DescribeDBClustersCommand, (_region, input) =>
      input.Marker === 'c2'
        ? { DBClusters: [{ DBClusterIdentifier: 'two' }] }
        : { DBClusters: [{ DBClusterIdentifier: 'one' }], Marker: 'c2' },
    );

    const inventory = await collect(['rds.dbInstances', 'rds.dbSubnetGroups', 'rds.dbClusters'], {}, null);

    expect(inventory.sources['rds.dbInstances']?.data?.map((i) => i.DBInstanceIdentifier)).toEqual(
      all.map((i) => i?.DBInstanceIdentifier),
    );
    expect(calls.filter((c) => c.command === 'DescribeDBInstances').map((c) => c.input.Marker)).toEqual([
      undefined,
      '1',
      '2',
    ]);
    expect(inventory.sources['rds.dbSubnetGroups']?.data?.map((g) => g.DBSubnetGroupName)).toEqual([
      'course-db-subnets',
      'second-page-group',
    ]);
    expect(inventory.sources['rds.dbClusters']?.data?.map((c) => c.DBClusterIdentifier)).toEqual(['one', 'two']);
  });

  it('do not read another region when no replica is listed and the course names none', async () => {
    serve(DescribeDBInstancesCommand, (region) => {
      const [primary] = instancesIn(RECORDED_REGION);
      // A same-region replica is listed by bare id: no other region to read.
      return region === RECORDED_REGION
        ? { DBInstances: [{ ...primary, ReadReplicaDBInstanceIdentifiers: ['course-db-reader'] }] }
        : { DBInstances: [] };
    });
    serve(DescribeDBClustersCommand, () => ({ DBClusters: [] }));
    const inventory = await collect(['rds.dbInstances', 'rds.dbClusters']);
    expect(inventory.regions).toBeUndefined();
    expect(perRegion()).toEqual({ 'DescribeDBInstances@us-east-1': 1, 'DescribeDBClusters@us-east-1': 1 });
  });

  it("read only the course's replica region when it names one, without waiting for the primary's replica list", async () => {
    // The primary lists its replica in eu-west-1; the course asks for ap-northeast-2.
    let gradedAnswered = false;
    let replicaAskedBeforeGradedAnswered: boolean | undefined;
    serve(DescribeDBInstancesCommand, async (region) => {
      if (region === 'ap-northeast-2') {
        replicaAskedBeforeGradedAnswered = !gradedAnswered;
        return { DBInstances: [] };
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      gradedAnswered = true;
      return { DBInstances: region === RECORDED_REGION ? instancesIn(region) : [] };
    });
    serve(DescribeDBClustersCommand, () => ({ DBClusters: [] }));

    const inventory = await collect(['rds.dbInstances', 'rds.dbClusters'], { replicaRegion: 'ap-northeast-2' });

    expect(inventory.regions).toEqual({ 'ap-northeast-2': { sources: { 'rds.dbInstances': { data: [] } } } });
    expect(perRegion()).toEqual({
      'DescribeDBInstances@us-east-1': 1,
      'DescribeDBClusters@us-east-1': 1,
      'DescribeDBInstances@ap-northeast-2': 1,
    });
    expect(replicaAskedBeforeGradedAnswered).toBe(true);
  });

  it('read no other region when the course names the graded region as the replica region', async () => {
    serveRecordedRds();
    const inventory = await collect(dbLab.sources, { replicaRegion: RECORDED_REGION });
    expect(inventory.regions).toBeUndefined();
    expect(Object.keys(perRegion()).filter((k) => !k.endsWith(`@${RECORDED_REGION}`))).toEqual([]);
    expect(evaluateLab(dbLab, inventory, { params: { replicaRegion: RECORDED_REGION } }).checks.at(-1)).toMatchObject({
      id: 'db.replica',
      status: 'error',
      errorCode: 'InvalidLabParameter',
    });
  });

  it('find an Aurora replica region from the cluster replica ARNs, and still from instances when clusters are denied', async () => {
    serve(DescribeDBInstancesCommand, (region) => ({
      DBInstances: region === RECORDED_REGION ? instancesIn(region) : [],
    }));
    serve(DescribeDBClustersCommand, () => {
      throw accessDenied(RECORDED_REGION);
    });
    const denied = await collect(['rds.dbInstances', 'rds.dbClusters']);
    expect(denied.sources['rds.dbClusters']?.error?.code).toBe('AccessDenied');
    expect(Object.keys(denied.regions ?? {})).toEqual(['eu-west-1']);

    expect(
      dbLab.regional?.regions(
        dbLab.paramsSchema.parse({}),
        { 'rds.dbClusters': [{ ReadReplicaIdentifiers: ['arn:aws:rds:ap-south-1:123456789012:cluster:c-replica'] }] },
        'us-east-1',
      ),
    ).toEqual(['ap-south-1']);
  });

  it('turn AccessDenied in the replica region into an error of db.replica only', async () => {
    serve(DescribeDBInstancesCommand, (region) => {
      if (region === 'eu-west-1') throw accessDenied(region);
      return { DBInstances: instancesIn(region) };
    });
    serve(DescribeDBClustersCommand, () => ({ DBClusters: [] }));
    serve(DescribeDBSubnetGroupsCommand, () => ({
      DBSubnetGroups: recorded<{ DBSubnetGroups: unknown[] }>('rds/DescribeDBSubnetGroups').DBSubnetGroups,
    }));

    const inventory = await collect(dbLab.sources);

    expect(inventory.regions?.['eu-west-1']?.sources['rds.dbInstances']?.error?.code).toBe('AccessDenied');
    expect(inventory.sources['rds.dbInstances']?.error).toBeUndefined();
    const statuses = Object.fromEntries(evaluateLab(dbLab, inventory).checks.map((c) => [c.id, c.status]));
    expect(statuses).toEqual({
      'db.subnet-group': 'pass',
      'db.instance': 'pass',
      'db.multi-az': 'pass',
      'db.private': 'pass',
      'db.encrypted': 'pass',
      'db.backups': 'pass',
      'db.sg-chain': 'pass',
      'db.replica': 'error',
    });
  });

  it('produce an inventory that saves and loads as a valid inventory file', async () => {
    serveRecordedRds();
    const inventory = await collect(dbLab.sources);
    const loaded = parseInventory(JSON.parse(JSON.stringify(inventory)));
    expect(evaluateLab(dbLab, loaded).score).toBe(evaluateLab(dbLab, inventory).score);
  });

  it('declare exactly the RDS read actions they call', () => {
    expect(actionsFor(['rds.dbInstances', 'rds.dbClusters', 'rds.dbSubnetGroups'])).toEqual([
      'rds:DescribeDBClusters',
      'rds:DescribeDBInstances',
      'rds:DescribeDBSubnetGroups',
    ]);
  });
});

/** `inventory` as a grader before the DB lab's regional declaration stored it: its replica region in one source. */
function storedTheOldWay(inventory: Inventory, source: unknown): unknown {
  const { regions: _regions, ...rest } = structuredClone(inventory);
  return { ...rest, sources: { ...rest.sources, 'rds.replicaDbInstances': source } };
}

describe('inventories stored with the old replica source (rds.replicaDbInstances)', () => {
  const scenario = (name: string) => {
    const found = scenarios.find((s) => s.name === name);
    if (!found) throw new Error(`no db scenario ${name}`);
    return found;
  };
  const replicaData = (inventory: Inventory) =>
    Object.fromEntries(
      Object.entries(inventory.regions ?? {}).map(([region, r]) => [region, r.sources['rds.dbInstances']?.data]),
    );
  const grades = (inventory: Inventory, options = {}) =>
    JSON.stringify(['en', 'ko'].map((lang) => evaluateLab(dbLab, inventory, { ...options, lang: lang as 'en' })));

  it.each(['complete', 'aurora-cluster', 'replica-creating', 'replica-in-wrong-region'])(
    'load into the regions the DB lab reads now and grade the same: %s',
    (name) => {
      const s = scenario(name);
      const old = storedTheOldWay(s.inventory, { data: replicaData(s.inventory) });

      const loaded = parseInventory(JSON.parse(JSON.stringify(old)));

      expect(loaded.sources).not.toHaveProperty(['rds.replicaDbInstances']);
      expect(loaded).toEqual(JSON.parse(JSON.stringify(s.inventory)));
      expect(grades(loaded, s.options)).toBe(grades(s.inventory, s.options));
    },
  );

  it('load a replica region that was not read (none listed) as no region, and grade the same', () => {
    const s = scenario('no-replica');
    const loaded = parseInventory(JSON.parse(JSON.stringify(storedTheOldWay(s.inventory, { data: {} }))));
    expect(loaded.regions).toBeUndefined();
    expect(grades(loaded)).toBe(grades(s.inventory));
  });

  it("place a failed read in the region the primary's replica ARN names: only db.replica is an error, as before", () => {
    const s = scenario('replica-region-denied');
    const error = s.inventory.regions?.['eu-west-1']?.sources['rds.dbInstances']?.error;
    expect(error?.code).toBe('AccessDenied');

    const loaded = parseInventory(JSON.parse(JSON.stringify(storedTheOldWay(s.inventory, { error }))));

    expect(loaded.regions).toEqual({ 'eu-west-1': { sources: { 'rds.dbInstances': { error } } } });
    expect(grades(loaded)).toBe(grades(s.inventory));
    const replica = evaluateLab(dbLab, loaded).checks.find((c) => c.id === 'db.replica');
    expect(replica).toMatchObject({ status: 'error', errorCode: 'AccessDenied' });
  });

  it('name the offending field of an old replica source by its path in the file', () => {
    const s = scenario('complete');
    const old = storedTheOldWay(s.inventory, { data: { 'eu-west-1': [{ DBInstanceIdentifier: 42 }] } });
    expect(() => parseInventory(old, 'old.json')).toThrow(InventoryFileError);
    expect(() => parseInventory(old, 'old.json')).toThrow(
      /^old\.json: field sources\.rds\.replicaDbInstances\.data\.eu-west-1\[0\]\.DBInstanceIdentifier: /,
    );
  });
});
