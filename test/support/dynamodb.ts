/**
 * DynamoDB Local for tests: the run's one instance (started by global-setup.ts), and tables named
 * per test file so files run in parallel against it.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, inject } from 'vitest';
import { GradeStore } from '../../functions/store/grade-store.js';
import { createTables, deleteTables, type TableNames } from '../../functions/store/tables.js';

export function localDynamoDb(): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: inject('dynamodbEndpoint'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

export interface TestTables {
  client: DynamoDBClient;
  names: TableNames;
  store: GradeStore;
}

/** Fresh tables for this test file, created before its tests and deleted after them. */
export function useTables(prefix: string): TestTables {
  const suffix = randomBytes(4).toString('hex');
  const names = { grades: `${prefix}-grades-${suffix}`, idempotency: `${prefix}-idem-${suffix}` };
  const tables = { names } as TestTables;
  beforeAll(async () => {
    tables.client = localDynamoDb();
    await createTables(tables.client, names);
    tables.store = new GradeStore(tables.client, names.grades);
  });
  afterAll(async () => {
    await deleteTables(tables.client, names);
    tables.client.destroy();
  });
  return tables;
}
