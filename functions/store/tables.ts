/**
 * The grading service's DynamoDB tables, created the same way on AWS (the CDK stack mirrors this
 * definition), DynamoDB Local in tests, and the local service. Layout: docs/data-model.md.
 */
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';

export interface TableNames {
  /** Courses, roster, sealed credentials, attempts and standings (single-table design). */
  grades: string;
  /** Powertools idempotency records of the grade worker (key `id`, TTL `expiration`). */
  idempotency: string;
}

/** The generic key and index attribute names of the grades table. */
export const KEY = { pk: 'PK', sk: 'SK', gsi1pk: 'GSI1PK', gsi1sk: 'GSI1SK', ttl: 'expiresAt' } as const;
export const GSI1 = 'GSI1';

/** The grades table's definition (key schema, the one overloaded index), for tests and the CDK stack alike. */
export function gradesTableDefinition(name: string): CreateTableCommandInput {
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: KEY.pk, AttributeType: 'S' },
      { AttributeName: KEY.sk, AttributeType: 'S' },
      { AttributeName: KEY.gsi1pk, AttributeType: 'S' },
      { AttributeName: KEY.gsi1sk, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: KEY.pk, KeyType: 'HASH' },
      { AttributeName: KEY.sk, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: GSI1,
        KeySchema: [
          { AttributeName: KEY.gsi1pk, KeyType: 'HASH' },
          { AttributeName: KEY.gsi1sk, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}

/** The table Powertools idempotency expects by default. */
export function idempotencyTableDefinition(name: string): CreateTableCommandInput {
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  };
}

/**
 * Creates both tables (and their TTL settings) on whatever endpoint `client` points at, waiting
 * until they are ACTIVE. Tables that already exist are left as they are.
 */
export async function createTables(client: DynamoDBClient, names: TableNames): Promise<void> {
  await Promise.all([
    createTable(client, gradesTableDefinition(names.grades), KEY.ttl),
    createTable(client, idempotencyTableDefinition(names.idempotency), 'expiration'),
  ]);
}

/** Deletes both tables (tests clean up after themselves); missing tables are fine. */
export async function deleteTables(client: DynamoDBClient, names: TableNames): Promise<void> {
  await Promise.all(
    [names.grades, names.idempotency].map(async (TableName) => {
      try {
        await client.send(new DeleteTableCommand({ TableName }));
      } catch (err) {
        if (!(err instanceof ResourceNotFoundException)) throw err;
      }
    }),
  );
}

async function createTable(client: DynamoDBClient, input: CreateTableCommandInput, ttlAttribute: string) {
  const TableName = input.TableName as string;
  try {
    await client.send(new CreateTableCommand(input));
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
    return;
  }
  for (let i = 0; i < 120; i += 1) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName }));
    if (Table?.TableStatus === 'ACTIVE') break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName,
      TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true },
    }),
  );
}
