/**
 * How a course tailors a lab (`params`, `points`, `disabled`): ONE schema per lab, shared by the
 * API (`PUT /courses/{courseId}`, each entry of `labs`) and the CLI (`--params FILE`), so the same
 * file is accepted or refused the same way by both, naming the field.
 *
 * - `params`: the lab's own parameters (its `paramsSchema`); a key the lab does not have is
 *   refused, naming it (a typo is never silently ignored).
 * - `points`: check id → whole points from 0 to {@link MAX_CHECK_POINTS}.
 * - `disabled`: check ids switched off, each a check of the lab, each once.
 */
import * as z from 'zod';
import type { LabDefinition, Tailoring } from './model.js';

export type { Tailoring };

/** Points one check may be worth in a course. */
export const MAX_CHECK_POINTS = 1000;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The parameter names a lab declares (its params schema is a zod object). */
function paramNames(lab: LabDefinition): string[] | undefined {
  const shape = (lab.paramsSchema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : undefined;
}

const cache = new WeakMap<LabDefinition, z.ZodType<Tailoring>>();

/** The tailoring schema of one lab. Validates; never rewrites (the input is what is kept). */
export function tailoringSchema(lab: LabDefinition): z.ZodType<Tailoring> {
  const cached = cache.get(lab);
  if (cached) return cached;
  const ids = new Set(lab.checks.map((c) => c.id));
  const names = paramNames(lab);
  const noCheck = (id: string) => `unknown check id ${id} (lab ${lab.id} has no such check)`;

  const params = z.unknown().superRefine((value, ctx) => {
    if (!isPlainObject(value)) {
      ctx.addIssue({ code: 'custom', message: `expected an object of lab ${lab.id}'s parameters` });
      return;
    }
    if (names) {
      for (const key of Object.keys(value)) {
        if (!names.includes(key)) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `no such parameter (lab ${lab.id}'s parameters: ${names.join(', ')})`,
          });
          return;
        }
      }
    }
    const parsed = lab.paramsSchema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: issue.message });
    }
  });

  const points = z.unknown().superRefine((value, ctx) => {
    if (!isPlainObject(value)) {
      ctx.addIssue({ code: 'custom', message: 'expected an object of check id → points' });
      return;
    }
    for (const [id, p] of Object.entries(value)) {
      if (!ids.has(id)) {
        ctx.addIssue({ code: 'custom', path: [id], message: noCheck(id) });
        return;
      }
      if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > MAX_CHECK_POINTS) {
        ctx.addIssue({
          code: 'custom',
          path: [id],
          // JSON's 1e400 parses to Infinity, which JSON.stringify would write as null.
          message: `expected whole points from 0 to ${MAX_CHECK_POINTS}, got ${typeof p === 'number' ? String(p) : JSON.stringify(p)}`,
        });
        return;
      }
    }
  });

  const disabled = z
    .array(z.string().refine((id) => ids.has(id), { error: (issue) => noCheck(String(issue.input)) }))
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((id, i) => {
        if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [i], message: `check ${id} is listed twice` });
        seen.add(id);
      });
    });

  const schema = z
    .strictObject({ params: params.optional(), points: points.optional(), disabled: disabled.optional() })
    .superRefine((t, ctx) => {
      // A lab whose maximum score is 0 grades nothing: 'Score: 10/0', and an LMS refuses the
      // line item (LTI AGS: scoreMaximum greater than 0).
      const off = new Set(t.disabled as string[] | undefined);
      const counted = lab.checks.filter((c) => !c.bonus && !off.has(c.id));
      if (counted.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['disabled'],
          message: `switches off every check of lab ${lab.id} that counts toward its score: nothing would be graded`,
        });
      } else if (counted.every((c) => (t.points as Record<string, unknown> | undefined)?.[c.id] === 0)) {
        ctx.addIssue({
          code: 'custom',
          path: ['points'],
          message: `every check of lab ${lab.id} that counts toward its score is worth 0 points: its maximum score would be 0`,
        });
      }
    })
    .transform((t) => t as Tailoring);
  cache.set(lab, schema as unknown as z.ZodType<Tailoring>);
  return schema as unknown as z.ZodType<Tailoring>;
}
