/**
 * Inventory files: what is saved loads back the same, and a file that cannot be graded is
 * refused with a message naming the file and the offending field.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Instance, Reservation, Subnet } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVENTORY_SCHEMA_VERSION, type Inventory, read, SourceUnavailableError } from '../../checks/inventory.js';
import { InventoryFileError, loadInventory, parseInventory, saveInventory } from '../../functions/inventory/io.js';
import { RECORDED_ACCOUNT, RECORDED_REGION, recorded } from '../support/aws-mock.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'labgrader-io-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** An inventory of the recorded account, with one source that AWS refused. */
function recordedInventory(): Inventory {
  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    region: RECORDED_REGION,
    accountId: RECORDED_ACCOUNT,
    collectedAt: '2025-03-04T05:06:07.000Z',
    lab: 'vpc',
    sources: {
      'sts.callerIdentity': { data: recorded<{ Account: string }>('sts/GetCallerIdentity') },
      'ec2.vpcs': { data: recorded<{ Vpcs: [] }>('ec2/DescribeVpcs').Vpcs },
      'ec2.subnets': { data: recorded<{ Subnets: Subnet[] }>('ec2/DescribeSubnets').Subnets },
      'ec2.instances': {
        data: recorded<{ Reservations: Reservation[] }>('ec2/DescribeInstances').Reservations.flatMap(
          (r) => r.Instances ?? [],
        ),
      },
      'ec2.vpcDnsAttributes': {
        data: { 'vpc-03c091d0567ca6253': { enableDnsSupport: true, enableDnsHostnames: false } },
      },
      'ec2.routeTables': {
        error: {
          code: 'UnauthorizedOperation',
          message:
            'You are not authorized to perform this operation. User: ... is not authorized to perform: ec2:DescribeRouteTables',
        },
      },
    },
  };
}

/** Writes `content` (JSON-encoded unless a string) to a fresh file and returns its path. */
let files = 0;
async function fileWith(content: unknown): Promise<string> {
  files += 1;
  const path = join(dir, `inventory-${files}.json`);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content), 'utf8');
  return path;
}

async function loadError(path: string): Promise<InventoryFileError> {
  const err = await loadInventory(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'loading should fail').toBeInstanceOf(InventoryFileError);
  return err as InventoryFileError;
}

describe('saving and loading an inventory', () => {
  it('loads back exactly what was saved, failed sources included', async () => {
    const inventory = recordedInventory();
    const path = join(dir, 'round-trip.json');

    await saveInventory(path, inventory);
    const loaded = await loadInventory(path);

    expect(loaded).toEqual(inventory);
  });

  it('a failed source stays failed: reading it is still an error naming the AWS code', async () => {
    const path = join(dir, 'with-error.json');
    await saveInventory(path, recordedInventory());

    const loaded = await loadInventory(path);

    expect(loaded.sources['ec2.routeTables']).toEqual(recordedInventory().sources['ec2.routeTables']);
    expect(() => read(loaded, 'ec2.routeTables')).toThrow(SourceUnavailableError);
    expect(() => read(loaded, 'ec2.routeTables')).toThrow(/UnauthorizedOperation/);
    expect(read(loaded, 'ec2.vpcs')).toHaveLength(2);
  });

  it('dates read live (Date objects) load back as the ISO strings the recorded fixtures use', async () => {
    const inventory = recordedInventory();
    const first = read(inventory, 'ec2.instances')[0] as Instance;
    first.LaunchTime = new Date('2025-01-02T03:04:05.000Z');
    const path = join(dir, 'dates.json');

    await saveInventory(path, inventory);
    const loaded = await loadInventory(path);

    expect(loaded.sources['ec2.instances']?.data?.[0]?.LaunchTime).toBe('2025-01-02T03:04:05.000Z');
    expect(loaded).toEqual(JSON.parse(JSON.stringify(inventory)));
  });
});

