/**
 * DynamoDB access for the grading service: one method per access pattern, each a single GetItem,
 * Query (all pages of it) or transaction; never a Scan. Key layout: docs/data-model.md.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { classRowOf, rowFromStored, storedRow } from './class-row.js';
import { conditionFailed, IF_ABSENT, indexPartition, partition, stripKeys, TableItems } from './items.js';
import type {
  Attempt,
  ClassRow,
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
import { KEY } from './tables.js';

/** The standing changed since it was read (another grade of the same student and lab was stored first). */
export class StaleStandingError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StaleStandingError';
  }
}

const inCourse = (courseId: string, sk: string) => ({ [KEY.pk]: `COURSE#${courseId}`, [KEY.sk]: sk });
const ofStudent = (studentId: string, sk: string) => ({ [KEY.pk]: `STUDENT#${studentId}`, [KEY.sk]: sk });
const indexed = (pk: string, sk: string) => ({ [KEY.gsi1pk]: pk, [KEY.gsi1sk]: sk });

/**
 * Builds the keys of every item kind: a course's own items live in its partition (`COURSE#c`), a
 * student's attempts and standings in theirs (`STUDENT#s`). Ids never contain `#` (checked at
 * registration).
 */
export const keys = {
  course: (courseId: string) => inCourse(courseId, '#COURSE'),
  courseIndex: (courseId: string) => indexed('COURSES', `COURSE#${courseId}`),
  student: (courseId: string, studentId: string) => inCourse(courseId, `STUDENT#${studentId}`),
  studentIndex: (courseId: string, studentId: string) => indexed(`STUDENT#${studentId}`, `COURSE#${courseId}`),
  instructor: (courseId: string, instructorId: string) => inCourse(courseId, `INSTRUCTOR#${instructorId}`),
  instructorIndex: (courseId: string, instructorId: string) =>
    indexed(`INSTRUCTOR#${instructorId}`, `COURSE#${courseId}`),
  /** One student's claim on an AWS account in a course that is not team-based. */
  accountClaim: (courseId: string, accountId: string) => inCourse(courseId, `ACCOUNTCLAIM#${accountId}`),
  credentials: (courseId: string, studentId: string) => inCourse(courseId, `CREDENTIALS#${studentId}`),
  /** Attempts of one registration (student + account) sort together, newest last. */
  attempt: (a: {
    courseId: string;
    studentId: string;
    accountId: string;
    lab: string;
    startedAt: string;
    attemptId: string;
  }) => ofStudent(a.studentId, `ATTEMPT#${a.courseId}#${a.lab}#${a.accountId}#${a.startedAt}#${a.attemptId}`),
  standing: (courseId: string, studentId: string, lab: string, accountId: string) =>
    ofStudent(studentId, `STANDING#${courseId}#${lab}#${accountId}`),
  regradeRun: (courseId: string, lab: string, runId: string) => inCourse(courseId, `REGRADE#${lab}#${runId}`),
  override: (courseId: string, lab: string, studentId: string, checkId: string) =>
    inCourse(courseId, `OVERRIDE#${lab}#${studentId}#${checkId}`),
  overrideEvent: (e: OverrideEvent) => inCourse(e.courseId, `OVERRIDELOG#${e.lab}#${e.at}#${e.studentId}#${e.checkId}`),
  studentRegrade: (courseId: string, lab: string, runId: string, studentId: string) =>
    inCourse(courseId, `REGRADE#${lab}#${runId}#STUDENT#${studentId}`),
  /** The class row of a standing (its slim form): beside the standing, in the class's GSI1 partition. */
  classRow: (courseId: string, studentId: string, lab: string, accountId: string) =>
    ofStudent(studentId, `CLASSROW#${courseId}#${lab}#${accountId}`),
  /** The class views' partition: a course's lab. Class rows are in it (standings stored before them too). */
  classIndex: (courseId: string, studentId: string, lab: string, accountId: string) =>
    indexed(`COURSE#${courseId}#LAB#${lab}`, `STUDENT#${studentId}#${accountId}`),
};

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

export class GradeStore {
  readonly doc: DynamoDBDocumentClient;
  private readonly items: TableItems;

