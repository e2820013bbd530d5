/**
 * Once per test run. Services the tests need (DynamoDB Local) are started here, not per test.
 * Tests read the endpoint with `inject('dynamodbEndpoint')` (see test/support/dynamodb.ts) and use
 * their own table names, so test files run in parallel against one DynamoDB Local.
 *
 * No AWS SDK client is imported here: it would slow every run's start.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../functions/local/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** DynamoDB Local's endpoint for this test run. */
    dynamodbEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamodb = await startDynamoDbLocal();
  project.provide('dynamodbEndpoint', dynamodb.endpoint);
  return async () => {
    await dynamodb.stop();
  };
}
