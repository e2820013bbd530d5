/**
 * The local service's HTTP front as API Gateway behaves: the token is checked before a body is
 * read, every answer (its own errors too) carries the request id, and `HEAD /` is the page's GET.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevTokenError } from '../../functions/local/dev-token.js';
import { createLocalServer, listen } from '../../functions/local/server.js';

describe('the local front', () => {
  let server: Server;
  let url: string;
  let dir: string;
  const reached: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'labgrader-front-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>dashboard</title>');
    server = createLocalServer({
      staticDir: dir,
      maxBodyBytes: 1024,
      verify: (token) => {
        if (token !== 'good') throw new DevTokenError('the token was not signed by this local service', 'signature');
        return { sub: 'teacher', iss: 'labgrader-local', iat: 0, exp: 2 ** 31 };
      },
      handler: async (event) => {
        reached.push(`${event.requestContext.http.method} ${event.rawPath}`);
        return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
      },
    });
    url = await listen(server, 0);
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const errorOf = async (response: Response) => {
    const body = (await response.json()) as { error: { code: string; requestId?: string } };
    return {
      status: response.status,
      code: body.error.code,
      requestId: body.error.requestId,
      header: response.headers.get('apigw-requestid'),
    };
  };

  it('answers HEAD / like GET /, without a body', async () => {
    const response = await fetch(`${url}/`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toBe('');
  });

  it('refuses a request without a token with 401 before reading its body, however large', async () => {
    const response = await fetch(`${url}/grades`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(10 * 1024 * 1024),
    });
    const error = await errorOf(response);
    expect(error).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.header).toBe(error.requestId);
    expect(reached).toEqual([]);
  });

  it('names the request id in its own 401 and 413 answers, and in the handler’s', async () => {
    const refused = await errorOf(await fetch(`${url}/me`, { headers: { authorization: 'Bearer forged' } }));
    expect(refused).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(refused.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(refused.header).toBe(refused.requestId);

    const tooLarge = await errorOf(
      await fetch(`${url}/grades`, {
        method: 'POST',
        headers: { authorization: 'Bearer good', 'content-type': 'application/json' },
        body: 'x'.repeat(2048),
      }),
    );
    expect(tooLarge).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(tooLarge.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(tooLarge.header).toBe(tooLarge.requestId);
    expect(refused.requestId).not.toBe(tooLarge.requestId);

    const ok = await fetch(`${url}/me`, { headers: { authorization: 'Bearer good' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('apigw-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lets the LTI routes, which authenticate themselves, through without a token', async () => {
    const response = await fetch(`${url}/lti/jwks`);
    expect(response.status).toBe(200);
    expect(reached).toContain('GET /lti/jwks');
  });
});
