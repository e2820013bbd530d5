/**
 * A throttling AWS account, through the SDK's real client stack: every SDK v3 client gets one
 * middleware at the front of its deserialize step. A share of the calls (`rate`) goes on to the
 * HTTP handler, which answers the service's own throttling error document (EC2's 503
 * `RequestLimitExceeded`, the query services' 400 `Throttling`, S3's 503 `SlowDown`, CloudWatch's
 * JSON `Throttling`, the JSON 1.1 services' `ThrottlingException`); the SDK parses it into its real exception, and its retry strategy (backoff,
 * retry quota, adaptive rate limiter) decides what happens next, as against AWS. The other calls
 * are answered from the scenario's inventory (the same answers as bench/fake-aws.ts).
 *
 * Active from `throttledAws()` to `restore()`; pass `clientConfig` to the grade (its clients must
 * use the throttling HTTP handler and credentials any signer accepts).
 */
import { STSClient } from '@aws-sdk/client-sts';
import type { Inventory } from '../checks/inventory.js';
import { ANSWERS, inventoryIn } from './fake-aws.js';
import { seededRandom } from './stats.js';

export interface ThrottledAws {
  /** Give this to grade() as `clientConfig`. */
  clientConfig: Record<string, unknown>;
  /** Every attempt the SDK sent, throttled or answered. */
  attempts: number;
  throttled: number;
  /** `Service:Command` pairs the fake has no answer for. */
  unanswered: Set<string>;
  restore(): void;
}

const QUERY_THROTTLE = (service: string) =>
  `<ErrorResponse xmlns="https://${service}.amazonaws.com/doc/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ErrorResponse>`;

/** The throttling answer each service sends, by the host the SDK addressed. */
export function throttlingResponse(hostname: string): {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
} {
  const xml = { 'content-type': 'text/xml', 'x-amzn-requestid': '7a62c49f-347e-4fc4-9331-6e8eEXAMPLE' };
  if (/^ec2\./.test(hostname)) {
    return {
      statusCode: 503,
      headers: xml,
      body: '<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestID></Response>',
    };
  }
  if (/(^|\.)s3-control\./.test(hostname)) {
    return {
      statusCode: 503,
      headers: xml,
      body: '<ErrorResponse><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error><RequestId>EXAMPLE</RequestId></ErrorResponse>',
    };
  }
  if (/(^|\.)s3[.-]/.test(hostname)) {
    return {
      statusCode: 503,
      headers: { ...xml, 'x-amz-request-id': 'EXAMPLE', 'x-amz-id-2': 'EXAMPLE' },
      body: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>EXAMPLE</RequestId><HostId>EXAMPLE</HostId></Error>',
    };
  }
  if (/^monitoring\./.test(hostname)) {
    // CloudWatch speaks AWS JSON 1.0, compatible with its query errors.
    return {
      statusCode: 400,
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-requestid': '7a62c49f-347e-4fc4-9331-6e8eEXAMPLE',
        'x-amzn-query-error': 'Throttling;Sender',
      },
      body: '{"__type":"com.amazonaws.cloudwatch#Throttling","message":"Rate exceeded"}',
    };
  }
  if (/^(logs|cloudtrail|events)\./.test(hostname)) {
    // CloudWatch Logs, CloudTrail and EventBridge speak AWS JSON 1.1.
    return {
      statusCode: 400,
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': '7a62c49f-347e-4fc4-9331-6e8eEXAMPLE',
      },
      body: '{"__type":"ThrottlingException","message":"Rate exceeded"}',
    };
  }
  return { statusCode: 400, headers: xml, body: QUERY_THROTTLE(hostname.split('.')[0] ?? 'aws') };
}

interface SdkClient {
  config: { region: () => Promise<string> };
  middlewareStack: { add(middleware: unknown, options: Record<string, unknown>): void };
}

/** Starts throttling `rate` of every SDK call (0..1); answers the rest from `inventory`. */
export function throttledAws(
  inventory: Inventory,
  options: { rate?: number; seed?: number; latencyMs?: number } = {},
): ThrottledAws {
  const rate = options.rate ?? 0.3;
  const latency = options.latencyMs ?? 0;
  const random = seededRandom(options.seed ?? 1);
  const state: ThrottledAws = {
    clientConfig: {
      requestHandler: {
        handle: async (request: { hostname: string }) => {
          const { statusCode, headers, body } = throttlingResponse(request.hostname);
          return { response: { statusCode, headers, body: new TextEncoder().encode(body) } };
        },
      },
    },
    attempts: 0,
    throttled: 0,
    unanswered: new Set(),
    restore: () => undefined,
  };
  const answer =
    (client: SdkClient) =>
    (next: (args: unknown) => Promise<unknown>, context: { clientName?: string; commandName?: string }) =>
    async (args: { input: Record<string, unknown> }) => {
      const api = `${String(context.clientName).replace(/Client$/, '')}:${String(context.commandName).replace(/Command$/, '')}`;
      state.attempts++;
      if (latency > 0) await new Promise((r) => setTimeout(r, latency));
      if (random() < rate) {
        state.throttled++;
        return next(args);
      }
      const fake = ANSWERS[api];
      if (!fake) {
        state.unanswered.add(api);
        throw Object.assign(new Error(`the throttled fake has no answer for ${api}`), { name: 'BenchNoAnswer' });
      }
      const region = await client.config.region();
      const output = structuredClone({ ...(fake(inventoryIn(inventory, region), args.input, region) as object) });
      return { output: { ...output, $metadata: {} }, response: { statusCode: 200, headers: {} } };
    };

  // Every SDK v3 client class extends the same Smithy Client, whose prototype holds `send`.
  const proto = (Object.getPrototypeOf(STSClient) as { prototype: { send: (...args: unknown[]) => unknown } })
    .prototype;
  const send = proto.send;
  const instrumented = new WeakSet<object>();
  proto.send = function (this: SdkClient, ...args: unknown[]) {
    if (!instrumented.has(this)) {
      instrumented.add(this);
      this.middlewareStack.add(answer(this), { step: 'deserialize', priority: 'high', name: 'throttledAwsAnswer' });
    }
    return send.apply(this, args);
  };
  state.restore = () => {
    proto.send = send;
  };
  return state;
}
