/**
 * What every registration input is checked with, at the edge: ids, times, and one parse that
 * names the first wrong field. Apart from the course and student schemas (registration-input.ts),
 * which import the labs a course names to check its tailoring, so the schedule's path loads no lab.
 */
import * as z from 'zod';
import { firstIssue } from '../../checks/zod-field.js';
import { ACCOUNT_ID_FORMAT, LINE_BREAK_OR_TAB, NOT_PLAIN_TEXT } from '../formats.js';

/** Input rejected at one field, which `field` names and the message starts with. */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${field}: ${message}`, options);
  }
}

/** Input that cannot be registered; `field` names the offending field (`accountId`, `labs[0].deadline`). */
export class RegistrationError extends FieldError {
  override name = 'RegistrationError';
}

/**
 * Course, student and instructor ids: they become parts of DynamoDB keys and S3 keys (no `#`,
 * no `/`, no spaces, far below DynamoDB's key size). Every id in a path, query or body is this.
 */
export const idSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/,
    'use 1-128 letters, digits or . _ @ + - (starting with a letter or digit)',
  );

/** What free text may not hold: {@link NOT_PLAIN_TEXT} but line breaks and tabs. */
const NOT_TEXT = new RegExp(`(?!${LINE_BREAK_OR_TAB.source})${NOT_PLAIN_TEXT.source}`, 'u');

/**
 * Free text a person typed (a name, a title, a reason): at most `max` characters of plain text. It
 * reaches the CSV export (quoted, line breaks included), the dashboard, terminals and the LMS's
 * gradebook import.
 */
export function plainText(max: number) {
  return z
    .string()
    .max(max)
    .refine(
      (text) => !NOT_TEXT.test(text),
      'not plain text: it has a control character, a lone UTF-16 surrogate or a bidirectional override',
    );
}

/**
 * An email address as LMSs and SIS exports hold it, plain text: internationalized ones
 * (`홍길동@example.com`) and IDN domains, in Unicode or punycode (`user@xn--3e0b707e`), are
 * addresses too; zod's default email pattern refuses them (its top-level domain is letters only).
 */
export const emailSchema = plainText(320).regex(z.regexes.unicodeEmail, 'not an email address');

/** An AWS account id: a student's registration, an inventory file, a query, an event. */
export const accountIdSchema = z.string().regex(ACCOUNT_ID_FORMAT, 'an AWS account id is exactly 12 digits');

export const isoTime = z.iso.datetime({
  offset: true,
  error: 'expected an ISO 8601 date-time, e.g. 2026-06-30T23:59:00+09:00',
});

/**
 * A deadline: a date-time from the year 2000 to 2099. A year typed wrong (0026, 20260) would
 * judge every attempt late, or none, without a word.
 */
export const deadlineSchema = isoTime.refine((value) => {
  const at = Date.parse(value);
  return !(at < Date.UTC(2000, 0, 1) || at >= Date.UTC(2100, 0, 1));
}, 'a deadline is from the year 2000 to 2099: is the year mistyped?');

/** The input as the schema outputs it, or a {@link RegistrationError} naming its first wrong field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  prefix: readonly PropertyKey[] = [],
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error, prefix);
    throw new RegistrationError(field || '(body)', message, { cause: parsed.error });
  }
  return parsed.data;
}
