/**
 * Building blocks for the schemas a stored source must satisfy. They name the fields checks rely
 * on and let every other SDK field through untouched (`looseObject`).
 */
import * as z from 'zod';

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
