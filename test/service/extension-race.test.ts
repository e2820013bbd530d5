/**
 * A deadline extension changes the student's deadline and nothing else of their roster entry, even
 * when something else writes the entry between its read and its write: a removal of the student,
 * an account change, another extension. Each case runs the other write exactly in that gap (the
 * store's read of the entry hands over to it before answering). On DynamoDB Local.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { setExtension } from '../../functions/service/deadlines.js';
import { registerCourse, registerStudent, removeStudent } from '../../functions/service/roster.js';
import type { GradeStore } from '../../functions/store/grade-store.js';
import { withCallInGap } from '../support/call-in-gap.js';
import { useTables } from '../support/dynamodb.js';

const tables = useTables('extension-race');
const NOW = new Date('2026-12-07T12:00:00Z');
const COURSE = 'race';
const role = (account: string) => ({
  accountId: account,
  roleArn: `arn:aws:iam::${account}:role/labgrader-access`,
  externalId: 'ext-race-1',
});

/** The store, but `meanwhile` runs in the extension's gap: after its read of the entry, or before its write. */
const withWriteInGap = (store: GradeStore, meanwhile: () => Promise<unknown>) =>
  withCallInGap(store, { after: ['getRosterEntry'], before: ['setDeadline'] }, meanwhile);

beforeAll(async () => {
  await registerCourse(tables.store, COURSE, { region: 'us-east-1', labs: [{ lab: 'vpc' }, { lab: 'db' }] }, NOW);
});

describe('an extension granted while the entry changes', () => {
  it('does not register again a student removed meanwhile', async () => {
    await registerStudent(tables.store, COURSE, 'gone', role('111111111111'), NOW);
    const store = withWriteInGap(tables.store, () => removeStudent(tables.store, COURSE, 'gone'));
    await expect(setExtension(store, COURSE, 'gone', 'vpc', '2026-12-31T00:00:00Z', NOW)).rejects.toMatchObject({
      name: 'StudentNotFoundError',
    });
    expect(await tables.store.getRosterEntry(COURSE, 'gone')).toBeUndefined();
  });

  it('keeps the account the student was registered with meanwhile', async () => {
    await registerStudent(tables.store, COURSE, 'moved', role('222222222222'), NOW);
    const store = withWriteInGap(tables.store, () =>
      registerStudent(tables.store, COURSE, 'moved', role('333333333333'), NOW),
    );
    const entry = await setExtension(store, COURSE, 'moved', 'vpc', '2026-12-31T00:00:00Z', NOW);
    const stored = await tables.store.getRosterEntry(COURSE, 'moved');
    expect(stored?.accountId).toBe('333333333333');
    expect(stored?.deadlines).toEqual({ vpc: '2026-12-31T00:00:00Z' });
    expect(entry.accountId).toBe('333333333333');
  });

  it("keeps another lab's extension granted meanwhile", async () => {
    await registerStudent(tables.store, COURSE, 'both', role('444444444444'), NOW);
    const store = withWriteInGap(tables.store, () =>
      setExtension(tables.store, COURSE, 'both', 'db', '2027-01-15T00:00:00Z', NOW),
    );
    const entry = await setExtension(store, COURSE, 'both', 'vpc', '2026-12-31T00:00:00Z', NOW);
    const both = { vpc: '2026-12-31T00:00:00Z', db: '2027-01-15T00:00:00Z' };
    expect(entry.deadlines).toEqual(both);
    expect((await tables.store.getRosterEntry(COURSE, 'both'))?.deadlines).toEqual(both);
  });

  it('withdraws the last extension without leaving an empty map', async () => {
    await registerStudent(tables.store, COURSE, 'back', role('555555555555'), NOW);
    await setExtension(tables.store, COURSE, 'back', 'vpc', '2026-12-31T00:00:00Z', NOW);
    const entry = await setExtension(tables.store, COURSE, 'back', 'vpc', null, NOW);
    expect(entry.deadlines).toBeUndefined();
    expect((await tables.store.getRosterEntry(COURSE, 'back'))?.deadlines).toBeUndefined();
    // Withdrawing one never granted (no map at all) is no error either.
    expect((await setExtension(tables.store, COURSE, 'back', 'db', null, NOW)).deadlines).toBeUndefined();
  });
});
