/**
 * The child process of the first-response figure (bench/first-response.ts), bundled on its own and
 * run as `node first-response-child.mjs <handler index.mjs> <event JSON>` with an IPC channel.
 *
 * It replaces the SDK's `send` (on the Smithy `Client` every SDK client extends) before importing
 * the handler: DynamoDB (and the document client) go through to DynamoDB Local as they would to
 * DynamoDB; every other call (STS AssumeRole, the student's account, S3, SQS) is resolved as the
 * SDK would (its credentials first, so a student's role is assumed) and then answered by the
 * parent's fake AWS over IPC, like a remote service. Then it invokes the handler once and reports
 * the response with `performance.now()` at its resolution: milliseconds since
 * `performance.timeOrigin`, the start of this process.
 */
import { Client } from '@smithy/core/client';

interface Reply {
  id: number;
  output?: unknown;
  error?: { name: string; message: string };
}

const fakeSetupStart = performance.now();
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
let nextId = 0;

process.on('message', (reply: Reply) => {
  const waiter = pending.get(reply.id);
  if (!waiter) return;
  pending.delete(reply.id);
  if (reply.error) {
    // Shaped like the SDK's own errors: collectors read `name`.
    const err = Object.assign(new Error(reply.error.message), {
      name: reply.error.name,
      Code: reply.error.name,
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    waiter.reject(err);
  } else waiter.resolve(reply.output);
});

function ask(call: { service: string; command: string; region: string; input: unknown }): Promise<unknown> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    process.send?.({ id, ...call });
  });
}

interface SdkClient {
  constructor: { name: string };
  config: { region: () => Promise<string>; credentials?: unknown };
}

const realSend = Client.prototype.send;
Client.prototype.send = async function send(this: SdkClient, command: { input: unknown }, ...rest: unknown[]) {
  const service = this.constructor.name.replace(/Client$/, '');
  if (service.startsWith('DynamoDB')) return (realSend as (...a: unknown[]) => unknown).call(this, command, ...rest);
  // Before signing, the SDK resolves the client's credentials: for a student's role that is AssumeRole.
  if (typeof this.config.credentials === 'function') await this.config.credentials();
  const region = await this.config.region();
  const name = (command as { constructor: { name: string } }).constructor.name.replace(/Command$/, '');
  return ask({ service, command: name, region, input: command.input });
} as typeof realSend;

const [file, eventJson] = process.argv.slice(2);
const importStart = performance.now();
const fakeSetupMs = importStart - fakeSetupStart;
const { handler } = (await import(file as string)) as {
  handler: (event: unknown, context: unknown) => Promise<unknown>;
};
const importMs = performance.now() - importStart;
const context = {
  functionName: 'bench',
  awsRequestId: `bench-${process.pid}`,
  getRemainingTimeInMillis: () => 60_000,
};
let response: unknown;
let failure: string | undefined;
try {
  response = await handler(JSON.parse(eventJson as string), context);
} catch (err) {
  failure = `${(err as Error).name}: ${(err as Error).message}`;
}
const respondedMs = performance.now();
process.send?.(
  {
    done: true,
    response,
    failure,
    fakeSetupMs,
    importMs,
    respondedMs,
    respondedAt: performance.timeOrigin + respondedMs,
  },
  () => process.exit(0),
);
