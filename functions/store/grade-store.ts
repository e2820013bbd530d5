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

export class GradeStore extends StandingStore {
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
