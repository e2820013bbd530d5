/**
 * Building blocks for the schemas a stored source must satisfy. They name the fields checks rely
 * on and let every other SDK field through untouched (`looseObject`).
 */
import * as z from 'zod';
import type { SourceKey } from '../../checks/inventory.js';
import type { SourceCollector } from './collect.js';

const tag = z.looseObject({ Key: z.string().optional(), Value: z.string().optional() });
export const tags = z.array(tag).optional();

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
   * file is loaded): the fields the checks rely on, not the whole SDK shape.
   */
  schema: z.ZodType;
}

/**
 * One collector module's sources: their specs by key, and the module's collectors, imported only
 * when a grade first reads one of these sources (registry.ts).
 */
export interface SourceModule<K extends SourceKey = SourceKey> {
  specs: Record<K, SourceSpec>;
  load(): LoadedCollectors;
}

/** What a module's `load` gives (spelled out where it is written, so its type does not depend on the module's own). */
export type LoadedCollectors = Promise<readonly SourceCollector<any>[]>;

export function defineSources<K extends SourceKey>(
  load: SourceModule<K>['load'],
  specs: Record<K, SourceSpec>,
): SourceModule<K> {
  return { specs, load };
}
