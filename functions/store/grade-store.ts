/**
 * DynamoDB access for the grading service: one method per access pattern, each a single GetItem,
 * Query (all pages of it) or transaction; never a Scan. Key layout: docs/data-model.md.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type {
  Attempt,
  Course,
  CourseInstructor,
  Override,
  OverrideEvent,
  RegradeRun,
  RosterEntry,
  SealedCredentials,
  Standing,
  StudentRegrade,
} from './records.js';
import { GSI1, KEY } from './tables.js';

/** The standing changed since it was read (another grade of the same student and lab was stored first). */
export class StaleStandingError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StaleStandingError';
  }
}

/** Builds the keys of every item kind; ids never contain `#` (checked at registration). */
export const keys = {
  course: (courseId: string) => ({ [KEY.pk]: `COURSE#${courseId}`, [KEY.sk]: '#COURSE' }),
  courseIndex: (courseId: string) => ({ [KEY.gsi1pk]: 'COURSES', [KEY.gsi1sk]: `COURSE#${courseId}` }),
  student: (courseId: string, studentId: string) => ({
    [KEY.pk]: `COURSE#${courseId}`,
    [KEY.sk]: `STUDENT#${studentId}`,
  }),
  studentIndex: (courseId: string, studentId: string) => ({
    [KEY.gsi1pk]: `STUDENT#${studentId}`,
    [KEY.gsi1sk]: `COURSE#${courseId}`,
  }),
  instructor: (courseId: string, instructorId: string) => ({
    [KEY.pk]: `COURSE#${courseId}`,
    [KEY.sk]: `INSTRUCTOR#${instructorId}`,
  }),
  instructorIndex: (courseId: string, instructorId: string) => ({
    [KEY.gsi1pk]: `INSTRUCTOR#${instructorId}`,
    [KEY.gsi1sk]: `COURSE#${courseId}`,
  }),
  credentials: (courseId: string, studentId: string) => ({
    [KEY.pk]: `COURSE#${courseId}`,
    [KEY.sk]: `CREDENTIALS#${studentId}`,
  }),
  /** Attempts of one registration (student + account) sort together, newest last. */
  attempt: (a: {
    courseId: string;
    studentId: string;
    accountId: string;
    lab: string;
    startedAt: string;
    attemptId: string;
  }) => ({
    [KEY.pk]: `STUDENT#${a.studentId}`,
    [KEY.sk]: `ATTEMPT#${a.courseId}#${a.lab}#${a.accountId}#${a.startedAt}#${a.attemptId}`,
  }),
  standing: (courseId: string, studentId: string, lab: string, accountId: string) => ({
    [KEY.pk]: `STUDENT#${studentId}`,
    [KEY.sk]: `STANDING#${courseId}#${lab}#${accountId}`,
  }),
  regradeRun: (courseId: string, lab: string, runId: string) => ({
    [KEY.pk]: `COURSE#${courseId}`,
    [KEY.sk]: `REGRADE#${lab}#${runId}`,
  }),
  override: (courseId: string, lab: string, studentId: string, checkId: string) => ({
    [KEY.pk]: `COURSE#${courseId}`,
    [KEY.sk]: `OVERRIDE#${lab}#${studentId}#${checkId}`,
  }),
  overrideEvent: (e: OverrideEvent) => ({
    [KEY.pk]: `COURSE#${e.courseId}`,
    [KEY.sk]: `OVERRIDELOG#${e.lab}#${e.at}#${e.studentId}#${e.checkId}`,
  }),
  studentRegrade: (courseId: string, lab: string, runId: string, studentId: string) => ({
    [KEY.pk]: `COURSE#${courseId}`,
    [KEY.sk]: `REGRADE#${lab}#${runId}#STUDENT#${studentId}`,
  }),
  standingIndex: (courseId: string, studentId: string, lab: string, accountId: string) => ({
    [KEY.gsi1pk]: `COURSE#${courseId}#LAB#${lab}`,
    [KEY.gsi1sk]: `STUDENT#${studentId}#${accountId}`,
  }),
};

const KEY_ATTRIBUTES: readonly string[] = [KEY.pk, KEY.sk, KEY.gsi1pk, KEY.gsi1sk, KEY.ttl, 'kind'];

