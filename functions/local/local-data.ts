/**
 * What the local service keeps in its data folder's DynamoDB Local, as every program that opens
 * the folder must name it (the service, `labgrader regrade`).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TableNames } from '../store/tables.js';

/** The local service's tables (a test may give its own). */
export const LOCAL_TABLES: TableNames = { grades: 'labgrader-grades', idempotency: 'labgrader-idempotency' };

/**
 * A client of DynamoDB Local at `endpoint`. DynamoDB Local keeps one database per access key and
 * region, so every program reading the folder's files signs as the same fixed local identity.
 */
export function localDynamoDbClient(endpoint: string, config: Record<string, unknown> = {}): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    ...config,
  });
}
