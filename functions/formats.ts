/**
 * Formats that the API's input schemas (functions/service/input.ts), the CLI and the Lambdas that
 * load no zod (the event bus policy) share: plain regular expressions, one definition each.
 */

/** An AWS account id: exactly 12 digits. */
export const ACCOUNT_ID_FORMAT = /^\d{12}$/;

/**
 * Characters a terminal, a CSV reader or a bidirectional renderer may act on instead of showing:
 * control characters (C0, DEL, C1), lone UTF-16 surrogates, the line and paragraph separators, and
 * the bidirectional embeddings, overrides and isolates that make text read otherwise than it is
 * stored. The CLI writes every one of them out (`\u001b`); the API refuses them in free text, line
 * breaks and tabs apart ({@link LINE_BREAK_OR_TAB}).
 */
export const NOT_PLAIN_TEXT = /[\p{Cc}\p{Cs}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

/** The characters of {@link NOT_PLAIN_TEXT} that a person's free text may hold: line breaks and tabs. */
export const LINE_BREAK_OR_TAB = /[\n\r\t\u2028\u2029]/u;