function strip<T>(item: Record<string, unknown>): T {
  const copy = { ...item };
  for (const k of KEY_ATTRIBUTES) delete copy[k];
  return copy as T;
}

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

export class GradeStore {
  readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    readonly table: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });
  }

  // Courses

  async putCourse(course: Course): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: this.courseItem(course),
      }),
    );
  }

  private courseItem(course: Course) {
    return { ...keys.course(course.courseId), ...keys.courseIndex(course.courseId), kind: 'course', ...course };
  }

  /**
   * Creates a course with its creator as its first instructor, in one transaction; false when a
   * course of that id exists already (created meanwhile by someone else).
   */
  async createCourse(course: Course, creator: string): Promise<boolean> {
    const instructor: CourseInstructor = {
      courseId: course.courseId,
      instructorId: creator,
      addedAt: course.createdAt,
      addedBy: creator,
    };
    return this.transactIfNew([
      {
        Put: {
          TableName: this.table,
          Item: this.courseItem(course),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': KEY.pk },
        },
      },
      { Put: { TableName: this.table, Item: this.instructorItem(instructor) } },
    ]);
  }

  async getCourse(courseId: string): Promise<Course | undefined> {
    return this.get<Course>(keys.course(courseId));
  }

  /** Every course (GSI1 `COURSES`), for a schedule that regrades them all. */
  async listCourses(): Promise<Course[]> {
    return this.queryAll<Course>({
      IndexName: GSI1,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': KEY.gsi1pk },
      ExpressionAttributeValues: { ':pk': 'COURSES' },
    });
  }

  // A course's instructors

  private instructorItem(i: CourseInstructor) {
    return {
      ...keys.instructor(i.courseId, i.instructorId),
      ...keys.instructorIndex(i.courseId, i.instructorId),
      kind: 'instructor',
      ...i,
    };
  }

  /** Whether this instructor is on the course's list (a strongly consistent GetItem). */
  async getInstructor(courseId: string, instructorId: string): Promise<CourseInstructor | undefined> {
    return this.get<CourseInstructor>(keys.instructor(courseId, instructorId));
  }

  /** Adds an instructor to a course's list; false when they were on it already (nothing changes). */
  async addInstructor(instructor: CourseInstructor): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: this.instructorItem(instructor),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': KEY.pk },
        }),
      );
      return true;
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') return false;
      throw err;
    }
  }

  async deleteInstructor(courseId: string, instructorId: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: keys.instructor(courseId, instructorId) }));
  }

  /** A course's instructors, in the order they were added (the creator first). */
  async listInstructors(courseId: string): Promise<CourseInstructor[]> {
    const items = await this.queryAll<CourseInstructor>({
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
      ExpressionAttributeNames: { '#pk': KEY.pk, '#sk': KEY.sk },
      ExpressionAttributeValues: { ':pk': `COURSE#${courseId}`, ':sk': 'INSTRUCTOR#' },
      ConsistentRead: true,
    });
    return items.sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.instructorId.localeCompare(b.instructorId));
  }

  /** The ids of the courses an instructor is on the list of: GSI1 INSTRUCTOR#i. */
  async coursesOfInstructor(instructorId: string): Promise<string[]> {
    const items = await this.queryAll<CourseInstructor>({
      IndexName: GSI1,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
      ExpressionAttributeNames: { '#pk': KEY.gsi1pk, '#sk': KEY.gsi1sk },
      ExpressionAttributeValues: { ':pk': `INSTRUCTOR#${instructorId}`, ':sk': 'COURSE#' },
    });
    return items.map((i) => i.courseId);
  }

  // Roster

  async putRosterEntry(entry: RosterEntry): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...keys.student(entry.courseId, entry.studentId),
          ...keys.studentIndex(entry.courseId, entry.studentId),
          kind: 'student',
          ...entry,
        },
      }),
    );
  }

  /** Many roster entries at once (25 per BatchWriteItem, unprocessed items resent). */
  async putRosterEntries(entries: RosterEntry[]): Promise<void> {
    const requests = entries.map((entry) => ({
      PutRequest: {
        Item: {
          ...keys.student(entry.courseId, entry.studentId),
          ...keys.studentIndex(entry.courseId, entry.studentId),
          kind: 'student',
          ...entry,
        },
      },
    }));
    for (let i = 0; i < requests.length; i += 25) {
      let pending: Record<string, unknown>[] | undefined = requests.slice(i, i + 25);
      for (let round = 0; pending?.length; round += 1) {
        if (round > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** round)));
        if (round > 8) throw new Error(`${pending.length} roster entries could not be written`);
        const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: pending as never } }));
        pending = out.UnprocessedItems?.[this.table] as Record<string, unknown>[] | undefined;
      }
    }
  }

  async getRosterEntry(courseId: string, studentId: string): Promise<RosterEntry | undefined> {
    return this.get<RosterEntry>(keys.student(courseId, studentId));
  }

  /** Removes a student and any session credentials they submitted; their attempts are kept. */
  async deleteRosterEntry(courseId: string, studentId: string): Promise<void> {
    await Promise.all([
      this.doc.send(new DeleteCommand({ TableName: this.table, Key: keys.student(courseId, studentId) })),
      this.deleteSealedCredentials(courseId, studentId),
    ]);
  }

  /** The course's roster: Query PK = COURSE#c, SK begins_with STUDENT#. */
  async listRoster(courseId: string): Promise<RosterEntry[]> {
    return this.queryAll<RosterEntry>({
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
      ExpressionAttributeNames: { '#pk': KEY.pk, '#sk': KEY.sk },
      ExpressionAttributeValues: { ':pk': `COURSE#${courseId}`, ':sk': 'STUDENT#' },
    });
  }

  /** The courses a student is registered in (their roster entries): GSI1 STUDENT#s. */
  async listEnrolments(studentId: string): Promise<RosterEntry[]> {
    return this.queryAll<RosterEntry>({
      IndexName: GSI1,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
      ExpressionAttributeNames: { '#pk': KEY.gsi1pk, '#sk': KEY.gsi1sk },
      ExpressionAttributeValues: { ':pk': `STUDENT#${studentId}`, ':sk': 'COURSE#' },
    });
  }

  // Sealed session credentials

  /** Stored with a TTL at their expiration, so DynamoDB removes them once they are useless. */
  async putSealedCredentials(sealed: SealedCredentials): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...keys.credentials(sealed.courseId, sealed.studentId),
          kind: 'credentials',
          [KEY.ttl]: Math.ceil(Date.parse(sealed.expiration) / 1000),
          ...sealed,
        },
      }),
    );
  }

  async getSealedCredentials(courseId: string, studentId: string): Promise<SealedCredentials | undefined> {
    return this.get<SealedCredentials>(keys.credentials(courseId, studentId));
  }

  async deleteSealedCredentials(courseId: string, studentId: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: keys.credentials(courseId, studentId) }));
  }

  // Attempts and standings

  /** The standing of one registration (the student with this account) in a lab. */
  async getStanding(
    courseId: string,
    studentId: string,
    lab: string,
    accountId: string,
  ): Promise<Standing | undefined> {
    return this.get<Standing>(keys.standing(courseId, studentId, lab, accountId));
  }

  /** The put of a standing that must still be at `expectedVersion` (null: must not exist yet). */
  private standingPut(standing: Standing, expectedVersion: number | null): PutCommandInput {
    return {
      TableName: this.table,
      Item: {
        ...keys.standing(standing.courseId, standing.studentId, standing.lab, standing.accountId),
        ...keys.standingIndex(standing.courseId, standing.studentId, standing.lab, standing.accountId),
        kind: 'standing',
        ...standing,
      },
      ...(expectedVersion === null
        ? { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': KEY.pk } }
        : {
            ConditionExpression: '#version = :version',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':version': expectedVersion },
          }),
    };
  }

  /**
   * Stores one attempt and the student's new standing for the lab: two items, one transaction.
   * The standing must still be at `expectedVersion` (null: must not exist yet), or
   * {@link StaleStandingError} is thrown and nothing is written.
   */
  async writeAttempt(attempt: Attempt, standing: Standing, expectedVersion: number | null): Promise<void> {
    const attemptKey = keys.attempt({ ...attempt, startedAt: attempt.result.startedAt });
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: { ...attemptKey, kind: 'attempt', ...attempt },
                ConditionExpression: 'attribute_not_exists(#pk)',
                ExpressionAttributeNames: { '#pk': KEY.pk },
              },
            },
            { Put: this.standingPut(standing, expectedVersion) },
          ],
        }),
      );
    } catch (err) {
      const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if (
        (err as Error).name === 'TransactionCanceledException' &&
        reasons?.some((r) => r.Code === 'ConditionalCheckFailed')
      ) {
        throw new StaleStandingError(
          `standing of ${standing.studentId} for ${standing.courseId}/${standing.lab} changed since it was read`,
          { cause: err },
        );
      }
      throw err;
    }
  }

  /**
   * Stores an attempt unless one with its key exists (a regrade of the same attempt by the same
   * grader version); returns whether it was written.
   */
  async putAttemptOnce(attempt: Attempt): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.attempt({ ...attempt, startedAt: attempt.result.startedAt }), kind: 'attempt', ...attempt },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': KEY.pk },
        }),
      );
      return true;
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') return false;
      throw err;
    }
  }

  /** Replaces a standing that must still be at `expectedVersion` (null: must not exist), else {@link StaleStandingError}. */
  async putStanding(standing: Standing, expectedVersion: number | null): Promise<void> {
    try {
      await this.doc.send(new PutCommand(this.standingPut(standing, expectedVersion)));
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') {
        throw new StaleStandingError(
          `standing of ${standing.studentId} for ${standing.courseId}/${standing.lab} changed since it was read`,
          { cause: err },
        );
      }
      throw err;
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

  // Overrides

  /** Sets (or, with `remove`, deletes) an override and appends the audit event: one transaction. */
  async writeOverride(event: OverrideEvent): Promise<void> {
    const { action, ...override } = event;
    const key = keys.override(event.courseId, event.lab, event.studentId, event.checkId);
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          action === 'set'
            ? { Put: { TableName: this.table, Item: { ...key, kind: 'override', ...override } } }
            : { Delete: { TableName: this.table, Key: key } },
          { Put: { TableName: this.table, Item: { ...keys.overrideEvent(event), kind: 'override-event', ...event } } },
        ],
      }),
    );
  }

  /** The overrides of a lab (one student's with `studentId`): Query PK = COURSE#c, SK begins_with OVERRIDE#lab#. */
  async listOverrides(courseId: string, lab: string, studentId?: string): Promise<Override[]> {
    return this.queryAll<Override>({
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
      ExpressionAttributeNames: { '#pk': KEY.pk, '#sk': KEY.sk },
      ExpressionAttributeValues: {
        ':pk': `COURSE#${courseId}`,
        ':sk': `OVERRIDE#${lab}#${studentId ? `${studentId}#` : ''}`,
      },
    });
  }

  /** The override audit trail of a lab, oldest first: Query PK = COURSE#c, SK begins_with OVERRIDELOG#lab#. */
  async listOverrideEvents(courseId: string, lab: string): Promise<OverrideEvent[]> {
    return this.queryAll<OverrideEvent>({
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
      ExpressionAttributeNames: { '#pk': KEY.pk, '#sk': KEY.sk },
      ExpressionAttributeValues: { ':pk': `COURSE#${courseId}`, ':sk': `OVERRIDELOG#${lab}#` },
    });
  }

  // Regrades

  async putRegradeRun(run: RegradeRun): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.regradeRun(run.courseId, run.lab, run.runId), kind: 'regrade-run', ...run },
      }),
    );
  }

  /**
   * Records one student's part of a regrade and counts it towards the run's progress, once: a
   * redelivered job finds its part recorded and counts nothing. Returns whether it was new.
   */
  async putStudentRegrade(part: StudentRegrade): Promise<boolean> {
    return this.transactIfNew([
      {
        Put: {
          TableName: this.table,
          Item: {
            ...keys.studentRegrade(part.courseId, part.lab, part.runId, part.studentId),
            kind: 'student-regrade',
            ...part,
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': KEY.pk },
        },
      },
      {
        Update: {
          TableName: this.table,
          Key: keys.regradeRun(part.courseId, part.lab, part.runId),
          UpdateExpression: 'ADD #done :one',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#done': 'done', '#pk': KEY.pk },
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
    ]);
  }

  /** Writes a transaction whose first item is conditional; false when that condition failed (nothing written). */
  private async transactIfNew(items: TransactWriteCommandInput['TransactItems']): Promise<boolean> {
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (err) {
      const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if ((err as Error).name === 'TransactionCanceledException' && reasons?.[0]?.Code === 'ConditionalCheckFailed') {
        return false;
      }
      throw err;
    }
  }

  /** A regrade run and the parts of it finished so far: Query PK = COURSE#c, SK begins_with REGRADE#lab#run. */
  async getRegrade(
    courseId: string,
    lab: string,
    runId: string,
  ): Promise<{ run: RegradeRun; students: StudentRegrade[] } | undefined> {
    const items = await this.queryAll<Record<string, unknown>>({
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
      ExpressionAttributeNames: { '#pk': KEY.pk, '#sk': KEY.sk },
      ExpressionAttributeValues: { ':pk': `COURSE#${courseId}`, ':sk': `REGRADE#${lab}#${runId}` },
    });
    const run = items.find((i) => i.runId === runId && i.studentId === undefined) as RegradeRun | undefined;
    if (!run) return undefined;
    const students = items.filter((i) => i.runId === runId && i.studentId !== undefined) as unknown as StudentRegrade[];
    return { run, students };
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
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
        ExpressionAttributeNames: { '#pk': KEY.pk, '#sk': KEY.sk },
        ExpressionAttributeValues: { ':pk': pk, ':sk': prefix },
        ScanIndexForward: false,
        Limit: query.limit ?? 20,
        ...(query.cursor ? { ExclusiveStartKey: decodeCursor(query.cursor, pk, prefix) } : {}),
      }),
    );
    return {
      items: (out.Items ?? []).map((i) => strip<Attempt>(i)),
      ...(out.LastEvaluatedKey ? { cursor: encodeCursor(out.LastEvaluatedKey) } : {}),
    };
  }

  /**
   * The latest result (and counted attempt) of every registration of a course for a lab: GSI1
   * COURSE#c#LAB#lab. Students registered again with another account have one per account: the
   * roster entry says which is current.
   */
  async listLatestResults(courseId: string, lab: string): Promise<Standing[]> {
    return this.queryAll<Standing>({
      IndexName: GSI1,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': KEY.gsi1pk },
      ExpressionAttributeValues: { ':pk': `COURSE#${courseId}#LAB#${lab}` },
    });
  }

  /**
   * A student's standings across the labs of a course, of every registration (each names its
   * account): Query PK = STUDENT#s, SK begins_with STANDING#c#.
   */
  async listStandings(courseId: string, studentId: string): Promise<Standing[]> {
    return this.queryAll<Standing>({
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
      ExpressionAttributeNames: { '#pk': KEY.pk, '#sk': KEY.sk },
      ExpressionAttributeValues: { ':pk': `STUDENT#${studentId}`, ':sk': `STANDING#${courseId}#` },
    });
  }

  private async get<T>(key: Record<string, string>): Promise<T | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    return out.Item ? strip<T>(out.Item) : undefined;
  }

  /** One Query, every page of it. */
  private async queryAll<T>(input: Omit<QueryCommandInput, 'TableName'>): Promise<T[]> {
    const items: T[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({ TableName: this.table, ...input, ...(start ? { ExclusiveStartKey: start } : {}) }),
      );
      for (const item of out.Items ?? []) items.push(strip<T>(item));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** A cursor that is not one of ours is an error of the caller, named as such. */
export class InvalidCursorError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('cursor is not valid', options);
    this.name = 'InvalidCursorError';
  }
}

/** A cursor only continues the query it came from (never another student's attempts). */
function decodeCursor(cursor: string, pk: string, skPrefix: string): Record<string, unknown> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (err) {
    throw new InvalidCursorError({ cause: err });
  }
  const k = key as Record<string, unknown> | null;
  const sk = k?.[KEY.sk];
  if (k?.[KEY.pk] === pk && typeof sk === 'string' && sk.startsWith(skPrefix)) return { [KEY.pk]: pk, [KEY.sk]: sk };
  throw new InvalidCursorError();
}
