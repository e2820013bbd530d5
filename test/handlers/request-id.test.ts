/**
 * The API Lambda's Logger finds API Gateway's request id with a dotted-path reader instead of
 * Powertools' JMESPath `search` (23 KB less at a cold start): for that path it must answer what
 * `search` answers, on a real-shaped event and on events without the id.
 */
import { correlationPaths, search } from '@aws-lambda-powertools/logger/correlationId';
import { describe, expect, it } from 'vitest';
import { requestIdOf } from '../../functions/handlers/api.js';

const events: unknown[] = [
  { version: '2.0', rawPath: '/labs', requestContext: { requestId: 'req-1', http: { method: 'GET' } } },
  { requestContext: { requestId: '' } },
  { requestContext: {} },
  { requestContext: null },
  {},
  null,
];

describe("the API's request id for log lines", () => {
  it("is what Powertools' JMESPath search finds at API_GATEWAY_HTTP", () => {
    for (const event of events) {
      expect(requestIdOf(correlationPaths.API_GATEWAY_HTTP, event), JSON.stringify(event)).toEqual(
        search(correlationPaths.API_GATEWAY_HTTP, event as never),
      );
    }
    expect(requestIdOf(correlationPaths.API_GATEWAY_HTTP, events[0])).toBe('req-1');
  });
});
