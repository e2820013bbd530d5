/**
 * One way to say what is wrong with input that a zod schema refused: the offending field as a
 * path (`labs[0].params.vpcCidr`, `sources.ec2.vpcs.data[1].VpcId`) and a message. Every edge that
 * validates (the API, the CLI, inventory files, lab parameters, queue messages, CDK context) words
 * its one-line error with it.
 */
import type * as z from 'zod';

/** `['labs', 0, 'deadline']` → `labs[0].deadline`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

export interface FieldIssue {
  /** The offending field (empty when the input as a whole is wrong). */
  field: string;
  message: string;
}

/**
 * The first issue of a zod error (an unknown key before anything else): an unknown key is named as the field itself ("unknown field"),
 * a missing value says "required" and the type expected.
 */
export function firstIssue(error: z.ZodError, prefix: readonly PropertyKey[] = []): FieldIssue {
  // An unknown key is named first: it is often the misspelling of the field that is missing.
  const issue = error.issues.find((i) => i.code === 'unrecognized_keys') ?? error.issues[0];
  if (!issue) return { field: fieldPath(prefix), message: 'invalid' };
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // One of several shapes: the one the input came closest to (fewest issues) says what is wrong.
    const closest = issue.errors.reduce((best, e) => (e.length < best.length ? e : best));
    return firstIssue({ issues: closest } as unknown as z.ZodError, [...prefix, ...issue.path]);
  }
  if (issue.code === 'unrecognized_keys') {
    return { field: fieldPath([...prefix, ...issue.path, issue.keys[0] ?? '']), message: 'unknown field' };
  }
  const field = fieldPath([...prefix, ...issue.path]);
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) {
    return { field, message: `required, expected ${issue.expected}` };
  }
  return { field, message: issue.message };
}

/** `field: message` (or the message alone, or `whole: message` when the input as a whole is wrong). */
export function describeZodError(error: z.ZodError, options: { prefix?: readonly PropertyKey[]; whole?: string } = {}) {
  const { field, message } = firstIssue(error, options.prefix);
  const where = field || options.whole;
  return where ? `${where}: ${message}` : message;
}
