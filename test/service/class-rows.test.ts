/**
 * Class rows, the slim standings the class views read: their check vector says what the result
 * says, every write of a standing keeps its row, and standings stored before rows existed are
 * read as rows and migrated by the read.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../checks/model.js';
import { diffChecks, nextStanding } from '../../functions/service/scoring.js';
import {
  classRowOf,
  DamagedClassRowError,
  encodeChecks,
  rowChecks,
  rowFromStored,
  storedRow,
} from '../../functions/store/class-row.js';
import { keys } from '../../functions/store/grade-keys.js';
import type { GradeStore } from '../../functions/store/grade-store.js';
import { LiveStore } from '../../functions/store/live-store.js';
import type { Attempt, Standing } from '../../functions/store/records.js';
import { useTables } from '../support/dynamodb.js';
import { scriptedResult } from './helpers.js';

const tables = useTables('rows');
const ACCOUNT = '111122223333';

function check(id: string, status: CheckResult['status'], points: number, earned: number, extra = {}): CheckResult {
  return { id, title: id, status, points, earned, message: '', evidence: [], ...extra };
}

/** A standing after one graded attempt of the scripted lab (t.a, t.b, t.c; 10 points each). */
async function gradedStanding(c: string, s: string, passing: string[], at: string, previous?: Standing) {
  const result = await scriptedResult(passing, at, { courseId: c, studentId: s });
  const changes = diffChecks(previous?.lastGraded, result);
  const attempt: Attempt = {
    attemptId: `att-${at}`,
    courseId: c,
    studentId: s,
    accountId: ACCOUNT,
    lab: 'scripted',
    jobId: `job-${at}`,
    result,
    changes,
    recordedAt: at,
  };
  return { attempt, standing: nextStanding(previous, attempt, changes, 'latest', undefined, new Date(at)) };
}

/** How the grader stored a standing before class rows: the whole standing under the class's GSI1 keys. */
async function putOldFormStanding(store: GradeStore, standing: Standing) {
  await store.doc.send(
    new PutCommand({
      TableName: store.table,
      Item: {
        ...keys.standing(standing.courseId, standing.studentId, standing.lab, standing.accountId),
        ...keys.classIndex(standing.courseId, standing.studentId, standing.lab, standing.accountId),
        kind: 'standing',
        ...standing,
      },
    }),
  );
}

async function rawItem(key: Record<string, string>) {
  const out = await tables.client.send(
    new GetItemCommand({
      TableName: tables.names.grades,
      Key: { PK: { S: key.PK as string }, SK: { S: key.SK as string } },
      ConsistentRead: true,
    }),
  );
  return out.Item ? unmarshall(out.Item) : undefined;
}

describe('the check vector of a class row', () => {
  it('keeps every check of the result in order: status, points, partial credit, override, error code', () => {
    const checks = [
      check('vpc.exists', 'pass', 5, 5),
      check('vpc.public-subnets', 'fail', 10, 2.5),
      check('vpc.dns', 'pass', 5, 5, { override: { status: 'pass' }, grader: { status: 'fail', earned: 0 } }),
      check('vpc.nat', 'error', 10, 0, { errorCode: 'UnauthorizedOperation' }),
      check('vpc.flow-logs', 'skip', 0, 0),
      check('other.check', 'fail', 3, 0),
    ];
    const encoded = encodeChecks('vpc', checks);
    expect(encoded).toBe(
      'exists:p5 public-subnets:f10/2.5 dns:p5^f nat:e10#UnauthorizedOperation flow-logs:s0 =other.check:f3',
    );
    expect(rowChecks({ lab: 'vpc', checks: encoded, studentId: 'kim' })).toEqual([
      { id: 'vpc.exists', status: 'pass', points: 5, earned: 5 },
      { id: 'vpc.public-subnets', status: 'fail', points: 10, earned: 2.5 },
      { id: 'vpc.dns', status: 'pass', points: 5, earned: 5, grader: { status: 'fail' } },
      { id: 'vpc.nat', status: 'error', points: 10, earned: 0, errorCode: 'UnauthorizedOperation' },
      { id: 'vpc.flow-logs', status: 'skip', points: 0, earned: 0 },
      { id: 'other.check', status: 'fail', points: 3, earned: 0 },
    ]);
  });

  it('an error code with separators in it survives; an empty result is an empty vector', () => {
    const encoded = encodeChecks('vpc', [check('vpc.nat', 'error', 10, 0, { errorCode: 'Weird code: #1 ^/' })]);
    expect(rowChecks({ lab: 'vpc', checks: encoded, studentId: 'kim' })[0]?.errorCode).toBe('Weird code: #1 ^/');
    expect(rowChecks({ lab: 'vpc', checks: encodeChecks('vpc', []), studentId: 'kim' })).toEqual([]);
  });

  it('a damaged vector is named, not read as something else', () => {
    expect(() => rowChecks({ lab: 'vpc', checks: 'exists:x5', studentId: 'kim' })).toThrow(DamagedClassRowError);
  });
});

