/**
 * The local service as `npm start` runs it: its own DynamoDB Local keeping data in the data folder
 * across restarts (unless fresh), the schedule run in-process, the dashboard served at `/`; and
 * the API answering 503 (retryable) when DynamoDB is unreachable.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GradeRateLimiter } from '../../functions/api/rate-limit.js';
import { createApiHandler } from '../../functions/handlers/api.js';
import { loadOrCreateSecret, signDevToken, verifyDevToken } from '../../functions/local/dev-token.js';
import { freePort } from '../../functions/local/dynamodb-local.js';
import { createLocalServer, listen } from '../../functions/local/server.js';
import { type LocalService, startLocalService } from '../../functions/local/service.js';
import { AesGcmEncryptor } from '../../functions/service/credentials.js';
import { GradeStore } from '../../functions/store/grade-store.js';
import { LocalInventoryStore } from '../../functions/store/inventory-store.js';
import { recordingLog } from '../service/helpers.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'labgrader-local-'));
  await mkdir(join(root, 'examples', 'vpc'), { recursive: true });
  await copyFile('examples/vpc/complete.json', join(root, 'examples', 'vpc', 'complete.json'));
  await mkdir(join(root, 'dashboard'));
  await writeFile(join(root, 'dashboard', 'index.html'), '<h1>class dashboard</h1>');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('npm start', () => {
  const options = () => ({
    dataDir: join(root, 'data'),
    examplesDir: join(root, 'examples'),
    dashboardDir: join(root, 'dashboard'),
    port: 0,
    scheduleMinutes: 0,
    logLevel: 'SILENT' as const,
  });
  let service: LocalService | undefined;
  afterAll(async () => {
    await service?.stop();
  });

  it('keeps its data across a restart, runs the schedule in-process, and starts clean when fresh', async () => {
    // Left over from an earlier run: --fresh removes it.
    await mkdir(join(root, 'data', 'inventories', 'stale'), { recursive: true });
    service = await startLocalService({ ...options(), fresh: true });
    expect(existsSync(join(root, 'data', 'inventories', 'stale'))).toBe(false);
    const first = await service.store.getStanding('demo-vpc', 'vpc-complete', 'vpc', '123456789012');
    expect(first?.attempts).toBe(1);
    const page = await fetch(`${service.url}/`);
    expect(await page.text()).toContain('class dashboard');
    await service.stop();

    service = await startLocalService(options());
    const again = await service.store.getStanding('demo-vpc', 'vpc-complete', 'vpc', '123456789012');
    expect(again?.latestAttemptId).toBe(first?.latestAttemptId);
    const tick = await service.tick();
    expect(tick.enqueued).toBe(1);
    const ticked = await service.store.getStanding('demo-vpc', 'vpc-complete', 'vpc', '123456789012');
    expect(ticked?.attempts).toBe(2);
    expect(ticked?.latest.trigger).toBe('schedule');
    // A token from `labgrader token` (same data folder) is accepted by the running service.
    const token = signDevToken(await loadOrCreateSecret(join(root, 'data')), { subject: 'vpc-complete' });
    const res = await fetch(`${service.url}/students/vpc-complete/standings`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
  }, 60_000);
});

describe('DynamoDB unavailable', () => {
  let server: Server;
  let url: string;
  let token: string;
  const log = recordingLog();

  beforeAll(async () => {
    const client = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${await freePort()}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const store = new GradeStore(client, 'unreachable');
    const encryptor = new AesGcmEncryptor(Buffer.alloc(32, 1));
    const now = () => new Date();
    const secret = Buffer.alloc(32, 2);
    token = signDevToken(secret, { subject: 'teacher', groups: ['instructors'] });
    const handler = createApiHandler({
      logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
      deps: {
        store,
        encryptor,
        now,
        limiter: new GradeRateLimiter(store.doc, store.table),
        grading: { store, encryptor, now, log, inventories: new LocalInventoryStore(join(root, 'inv')) },
      },
    });
    server = createLocalServer({ handler, verify: (t) => verifyDevToken(secret, t) });
    url = await listen(server, 0);
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it('answers 503 with Retry-After and a retryable error, never a stack trace', async () => {
    for (const path of ['/courses', '/courses/c1/labs/vpc/summary']) {
      const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status, path).toBe(503);
      expect(res.headers.get('retry-after')).toBe('2');
      const body = (await res.json()) as { error: unknown };
      expect(body.error).toMatchObject({ code: 'unavailable', retryable: true });
      expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|\.ts:\d+|at /);
    }
  });
});
