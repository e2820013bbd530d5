/**
 * One account per student holds when two registrations of one account arrive at once: the roster
 * check alone lets both pass (each reads a roster without the other), the account claim (a
 * conditional write) lets exactly one through and names its student to the other. On DynamoDB Local.
 */
import { describe, expect, it } from 'vitest';
import {
  AccountInUseError,
  registerCourse,
  registerStudent,
  registerStudents,
  removeStudent,
} from '../../functions/service/roster.js';
import { useTables } from '../support/dynamodb.js';

const tables = useTables('account-claim');
const role = (account: string) => ({
  accountId: account,
  roleArn: `arn:aws:iam::${account}:role/LabGraderReadOnly`,
  externalId: 'ext-claim',
});

describe('two registrations of one account at once', () => {
  it('exactly one wins, every time; the other is refused naming the winner', async () => {
    await registerCourse(tables.store, 'race101', { region: 'us-east-1', labs: [{ lab: 'vpc' }] });
    for (let round = 0; round < 8; round += 1) {
      const account = `1111111111${String(round).padStart(2, '0')}`;
      const students = [`ann${round}`, `ben${round}`, `cid${round}`];
      const settled = await Promise.allSettled(
        students.map((s) => registerStudent(tables.store, 'race101', s, role(account))),
      );
      const won = settled.flatMap((r, i) => (r.status === 'fulfilled' ? [students[i]] : []));
      expect(won, `round ${round}`).toHaveLength(1);
      for (const r of settled) {
        if (r.status === 'rejected') {
          expect(r.reason).toBeInstanceOf(AccountInUseError);
          expect((r.reason as AccountInUseError).otherStudentId).toBe(won[0]);
        }
      }
      const holders = (await tables.store.listRoster('race101')).filter((e) => e.accountId === account);
      expect(holders.map((e) => e.studentId)).toEqual(won);
    }
  });

  it('a student who moves to another account or leaves frees the old one; a team-based course shares', async () => {
    await registerCourse(tables.store, 'move101', { region: 'us-east-1', labs: [{ lab: 'vpc' }] });
    await registerStudent(tables.store, 'move101', 'dee', role('222222222222'));
    await expect(registerStudent(tables.store, 'move101', 'eve', role('222222222222'))).rejects.toThrow(
      /already registered for student dee/,
    );
    await registerStudent(tables.store, 'move101', 'dee', role('333333333333'));
    await registerStudent(tables.store, 'move101', 'eve', role('222222222222'));
    await removeStudent(tables.store, 'move101', 'dee');
    await registerStudents(tables.store, 'move101', [{ studentId: 'fay', ...role('333333333333') }]);
    await expect(registerStudent(tables.store, 'move101', 'gus', role('333333333333'))).rejects.toThrow(
      /already registered for student fay/,
    );

    await registerCourse(tables.store, 'team101', {
      region: 'us-east-1',
      labs: [{ lab: 'vpc' }],
      teamBased: true,
    });
    await Promise.all(['h1', 'h2'].map((s) => registerStudent(tables.store, 'team101', s, role('444444444444'))));
    expect((await tables.store.listRoster('team101')).map((e) => e.accountId)).toEqual([
      '444444444444',
      '444444444444',
    ]);
  });
});
