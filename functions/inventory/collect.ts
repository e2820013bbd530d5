/**
 * Inventory collection: the only code that reads a student's account. Each source is read once
 * per grade (all its pages), independent sources run in parallel, a failed read is recorded as
 * that source's error, and an overall time budget bounds the whole collection.
 */
import {
  INVENTORY_SCHEMA_VERSION,
  type Inventory,
  type InventorySources,
  type Source,
  type SourceError,
  type SourceKey,
  type SourceTypes,
} from '../../checks/inventory.js';
import type { RegionalSources } from '../../checks/model.js';
import type { ClientFactory } from './clients.js';
import type { SourceModule, SourceSpec } from './schemas.js';

export interface CollectorContext {
  /** The region being graded. */
  region: string;
  clients: ClientFactory;
  /** The lab's resolved parameters (e.g. the course's replica region). */
  params: Record<string, unknown>;
  /** Another source of the same inventory; read once however many collectors need it. */
  need<K extends SourceKey>(key: K): Promise<SourceTypes[K]>;
}

/** How one source is read. One collector per source key; its actions and schema are its {@link SourceSpec}. */
export interface SourceCollector<K extends SourceKey = SourceKey> extends SourceSpec {
  key: K;
  collect(ctx: CollectorContext): Promise<SourceTypes[K]>;
}

/** Helps TypeScript tie a collector's key to its data type. */
export function defineCollector<K extends SourceKey>(collector: SourceCollector<K>): SourceCollector<K> {
  return collector;
}

/** How each of a module's sources is read, by key. */
export type ReadersOf<S extends SourceKey> = { [K in S]: SourceCollector<K>['collect'] };

/** The source keys of a collector module's specs (functions/inventory/sources/). */
export type KeysOf<M extends SourceModule<any>> = M extends SourceModule<infer K> ? K : never;

/**
 * How one module's sources are read (functions/inventory/sources/ says what they are): a reader
 * for every key of the module, written beside its key. The module is named by its type only: a
 * collector module does not load the specs, so a handler's bundle keeps them with the registry
 * that lists them, in its entry file, instead of one chunk per source module (infra/bundling.ts).
 * `withSpecs` (schemas.ts) puts each reader with its key's actions and schema.
 */
export function defineReaders<M extends SourceModule<any>>(read: ReadersOf<KeysOf<M>>): ReadersOf<KeysOf<M>> {
  return read;
}

/** Runs `read` for every key at once and keys the answers by it, in the order of `keys`. */
export async function byKey<T>(keys: Iterable<string>, read: (key: string) => Promise<T>): Promise<Record<string, T>> {
  const entries = await Promise.all([...keys].map(async (key) => [key, await read(key)] as const));
  return Object.fromEntries(entries);
}

/** Where collectInventory finds a source's collector: a map, or a registry that imports it on first use. */
export interface CollectorLookup {
  get(key: SourceKey): SourceCollector | undefined | Promise<SourceCollector | undefined>;
}

/** Collects every item of every page. */
export async function allPages<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(items(page) ?? []));
  return out;
}

/** A source that another source depended on failed: the dependent one fails with its error. */
class DependencyError extends Error {
  constructor(readonly error: SourceError) {
    super(error.message);
  }
}

/** The AWS error code and message of a failed SDK call, without anything secret. */
export function toSourceError(err: unknown): SourceError {
  if (err instanceof DependencyError) return err.error;
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown; Code?: unknown; code?: unknown; message?: unknown };
    // The SDK names an error after its AWS code (modelled or not); `Code` is the raw body field.
    const code =
      (typeof e.name === 'string' && e.name !== 'Error' && e.name) ||
      (typeof e.Code === 'string' && e.Code) ||
      (typeof e.code === 'string' && e.code) ||
      'UnknownError';
    const message = typeof e.message === 'string' && e.message ? e.message : code;
    // Only the first line: a SignatureDoesNotMatch from a query API (STS, IAM) goes on to echo the
    // canonical request, session token included, and this message is stored with the result.
    return { code, message: (message.split('\n')[0] ?? message).slice(0, 500) };
  }
  return { code: 'UnknownError', message: String(err).slice(0, 500) };
}

export interface CollectOptions {
  region: string;
  clients: ClientFactory;
  /** The sources to read (a lab's `sources`). */
  sources: readonly SourceKey[];
  collectors: CollectorLookup;
  params?: Record<string, unknown>;
  /** Overall time budget; sources still unread then are recorded as `Timeout` errors. */
  budgetMs?: number;
  lab?: string;
  /**
   * Sources read again in other regions (a lab's `regional` declaration, its parameters already
   * resolved into `params`): each once per region, in parallel with the graded region's reads.
   */
  regional?: RegionalSources<Record<string, unknown>>;
  /** Injectable clock, so inventories are reproducible in tests. */
  now?: () => Date;
}

