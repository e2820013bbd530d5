/**
 * Figure 6, cold start as users see it: per handler, the time from a fresh `node` process to the
 * first response of a realistic invocation of the deployed bundle (bench/cold-start.ts bundles
 * them as the stack does), beside a bare `node -e 0` timed in the same loop.
 *
 * - api: `POST /grades` of a student of a course whose account is an example inventory
 *   (examples/vpc/complete.json): the on-demand grade reads the course and roster, takes the grade
 *   slot, assumes the student's role, reads the account, stores the inventory and the attempt, and
 *   answers 201 with the result.
 * - dispatch: the schedule's tick of a course of 100 students: 100 grade jobs enqueued.
 * - gradeWorker: one SQS message, one grade job of one student: the attempt stored.
 *
 * The store is DynamoDB Local (tables made as the tests make them); the child process
 * (bench/first-response-child.ts) lets DynamoDB through to it and asks this process's fake AWS
 * for every other call: STS AssumeRole, the student's account (answered from the inventory as
 * bench/fake-aws.ts answers it), S3 PutObject and SQS SendMessageBatch. Each response is checked
 * against what the invocation must have done (the grade's checks equal an in-process grade of the
 * same inventory, 100 distinct jobs enqueued, the worker's attempt stored), so a figure cannot be
 * the time of a failure: the events and those checks are in bench/first-response-invocations.ts.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import type { Inventory } from '../checks/inventory.js';
import { findLab } from '../checks/labs/index.js';
import { grade } from '../functions/grade.js';
import { BUNDLE_DIR } from './cold-start.js';
import { ANSWERS, inventoryIn } from './fake-aws.js';
import { EXAMPLE, invocationsOf, LAB, QUEUE_URL, seed, statuses } from './first-response-invocations.js';
import { withLocalTables } from './local-tables.js';
import { median } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface FirstResponseFigure {
  /** The handler's function name (infra/entries.ts). */
  handler: string;
  invocation: string;
  /** Median ms from the child's process start (`performance.timeOrigin`) to the handler's resolved response, on its own clock. */
  firstResponseMs: number;
  /** Median ms from this process's spawn call to that response (both on the wall clock: `timeOrigin + now()`). */
  spawnToResponseMs: number;
  /** Median ms of `import(index.mjs)` inside those processes (after the fake was installed). */
  importMs: number;
  /** Median ms the child spent installing the fake before importing the handler (not the handler's cost). */
  fakeSetupMs: number;
  /** Median wall ms of the whole child (spawn to exit). */
  processMs: number;
  /** Every run's response was the real one (see `check`). */
  verified: boolean;
  /** What was checked of each response. */
  check: string;
  /** AWS calls the fake answered in the last run, by `Service:Command`. */
  fakeCalls: Record<string, number>;
  runs: number;
}

export interface FirstResponseFigures {
  /** Median wall ms of `node -e 0` spawned in the same loop (once before each run of the handlers). */
  bareNodeMs: number;
  invocations: FirstResponseFigure[];
}

interface ChildDone {
  done: true;
  response: unknown;
  failure?: string;
  fakeSetupMs: number;
  importMs: number;
  respondedMs: number;
  respondedAt: number;
}

interface Call {
  id: number;
  service: string;
  command: string;
  region: string;
  input: Record<string, unknown>;
}

/** What the fake saw during one child's life. */
interface Seen {
  calls: Map<string, number>;
  messages: { MessageBody?: string }[];
  puts: string[];
  assumed: string[];
}

const now = () => performance.timeOrigin + performance.now();

/** The fake AWS: the calls a Lambda makes outside DynamoDB, answered as AWS would. */
function answer(inventory: Inventory, call: Call, seen: Seen): unknown {
  const key = `${call.service}:${call.command}`;
  seen.calls.set(key, (seen.calls.get(key) ?? 0) + 1);
  const input = call.input as Record<string, any>;
  if (key === 'STS:AssumeRole') {
    seen.assumed.push(String(input.RoleArn));
    return {
      Credentials: {
        AccessKeyId: 'ASIABENCH',
        SecretAccessKey: 'bench',
        SessionToken: 'bench',
        Expiration: new Date(Date.now() + 900_000),
      },
      AssumedRoleUser: { Arn: `${input.RoleArn}/labgrader`, AssumedRoleId: 'AROABENCH:labgrader' },
      $metadata: {},
    };
  }
  if (key === 'S3:PutObject') {
    seen.puts.push(String(input.Key));
    return { ETag: '"bench"', $metadata: {} };
  }
  if (key === 'SQS:SendMessageBatch') {
    const entries = (input.Entries ?? []) as { Id: string; MessageBody?: string }[];
    seen.messages.push(...entries);
    return {
      Successful: entries.map((e) => ({ Id: e.Id, MessageId: randomUUID(), MD5OfMessageBody: '' })),
      Failed: [],
      $metadata: {},
    };
  }
  const respond = ANSWERS[key];
  if (!respond)
    throw Object.assign(new Error(`the benchmark's fake AWS has no answer for ${key}`), { name: 'BenchNoAnswer' });
  return { ...(respond(inventoryIn(inventory, call.region), call.input, call.region) as object), $metadata: {} };
}

