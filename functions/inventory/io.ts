/**
 * Inventories on disk: versioned JSON, so a grade can be replayed offline and tests can run on
 * recorded accounts. Loading validates the file and names the first offending field.
 */
import { readFile, writeFile } from 'node:fs/promises';
import * as z from 'zod';
import { listedReplicaRegions } from '../../checks/facts/rds.js';
import { INVENTORY_SCHEMA_VERSION, type Inventory, type Source, type SourceError } from '../../checks/inventory.js';
import { regionName } from '../../checks/params.js';
import { describeZodError } from '../../checks/zod-field.js';
import { accountIdSchema, isoTime } from '../service/input.js';
import { SOURCE_SPECS } from './registry.js';

/** An inventory file that cannot be graded; the message names the file and the field. */
export class InventoryFileError extends Error {
  override name = 'InventoryFileError';
}

const sourceError = z.object({ code: z.string(), message: z.string() });

const envelope = z.object({
  schemaVersion: z.number(),
  region: regionName,
  accountId: accountIdSchema.optional(),
  // When it was read is "now" for checks that judge ages (iam.key-age): a real time, never a guess.
  collectedAt: isoTime,
  lab: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,31}$/, 'expected a lab id such as vpc')
    .optional(),
  sources: z.record(z.string(), z.unknown()),
  regions: z.record(regionName, z.object({ sources: z.record(z.string(), z.unknown()) })).optional(),
});

/**
 * The DB lab's replica regions, as inventories stored before the lab read them through its
 * `regional` declaration kept them: one source of DB instances keyed by region.
 */
const OLD_REPLICA_SOURCE = 'rds.replicaDbInstances';

/** Validates parsed JSON as an inventory of this grader's schema version. */
export function parseInventory(json: unknown, where = 'inventory'): Inventory {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new InventoryFileError(`${where}: not an inventory (expected a JSON object)`);
  }
  const version = (json as { schemaVersion?: unknown }).schemaVersion;
  if (version !== undefined && version !== INVENTORY_SCHEMA_VERSION) {
    throw new InventoryFileError(
      `${where}: inventory schema version ${JSON.stringify(version)} is not supported (this grader reads version ${INVENTORY_SCHEMA_VERSION}); record it again with 'labgrader inventory'`,
    );
  }
  const head = envelope.safeParse(json);
  if (!head.success) {
    throw new InventoryFileError(`${where}: field ${describeZodError(head.error)}`);
  }
  const inventory = { ...(json as Inventory), schemaVersion: INVENTORY_SCHEMA_VERSION } as Inventory;
  const replicas = head.data.sources[OLD_REPLICA_SOURCE];
  const { [OLD_REPLICA_SOURCE]: _old, ...sources } = head.data.sources;
  checkSources(sources, ['sources'], where);
  for (const [region, other] of Object.entries(head.data.regions ?? {})) {
    checkSources(other.sources, ['regions', region, 'sources'], where);
  }
  return replicas === undefined ? inventory : withReplicaRegions(inventory, replicas, where);
}

/**
 * An inventory stored with the old replica source, read the way the DB lab reads it now: each
 * region's DB instances under `regions[region].sources['rds.dbInstances']`. A failed read is
 * placed in the regions the primaries' replica ARNs name (a region the course named is not in
 * the file: `db.replica` then says that region was not read, an `error` still).
 */
function withReplicaRegions(inventory: Inventory, stored: unknown, where: string): Inventory {
  const path = ['sources', OLD_REPLICA_SOURCE];
  const failed = stored !== null && typeof stored === 'object' && (stored as { error?: unknown }).error !== undefined;
  const instances = SOURCE_SPECS.get('rds.dbInstances')?.schema ?? z.never();
  const schema = failed ? z.object({ error: sourceError }) : z.object({ data: z.record(regionName, instances) });
  const parsed = schema.safeParse(stored);
  if (!parsed.success) {
    throw new InventoryFileError(`${where}: field ${describeZodError(parsed.error, { prefix: path })}`);
  }
  const old = stored as { data?: Record<string, unknown[]>; error?: SourceError };
  const { error } = old;
  const byRegion: [string, Source<unknown>][] = error
    ? listedReplicaRegions(inventory.sources['rds.dbInstances']?.data, inventory.sources['rds.dbClusters']?.data).map(
        (r) => [r, { error }],
      )
    : Object.entries(old.data ?? {}).map(([r, data]) => [r, { data }]);
  const { [OLD_REPLICA_SOURCE]: _old, ...sources } = inventory.sources as Record<string, unknown>;
  const regions = { ...inventory.regions };
  for (const [region, source] of byRegion) {
    const other = regions[region]?.sources ?? {};
    // The graded region's own DB instances, and a region the file already holds them of, stay.
    if (region !== inventory.region && other['rds.dbInstances'] === undefined) {
      regions[region] = { sources: { ...other, 'rds.dbInstances': source as Source<never> } };
    }
  }
  return {
    ...inventory,
    sources: sources as Inventory['sources'],
    ...(Object.keys(regions).length > 0 ? { regions } : {}),
  };
}

/** Validates each source of one region against its schema for stored copies (functions/inventory/sources/). */
function checkSources(sources: Record<string, unknown>, path: string[], where: string): void {
  for (const [key, value] of Object.entries(sources)) {
    const spec = SOURCE_SPECS.get(key as never);
    if (!spec) throw new InventoryFileError(`${where}: field ${[...path, key].join('.')}: unknown source`);
    // A source holds either the data read or the error AWS answered.
    const failed = value !== null && typeof value === 'object' && (value as { error?: unknown }).error !== undefined;
    const schema = failed ? z.object({ error: sourceError }) : z.object({ data: spec.schema });
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw new InventoryFileError(`${where}: field ${describeZodError(parsed.error, { prefix: [...path, key] })}`);
    }
  }
}

/** Why a file given on the command line could not be read, in words for the common cases. */
export function unreadableReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? 'unreadable');
}

export async function loadInventory(file: string): Promise<Inventory> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InventoryFileError(`inventory file ${file}: ${unreadableReason(err)}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InventoryFileError(`inventory file ${file}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  return parseInventory(json, `inventory file ${file}`);
}

export async function saveInventory(file: string, inventory: Inventory): Promise<void> {
  await writeFile(file, `${JSON.stringify(inventory, null, 2)}\n`, 'utf8');
}
