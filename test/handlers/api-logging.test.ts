/**
 * The API handler's log lines carry API Gateway's request id as the correlation id (the Logger's
 * correlationIdPath), so a request id a caller quotes finds every line of that request.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { search } from '@aws-lambda-powertools/logger/correlationId';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiDeps } from '../../functions/api/router.js';
import { createApiHandler } from '../../functions/handlers/api.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('API logging', () => {
  it('tags each line of a request with its request id', async () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const logger = new Logger({ logLevel: 'INFO', correlationIdSearchFn: search });
    const handler = createApiHandler({ logger, deps: { now: () => new Date() } as unknown as ApiDeps });
    const event = {
      version: '2.0',
      routeKey: '$default',
      rawPath: '/labs',
      rawQueryString: '',
      headers: {},
      isBase64Encoded: false,
      requestContext: {
        accountId: 'local',
        apiId: 'local',
        domainName: 'localhost',
        domainPrefix: 'localhost',
        http: { method: 'GET', path: '/labs', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 't' },
        requestId: 'req-correlated-1',
        routeKey: '$default',
        stage: '$default',
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
        authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: { sub: 's1' }, scopes: null } },
      },
    } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;

    const res = await handler(event, { functionName: 'api', awsRequestId: 'lambda-1' } as Context);

    expect(res.statusCode).toBe(200);
    const logged = lines
      .flatMap((l) => l.split('\n'))
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    const request = logged.find((l) => l.message === 'request');
    expect(request).toMatchObject({ correlation_id: 'req-correlated-1', path: '/labs', statusCode: 200 });
  });
});
