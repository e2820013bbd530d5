/**
 * What the stores of the grades table (grades, live regrade, LTI) share about its items: reading
 * one item or every page of a Query without the key attributes, the key condition of a partition,
 * and conditional writes (those that happen only when the item does not exist yet among them).
 */
import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { GSI1, KEY } from './tables.js';

const KEY_ATTRIBUTES: readonly string[] = [KEY.pk, KEY.sk, KEY.gsi1pk, KEY.gsi1sk, KEY.ttl, 'kind'];

/** An item without its key, index, TTL and kind attributes: the record it stores. */
export function stripKeys<T>(item: Record<string, unknown>): T {
  const copy = { ...item };
  for (const k of KEY_ATTRIBUTES) delete copy[k];
  return copy as T;
}

/** The condition of a put that must not replace an item (its key is not taken yet). */
export const IF_ABSENT = {
  ConditionExpression: 'attribute_not_exists(#pk)',
  ExpressionAttributeNames: { '#pk': KEY.pk },
} as const;

/** The condition of a write (or check) that needs the item to exist. */
export const IF_PRESENT = {
  ConditionExpression: 'attribute_exists(#pk)',
  ExpressionAttributeNames: { '#pk': KEY.pk },
} as const;

/** The Query of a partition of the table, or of its items whose sort key begins with `skPrefix`. */
export function partition(pk: string, skPrefix?: string): Omit<QueryCommandInput, 'TableName'> {
  return skPrefix === undefined
    ? {
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': KEY.pk },
        ExpressionAttributeValues: { ':pk': pk },
      }
    : {
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
        ExpressionAttributeNames: { '#pk': KEY.pk, '#sk': KEY.sk },
        ExpressionAttributeValues: { ':pk': pk, ':sk': skPrefix },
      };
}

/** The Query of a partition of GSI1, or of its items whose sort key begins with `skPrefix`. */
export function indexPartition(pk: string, skPrefix?: string): Omit<QueryCommandInput, 'TableName'> {
  return skPrefix === undefined
    ? {
        IndexName: GSI1,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': KEY.gsi1pk },
        ExpressionAttributeValues: { ':pk': pk },
      }
    : {
        IndexName: GSI1,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
        ExpressionAttributeNames: { '#pk': KEY.gsi1pk, '#sk': KEY.gsi1sk },
        ExpressionAttributeValues: { ':pk': pk, ':sk': skPrefix },
      };
}

/** Whether a failed write failed on its own condition (single write: ConditionalCheckFailedException). */
export function conditionFailed(err: unknown): boolean {
  return (err as Error | undefined)?.name === 'ConditionalCheckFailedException';
}

/**
 * Awaits a conditional write: its output, or undefined when its condition failed (nothing was
 * written). Any other error is thrown.
 */
export async function conditionalWrite<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (err) {
    if (conditionFailed(err)) return undefined;
    throw err;
  }
}

/**
 * Awaits a transaction whose first item is conditional: its output, or undefined when that
 * condition failed (nothing was written). With `anyCondition`, every item's condition is one the
 * caller expects to fail at times (it read them all), and any of them failing is lost. With
 * `conflictIsLost`, a transaction cancelled because another one was writing the same items at that
 * moment (`TransactionConflict`, which the SDK does not retry) is lost too: for a caller that reads
 * again and retries. Any other error is thrown.
 */
export async function firstConditionalWrite<T>(
  write: Promise<T>,
  options: { anyCondition?: boolean; conflictIsLost?: boolean } = {},
): Promise<T | undefined> {
  try {
    return await write;
  } catch (err) {
    const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if ((err as Error).name !== 'TransactionCanceledException') throw err;
    const failed = options.anyCondition ? reasons : reasons.slice(0, 1);
    if (failed.some((r) => r.Code === 'ConditionalCheckFailed')) return undefined;
    if (options.conflictIsLost && reasons.some((r) => r.Code === 'TransactionConflict')) return undefined;
    throw err;
  }
}

/** Reads and writes items of one table through the document client. */
export class TableItems {
  constructor(
    readonly doc: DynamoDBDocumentClient,
    readonly table: string,
  ) {}

  /** One item (a strongly consistent GetItem), without its keys. */
  async get<T>(key: Record<string, string>): Promise<T | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    return out.Item ? stripKeys<T>(out.Item) : undefined;
  }

  /** One Query, every page of it: its items as stored (keys included). */
  async queryRaw(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({ TableName: this.table, ...input, ...(start ? { ExclusiveStartKey: start } : {}) }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /** One Query, every page of it: its records (items without their keys). */
  async query<T>(input: Omit<QueryCommandInput, 'TableName'>): Promise<T[]> {
    return (await this.queryRaw(input)).map((i) => stripKeys<T>(i));
  }

  async put(item: Record<string, unknown>): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.table, Item: item }));
  }

  /** Puts an item unless one with its key exists; false when one did (nothing is written). */
  async putIfAbsent(item: Record<string, unknown>): Promise<boolean> {
    const written = await conditionalWrite(
      this.doc.send(new PutCommand({ TableName: this.table, Item: item, ...IF_ABSENT })),
    );
    return written !== undefined;
  }
}
