/**
 * Building blocks for the schemas a stored source must satisfy. They name the fields checks rely
 * on and let every other SDK field through untouched (`looseObject`).
 */
import * as z from 'zod';
import { builtOnce } from '../../checks/built-once.js';
import type { SourceKey } from '../../checks/inventory.js';
import type { ReadersOf, SourceCollector } from './collect.js';

/** A resource's tags (called inside a spec's schema function, so built with it). */
export function tags() {
  return z.array(z.looseObject({ Key: z.string().optional(), Value: z.string().optional() })).optional();
}

/** A list of SDK items, each with the id field named. */
export function listOf(idField: string, fields: Record<string, z.ZodType> = {}) {
  return z.array(z.looseObject({ [idField]: z.string(), ...fields }));
}

/** A record keyed by resource id (per-resource calls). */
export function byId(value: z.ZodType) {
  return z.record(z.string(), value);
}

type Optional<T extends z.ZodType, N extends readonly string[]> = { [K in N[number]]: z.ZodOptional<T> };

function optionalFields<T extends z.ZodType, const N extends readonly string[]>(type: T, names: N): Optional<T, N> {
  const field = type.optional();
  return Object.fromEntries(names.map((name) => [name, field])) as Optional<T, N>;
}

/**
 * Optional fields of one type, to spread into a shape (order kept): `optional.strings('A', 'B')`
 * is `{ A: z.string().optional(), B: z.string().optional() }`.
 */
export const optional = {
  strings: <const N extends readonly string[]>(...names: N) => optionalFields(z.string(), names),
  booleans: <const N extends readonly string[]>(...names: N) => optionalFields(z.boolean(), names),
  numbers: <const N extends readonly string[]>(...names: N) => optionalFields(z.number(), names),
};

/** What a source is, apart from how it is read: its IAM actions and the schema of a stored copy. */
export interface SourceSpec {
  /**
   * The IAM actions its collector may call. The least-privilege policy of the student access
   * role and of the grader are derived from these lists, so every command sent must be here.
   */
  actions: readonly string[];
  /**
   * What a stored copy of this source must look like to be graded (checked when an inventory
   * file is loaded): the fields the checks rely on, not the whole SDK shape. Built on first use.
   */
  readonly schema: z.ZodType;
}

/**
 * A source's spec as written in sources/: its schema as a function, so that a handler's import
 * builds none (only reading a stored inventory needs them: a grade that reads an account does not).
 */
export interface WrittenSpec {
  actions: readonly string[];
  schema: () => z.ZodType;
}

/** The spec with its schema built on first read, once. */
function builtOnRead(written: WrittenSpec): SourceSpec {
  const schema = builtOnce(written.schema);
  return {
    actions: written.actions,
    get schema() {
      return schema();
    },
  };
}

/**
 * One collector module's sources: their specs by key, and the module's readers, imported only
 * when a grade first reads one of these sources (registry.ts puts each with its spec).
 */
export interface SourceModule<K extends SourceKey = SourceKey> {
  specs: Record<K, SourceSpec>;
  load(): LoadedReaders;
}

/**
 * What a module's `load` gives: its readers by key (collect.ts, `defineReaders`); spelled out
 * where it is written, so its type does not depend on the module's own.
 */
export type LoadedReaders = Promise<Readonly<Partial<Record<SourceKey, SourceCollector<any>['collect']>>>>;

export function defineSources<K extends SourceKey>(
  load: SourceModule<K>['load'],
  specs: Record<K, WrittenSpec>,
): SourceModule<K> {
  const built = Object.fromEntries(Object.entries<WrittenSpec>(specs).map(([key, spec]) => [key, builtOnRead(spec)]));
  return { specs: built as Record<K, SourceSpec>, load };
}

const collectorsBuilt = new WeakMap<object, SourceCollector<any>[]>();

/**
 * A module's collectors: each of its readers (collect.ts, `defineReaders`) with its key's actions
 * and schema, the schema still built only when read. Built once per readers object, so the
 * registry's lazy path and the full table (index.ts) hold the same collectors.
 */
export function withSpecs<S extends SourceKey>(
  module: SourceModule<S>,
  read: Partial<ReadersOf<S>>,
): SourceCollector<S>[] {
  let collectors = collectorsBuilt.get(read);
  if (!collectors) {
    collectors = (Object.keys(read) as S[]).map((key) => {
      const spec = module.specs[key];
      return {
        key,
        actions: spec.actions,
        get schema() {
          return spec.schema;
        },
        collect: read[key] as ReadersOf<S>[S],
      };
    });
    collectorsBuilt.set(read, collectors);
  }
  return collectors;
}
