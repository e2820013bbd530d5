/**
 * The cursor of a paged Query: the last key read, opaque to the caller, and accepted back only by
 * the query it came from.
 */
import { KEY } from './tables.js';

export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** A cursor that is not one of ours is an error of the caller, named as such. */
export class InvalidCursorError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('cursor is not valid', options);
    this.name = 'InvalidCursorError';
  }
}

/** A cursor only continues the query it came from (never another student's attempts). */
export function decodeCursor(cursor: string, pk: string, skPrefix: string): Record<string, unknown> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (err) {
    throw new InvalidCursorError({ cause: err });
  }
  const k = key as Record<string, unknown> | null;
  const sk = k?.[KEY.sk];
  if (k?.[KEY.pk] === pk && typeof sk === 'string' && sk.startsWith(skPrefix)) return { [KEY.pk]: pk, [KEY.sk]: sk };
  throw new InvalidCursorError();
}
