/**
 * Validation of a request's query and body against the schemas its route declares: a rejection
 * is a 400 naming the field (`lab`, `limit`, `labs[0].lab`) and saying what is wrong.
 */
import * as z from 'zod';
import { fieldPath, firstIssue } from '../../checks/zod-field.js';
import { badRequest } from './errors.js';

function parseOr400<S extends z.ZodType>(schema: S, input: unknown, unknownKey: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const { field, message } = firstIssue(parsed.error);
  throw badRequest(field || undefined, message === 'unknown field' ? unknownKey : message, parsed.error);
}

export function validateQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  rejectPrototypeKeys(query);
  return parseOr400(schema, query ?? {}, 'unknown query parameter');
}

/**
 * A body must be a JSON object; fields the schema does not know are named (also nested ones, and
 * also for schemas that would strip them), then the schema validates it.
 */
export function validateBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('body', 'the request needs a JSON object body (Content-Type: application/json)');
  }
  rejectPrototypeKeys(body);
  rejectUnknownFields(schema, body);
  return parseOr400(schema, body, 'unknown field');
}

/**
 * `__proto__` is a key JSON may carry but no schema means: objects would drop it silently or take
 * it as their prototype. Named and refused wherever it is in the body.
 */
function rejectPrototypeKeys(value: unknown, path: PropertyKey[] = [], depth = 0): void {
  if (value === null || typeof value !== 'object' || depth > 32) return;
  for (const [key, v] of Object.entries(value)) {
    const at = [...path, Array.isArray(value) ? Number(key) : key];
    if (key === '__proto__') throw badRequest(fieldPath(at), 'not a field name this API accepts');
    rejectPrototypeKeys(v, at, depth + 1);
  }
}

/** The shape of an object schema, also behind a transform. */
function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  if (schema instanceof z.ZodObject) return schema.shape as Record<string, z.ZodType>;
  if (schema instanceof z.ZodPipe) return objectShape(schema.in as z.ZodType);
  return undefined;
}

/** Names the first field of `value` that `schema` does not declare. Walks objects and arrays of the schema. */
export function rejectUnknownFields(schema: z.ZodType, value: unknown, path: PropertyKey[] = []): void {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) {
    s = s.unwrap() as z.ZodType;
  }
  if (s instanceof z.ZodUnion && value && typeof value === 'object' && !Array.isArray(value)) {
    // One of several shapes: a key none of them has is unknown.
    const known = new Set((s.options as z.ZodType[]).flatMap((o) => Object.keys(objectShape(o) ?? {})));
    for (const key of Object.keys(value))
      if (!known.has(key)) throw badRequest(fieldPath([...path, key]), 'unknown field');
  } else if (s instanceof z.ZodObject && value && typeof value === 'object' && !Array.isArray(value)) {
    const shape = s.shape as Record<string, z.ZodType>;
    for (const [key, v] of Object.entries(value)) {
      const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
      if (!field) throw badRequest(fieldPath([...path, key]), 'unknown field');
      rejectUnknownFields(field, v, [...path, key]);
    }
  } else if (s instanceof z.ZodArray && Array.isArray(value)) {
    value.forEach((v, i) => {
      rejectUnknownFields(s.element as z.ZodType, v, [...path, i]);
    });
  }
}

/** The query of a route that takes no query parameters. */
export const noQuery = z.strictObject({});
