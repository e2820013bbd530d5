/**
 * The whole grading service on one machine: DynamoDB Local (or a given endpoint), the tables, a
 * demo course per lab whose students are the recorded example inventories (examples/<lab>/*.json,
 * graded offline), the HTTP API (same handler as the Lambda) and the schedule (the dispatch and
 * grade-worker handlers, with an in-process queue). With AWS credentials in the environment and a
 * real roster, the same service grades real accounts; only the demo students are replayed.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import { search } from '@aws-lambda-powertools/logger/correlationId';
import type { Inventory } from '../../checks/inventory.js';
import { GradeRateLimiter } from '../api/rate-limit.js';
import type { ApiDeps } from '../api/router.js';
import { grade } from '../grade.js';
import { createApiHandler } from '../handlers/api.js';
import { createDispatch } from '../handlers/dispatch.js';
import { createGradeWorker } from '../handlers/grade-worker.js';
import { AesGcmEncryptor } from '../service/credentials.js';
import { type DispatchSummary, enqueue } from '../service/dispatch.js';
import { type IntakeDeps, takeEvent } from '../service/event-intake.js';
import type { GradeJobDeps } from '../service/grade-job.js';
import { GradeStore } from '../store/grade-store.js';
import { LocalInventoryStore } from '../store/inventory-store.js';
import { LiveStore } from '../store/live-store.js';
import { createTables, type TableNames } from '../store/tables.js';
import { type DemoCourse, loadDemo, seedDemo } from './demo.js';
import { loadOrCreateSecret, resolveDataDir, signDevToken, verifyDevToken } from './dev-token.js';
import { startDynamoDbLocal } from './dynamodb-local.js';
import { demoEvent, withEventsRoute } from './events-route.js';
import { acquireInstanceLock } from './instance-lock.js';
import { localLambdaContext } from './lambda-context.js';
import { LOCAL_TABLES, localDynamoDbClient } from './local-data.js';
import { createLocalLti } from './lti.js';
import { InProcessQueue } from './queue.js';
import { createLocalServer, listen } from './server.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface LocalServiceOptions {
  /**
   * Data folder (DynamoDB Local's files, stored inventories, keys). Default: `.labgrader` in the
   * project's root (where `labgrader token` looks too). One service per folder at a time.
   */
  dataDir?: string;
  /** Delete the stored data (not the token secret) before starting. */
  fresh?: boolean;
  /** HTTP port (default 8080; 0 picks a free one). */
  port?: number;
  host?: string;
  /** Use this DynamoDB instead of starting DynamoDB Local (tests: the run's instance). */
  dynamodbEndpoint?: string;
  /** Extra DynamoDB client config (tests: `maxAttempts`). */
  dynamodbConfig?: Record<string, unknown>;
  tables?: TableNames;
  /** Seed the demo courses from the example inventories (default true). */
  demo?: boolean;
  examplesDir?: string;
  /** Static files served at `/` (default `dashboard/` of the repository, when it exists). */
  dashboardDir?: string;
  /** Minutes between schedule ticks (default 10; 0: no schedule). */
  scheduleMinutes?: number;
  /** Seconds between two on-demand grades of one student (default 20). */
  gradeIntervalSeconds?: number;
  /** Time budget of one collection from a real account (default 20 s). */
  gradeBudgetMs?: number;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /** The service's clock (tests: a burst that arrives at one instant whatever the machine's load). */
  now?: () => Date;
  /** Send one live event from the demo account at start, so the demo shows event-triggered attempts (npm start). */
  demoLiveEvent?: boolean;
  /** Extra grade dependencies (tests: a fake AWS endpoint for students' accounts). */
  grading?: Partial<GradeJobDeps>;
  /** Called once the data folder is this service's, before the slow part (DynamoDB Local) starts. */
  onStarting?: () => void;
}

