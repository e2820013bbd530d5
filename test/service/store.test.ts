/**
 * The grading service's access patterns against DynamoDB Local: each is one Query (or GetItem),
 * a grade writes two items, and big evidence is trimmed visibly.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { diffChecks, nextStanding } from '../../functions/service/scoring.js';
import { InvalidCursorError } from '../../functions/store/cursor.js';
import { keys } from '../../functions/store/grade-keys.js';
import type { GradeStore } from '../../functions/store/grade-store.js';
import type { Attempt, Course, RosterEntry } from '../../functions/store/records.js';
import { StaleStandingError } from '../../functions/store/standing-store.js';
import { createTables } from '../../functions/store/tables.js';
import { RESULT_BUDGET_BYTES, trimResult } from '../../functions/store/trim.js';
import { useTables } from '../support/dynamodb.js';
import { scriptedResult } from './helpers.js';

const tables = useTables('store');
const ACCOUNT = '111122223333';

function course(courseId: string): Course {
  return {
    courseId,
    region: 'ap-northeast-2',
    lang: 'ko',
    labs: [{ lab: 'vpc' }, { lab: 'db' }],
    scoringPolicy: 'best',
    skipPastDeadline: false,
    createdAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-01T00:00:00.000Z',
  };
}

function student(courseId: string, studentId: string): RosterEntry {
  return {
    courseId,
    studentId,
    accountId: '111122223333',
    access: { mode: 'role', roleArn: 'arn:aws:iam::111122223333:role/LabGrader', externalId: 'ext-123' },
    registeredAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-01T00:00:00.000Z',
  };
}

/** Stores one attempt the way the worker does (reads the standing, writes two items). */
async function storeAttempt(store: GradeStore, c: string, s: string, lab: string, passing: string[], at: string) {
  const result = { ...(await scriptedResult(passing, at, { courseId: c, studentId: s })), lab };
  const previous = await store.getStanding(c, s, lab, ACCOUNT);
  const attemptId = `att-${at}`;
  const changes = diffChecks(previous?.lastGraded, result);
  const attempt: Attempt = {
    attemptId,
    courseId: c,
    studentId: s,
    accountId: ACCOUNT,
    lab,
    jobId: `job-${at}`,
    result,
    changes,
    recordedAt: at,
  };
  const standing = nextStanding(previous, { ...attempt, result }, changes, 'best', undefined, new Date(at));
  await store.writeAttempt(attempt, standing, previous?.version ?? null);
  return attempt;
}

