/**
 * Text that lti-store.ts puts into a DynamoDB key, URL-encoded: issuers, client, context and LMS
 * user ids, nonces. A sort key holds at most 1,024 bytes and the longest key has two such parts
 * (`LTISUB#<issuer>#<sub>`), so each part is bounded by its encoded length: 255 Korean characters
 * (2,295 bytes encoded) or a lone UTF-16 surrogate (which encodeURIComponent cannot encode) is an
 * input the API names, never a failed write.
 */
import type * as z from 'zod';

/** The longest URL-encoded key part: two of them and a key's prefix fit in 1,024 bytes. */
export const KEY_PART_MAX = 500;

/** Why `value` cannot be a key part, or undefined when it can. */
export function keyPartProblem(value: string): string | undefined {
  if (/\p{Cs}/u.test(value)) return 'contains a lone UTF-16 surrogate, which is not text';
  if (/\p{Cc}/u.test(value)) return 'contains a control character';
  const encoded = encodeURIComponent(value).length;
  if (encoded > KEY_PART_MAX) {
    return `is ${encoded} characters URL-encoded; at most ${KEY_PART_MAX} are accepted (a non-ASCII character counts 6 to 12)`;
  }
  return undefined;
}

/** A zod refinement: the string must be a {@link keyPartProblem}-free key part. */
export function fitsInKey(value: string, ctx: z.RefinementCtx): void {
  const problem = keyPartProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}
