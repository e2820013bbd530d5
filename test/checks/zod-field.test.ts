/** One wording for every zod rejection: the field as a path, then what is wrong. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeZodError, fieldPath, firstIssue } from '../../checks/zod-field.js';

const schema = z.strictObject({
  labs: z.array(z.strictObject({ lab: z.string(), points: z.record(z.string(), z.number().int()).optional() })),
});
const errorOf = (input: unknown) => {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error('expected a rejection');
  return parsed.error;
};

describe('zod-field', () => {
  it('writes paths with indexes in brackets', () => {
    expect(fieldPath(['labs', 0, 'points', 'vpc.tags'])).toBe('labs[0].points.vpc.tags');
    expect(fieldPath([])).toBe('');
  });

  it('names a missing field as required, with the type expected', () => {
    expect(firstIssue(errorOf({ labs: [{}] }))).toEqual({ field: 'labs[0].lab', message: 'required, expected string' });
  });

  it('names an unknown key as the field itself', () => {
    expect(firstIssue(errorOf({ labs: [], nope: 1 }))).toEqual({ field: 'nope', message: 'unknown field' });
  });

  it('prefixes the path, and says "whole" when the input as a whole is wrong', () => {
    expect(describeZodError(errorOf({ labs: [{ lab: 'vpc', points: { a: 1.5 } }] }), { prefix: ['body'] })).toMatch(
      /^body\.labs\[0\]\.points\.a: .*int/i,
    );
    expect(describeZodError(errorOf('x'), { whole: '(input)' })).toMatch(/^\(input\): .*expected object/);
  });
});
