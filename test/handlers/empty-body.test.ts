/** The empty-body middleware: an empty body is no body, whatever Content-Type came with it. */
import middy, { type MiddlewareObj } from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { emptyBodyIsNone } from '../../functions/handlers/middleware/empty-body.js';

type Event = { body?: string; headers: Record<string, string | undefined> };
const jsonBody = () =>
  httpJsonBodyParser({ disableContentTypeError: true }) as unknown as MiddlewareObj<Event, unknown>;

/** The API's order: this middleware, then middy's JSON body parser; the handler sees what they leave. */
function parsed(event: Event) {
  return middy(async (e: Event) => ({ body: e.body, contentType: e.headers['content-type'] }))
    .use(emptyBodyIsNone<Event, unknown>())
    .use(jsonBody())(event, {} as Context);
}

describe('emptyBodyIsNone', () => {
  it.each([undefined, ''])(
    'drops the Content-Type of an empty body (%s), so the JSON parser lets it through',
    async (body) => {
      await expect(parsed({ body, headers: { 'content-type': 'application/json' } })).resolves.toEqual({
        body,
        contentType: undefined,
      });
    },
  );

  it('leaves a body, and its Content-Type, to the JSON parser', async () => {
    await expect(parsed({ body: '{"lab":"vpc"}', headers: { 'content-type': 'application/json' } })).resolves.toEqual({
      body: { lab: 'vpc' },
      contentType: 'application/json',
    });
    await expect(parsed({ body: '{', headers: { 'content-type': 'application/json' } })).rejects.toMatchObject({
      statusCode: 415, // middy: "Invalid or malformed JSON was provided"
    });
  });

  it('without it, the parser refuses the empty JSON body (what the middleware is for)', async () => {
    const bare = middy(async (e: Event) => e.body).use(jsonBody());
    await expect(
      bare({ body: '', headers: { 'content-type': 'application/json' } }, {} as Context),
    ).rejects.toMatchObject({ statusCode: 415 });
  });
});