  constructor(
    client: DynamoDBClient,
    readonly table: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    this.items = new TableItems(this.doc, table);
  }

  // Courses

  async putCourse(course: Course): Promise<void> {
    await this.items.put(this.courseItem(course));
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
      { Put: { TableName: this.table, Item: this.courseItem(course), ...IF_ABSENT } },
      { Put: { TableName: this.table, Item: this.instructorItem(instructor) } },
    ]);
  }

  async getCourse(courseId: string): Promise<Course | undefined> {
    return this.items.get<Course>(keys.course(courseId));
  }

  /** Every course (GSI1 `COURSES`), for a schedule that regrades them all. */
  async listCourses(): Promise<Course[]> {
    return this.items.query<Course>(indexPartition('COURSES'));
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
    return this.items.get<CourseInstructor>(keys.instructor(courseId, instructorId));
  }

  /** Adds an instructor to a course's list; false when they were on it already (nothing changes). */
  async addInstructor(instructor: CourseInstructor): Promise<boolean> {
    return this.items.putIfAbsent(this.instructorItem(instructor));
  }

  /**
   * Removes an instructor from a course's list only while `keeperId`, another instructor of the
   * course, is still on it (one transaction). Two removals at once that would each leave only the
   * other cannot both commit, so a course never loses its last instructor; false when the keeper
   * was gone by then (nothing is removed).
   */
  async deleteInstructor(courseId: string, instructorId: string, keeperId: string): Promise<boolean> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Delete: { TableName: this.table, Key: keys.instructor(courseId, instructorId) } },
            {
              ConditionCheck: {
                TableName: this.table,
                Key: keys.instructor(courseId, keeperId),
                ConditionExpression: 'attribute_exists(#pk)',
                ExpressionAttributeNames: { '#pk': KEY.pk },
              },
            },
          ],
        }),
      );
      return true;
    } catch (err) {
      if ((err as Error).name === 'TransactionCanceledException') return false;
      throw err;
    }
  }

  /** A course's instructors, in the order they were added (the creator first). */
  async listInstructors(courseId: string): Promise<CourseInstructor[]> {
    const items = await this.items.query<CourseInstructor>({
      ...partition(`COURSE#${courseId}`, 'INSTRUCTOR#'),
      ConsistentRead: true,
    });
    return items.sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.instructorId.localeCompare(b.instructorId));
  }

  /** The ids of the courses an instructor is on the list of: GSI1 INSTRUCTOR#i. */
  async coursesOfInstructor(instructorId: string): Promise<string[]> {
    const items = await this.items.query<CourseInstructor>(indexPartition(`INSTRUCTOR#${instructorId}`, 'COURSE#'));
    return items.map((i) => i.courseId);
  }

  // Roster

  async putRosterEntry(entry: RosterEntry): Promise<void> {
    await this.items.put(rosterItem(entry));
  }

  /** Many roster entries at once (25 per BatchWriteItem, unprocessed items resent). */
  async putRosterEntries(entries: RosterEntry[]): Promise<void> {
    const requests = entries.map((entry) => ({ PutRequest: { Item: rosterItem(entry) } }));
    for (let i = 0; i < requests.length; i += 25) {
      await untilProcessed(requests.slice(i, i + 25), 'roster entries could not be written', async (pending) => {
        const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: pending as never } }));
        return out.UnprocessedItems?.[this.table] as Record<string, unknown>[] | undefined;
      });
    }
  }

  async getRosterEntry(courseId: string, studentId: string): Promise<RosterEntry | undefined> {
    return this.items.get<RosterEntry>(keys.student(courseId, studentId));
  }

  /**
   * Claims an AWS account for one student of a course (a course that is not team-based): a
   * conditional put that succeeds when nobody holds it or the student already does, so two
   * registrations of one account at once cannot both pass. Returns undefined when claimed, else
   * the holder and when they claimed it.
   */
  async claimAccount(
    courseId: string,
    accountId: string,
    studentId: string,
    at: string,
  ): Promise<{ studentId: string; claimedAt: string } | undefined> {
    const key = keys.accountClaim(courseId, accountId);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...key, kind: 'account-claim', courseId, accountId, studentId, claimedAt: at },
          ConditionExpression: 'attribute_not_exists(#pk) OR #student = :student',
          ExpressionAttributeNames: { '#pk': KEY.pk, '#student': 'studentId' },
          ExpressionAttributeValues: { ':student': studentId },
        }),
      );
      return undefined;
    } catch (err) {
      if (!conditionFailed(err)) throw err;
    }
    const holder = await this.items.get<{ studentId: string; claimedAt: string }>(key);
    // Released in between: the caller tries again.
    return holder ?? { studentId: '', claimedAt: at };
  }

  /** Lets go of a student's claim on an account (only theirs: a claim another student took stays). */
  async releaseAccount(courseId: string, accountId: string, studentId: string): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: keys.accountClaim(courseId, accountId),
          ConditionExpression: '#student = :student',
          ExpressionAttributeNames: { '#student': 'studentId' },
          ExpressionAttributeValues: { ':student': studentId },
        }),
      );
    } catch (err) {
      if (!conditionFailed(err)) throw err;
    }
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
    return this.items.query<RosterEntry>(partition(`COURSE#${courseId}`, 'STUDENT#'));
  }

  /** The courses a student is registered in (their roster entries): GSI1 STUDENT#s. */
  async listEnrolments(studentId: string): Promise<RosterEntry[]> {
    return this.items.query<RosterEntry>(indexPartition(`STUDENT#${studentId}`, 'COURSE#'));
  }

  // Sealed session credentials

  /** Stored with a TTL at their expiration, so DynamoDB removes them once they are useless. */
  async putSealedCredentials(sealed: SealedCredentials): Promise<void> {
    await this.items.put({
      ...keys.credentials(sealed.courseId, sealed.studentId),
      kind: 'credentials',
      [KEY.ttl]: Math.ceil(Date.parse(sealed.expiration) / 1000),
      ...sealed,
    });
  }

  async getSealedCredentials(courseId: string, studentId: string): Promise<SealedCredentials | undefined> {
    return this.items.get<SealedCredentials>(keys.credentials(courseId, studentId));
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
    return this.items.query<Override>(
      partition(`COURSE#${courseId}`, `OVERRIDE#${lab}#${studentId ? `${studentId}#` : ''}`),
    );
  }

  /** The override audit trail of a lab, oldest first: Query PK = COURSE#c, SK begins_with OVERRIDELOG#lab#. */
  async listOverrideEvents(courseId: string, lab: string): Promise<OverrideEvent[]> {
    return this.items.query<OverrideEvent>(partition(`COURSE#${courseId}`, `OVERRIDELOG#${lab}#`));
  }

  // Regrades

  async putRegradeRun(run: RegradeRun): Promise<void> {
    await this.items.put({ ...keys.regradeRun(run.courseId, run.lab, run.runId), kind: 'regrade-run', ...run });
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
          ...IF_ABSENT,
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
    const items = await this.items.query<Record<string, unknown>>(
      partition(`COURSE#${courseId}`, `REGRADE#${lab}#${runId}`),
    );
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

function rosterItem(entry: RosterEntry): Record<string, unknown> {
  return {
    ...keys.student(entry.courseId, entry.studentId),
    ...keys.studentIndex(entry.courseId, entry.studentId),
    kind: 'student',
    ...entry,
  };
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

/**
 * Sends a batch request, then what DynamoDB left unprocessed, again and again with a growing pause
 * (50 ms doubling, at most 1 s); after nine rounds, an error `<n> <failure>`.
 */
async function untilProcessed(
  first: Record<string, unknown>[],
  failure: string,
  send: (pending: Record<string, unknown>[]) => Promise<Record<string, unknown>[] | undefined>,
): Promise<void> {
  let pending: Record<string, unknown>[] | undefined = first;
  for (let round = 0; pending?.length; round += 1) {
    if (round > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** round)));
    if (round > 8) throw new Error(`${pending.length} ${failure}`);
    pending = await send(pending);
  }
}

/** Runs `work` over `items`, `width` at a time. */
async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
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
