/**
 * An override belongs to the registration it judged (student + account), as attempts and
 * standings do: a student removed and registered again with another account, or whose roster
 * entry moves to another account, never finds an earlier registration's overrides applied to the
 * new one's results. The audit trail keeps them, and a student registered again with the same
 * account continues that registration, its overrides with it.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OverridesResponse } from '../../functions/api/contract.js';
import { RECORDED_ACCOUNT, startTestService, type TestService } from '../support/local-api.js';

const COURSE = 'demo-vpc';
const NEW_ACCOUNT = '210987654321';

let t: TestService;
let teacher: string;

beforeAll(async () => {
  t = await startTestService('override-registration', ['vpc/complete', 'vpc/single-az'], {
    gradeIntervalSeconds: 0,
  });
  teacher = t.service.token({ subject: 'teacher', groups: ['instructors'] });
});

afterAll(async () => {
  await t?.stop();
});

const overridePath = (studentId: string, checkId: string) =>
  `/courses/${COURSE}/labs/vpc/students/${studentId}/overrides/${checkId}`;

function register(studentId: string, accountId: string) {
  return t.call('PUT', `/courses/${COURSE}/students/${studentId}`, {
    token: teacher,
    body: { accountId, roleArn: `arn:aws:iam::${accountId}:role/labgrader-demo`, externalId: 'recorded-example' },
  });
}

async function grade(studentId: string) {
  const res = await t.call('POST', '/grades', { token: teacher, body: { lab: 'vpc', studentId } });
  expect(res.status).toBe(201);
  return res.json;
}

const checkOf = (result: { checks: { id: string }[] }, id: string) => result.checks.find((c) => c.id === id);

async function overrides(): Promise<OverridesResponse> {
  return (await t.call('GET', `/courses/${COURSE}/labs/vpc/overrides`, { token: teacher })).json;
}

async function csvRow(studentId: string): Promise<Record<string, string>> {
  const res = await t.call('GET', `/courses/${COURSE}/labs/vpc/results.csv`, { token: teacher });
  const rows = parse(res.text, { bom: true, columns: true }) as Record<string, string>[];
  return rows.find((r) => r.studentId === studentId) as Record<string, string>;
}

describe('an override of a student removed and registered again with another account', () => {
  const STUDENT = 'vpc-single-az';
  const CHECK = 'vpc.public-subnets';
  let overridden: number;

  it('is not applied to the new registration, and stays in the audit trail', async () => {
    const set = await t.call('PUT', overridePath(STUDENT, CHECK), {
      token: teacher,
      body: { status: 'pass', reason: 'one public subnet accepted that week' },
    });
    expect(set.status).toBe(200);
    overridden = set.json.counted.attempt.score;

    expect((await t.call('DELETE', `/courses/${COURSE}/students/${STUDENT}`, { token: teacher })).status).toBe(204);
    expect((await register(STUDENT, NEW_ACCOUNT)).status).toBe(201);

    // The demo replays the old account's recording: the new registration's result, not counted.
    const graded = await grade(STUDENT);
    expect(graded.wrongAccount).toEqual({ accountRead: RECORDED_ACCOUNT, registered: NEW_ACCOUNT });
    expect(checkOf(graded.result, CHECK)).toMatchObject({ status: 'fail' });
    expect(checkOf(graded.result, CHECK)).not.toHaveProperty('override');
    expect((await csvRow(STUDENT)).overridden).toBe('');

    const list = await overrides();
    expect(list.items.filter((o) => o.studentId === STUDENT)).toEqual([]);
    expect(list.audit).toEqual([
      expect.objectContaining({ action: 'set', studentId: STUDENT, checkId: CHECK, accountId: RECORDED_ACCOUNT }),
    ]);
    // Nothing of the new registration to remove.
    const remove = await t.call('DELETE', `${overridePath(STUDENT, CHECK)}?reason=gone`, { token: teacher });
    expect(remove.status).toBe(400);
    expect(remove.json.error.field).toBe('checkId');
  });

  it('is in force again when the student is registered again with the same account', async () => {
    expect((await register(STUDENT, RECORDED_ACCOUNT)).status).toBe(200);
    const graded = await grade(STUDENT);
    expect(checkOf(graded.result, CHECK)).toMatchObject({ status: 'pass', override: { status: 'pass' } });
    expect(graded.counted.attempt.score).toBe(overridden);
    expect((await overrides()).items).toEqual([
      expect.objectContaining({ studentId: STUDENT, checkId: CHECK, accountId: RECORDED_ACCOUNT }),
    ]);
  });
});

describe('an override of a student whose roster entry moves to another account', () => {
  const STUDENT = 'vpc-complete';
  const CHECK = 'vpc.dns';

  it("does not count in the other registration's score", async () => {
    const before = await grade(STUDENT);
    const full = before.counted.attempt.score;
    expect(checkOf(before.result, CHECK)).toMatchObject({ status: 'pass' });

    expect((await register(STUDENT, NEW_ACCOUNT)).status).toBe(200);
    await grade(STUDENT);
    const set = await t.call('PUT', overridePath(STUDENT, CHECK), {
      token: teacher,
      body: { status: 'fail', reason: 'DNS hostnames were switched on by the instructor' },
    });
    expect(set.status).toBe(200);
    expect(set.json.event).toMatchObject({ accountId: NEW_ACCOUNT });

    expect((await register(STUDENT, RECORDED_ACCOUNT)).status).toBe(200);
    const after = await grade(STUDENT);
    expect(after.counted.attempt.score).toBe(full);
    expect(checkOf(after.result, CHECK)).toMatchObject({ status: 'pass' });
    expect(checkOf(after.result, CHECK)).not.toHaveProperty('override');
    const extension = await t.call('PUT', `/courses/${COURSE}/students/${STUDENT}/extensions/vpc`, {
      token: teacher,
      body: { deadline: null },
    });
    // A recount of the registration (here by an extension) applies only its own overrides.
    expect(extension.json.counted.attempt.score).toBe(full);
    expect((await csvRow(STUDENT)).overridden).toBe('');
  });
});
