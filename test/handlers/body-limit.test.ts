/** The body-limit middleware: a body over the limit is refused (413) before anything parses it. */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../functions/api/errors.js';
import { bodyLimit } from '../../functions/handlers/middleware/body-limit.js';

type Event = { body?: string; isBase64Encoded: boolean };

function limited(maxBytes?: number) {
  let reached = false;
  const handler = middy(async (_event: Event) => {
    reached = true;
    return 'ok';
  }).use(bodyLimit<Event, string>(maxBytes === undefined ? {} : { maxBytes }));
  return { run: (event: Event) => handler(event, {} as Context), reached: () => reached };
}

describe('bodyLimit', () => {
  it('lets a body at the limit through, counting UTF-8 bytes, not characters', async () => {
    const h = limited(4);
    await expect(h.run({ body: 'abcd', isBase64Encoded: false })).resolves.toBe('ok');
    const multibyte = limited(4);
    // Two Hangul syllables are 6 bytes.
    const err = await multibyte.run({ body: '채점', isBase64Encoded: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ statusCode: 413, code: 'payload_too_large' });
    expect((err as Error).message).toBe('the body is 6 bytes; at most 4 bytes are accepted');
    expect(multibyte.reached()).toBe(false);
  });

  it('measures a base64 body by its decoded size', async () => {
    const encoded = Buffer.alloc(12).toString('base64'); // 16 characters, 12 bytes
    await expect(limited(12).run({ body: encoded, isBase64Encoded: true })).resolves.toBe('ok');
    await expect(limited(11).run({ body: encoded, isBase64Encoded: true })).rejects.toMatchObject({ statusCode: 413 });
  });

  it('defaults to 64 KiB and ignores a request without a body', async () => {
    await expect(limited().run({ isBase64Encoded: false })).resolves.toBe('ok');
    await expect(limited().run({ body: 'x'.repeat(64 * 1024), isBase64Encoded: false })).resolves.toBe('ok');
    await expect(limited().run({ body: 'x'.repeat(64 * 1024 + 1), isBase64Encoded: false })).rejects.toMatchObject({
      statusCode: 413,
    });
  });
});
