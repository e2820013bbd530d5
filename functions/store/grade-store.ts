/**
 * DynamoDB access for the grading service: one method per access pattern, each a single GetItem,
 * Query (all pages of it) or transaction; never a Scan. Key layout: docs/data-model.md.
 *
 * One class callers construct and pass around, built in layers by domain, each in its own file:
 * courses and instructors (course-store.ts), the roster, account claims and sealed credentials
 * (roster-store.ts), attempts, standings and class rows (standing-store.ts), and here the
 * instructors' overrides and regrades.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from './grade-keys.js';
import { IF_ABSENT, partition } from './items.js';
import type { Override, OverrideEvent, RegradeRun, StudentRegrade } from './records.js';
import { StandingStore } from './standing-store.js';
import { KEY } from './tables.js';

/**
 * Does an override count for the registration of its student with this account: its own, or one
 * stored before overrides were keyed by account (the student's current registration's, until pinned).
 */
export function countsFor(o: Override, accountId: string): boolean {
  return o.accountId === undefined || o.accountId === accountId;
}

export class GradeStore extends StandingStore {
  // Overrides

  /**
   * Sets (or, with `removed`, deletes) a registration's override and appends the audit event: one
   * transaction. The student's override of the check stored before overrides were keyed by account
   * (theirs while it is their current registration) goes with it.
   */
  async writeOverride(event: OverrideEvent): Promise<void> {
    const { action, ...override } = event;
    const key = keys.override(event);
    const unkeyed = keys.override({ ...event, accountId: undefined });
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          action === 'set'
            ? { Put: { TableName: this.table, Item: { ...key, kind: 'override', ...override } } }
            : { Delete: { TableName: this.table, Key: key } },
          ...(event.accountId ? [{ Delete: { TableName: this.table, Key: unkeyed } }] : []),
          { Put: { TableName: this.table, Item: { ...keys.overrideEvent(event), kind: 'override-event', ...event } } },
        ],
      }),
    );
  }

  /**
   * The overrides of a lab, or of one registration of it: Query PK = COURSE#c, SK begins_with
   * OVERRIDE#lab# (OVERRIDE#lab#s#). A registration's are its own and the student's overrides
   * stored before they were keyed by account; ask only for a student's current registration.
   */
  async listOverrides(
    courseId: string,
    lab: string,
    registration?: { studentId: string; accountId: string },
  ): Promise<Override[]> {
    const items = await this.items.query<Override>(
      partition(`COURSE#${courseId}`, `OVERRIDE#${lab}#${registration ? `${registration.studentId}#` : ''}`),
    );
    return registration ? items.filter((o) => countsFor(o, registration.accountId)) : items;
  }

  /**
   * Gives the overrides stored before overrides were keyed by account (no account) of students
   * leaving a registration (removed, or registered with another account) to the account they
   * leave: they judged that registration's results. One Query of the course's overrides.
   */
  async pinOverrides(courseId: string, left: readonly { studentId: string; accountId: string }[]): Promise<void> {
    if (!left.length) return;
    const accountOf = new Map(left.map((r) => [r.studentId, r.accountId]));
    const unkeyed = (await this.items.query<Override>(partition(`COURSE#${courseId}`, 'OVERRIDE#'))).filter(
      (o) => o.accountId === undefined && accountOf.has(o.studentId),
    );
    for (const o of unkeyed) {
      const pinned: Override = { ...o, accountId: accountOf.get(o.studentId) };
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table, Item: { ...keys.override(pinned), kind: 'override', ...pinned } } },
            { Delete: { TableName: this.table, Key: keys.override(o) } },
          ],
        }),
      );
    }
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
}
