/**
 * Paging of lists read whole (a roster, a class's standings: one Query each): the cursor names
 * the last item of the page and the list it belongs to, so it cannot continue another list.
 */
import * as z from 'zod';
import { InvalidCursorError } from '../store/cursor.js';
import type { Page } from '../store/standing-store.js';

/** The `limit` and `cursor` query parameters of a paged list. */
export const limitSchema = z
  .string()
  .regex(/^\d{1,3}$/, 'a whole number from 1 to 100, in digits')
  .transform(Number)
  .pipe(z.number().min(1).max(100))
  .optional();
export const cursorSchema = z.string().min(1).max(2048).optional();
export const pageQuerySchema = z.strictObject({ limit: limitSchema, cursor: cursorSchema });

function encodePageCursor(scope: string, after: string): string {
  return Buffer.from(JSON.stringify({ s: scope, a: after })).toString('base64url');
}

export function pageOf<T>(
  items: T[],
  keyOf: (item: T) => string,
  scope: string,
  limit: number | undefined,
  cursor: string | undefined,
): Page<T> {
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  let start = 0;
  if (cursor) {
    let decoded: { s?: unknown; a?: unknown } | undefined;
    try {
      decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch (err) {
      throw new InvalidCursorError({ cause: err });
    }
    if (decoded?.s !== scope || typeof decoded.a !== 'string') throw new InvalidCursorError();
    const after = decoded.a;
    start = sorted.findIndex((item) => keyOf(item) > after);
    if (start < 0) start = sorted.length;
  }
  const size = limit ?? 50;
  const page = sorted.slice(start, start + size);
  const last = page[page.length - 1];
  return {
    items: page,
    ...(start + size < sorted.length && last !== undefined ? { cursor: encodePageCursor(scope, keyOf(last)) } : {}),
  };
}

/** A page with each item as `view` shows it, its cursor kept. */
export function mapPage<T, U>(page: Page<T>, view: (item: T) => U): Page<U> {
  return { ...page, items: page.items.map(view) };
}
