/**
 * Overrides stored before overrides were keyed by account (no account in their key) stay the
 * student's current registration's, as they were, until the student leaves that account (removed,
 * or registered with another one): then they are given the account left, so the new registration
 * starts without them and the earlier one keeps them.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { changeOverride } from '../../functions/service/overrides.js';
import { registerCourse, registerStudent, removeStudent } from '../../functions/service/roster.js';
import { keys } from '../../functions/store/grade-keys.js';
import type { Override } from '../../functions/store/records.js';
import { useTables } from '../support/dynamodb.js';

const tables = useTables('overrides-unkeyed');
const NOW = new Date('2026-03-10T09:00:00.000Z');
const COURSE = 'aws-101';
const OLD = '111122223333';
const NEW = '444455556666';

const role = (accountId: string) => ({
  accountId,
  roleArn: `arn:aws:iam::${accountId}:role/LabGraderReadOnly`,
  externalId: 'lg-ext-0001',
});

/** An override as stored before overrides were keyed by account. */
async function putUnkeyed(studentId: string, checkId: string): Promise<Override> {
  const o: Override = {
    courseId: COURSE,
    lab: 'vpc',
    studentId,
    checkId,
    status: 'pass',
    earned: 10,
    reason: 'accepted by hand',
    by: 'teacher',
    at: NOW.toISOString(),
  };
  const Item = { ...keys.override(o), kind: 'override', ...o };
  await tables.store.doc.send(new PutCommand({ TableName: tables.store.table, Item }));
  return o;
}

const mine = (studentId: string, accountId: string) =>
  tables.store.listOverrides(COURSE, 'vpc', { studentId, accountId });

beforeAll(async () => {
  await registerCourse(tables.store, COURSE, { region: 'us-east-1', labs: [{ lab: 'vpc' }], teamBased: true }, NOW);
});

describe('an override stored before overrides were keyed by account', () => {
  it.each([
    ['registered with another account', 'mover', () => registerStudent(tables.store, COURSE, 'mover', role(NEW), NOW)],
    [
      'removed and registered again with another account',
      'leaver',
      async () => {
        await removeStudent(tables.store, COURSE, 'leaver');
        await registerStudent(tables.store, COURSE, 'leaver', role(NEW), NOW);
      },
    ],
  ])(
    'counts for the current registration until the student is %s, then stays with the old one',
    async (_, id, leave) => {
      await registerStudent(tables.store, COURSE, id, role(OLD), NOW);
      const o = await putUnkeyed(id, 'vpc.dns');
      expect(await mine(id, OLD)).toEqual([o]);

      await leave();
      expect(await mine(id, NEW)).toEqual([]);
      expect(await mine(id, OLD)).toEqual([{ ...o, accountId: OLD }]);
      expect((await tables.store.listOverrides(COURSE, 'vpc')).filter((x) => x.studentId === id)).toHaveLength(1);
    },
  );

  it("is replaced by the current registration's override of the same check, not kept beside it", async () => {
    await registerStudent(tables.store, COURSE, 'setter', role(OLD), NOW);
    await putUnkeyed('setter', 'vpc.dns');
    const target = { courseId: COURSE, lab: 'vpc', studentId: 'setter', checkId: 'vpc.dns' };
    await changeOverride(tables.store, target, { action: 'set', input: { status: 'fail', reason: 'no' } }, 't', NOW);
    expect(await mine('setter', OLD)).toEqual([expect.objectContaining({ status: 'fail', accountId: OLD })]);
    await changeOverride(tables.store, target, { action: 'removed', reason: 'gone' }, 't', NOW);
    expect(await mine('setter', OLD)).toEqual([]);
  });
});