describe('a class row as stored', () => {
  const owner = { courseId: 'c', lab: 'scripted', studentId: 'kim', accountId: ACCOUNT };

  it('says "latest" for a counted attempt and a last read that are the latest attempt, and reads them back', async () => {
    const { standing } = await gradedStanding('c', 'kim', ['t.a'], '2026-03-02T10:00:00.000Z');
    const row = classRowOf(standing);
    const stored = storedRow(row);
    expect(stored).toMatchObject({ counted: 'latest', lastGraded: 'latest', policy: 'latest' });
    expect(stored).not.toHaveProperty('studentId');
    expect(rowFromStored(stored, owner)).toEqual(row);
  });

  it('keeps an earlier counted attempt, an earlier last read and no counted attempt as they are', async () => {
    const first = await gradedStanding('c', 'kim', ['t.a', 't.b'], '2026-03-02T10:00:00.000Z');
    const second = await gradedStanding('c', 'kim', [], '2026-03-02T11:00:00.000Z', first.standing);
    const row = {
      ...classRowOf(second.standing),
      counted: { policy: 'best' as const, attempt: first.standing.counted.attempt },
      lastGraded: { startedAt: '2026-03-02T10:00:00.000Z' },
    };
    const stored = storedRow(row);
    expect(stored.counted).toEqual(first.standing.counted.attempt);
    expect(stored.lastGraded).toBe('2026-03-02T10:00:00.000Z');
    expect(rowFromStored(stored, owner)).toEqual(row);
    const none = { ...row, counted: { policy: 'latest' as const, attempt: null } };
    expect(storedRow(none)).not.toHaveProperty('counted');
    expect(rowFromStored(storedRow(none), owner)).toEqual(none);
  });
});

