/**
 * The grades table's attempts and standings: a registration's attempts (paged), its standing per
 * lab written with the attempt in one transaction under optimistic locking, and the class rows
 * (the slim standings the class views read), migrating standings stored before rows on read.
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type PutCommandInput,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { inParallel, untilProcessed } from './batch.js';
import { classRowOf, rowFromStored, storedRow } from './class-row.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { keys } from './grade-keys.js';
import { IF_ABSENT, indexPartition, partition, stripKeys } from './items.js';
import type { Attempt, ClassRow, Standing } from './records.js';
import { RosterStore } from './roster-store.js';
import { KEY } from './tables.js';

/** The standing changed since it was read (another grade of the same student and lab was stored first). */
export class StaleStandingError extends Error {
  override name = 'StaleStandingError';
}

/** How many old-form standings one class-view read migrates at once. */
const MIGRATION_WIDTH = 8;

export interface Page<T> {
  items: T[];
  /** Pass back to get the next page; absent on the last page. */
  cursor?: string;
}

export interface AttemptQuery {
  courseId: string;
  studentId: string;
  lab: string;
  /** One registration (the student with this account); absent: every registration, grouped by account. */
  accountId?: string;
  /** Page size (default 20). */
  limit?: number;
  cursor?: string;
}

/** The attempts and standings layer of {@link GradeStore}. */
export class StandingStore extends RosterStore {
  // Attempts and standings

  /** The standing of one registration (the student with this account) in a lab. */
  async getStanding(
    courseId: string,
    studentId: string,
    lab: string,
    accountId: string,
  ): Promise<Standing | undefined> {
    return this.items.get<Standing>(keys.standing(courseId, studentId, lab, accountId));
  }