/** Bundles the child driver (bench/first-response-child.ts) next to the handlers, the SDK left external. */
function bundleChild(): string {
  const outfile = join(BUNDLE_DIR, 'first-response-child.mjs');
  buildSync({
    entryPoints: [join(ROOT, 'bench', 'first-response-child.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['@aws-sdk/*', '@smithy/*'],
    logLevel: 'warning',
  });
  return outfile;
}

export interface ChildRun {
  done: ChildDone;
  spawnedAt: number;
  processMs: number;
  seen: Seen;
}

/** One fresh node running one invocation of `file`; the fake answers its calls. */
function runChild(
  child: string,
  file: string,
  event: unknown,
  env: Record<string, string>,
  inventory: Inventory,
): Promise<ChildRun> {
  const seen: Seen = { calls: new Map(), messages: [], puts: [], assumed: [] };
  return new Promise((resolve, reject) => {
    const spawnedAt = now();
    const proc = spawn(process.execPath, [child, file, JSON.stringify(event)], {
      cwd: BUNDLE_DIR,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    let stderr = '';
    let done: ChildDone | undefined;
    proc.stderr?.on('data', (d) => {
      stderr += String(d);
    });
    proc.on('message', (message: Call | ChildDone) => {
      if ('done' in message) {
        done = message;
        return;
      }
      try {
        proc.send({ id: message.id, output: structuredClone(answer(inventory, message, seen)) });
      } catch (err) {
        const e = err as Error;
        proc.send({ id: message.id, error: { name: e.name, message: e.message } });
      }
    });
    proc.on('error', reject);
    proc.on('exit', (code) => {
      const processMs = now() - spawnedAt;
      if (!done) reject(new Error(`the child exited (${code}) without a response: ${stderr.slice(-500)}`));
      else resolve({ done, spawnedAt, processMs, seen });
    });
  });
}

async function timeBareNode(): Promise<number> {
  const t0 = now();
  await new Promise<void>((resolve, reject) => {
    const proc = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    proc.on('error', reject);
    proc.on('exit', () => resolve());
  });
  return now() - t0;
}

/**
 * Runs every invocation `runs` times on DynamoDB Local (started for it and stopped after).
 * `bundles` are the handlers' entry files by function name (bench/cold-start.ts).
 */
export async function measureFirstResponses(
  bundles: ReadonlyMap<string, { file: string }>,
  runs: number,
): Promise<FirstResponseFigures | { notMeasured: string }> {
  return withLocalTables('cold', async ({ endpoint, store, names, suffix }) => {
    const inventory = JSON.parse(await readFile(EXAMPLE, 'utf8')) as Inventory;
    await seed(store, inventory, new Date());
    const lab = findLab(LAB);
    if (!lab) throw new Error(`no lab ${LAB}`);
    const expected = statuses(
      (await grade({ lab, inventory, region: inventory.region, trigger: 'api' })).result.checks,
    );
    const child = bundleChild();
    const env = {
      AWS_REGION: 'us-east-1',
      // The access key of bench/local-tables.ts: DynamoDB Local keeps one set of tables per key and region.
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      GRADES_TABLE: names.grades,
      IDEMPOTENCY_TABLE: names.idempotency,
      INVENTORY_BUCKET: 'bench-inventories',
      CREDENTIALS_KEY_ID: 'alias/bench',
      GRADE_QUEUE_URL: QUEUE_URL,
      POWERTOOLS_SERVICE_NAME: 'bench',
      POWERTOOLS_METRICS_NAMESPACE: 'bench',
      POWERTOOLS_LOG_LEVEL: 'WARN',
    };

    const invocations = invocationsOf(store, suffix, expected);

    const bare: number[] = [];
    const measured = new Map<string, { runs: ChildRun[]; failures: string[] }>();
    for (let run = 0; run < runs; run += 1) {
      bare.push(await timeBareNode());
      for (const inv of invocations) {
        const bundle = bundles.get(inv.handler);
        if (!bundle) throw new Error(`no bundle of ${inv.handler}`);
        const r = await runChild(child, bundle.file, inv.event(run), env, inventory);
        const entry = measured.get(inv.handler) ?? { runs: [], failures: [] };
        const failure = r.done.failure ?? (await inv.verify(run, r));
        if (failure) entry.failures.push(failure);
        entry.runs.push(r);
        measured.set(inv.handler, entry);
      }
    }
    return {
      bareNodeMs: median(bare),
      invocations: invocations.map((inv): FirstResponseFigure => {
        const { runs: rs, failures } = measured.get(inv.handler) ?? { runs: [], failures: [] };
        const last = rs[rs.length - 1];
        return {
          handler: inv.handler,
          invocation: inv.invocation,
          firstResponseMs: median(rs.map((r) => r.done.respondedMs)),
          spawnToResponseMs: median(rs.map((r) => r.done.respondedAt - r.spawnedAt)),
          importMs: median(rs.map((r) => r.done.importMs)),
          fakeSetupMs: median(rs.map((r) => r.done.fakeSetupMs)),
          processMs: median(rs.map((r) => r.processMs)),
          verified: failures.length === 0 && rs.length === runs,
          check: failures.length ? `FAILED: ${failures[0]}` : inv.check,
          fakeCalls: Object.fromEntries([...(last?.seen.calls ?? [])].sort()),
          runs: rs.length,
        };
      }),
    };
  });
}
