/**
 * Attempts belong to a registration (student + account): a student removed and registered again
 * with another AWS account starts clean, the earlier registration's attempts stay stored and
 * visible to the instructor as its history, and no counted score mixes two accounts.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttemptsResponse, StandingsResponse } from '../../functions/api/contract.js';
import { RECORDED_ACCOUNT, startTestService, type TestService } from '../support/local-api.js';

const COURSE = 'demo-vpc';
const STUDENT = 'vpc-complete';
const NEW_ACCOUNT = '210987654321';

let t: TestService;
let teacher: string;
let student: string;

beforeAll(async () => {
  t = await startTestService('registrations', ['vpc/complete', 'vpc/single-az']);
  teacher = t.service.token({ subject: 'teacher', groups: ['instructors'] });
  student = t.service.token({ subject: STUDENT });
});

afterAll(async () => {
  await t?.stop();
});

async function csvRow(studentId: string): Promise<Record<string, string>> {
  const res = await t.call('GET', `/courses/${COURSE}/labs/vpc/results.csv`, { token: teacher });
  expect(res.status).toBe(200);
  const rows = parse(res.text, { bom: true, columns: true }) as Record<string, string>[];
  return rows.find((r) => r.studentId === studentId) as Record<string, string>;
}

describe('a student registered again with another account', () => {
  let earlier: AttemptsResponse;

  it('starts clean: no attempts, no counted score, the new account in the CSV', async () => {
    earlier = (await t.call('GET', `/students/${STUDENT}/grades?lab=vpc`, { token: teacher })).json;
    expect(earlier.items).toHaveLength(1);
    expect(earlier.items[0]?.result.accountId).toBe(RECORDED_ACCOUNT);
    expect((await csvRow(STUDENT)).score).not.toBe('');

    expect((await t.call('DELETE', `/courses/${COURSE}/students/${STUDENT}`, { token: teacher })).status).toBe(204);
    const put = await t.call('PUT', `/courses/${COURSE}/students/${STUDENT}`, {
      token: teacher,
      body: {
        accountId: NEW_ACCOUNT,
        roleArn: `arn:aws:iam::${NEW_ACCOUNT}:role/LabGraderReadOnly`,
        externalId: 'ext-new',
      },
    });
    expect(put.status).toBe(201);

    const now = (await t.call('GET', `/students/${STUDENT}/grades?lab=vpc`, { token: student })).json;
    expect(now).toMatchObject({ accountId: NEW_ACCOUNT, current: true, items: [] });
    const row = await csvRow(STUDENT);
    expect(row).toMatchObject({ accountId: NEW_ACCOUNT, score: '', latestScore: '', attempts: '0' });
    const results = (await t.call('GET', `/courses/${COURSE}/labs/vpc/results`, { token: teacher })).json;
    expect(results.items.map((r: { studentId: string }) => r.studentId)).not.toContain(STUDENT);
    const standings = (await t.call('GET', `/students/${STUDENT}/standings`, { token: student }))
      .json as StandingsResponse;
    expect(standings.items).toEqual([]);
  });

  it("keeps the earlier registration's attempts and standing as history, for the instructor only", async () => {
    const history = await t.call('GET', `/students/${STUDENT}/grades?lab=vpc&accountId=${RECORDED_ACCOUNT}`, {
      token: teacher,
    });
    expect(history.status).toBe(200);
    expect(history.json).toMatchObject({ accountId: RECORDED_ACCOUNT, current: false });
    expect(history.json.items.map((a: { attemptId: string }) => a.attemptId)).toEqual(
      earlier.items.map((a) => a.attemptId),
    );
    const standings = (await t.call('GET', `/students/${STUDENT}/standings`, { token: teacher }))
      .json as StandingsResponse;
    expect(standings.items).toEqual([]);
    expect(standings.history).toEqual([
      expect.objectContaining({ accountId: RECORDED_ACCOUNT, lab: 'vpc', attempts: 1 }),
    ]);

    const asStudent = await t.call('GET', `/students/${STUDENT}/grades?lab=vpc&accountId=${RECORDED_ACCOUNT}`, {
      token: student,
    });
    expect(asStudent.status).toBe(403);
    expect((await t.call('GET', `/students/${STUDENT}/standings`, { token: student })).json).not.toHaveProperty(
      'history',
    );
  });

  it('never counts a grade that read the old account for the new registration', async () => {
    // The demo replays the recording of the old account: the grade reads the wrong account.
    const graded = await t.call('POST', '/grades', { token: teacher, body: { lab: 'vpc', studentId: STUDENT } });
    expect(graded.status).toBe(201);
    expect(graded.json.counted.attempt).toBeNull();
    expect(graded.json.wrongAccount).toEqual({ accountRead: RECORDED_ACCOUNT, registered: NEW_ACCOUNT });
    const now = (await t.call('GET', `/students/${STUDENT}/grades?lab=vpc`, { token: teacher })).json;
    expect(now.items).toHaveLength(1);
    expect(now.items[0].accountId).toBe(NEW_ACCOUNT);
    expect(await csvRow(STUDENT)).toMatchObject({ accountId: NEW_ACCOUNT, score: '', attempts: '1' });
    const results = (await t.call('GET', `/courses/${COURSE}/labs/vpc/results`, { token: teacher })).json;
    const row = results.items.find((r: { studentId: string }) => r.studentId === STUDENT);
    expect(row).toMatchObject({ wrongAccount: RECORDED_ACCOUNT, accessFailure: false, counted: { attempt: null } });
    // The other student is untouched.
    expect((await csvRow('vpc-single-az')).accountId).toBe(RECORDED_ACCOUNT);
  });
});

describe('a session-access student whose account changes', () => {
  it("must submit credentials again: the earlier account's are never used for the new one", async () => {
    const id = 'session-mover';
    const register = (accountId: string) =>
      t.call('PUT', `/courses/${COURSE}/students/${id}`, { token: teacher, body: { accountId, access: 'session' } });
    expect((await register('111111111111')).status).toBe(201);
    const mover = t.service.token({ subject: id });
    const submitted = await t.call('PUT', `/courses/${COURSE}/students/${id}/credentials`, {
      token: mover,
      body: {
        accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
        secretAccessKey: 'x'.repeat(40),
        sessionToken: 'y'.repeat(40),
        expiration: new Date(Date.now() + 3_600_000).toISOString(),
      },
    });
    expect(submitted.status).toBe(200);

    expect((await register('222222222222')).status).toBe(200);
    const graded = await t.call('POST', '/grades', { token: mover, body: { lab: 'vpc' } });
    expect(graded.status).toBe(201);
    expect(graded.json.accessFailure?.code).toBe('SessionCredentialsMissing');
  });
});

describe('one account per student', () => {
  it('refuses an account another student of the course uses: 409 naming the student', async () => {
    const course = { region: 'us-east-1', labs: [{ lab: 'vpc' }] };
    expect((await t.call('PUT', '/courses/solo', { token: teacher, body: course })).status).toBe(201);
    const register = (studentId: string, accountId: string) =>
      t.call('PUT', `/courses/solo/students/${studentId}`, {
        token: teacher,
        body: { accountId, roleArn: `arn:aws:iam::${accountId}:role/G`, externalId: `ext-${studentId}` },
      });
    expect((await register('ann', '700000000001')).status).toBe(201);
    const taken = await register('ben', '700000000001');
    expect(taken.status).toBe(409);
    expect(taken.json.error).toMatchObject({ code: 'conflict', field: 'accountId' });
    expect(taken.json.error.message).toMatch(/already registered for student ann/);
    expect((await t.call('GET', '/courses/solo/students', { token: teacher })).json.items).toHaveLength(1);

    const teams = await t.call('PUT', '/courses/solo', { token: teacher, body: { ...course, teamBased: true } });
    expect(teams.json.teamBased).toBe(true);
    expect((await register('ben', '700000000001')).status).toBe(201);
  });
});
