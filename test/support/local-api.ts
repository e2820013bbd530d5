/**
 * The local service for API tests: DynamoDB Local (the run's instance), tables of its own, demo
 * students graded from a few recorded example inventories, and a `call` that speaks HTTP to it.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { type LocalService, type LocalServiceOptions, startLocalService } from '../../functions/local/service.js';
import { deleteTables } from '../../functions/store/tables.js';
import { localDynamoDb } from './dynamodb.js';

/** The account the example inventories were recorded in. */
export const RECORDED_ACCOUNT = '123456789012';

export interface TestService {
  service: LocalService;
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown },
  ): Promise<{ status: number; headers: Headers; text: string; json: any }>;
  stop(): Promise<void>;
}

/** Starts the local service with `examples` (`<lab>/<name>`) as its demo students. */
export async function startTestService(
  prefix: string,
  examples: string[],
  options: Partial<LocalServiceOptions> = {},
): Promise<TestService> {
  const dataDir = await mkdtemp(join(tmpdir(), `labgrader-${prefix}-`));
  const examplesDir = join(dataDir, 'examples');
  for (const example of examples) {
    const [lab, name] = example.split('/') as [string, string];
    await mkdir(join(examplesDir, lab), { recursive: true });
    await copyFile(join('examples', lab, `${name}.json`), join(examplesDir, lab, `${name}.json`));
  }
  const suffix = Math.random().toString(36).slice(2, 8);
  const tables = { grades: `${prefix}-grades-${suffix}`, idempotency: `${prefix}-idem-${suffix}` };
  const service = await startLocalService({
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    tables,
    port: 0,
    dataDir,
    examplesDir,
    dashboardDir: join(dataDir, 'no-dashboard'),
    scheduleMinutes: 0,
    logLevel: 'SILENT',
    ...options,
  });
  return {
    service,
    async call(method, path, { token, body } = {}) {
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${service.url}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      const json = res.headers.get('content-type')?.includes('json') && text ? JSON.parse(text) : undefined;
      return { status: res.status, headers: res.headers, text, json };
    },
    async stop() {
      await service.stop();
      const client = localDynamoDb();
      await deleteTables(client, tables);
      client.destroy();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