  /**
   * The put of a standing that must still be at `expectedVersion` (null: must not exist yet). The
   * standing carries no GSI1 keys: its class row stands for it in the class views.
   */
  private standingPut(standing: Standing, expectedVersion: number | null): PutCommandInput {
    return {
      TableName: this.table,
      Item: {
        ...keys.standing(standing.courseId, standing.studentId, standing.lab, standing.accountId),
        kind: 'standing',
        ...standing,
      },
      ...(expectedVersion === null
        ? IF_ABSENT
        : {
            ConditionExpression: '#version = :version',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':version': expectedVersion },
          }),
    };
  }

  /**
   * The put of a standing's class row. Written in the same transaction as the standing, whose
   * version condition already orders the writes; no condition of its own.
   */
  private classRowPut(standing: Standing): PutCommandInput {
    return { TableName: this.table, Item: classRowItem(classRowOf(standing)) };
  }

  /**
   * Stores one attempt and the student's new standing for the lab (with its class row): three
   * items, one transaction. The standing must still be at `expectedVersion` (null: must not exist
   * yet), or {@link StaleStandingError} is thrown and nothing is written.
   */
  async writeAttempt(attempt: Attempt, standing: Standing, expectedVersion: number | null): Promise<void> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table, Item: attemptItem(attempt), ...IF_ABSENT } },
            { Put: this.standingPut(standing, expectedVersion) },
            { Put: this.classRowPut(standing) },
          ],
        }),
      );
    } catch (err) {
      throw staleOr(err, standing);
    }
  }

  /**
   * Stores an attempt unless one with its key exists (a regrade of the same attempt by the same
   * grader version); returns whether it was written.
   */
  async putAttemptOnce(attempt: Attempt): Promise<boolean> {
    return this.items.putIfAbsent(attemptItem(attempt));
  }

  /**
   * Replaces a standing (and its class row) that must still be at `expectedVersion` (null: must
   * not exist), else {@link StaleStandingError}: one transaction.
   */
  async putStanding(standing: Standing, expectedVersion: number | null): Promise<void> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: this.standingPut(standing, expectedVersion) }, { Put: this.classRowPut(standing) }],
        }),
      );
    } catch (err) {
      throw staleOr(err, standing);
    }
  }

  /** Every attempt of a registration for a lab, oldest first (all pages of one Query). */
  async listAllAttempts(query: Omit<AttemptQuery, 'limit' | 'cursor'> & { accountId: string }): Promise<Attempt[]> {
    const all: Attempt[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.listAttempts({ ...query, limit: 100, ...(cursor ? { cursor } : {}) });
      all.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    return all.reverse();
  }

  /**
   * A registration's attempts for a lab, newest first: Query PK = STUDENT#s, SK begins_with
   * ATTEMPT#c#lab#account#, backwards. Without an account: every registration's, by account.
   */
  async listAttempts(query: AttemptQuery): Promise<Page<Attempt>> {
    const pk = `STUDENT#${query.studentId}`;
    const prefix = `ATTEMPT#${query.courseId}#${query.lab}#${query.accountId ? `${query.accountId}#` : ''}`;
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        ...partition(pk, prefix),
        ScanIndexForward: false,
        Limit: query.limit ?? 20,
        ...(query.cursor ? { ExclusiveStartKey: decodeCursor(query.cursor, pk, prefix) } : {}),
      }),
    );
    return {
      items: (out.Items ?? []).map((i) => stripKeys<Attempt>(i)),
      ...(out.LastEvaluatedKey ? { cursor: encodeCursor(out.LastEvaluatedKey) } : {}),
    };
  }

  /**
   * The class row (slim standing) of every registration of a course for a lab: one Query of GSI1
   * COURSE#c#LAB#lab, a few hundred bytes per student. Students registered again with another
   * account have one per account: the roster entry says which is current.
   *
   * Standings stored before class rows existed are in the same partition: each is read as its
   * class row and migrated on this read (its row written, its own GSI1 keys removed, both on the
   * condition that it is still the version read), so the next read of the class is slim.
   */
  async listClassRows(courseId: string, lab: string): Promise<ClassRow[]> {
    return (await this.classIndex(courseId, lab)).map((e) => e.row);
  }

  /** The class partition's rows, each with the old-form standing it was read from, if it was (migrated here). */
  private async classIndex(courseId: string, lab: string): Promise<{ row: ClassRow; legacy?: Standing }[]> {
    const items = await this.items.queryRaw(indexPartition(`COURSE#${courseId}#LAB#${lab}`));
    const rows = new Map<string, { row: ClassRow; legacy?: Standing }>();
    for (const item of items) {
      const [, studentId = '', accountId = ''] = String(item[KEY.gsi1sk]).split('#');
      const standing = item.kind === 'standing' ? stripKeys<Standing>(item) : undefined;
      const entry = standing
        ? { row: classRowOf(standing), legacy: standing }
        : { row: rowFromStored(stripKeys<Record<string, unknown>>(item), { courseId, lab, studentId, accountId }) };
      // While a migration or a grade settles, the index may hold both forms: the newer one wins
      // (the class row, at the same version).
      const key = `${studentId}#${accountId}`;
      const seen = rows.get(key);
      if (!seen || entry.row.version > seen.row.version || (entry.row.version === seen.row.version && !entry.legacy)) {
        rows.set(key, entry);
      }
    }
    // Standings of before registrations were keyed (no account) are no registration's: left as they are.
    const legacy = [...rows.values()].flatMap((e) => (e.legacy?.accountId ? [e.legacy] : []));
    await inParallel(legacy, MIGRATION_WIDTH, (standing) => this.migrateStanding(standing));
    return [...rows.values()];
  }

  /**
   * Moves a standing stored before class rows existed to the slim layout: writes its class row and
   * removes the standing's own GSI1 keys, if it is still at the version read (else a newer write
   * has done it, or will). Never fails the read that found it: the row read stands either way.
   */
  private async migrateStanding(standing: Standing): Promise<void> {
    const row = classRowItem(classRowOf(standing));
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: keys.standing(standing.courseId, standing.studentId, standing.lab, standing.accountId),
                UpdateExpression: 'REMOVE #gpk, #gsk',
                ConditionExpression: '#version = :version',
                ExpressionAttributeNames: { '#gpk': KEY.gsi1pk, '#gsk': KEY.gsi1sk, '#version': 'version' },
                ExpressionAttributeValues: { ':version': standing.version },
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: row,
                ConditionExpression: 'attribute_not_exists(#pk) OR #version < :version',
                ExpressionAttributeNames: { '#pk': KEY.pk, '#version': 'version' },
                ExpressionAttributeValues: { ':version': standing.version },
              },
            },
          ],
        }),
      );
    } catch (err) {
      if ((err as Error).name !== 'TransactionCanceledException') throw err;
    }
  }

  /**
   * The whole standing (latest result document included) of every registration of a course for a
   * lab, as the class partition lists them (see {@link listClassRows}; standings stored before
   * registrations were keyed, without an account, included): its class rows, then BatchGetItem of
   * the standings (100 a call, eventually consistent like the index). For tools, the flags and
   * tests; the class views read the rows alone.
   */
  async listLatestResults(courseId: string, lab: string): Promise<Standing[]> {
    const index = await this.classIndex(courseId, lab);
    const read = new Map<string, Standing>();
    const id = (s: { studentId: string; accountId?: string }) => `${s.studentId}#${s.accountId ?? ''}`;
    for (const e of index) if (e.legacy) read.set(id(e.row), e.legacy);
    const wanted = index.filter((e) => !e.legacy).map((e) => e.row);
    for (let i = 0; i < wanted.length; i += 100) {
      const batch = wanted.slice(i, i + 100).map((r) => keys.standing(r.courseId, r.studentId, r.lab, r.accountId));
      await untilProcessed(batch, 'standings could not be read', async (pending) => {
        const out: BatchGetCommandOutput = await this.doc.send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending } } }),
        );
        for (const item of out.Responses?.[this.table] ?? []) {
          const standing = stripKeys<Standing>(item);
          read.set(id(standing), standing);
        }
        return out.UnprocessedKeys?.[this.table]?.Keys;
      });
    }
    return index.flatMap((e) => read.get(id(e.row)) ?? []);
  }

  /**
   * A student's standings across the labs of a course, of every registration (each names its
   * account): Query PK = STUDENT#s, SK begins_with STANDING#c#.
   */
  async listStandings(courseId: string, studentId: string): Promise<Standing[]> {
    return this.items.query<Standing>(partition(`STUDENT#${studentId}`, `STANDING#${courseId}#`));
  }
}

function attemptItem(attempt: Attempt): Record<string, unknown> {
  return { ...keys.attempt({ ...attempt, startedAt: attempt.result.startedAt }), kind: 'attempt', ...attempt };
}

/** A class row as stored: its keys and its compact attributes (class-row.ts). */
function classRowItem(row: ClassRow): Record<string, unknown> {
  const { courseId, lab, studentId, accountId } = row;
  return {
    ...keys.classRow(courseId, studentId, lab, accountId),
    ...keys.classIndex(courseId, studentId, lab, accountId),
    kind: 'row',
    ...storedRow(row),
  };
}

/** A failed write of a standing: {@link StaleStandingError} when its version condition failed. */
function staleOr(err: unknown, standing: Standing): unknown {
  const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  const name = (err as Error).name;
  if (
    (name === 'TransactionCanceledException' && reasons?.some((r) => r.Code === 'ConditionalCheckFailed')) ||
    name === 'ConditionalCheckFailedException'
  ) {
    return new StaleStandingError(
      `standing of ${standing.studentId} for ${standing.courseId}/${standing.lab} changed since it was read`,
      { cause: err },
    );
  }
  return err;
}
