/**
 * The benchmarks' store: AWS's DynamoDB Local started for one section, the grader's tables made in
 * it as the tests make them (functions/store/tables.ts), and everything stopped after.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDbLocal, startDynamoDbLocal } from '../functions/local/dynamodb-local.js';
import { GradeStore } from '../functions/store/grade-store.js';
import { createTables, deleteTables, type TableNames } from '../functions/store/tables.js';

export interface LocalTables {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  client: DynamoDBClient;
  names: TableNames;
  store: GradeStore;
  /** The tables' random suffix (unique per run). */
  suffix: string;
}

/** Runs `work` on fresh tables named `<prefix>-grades-…`; `notMeasured` says why when DynamoDB Local cannot start. */
export async function withLocalTables<T>(
  prefix: string,
  work: (tables: LocalTables) => Promise<T>,
): Promise<T | { notMeasured: string }> {
  let local: DynamoDbLocal;
  try {
    local = await startDynamoDbLocal({ startTimeoutMs: 120_000 });
  } catch (err) {
    return { notMeasured: `DynamoDB Local did not start: ${(err as Error).message.split('\n')[0]}` };
  }
  // DynamoDB Local keeps one set of tables per access key and region.
  const client = new DynamoDBClient({
    endpoint: local.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const suffix = randomBytes(4).toString('hex');
  const names = { grades: `${prefix}-grades-${suffix}`, idempotency: `${prefix}-idem-${suffix}` };
  try {
    await createTables(client, names);
    return await work({ endpoint: local.endpoint, client, names, store: new GradeStore(client, names.grades), suffix });
  } finally {
    await deleteTables(client, names).catch(() => {});
    client.destroy();
    await local.stop();
  }
}