describe('an inventory file that cannot be graded', () => {
  it('a missing file: says there is no such file, naming it', async () => {
    const path = join(dir, 'does-not-exist.json');

    const err = await loadError(path);

    expect(err.message).toBe(`inventory file ${path}: no such file`);
  });

  it('malformed JSON: says it is not valid JSON, naming the file', async () => {
    const path = await fileWith('{"schemaVersion": 1, "region": ');

    const err = await loadError(path);

    expect(err.message).toMatch(new RegExp(`^inventory file ${path}: not valid JSON \\(.+\\)$`));
  });

  it('JSON that is not an object: says it is not an inventory', async () => {
    const err = await loadError(await fileWith([recordedInventory()]));

    expect(err.message).toMatch(/not an inventory \(expected a JSON object\)$/);
  });

  it('another schema version: says which version it is and which one this grader reads', async () => {
    const err = await loadError(
      await fileWith({ ...recordedInventory(), schemaVersion: INVENTORY_SCHEMA_VERSION + 1 }),
    );

    expect(err.message).toContain(`inventory schema version ${INVENTORY_SCHEMA_VERSION + 1} is not supported`);
    expect(err.message).toContain(`this grader reads version ${INVENTORY_SCHEMA_VERSION}`);
  });

  it('no schema version at all: names the schemaVersion field', async () => {
    const { schemaVersion: _, ...unversioned } = recordedInventory();

    const err = await loadError(await fileWith(unversioned));

    expect(err.message).toMatch(/: field schemaVersion: /);
  });

  it('a field of the wrong type deep inside a source: names its full path', async () => {
    const inventory = recordedInventory() as unknown as {
      sources: Record<string, { data: Record<string, unknown>[] }>;
    };
    const subnet = inventory.sources['ec2.subnets']?.data[1] as Record<string, unknown>;
    subnet.SubnetId = 42;

    const err = await loadError(await fileWith(inventory));

    expect(err.message).toMatch(/: field sources\.ec2\.subnets\.data\[1\]\.SubnetId: .*expected string/);
  });

  it('a wrong type in a nested list (a tag key): names its full path', async () => {
    const inventory = recordedInventory() as unknown as {
      sources: Record<string, { data: Record<string, unknown>[] }>;
    };
    const vpc = inventory.sources['ec2.vpcs']?.data[1] as { Tags: { Key: unknown }[] };
    (vpc.Tags[0] as { Key: unknown }).Key = ['Name'];

    const err = await loadError(await fileWith(inventory));

    expect(err.message).toContain('field sources.ec2.vpcs.data[1].Tags[0].Key:');
  });

  it('an unknown source key: names the source', async () => {
    const inventory = recordedInventory() as unknown as { sources: Record<string, unknown> };
    inventory.sources['ec2.teleporters'] = { data: [] };

    const err = await loadError(await fileWith(inventory));

    expect(err.message).toMatch(/: field sources\.ec2\.teleporters: unknown source$/);
  });

  it('a source with neither data nor an error: names its data field', async () => {
    const inventory = recordedInventory() as unknown as { sources: Record<string, unknown> };
    inventory.sources['ec2.vpcs'] = {};

    const err = await loadError(await fileWith(inventory));

    expect(err.message).toContain('field sources.ec2.vpcs.data:');
  });

  it('a malformed error: names the field of the error', async () => {
    const inventory = recordedInventory() as unknown as { sources: Record<string, unknown> };
    inventory.sources['ec2.routeTables'] = { error: { code: 403, message: 'denied' } };

    const err = await loadError(await fileWith(inventory));

    expect(err.message).toContain('field sources.ec2.routeTables.error.code:');
  });

  it('a missing envelope field: names it', async () => {
    const { region: _, ...regionless } = recordedInventory();

    const err = await loadError(await fileWith(regionless));

    expect(err.message).toMatch(/: field region: /);
  });

  it('parseInventory alone names where the inventory came from', () => {
    expect(() => parseInventory({ ...recordedInventory(), schemaVersion: 0 }, 'examples/vpc/complete.json')).toThrow(
      /^examples\/vpc\/complete\.json: inventory schema version 0 is not supported/,
    );
  });
});