describe('grades table', () => {
  it('createTables can run again on existing tables', async () => {
    await expect(createTables(tables.client, tables.names)).resolves.toBeUndefined();
  });

  it("lists a course's roster (and only that course's students) and a student's enrolments", async () => {
    const { store } = tables;
    await store.putCourse(course('roster-a'));
    await store.putCourse(course('roster-b'));
    for (const s of ['s1', 's2', 's3']) await store.putRosterEntry(student('roster-a', s));
    await store.putRosterEntry(student('roster-b', 's1'));

    const roster = await store.listRoster('roster-a');
    expect(roster.map((e) => e.studentId).sort()).toEqual(['s1', 's2', 's3']);
    expect(roster[0]).not.toHaveProperty('PK');
    const enrolments = await store.listEnrolments('s1');
    expect(enrolments.map((e) => e.courseId).sort()).toEqual(['roster-a', 'roster-b']);
    expect((await store.listCourses()).map((c) => c.courseId)).toEqual(
      expect.arrayContaining(['roster-a', 'roster-b']),
    );
  });

  it('a deleted student is gone from the roster but keeps their attempts', async () => {
    const { store } = tables;
    await store.putRosterEntry(student('del', 'gone'));
    await storeAttempt(store, 'del', 'gone', 'vpc', ['t.a'], '2026-03-02T10:00:00.000Z');
    await store.deleteRosterEntry('del', 'gone');
    expect(await store.getRosterEntry('del', 'gone')).toBeUndefined();
    expect((await store.listAttempts({ courseId: 'del', studentId: 'gone', lab: 'vpc' })).items).toHaveLength(1);
  });

  it('returns the latest result of every student of a course for a lab, one item per student', async () => {
    const { store } = tables;
    await storeAttempt(store, 'latest', 'alice', 'vpc', ['t.a'], '2026-03-02T10:00:00.000Z');
    await storeAttempt(store, 'latest', 'alice', 'vpc', ['t.a', 't.b'], '2026-03-02T11:00:00.000Z');
    await storeAttempt(store, 'latest', 'bob', 'vpc', [], '2026-03-02T10:30:00.000Z');
    await storeAttempt(store, 'latest', 'bob', 'db', ['t.a', 't.b', 't.c'], '2026-03-02T10:30:00.000Z');
    await storeAttempt(store, 'other-course', 'carol', 'vpc', ['t.a'], '2026-03-02T10:30:00.000Z');

    const latest = await store.listLatestResults('latest', 'vpc');
    expect(latest.map((s) => [s.studentId, s.latest.score, s.attempts])).toEqual([
      ['alice', 20, 2],
      ['bob', 0, 1],
    ]);
    expect(latest[0]?.latest.startedAt).toBe('2026-03-02T11:00:00.000Z');
  });

  it("returns a student's attempts for a lab newest first, page by page", async () => {
    const { store } = tables;
    const times = ['2026-03-03T09:00:00.000Z', '2026-03-03T10:00:00.000Z', '2026-03-03T11:00:00.000Z'];
    for (const t of times) await storeAttempt(store, 'hist', 'dave', 'vpc', ['t.a'], t);
    await storeAttempt(store, 'hist', 'dave', 'db', [], '2026-03-03T12:00:00.000Z');

    const first = await store.listAttempts({ courseId: 'hist', studentId: 'dave', lab: 'vpc', limit: 2 });
    expect(first.items.map((a) => a.result.startedAt)).toEqual([times[2], times[1]]);
    expect(first.cursor).toBeDefined();
    const second = await store.listAttempts({
      courseId: 'hist',
      studentId: 'dave',
      lab: 'vpc',
      limit: 2,
      cursor: first.cursor,
    });
    expect(second.items.map((a) => a.result.startedAt)).toEqual([times[0]]);
  });

  it("rejects a cursor from another student's query", async () => {
    const { store } = tables;
    for (const t of ['2026-03-03T09:00:00.000Z', '2026-03-03T10:00:00.000Z']) {
      await storeAttempt(store, 'cur', 'erin', 'vpc', [], t);
    }
    const page = await store.listAttempts({ courseId: 'cur', studentId: 'erin', lab: 'vpc', limit: 1 });
    await expect(
      store.listAttempts({ courseId: 'cur', studentId: 'mallory', lab: 'vpc', cursor: page.cursor }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(
      store.listAttempts({ courseId: 'cur', studentId: 'erin', lab: 'vpc', cursor: 'not-a-cursor' }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it("returns a student's current standing across the labs of one course", async () => {
    const { store } = tables;
    await storeAttempt(store, 'stand', 'fay', 'vpc', ['t.a'], '2026-03-04T09:00:00.000Z');
    await storeAttempt(store, 'stand', 'fay', 'db', ['t.a', 't.b'], '2026-03-04T09:00:00.000Z');
    await storeAttempt(store, 'stand-other', 'fay', 'vpc', [], '2026-03-04T09:00:00.000Z');
    const standings = await store.listStandings('stand', 'fay');
    expect(Object.fromEntries(standings.map((s) => [s.lab, s.counted.attempt?.score]))).toEqual({ vpc: 10, db: 20 });
  });

  it('writes nothing when the standing changed since it was read', async () => {
    const { store } = tables;
    await storeAttempt(store, 'stale', 'gus', 'vpc', ['t.a'], '2026-03-05T09:00:00.000Z');
    const old = await store.getStanding('stale', 'gus', 'vpc', ACCOUNT);
    await storeAttempt(store, 'stale', 'gus', 'vpc', ['t.b'], '2026-03-05T10:00:00.000Z');

    const result = await scriptedResult([], '2026-03-05T11:00:00.000Z', { courseId: 'stale', studentId: 'gus' });
    const changes = diffChecks(old?.lastGraded, result);
    const attempt: Attempt = {
      attemptId: 'late',
      courseId: 'stale',
      studentId: 'gus',
      accountId: ACCOUNT,
      lab: 'vpc',
      jobId: 'late',
      result,
      changes,
      recordedAt: result.finishedAt,
    };
    const standing = nextStanding(old, attempt, changes, 'best', undefined, new Date());
    await expect(store.writeAttempt(attempt, standing, old?.version ?? null)).rejects.toBeInstanceOf(
      StaleStandingError,
    );
    const attempts = await store.listAttempts({ courseId: 'stale', studentId: 'gus', lab: 'vpc' });
    expect(attempts.items.map((a) => a.attemptId)).not.toContain('late');
    expect((await store.getStanding('stale', 'gus', 'vpc', ACCOUNT))?.attempts).toBe(2);
  });

  it('trims huge evidence so both items stay far below 400 KB, and says so in the result', async () => {
    const { store } = tables;
    const result = await scriptedResult(['t.a'], '2026-03-06T09:00:00.000Z', { courseId: 'big', studentId: 'hal' });
    const instances = Array.from({ length: 20_000 }, (_, i) => `i-${i.toString(16).padStart(17, '0')}`);
    result.checks[0]!.evidence = instances;
    result.resources = instances;
    const stored = trimResult(result, 's3://bucket/courses/big/hal.json.gz');
    const changes = diffChecks(undefined, stored);
    const attempt: Attempt = {
      attemptId: 'big-1',
      courseId: 'big',
      studentId: 'hal',
      accountId: ACCOUNT,
      lab: 'vpc',
      jobId: 'big-1',
      result: stored,
      changes,
      recordedAt: stored.finishedAt,
    };
    const standing = nextStanding(undefined, attempt, changes, 'best', undefined, new Date());
    await store.writeAttempt(attempt, standing, null);

    const [back] = (await store.listAttempts({ courseId: 'big', studentId: 'hal', lab: 'vpc' })).items;
    expect(back?.result.trimmed?.evidence?.['t.a']).toEqual({ kept: expect.any(Number), total: 20_000 });
    expect(back?.result.trimmed?.resources?.total).toBe(20_000);
    expect(back?.result.trimmed?.fullInventory).toBe('s3://bucket/courses/big/hal.json.gz');
    expect(back?.result.checks[0]?.evidence.length).toBeLessThan(200);
    for (const key of [
      keys.attempt({
        courseId: 'big',
        studentId: 'hal',
        accountId: ACCOUNT,
        lab: 'vpc',
        startedAt: stored.startedAt,
        attemptId: 'big-1',
      }),
      keys.standing('big', 'hal', 'vpc', ACCOUNT),
    ]) {
      const raw = await tables.client.send(
        new GetItemCommand({ TableName: tables.names.grades, Key: { PK: { S: key.PK! }, SK: { S: key.SK! } } }),
      );
      expect(raw.Item, `${key.SK} stored`).toBeDefined();
      const size = Buffer.byteLength(JSON.stringify(unmarshall(raw.Item!)));
      expect(size).toBeLessThan(RESULT_BUDGET_BYTES + 16 * 1024);
    }
  });

  it('leaves a result that fits untouched (no trimming report)', async () => {
    const result = await scriptedResult(['t.a'], '2026-03-06T09:00:00.000Z');
    expect(trimResult(result)).toBe(result);
    expect(trimResult(result)).not.toHaveProperty('trimmed');
  });
});