describe('class rows in the grades table', () => {
  it('a grade writes the row beside the standing; the class reads rows of a few hundred bytes', async () => {
    const { store } = tables;
    const { attempt, standing } = await gradedStanding('rows-a', 'ann', ['t.a'], '2026-03-02T10:00:00.000Z');
    await store.writeAttempt(attempt, standing, null);

    const [row] = await store.listClassRows('rows-a', 'scripted');
    expect(row).toEqual(classRowOf(standing));
    expect(rowChecks(row!).map((c) => [c.id, c.status])).toEqual([
      ['t.a', 'pass'],
      ['t.b', 'fail'],
      ['t.c', 'fail'],
    ]);
    const item = await rawItem(keys.classRow('rows-a', 'ann', 'scripted', ACCOUNT));
    expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(800);
    // The standing itself is no longer in the class's index partition.
    expect(await rawItem(keys.standing('rows-a', 'ann', 'scripted', ACCOUNT))).not.toHaveProperty('GSI1PK');
    expect((await store.listLatestResults('rows-a', 'scripted')).map((s) => s.latest.score)).toEqual([10]);
  });

  it('a standing stored before class rows is read as its row and migrated by the read', async () => {
    const { store } = tables;
    const first = await gradedStanding('rows-old', 'bo', ['t.a'], '2026-03-02T10:00:00.000Z');
    const second = await gradedStanding('rows-old', 'bo', ['t.a', 't.b'], '2026-03-02T11:00:00.000Z', first.standing);
    await putOldFormStanding(store, second.standing);
    // Another student already has a row: both forms are read in one Query.
    const other = await gradedStanding('rows-old', 'cy', [], '2026-03-02T10:30:00.000Z');
    await store.writeAttempt(other.attempt, other.standing, null);

    const rows = await store.listClassRows('rows-old', 'scripted');
    expect(rows.map((r) => [r.studentId, r.score, r.attempts])).toEqual([
      ['bo', 20, 2],
      ['cy', 0, 1],
    ]);
    expect(rows[0]).toEqual(classRowOf(second.standing));

    // Migrated: the row exists, the standing left the class's partition, the standing is intact.
    expect(await rawItem(keys.classRow('rows-old', 'bo', 'scripted', ACCOUNT))).toMatchObject({
      kind: 'row',
      version: 2,
      GSI1PK: 'COURSE#rows-old#LAB#scripted',
    });
    const standing = await rawItem(keys.standing('rows-old', 'bo', 'scripted', ACCOUNT));
    expect(standing).not.toHaveProperty('GSI1PK');
    expect(standing?.latest.score).toBe(20);
    expect(await store.listClassRows('rows-old', 'scripted')).toEqual(rows);
    expect((await store.listLatestResults('rows-old', 'scripted')).map((s) => s.latestAttemptId)).toEqual([
      second.standing.latestAttemptId,
      other.standing.latestAttemptId,
    ]);
  });

  it('an old-form standing newer than the row beside it wins, and its migration replaces the row', async () => {
    const { store } = tables;
    const first = await gradedStanding('rows-mix', 'dee', ['t.a'], '2026-03-02T10:00:00.000Z');
    await store.writeAttempt(first.attempt, first.standing, null);
    // A grader of before class rows stores the next grade (a deployment in progress).
    const second = await gradedStanding(
      'rows-mix',
      'dee',
      ['t.a', 't.b', 't.c'],
      '2026-03-02T11:00:00.000Z',
      first.standing,
    );
    await putOldFormStanding(store, second.standing);

    expect((await store.listClassRows('rows-mix', 'scripted')).map((r) => [r.score, r.version])).toEqual([[30, 2]]);
    expect(await rawItem(keys.classRow('rows-mix', 'dee', 'scripted', ACCOUNT))).toMatchObject({
      score: 30,
      version: 2,
    });
    expect((await store.listClassRows('rows-mix', 'scripted')).map((r) => r.score)).toEqual([30]);
  });

  it("a change seen by live regrade reaches the row the schedule reads, and an old-form standing's alone", async () => {
    const { store } = tables;
    const live = new LiveStore(store);
    const withRow = await gradedStanding('rows-live', 'eve', ['t.a'], '2026-03-02T10:00:00.000Z');
    await store.writeAttempt(withRow.attempt, withRow.standing, null);
    const old = await gradedStanding('rows-live', 'fay', ['t.a'], '2026-03-02T10:00:00.000Z');
    await putOldFormStanding(store, old.standing);

    await live.recordChange('rows-live', 'eve', 'scripted', ACCOUNT, '2026-03-02T12:00:00.000Z');
    await live.recordChange('rows-live', 'fay', 'scripted', ACCOUNT, '2026-03-02T12:00:00.000Z');
    expect(await rawItem(keys.classRow('rows-live', 'eve', 'scripted', ACCOUNT))).toMatchObject({
      lastChangeAt: '2026-03-02T12:00:00.000Z',
      version: 2,
    });
    expect((await store.getStanding('rows-live', 'eve', 'scripted', ACCOUNT))?.version).toBe(2);
    // No half-made row for the old-form standing: its change is on the standing, and the class read carries it over.
    expect(await rawItem(keys.classRow('rows-live', 'fay', 'scripted', ACCOUNT))).toBeUndefined();
    const rows = await store.listClassRows('rows-live', 'scripted');
    expect(rows.map((r) => [r.studentId, r.lastChangeAt, r.version])).toEqual([
      ['eve', '2026-03-02T12:00:00.000Z', 2],
      ['fay', '2026-03-02T12:00:00.000Z', 2],
    ]);
  });

  it('recounting a standing (a regrade, an override) rewrites its row in the same transaction', async () => {
    const { store } = tables;
    const { attempt, standing } = await gradedStanding('rows-put', 'gil', [], '2026-03-02T10:00:00.000Z');
    await store.writeAttempt(attempt, standing, null);
    const recounted: Standing = { ...standing, counted: { policy: 'best', attempt: null }, version: 2 };
    await store.putStanding(recounted, 1);
    expect((await store.listClassRows('rows-put', 'scripted'))[0]).toMatchObject({
      counted: { policy: 'best', attempt: null },
      version: 2,
    });
  });
});