/** Reads the given sources of one account and region into an inventory. */
export async function collectInventory(options: CollectOptions): Promise<Inventory> {
  const now = options.now ?? (() => new Date());
  const collectedAt = now().toISOString();
  const budgetMs = options.budgetMs ?? 25_000;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), budgetMs);
    timer.unref?.();
  });

  /** One region's reads: each source once, dependencies shared, failures kept per source. */
  const reader = (region: string) => {
    const results = new Map<SourceKey, Promise<Source<unknown>>>();
    const run = (key: SourceKey): Promise<Source<unknown>> => {
      let pending = results.get(key);
      if (pending) return pending;
      pending = readSource(key, region, run);
      results.set(key, pending);
      return pending;
    };
    return { results, run };
  };

  const readSource = (
    key: SourceKey,
    region: string,
    run: (key: SourceKey) => Promise<Source<unknown>>,
  ): Promise<Source<unknown>> => {
    return (async (): Promise<Source<unknown>> => {
      const collector = await options.collectors.get(key);
      if (!collector) return { error: { code: 'NoCollector', message: `no collector reads ${key}` } };
      const ctx: CollectorContext = {
        region,
        clients: options.clients,
        params: options.params ?? {},
        need: async (dep) => {
          const source = await run(dep);
          if (source.error) throw new DependencyError(source.error);
          return source.data as SourceTypes[typeof dep];
        },
      };
      // Wrapped so a collector that throws before returning its promise fails only its own source.
      const work = new Promise<unknown>((resolve) => resolve(collector.collect(ctx))).then(
        // Stored in JSON form (dates as ISO strings), so a live grade and a replay of its saved
        // inventory see exactly the same data.
        (data): Source<unknown> => ({ data: data === undefined ? data : JSON.parse(JSON.stringify(data)) }),
        (err: unknown): Source<unknown> => ({ error: toSourceError(err) }),
      );
      const outcome = await Promise.race([work, deadline]);
      if (outcome === 'timeout') {
        const where = region === options.region ? key : `${key} in ${region}`;
        return { error: { code: 'Timeout', message: `${where} was not read within the ${budgetMs} ms budget` } };
      }
      return outcome;
    })();
  };

  /** Reads `keys` with `r`, keeping the dependencies a lab did not list too: they were read anyway. */
  const readAll = async (r: ReturnType<typeof reader>, keys: readonly SourceKey[]): Promise<InventorySources> => {
    const settled = await Promise.all([...new Set(keys)].map(async (key) => [key, await r.run(key)] as const));
    const sources: InventorySources = {};
    for (const [key, promise] of r.results) (sources as Record<string, Source<unknown>>)[key] = await promise;
    for (const [key, source] of settled) (sources as Record<string, Source<unknown>>)[key] = source;
    return sources;
  };

  /** The other regions' reads, started as soon as the graded-region data that names them is in. */
  const otherRegions = async (graded: ReturnType<typeof reader>): Promise<Inventory['regions']> => {
    const regional = options.regional;
    if (!regional || regional.sources.length === 0) return undefined;
    const params = options.params ?? {};
    const needs = typeof regional.needs === 'function' ? regional.needs(params) : (regional.needs ?? []);
    const known: Record<string, unknown> = {};
    for (const key of needs) {
      const source = await graded.run(key);
      if (!source.error) known[key] = source.data;
    }
    const regions = [...new Set(regional.regions(params, known, options.region))]
      .filter((r) => r !== options.region)
      .sort();
    if (regions.length === 0) return undefined;
    const read = await Promise.all(
      regions.map(async (region) => [region, { sources: await readAll(reader(region), regional.sources) }] as const),
    );
    return Object.fromEntries(read);
  };

  try {
    const graded = reader(options.region);
    const [sources, regions] = await Promise.all([readAll(graded, options.sources), otherRegions(graded)]);
    const inventory: Inventory = {
      schemaVersion: INVENTORY_SCHEMA_VERSION,
      region: options.region,
      collectedAt,
      sources,
    };
    if (regions) inventory.regions = regions;
    if (options.lab) inventory.lab = options.lab;
    const identity = sources['sts.callerIdentity'];
    if (identity?.data?.Account) inventory.accountId = identity.data.Account;
    return inventory;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Awaits an SDK call whose "not configured" answer is an error (a missing password policy,
 * bucket policy, lifecycle...): an error named by one of `codes` gives `null`, so the check
 * fails; any other error (AccessDenied, throttling) still fails the source.
 */
export async function orNotConfigured<T>(call: Promise<T>, codes: readonly string[]): Promise<T | null> {
  try {
    return await call;
  } catch (err) {
    const e = err as { name?: unknown; Code?: unknown };
    if (codes.includes(e?.name as string) || codes.includes(e?.Code as string)) return null;
    throw err;
  }
}
