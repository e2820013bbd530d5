/**
 * The error-responses middleware: every failure becomes a JSON error naming the problem, with the
 * request id; ours are logged at error level, the caller's at info; no stack trace in the body.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { badRequest } from '../../functions/api/errors.js';
import { errorResponses } from '../../functions/handlers/middleware/error-responses.js';

function failingWith(err: unknown) {
  const logged: { level: 'error' | 'info'; message: string }[] = [];
  const logger = {
    error: (message: string) => logged.push({ level: 'error', message }),
    info: (message: string) => logged.push({ level: 'info', message }),
  };
  const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(async () => {
    throw err;
  }).use(errorResponses({ logger: logger as never }));
  const event = { requestContext: { requestId: 'req-7' } } as APIGatewayProxyEventV2;
  return { run: () => handler(event, {} as Context), logged };
}

describe('errorResponses', () => {
  it("answers the caller's mistake as a 4xx naming the field, logged at info", async () => {
    const h = failingWith(badRequest('lab', 'required'));
    const res = await h.run();
    expect(res.statusCode).toBe(400);
    expect(res.headers?.['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.body as string)).toEqual({
      error: { code: 'bad_request', message: 'lab: required', field: 'lab', requestId: 'req-7' },
    });
    expect(h.logged).toEqual([{ level: 'info', message: 'request refused' }]);
  });

  it('answers our own failure as a 500 that says only that it happened, logged at error', async () => {
    const h = failingWith(new TypeError('cannot read properties of undefined (reading "x")'));
    const res = await h.run();
    expect(res.statusCode).toBe(500);
    const body = JSON.parse(res.body as string);
    expect(body.error.code).toBe('internal');
    expect(body.error.requestId).toBe('req-7');
    expect(res.body).not.toMatch(/reading "x"|at .*\.ts:\d+/);
    expect(h.logged).toEqual([{ level: 'error', message: 'request failed' }]);
  });
});