export interface LocalService {
  url: string;
  dynamodbEndpoint: string;
  dataDir: string;
  tables: TableNames;
  store: GradeStore;
  demo: DemoCourse[];
  /** Signs a development token for this service. */
  token(who: { subject: string; groups?: string[] }, options?: { ttlSeconds?: number; now?: Date }): string;
  /** One schedule tick: dispatch every course, then wait until the queue has graded everything. */
  tick(): Promise<DispatchSummary>;
  /** Settles with the reason when a part the service started dies by itself (DynamoDB Local). */
  failed: Promise<string>;
  stop(): Promise<void>;
  /**
   * Synchronous last resort for an exiting process (a second Ctrl-C, an `exit` handler): kills
   * DynamoDB Local and releases the data folder, without waiting.
   */
  kill(): void;
}

async function localKey(dataDir: string): Promise<Buffer> {
  const file = join(dataDir, 'credentials.key');
  try {
    const hex = (await readFile(file, 'utf8')).trim();
    if (/^[0-9a-f]{64}$/.test(hex)) return Buffer.from(hex, 'hex');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = randomBytes(32);
  await writeFile(file, `${key.toString('hex')}\n`, { mode: 0o600 });
  return key;
}

export async function startLocalService(options: LocalServiceOptions = {}): Promise<LocalService> {
  const dataDir = resolveDataDir(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  // Before anything touches the folder's data: a second instance refuses here, naming the first.
  const lock = await acquireInstanceLock(dataDir, options.port ?? 8080);
  options.onStarting?.();
  if (options.fresh) {
    await rm(join(dataDir, 'dynamodb'), { recursive: true, force: true });
    await rm(join(dataDir, 'inventories'), { recursive: true, force: true });
  }
  await mkdir(join(dataDir, 'dynamodb'), { recursive: true });
  // The service name in logs is POWERTOOLS_SERVICE_NAME (npm start sets labgrader-local).
  const logger = new Logger({ logLevel: options.logLevel ?? 'WARN', correlationIdSearchFn: search });
  const stops: (() => Promise<void>)[] = [async () => lock.release()];
  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  let dynamodbPid: number | undefined;
  let reportFailure: (reason: string) => void = () => undefined;
  const failed = new Promise<string>((resolve) => {
    reportFailure = resolve;
  });
  const kill = () => {
    stopping = true;
    if (dynamodbPid) {
      try {
        process.kill(dynamodbPid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    lock.release();
  };
  try {
    let endpoint = options.dynamodbEndpoint;
    if (!endpoint) {
      // Its own process group: a Ctrl-C reaches the service, which stops it after the API.
      const dynamodb = await startDynamoDbLocal({ dbPath: join(dataDir, 'dynamodb'), detached: true });
      dynamodbPid = dynamodb.pid;
      await lock.update({ dynamodbPid });
      stops.push(() => dynamodb.stop());
      void dynamodb.exited.then((code) => {
        if (!stopping) reportFailure(`DynamoDB Local (PID ${dynamodbPid}) exited by itself (code ${code})`);
      });
      endpoint = dynamodb.endpoint;
    }
    const client = localDynamoDbClient(endpoint, options.dynamodbConfig);
    stops.push(async () => client.destroy());
    const tables = options.tables ?? LOCAL_TABLES;
    await createTables(client, tables);

    const store = new GradeStore(client, tables.grades);
    const secret = await loadOrCreateSecret(dataDir);
    const encryptor = new AesGcmEncryptor(await localKey(dataDir));
    const now = options.now ?? (() => new Date());
    const demo =
      options.demo === false ? new Map() : await loadDemo(options.examplesDir ?? join(REPO_ROOT, 'examples'));
    const replay = new Map<string, Inventory>();
    for (const { courseId, inventories } of demo.values()) {
      for (const [studentId, inventory] of inventories) replay.set(`${courseId}/${studentId}`, inventory);
    }
    // Demo students are graded from their recorded inventory; everyone else from their account.
    const gradeOrReplay: typeof grade = async (req) => {
      const inventory = replay.get(`${req.courseId}/${req.studentId}`);
      return grade(inventory ? { ...req, inventory } : req);
    };
    const budgetMs = options.gradeBudgetMs ?? 20_000;
    const lti = createLocalLti({ store, dataDir, logger, now });
    stops.push(() => lti.stop());
    const grading: GradeJobDeps = {
      store,
      encryptor,
      now,
      log: logger,
      budgetMs,
      inventories: new LocalInventoryStore(join(dataDir, 'inventories')),
      grade: gradeOrReplay,
      onCountedScoreChange: lti.onCountedScoreChange,
      ...options.grading,
    };

    // The last failure of each job, so a dropped job says why.
    const failures = new Map<string, unknown>();
    const worker = createGradeWorker({
      deps: grading,
      idempotency: { client, table: tables.idempotency },
      logger,
      onJobFailure: (body, err) => failures.set(body, err),
    });
    const queue = new InProcessQueue({
      worker,
      onDeadLetter: (body) => {
        const cause = failures.get(body);
        failures.delete(body);
        logger.error('grade job failed three times; dropped', {
          job: body,
          cause: cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause),
        });
      },
    });
    stops.push(() => queue.stop());
    const dispatch = createDispatch({ store, sqs: queue.sqs, queueUrl: queue.queueUrl, now, log: logger }, logger);
    let ticking: Promise<DispatchSummary> | undefined;
    const tick = () => {
      ticking ??= (async () => {
        try {
          const summary = await dispatch(
            { time: now().toISOString() },
            localLambdaContext({
              name: 'dispatch',
              requestId: `local-${Date.now()}`,
              timeoutMs: 60_000,
              memoryLimitInMB: '512',
            }),
          );
          await queue.drain();
          await lti.drain();
          return summary;
        } finally {
          ticking = undefined;
        }
      })();
      return ticking;
    };

    const seeded = await seedDemo(store, demo, now);
    // Newly seeded demo students get their first grade now, so the class views have data at once.
    if (seeded.length && (await store.listClassRows(seeded[0]!.courseId, seeded[0]!.lab)).length === 0) {
      await tick();
    }

    const api = createApiHandler({
      logger,
      deps: {
        store,
        encryptor,
        now,
        grading,
        queue: { enqueue: (jobs) => enqueue(jobs, { sqs: queue.sqs, queueUrl: queue.queueUrl }) },
        limiter: new GradeRateLimiter(store.doc, store.table, {
          intervalMs: (options.gradeIntervalSeconds ?? 20) * 1000,
          lockMs: budgetMs + 10_000,
        }),
        lti: lti.deps,
      } satisfies ApiDeps,
    });
    // Live regrade: POST /events runs the intake the grader's event bus feeds in AWS.
    const intake: IntakeDeps = {
      store,
      live: new LiveStore(store),
      sqs: queue.sqs,
      queueUrl: queue.queueUrl,
      now,
      log: logger,
    };
    if (options.demoLiveEvent && seeded.length) {
      // One change in the demo account (shared by the demo class) regrades the class with trigger `event`.
      const course = (await store.getCourse(seeded[0]!.courseId))!;
      const entry = (await store.listRoster(course.courseId))[0];
      if (entry) await takeEvent(demoEvent(entry.accountId, course.region, now()), intake);
    }
    const dashboardDir = options.dashboardDir ?? join(REPO_ROOT, 'dashboard');
    const server: Server = createLocalServer({
      handler: withEventsRoute(api, intake),
      verify: (token) => verifyDevToken(secret, token),
      tokenCommand: `labgrader token --data-dir ${dataDir}`,
      ...(existsSync(dashboardDir) ? { staticDir: dashboardDir } : {}),
    });
    const url = await listen(server, options.port ?? 8080, options.host ?? '127.0.0.1');
    await lock.update({ port: Number(new URL(url).port), url });
    lti.deps.toolUrl = url;
    lti.deps.dashboardUrl = `${url}/`;
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );

    const minutes = options.scheduleMinutes ?? 10;
    if (minutes > 0) {
      const timer = setInterval(() => {
        tick().catch((err) => logger.error('schedule tick failed', err as Error));
      }, minutes * 60_000);
      stops.push(async () => clearInterval(timer));
    }

    return {
      url,
      dynamodbEndpoint: endpoint,
      dataDir,
      tables,
      store,
      demo: seeded,
      token: (who, tokenOptions) => signDevToken(secret, who, tokenOptions),
      tick,
      failed,
      stop: stopAll,
      kill,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
