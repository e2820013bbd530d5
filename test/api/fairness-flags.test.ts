/**
 * `GET /courses/{c}/flags` through the local service on DynamoDB Local: accounts shared across the
 * deployment's courses (a team sharing its account inside a team-based course is not a flag),
 * a student whose account changed mid-course, grades that read the wrong account (flagged, not
 * counted), and history stored before attempts belonged to a registration.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlagsResponse } from '../../functions/api/contract.js';
import { RECORDED_ACCOUNT, startTestService, type TestService } from '../support/local-api.js';

const TEAM_COURSE = 'demo-vpc';
const OTHER_COURSE = 'net101';
const NEW_ACCOUNT = '999999999999';
let t: TestService;
let teacher: string;

beforeAll(async () => {
  t = await startTestService('flags', ['vpc/complete', 'vpc/single-az']);
  teacher = t.service.token({ subject: 'teacher', groups: ['instructors'] });
});

afterAll(async () => {
  await t?.stop();
});

async function flags(courseId: string): Promise<FlagsResponse> {
  const res = await t.call('GET', `/courses/${courseId}/flags`, { token: teacher });
  expect(res.status, res.text).toBe(200);
  return res.json as FlagsResponse;
}

const role = (account: string) => ({
  accountId: account,
  roleArn: `arn:aws:iam::${account}:role/LabGraderReadOnly`,
  externalId: 'ext-flags',
});

describe('course flags', () => {
  it('a team sharing its account inside its team-based course is not a flag', async () => {
    expect(await flags(TEAM_COURSE)).toEqual({
      courseId: TEAM_COURSE,
      teamBased: true,
      sharedAccounts: [],
      accountChanges: [],
      wrongAccount: [],
      unownedHistory: [],
    });
  });

  it('an account registered in another course by another student is flagged in both courses', async () => {
    const course = await t.call('PUT', `/courses/${OTHER_COURSE}`, {
      token: teacher,
      body: { region: 'us-east-1', labs: [{ lab: 'vpc' }] },
    });
    expect(course.status, course.text).toBeLessThan(300);
    for (const [studentId, account] of [
      ['bob', RECORDED_ACCOUNT],
      ['alice', '111111111111'],
    ] as const) {
      const put = await t.call('PUT', `/courses/${OTHER_COURSE}/students/${studentId}`, {
        token: teacher,
        body: role(account),
      });
      expect(put.status, put.text).toBeLessThan(300);
    }
    expect((await flags(OTHER_COURSE)).sharedAccounts).toEqual([
      {
        accountId: RECORDED_ACCOUNT,
        students: ['bob'],
        others: [
          { courseId: TEAM_COURSE, studentId: 'vpc-complete' },
          { courseId: TEAM_COURSE, studentId: 'vpc-single-az' },
        ],
      },
    ]);
    expect((await flags(TEAM_COURSE)).sharedAccounts).toEqual([
      {
        accountId: RECORDED_ACCOUNT,
        students: ['vpc-complete', 'vpc-single-az'],
        others: [{ courseId: OTHER_COURSE, studentId: 'bob' }],
      },
    ]);
  });

  it("names another course's student only to that course's instructors and to admins", async () => {
    const tina = t.service.token({ subject: 'tina', groups: ['instructors'] });
    expect(
      (
        await t.call('PUT', '/courses/sec201', {
          token: tina,
          body: { region: 'us-east-1', labs: [{ lab: 'vpc' }] },
        })
      ).status,
    ).toBeLessThan(300);
    const put = await t.call('PUT', '/courses/sec201/students/carl', { token: tina, body: role(RECORDED_ACCOUNT) });
    expect(put.status, put.text).toBeLessThan(300);
    const others = (await flags(OTHER_COURSE)).sharedAccounts[0]?.others;
    expect(others).toContainEqual({ courseId: 'sec201', studentId: null });
    const admin = t.service.token({ subject: 'ops', groups: ['admins'] });
    const asAdmin = (await t.call('GET', `/courses/${OTHER_COURSE}/flags`, { token: admin })).json as FlagsResponse;
    expect(asAdmin.sharedAccounts[0]?.others).toContainEqual({ courseId: 'sec201', studentId: 'carl' });
    // Not one of tina's courses: her flags stop at her own.
    expect((await t.call('GET', `/courses/${OTHER_COURSE}/flags`, { token: tina })).status).toBe(403);
  });

  it('a student registered again with another account, then graded on the old one: account changed, wrong account, not counted', async () => {
    const put = await t.call('PUT', `/courses/${TEAM_COURSE}/students/vpc-single-az`, {
      token: teacher,
      body: role(NEW_ACCOUNT),
    });
    expect(put.status, put.text).toBeLessThan(300);
    // The demo student is graded from the inventory recorded in the old account.
    const graded = await t.call('POST', '/grades', {
      token: teacher,
      body: { lab: 'vpc', studentId: 'vpc-single-az' },
    });
    expect(graded.status, graded.text).toBe(201);
    expect(graded.json.wrongAccount).toEqual({ accountRead: RECORDED_ACCOUNT, registered: NEW_ACCOUNT });

    const got = await flags(TEAM_COURSE);
    expect(got.accountChanges).toEqual([
      {
        studentId: 'vpc-single-az',
        accountId: NEW_ACCOUNT,
        earlier: [{ accountId: RECORDED_ACCOUNT, lab: 'vpc', attempts: 1, lastAttemptAt: expect.any(String) }],
      },
    ]);
    expect(got.wrongAccount).toEqual([
      {
        studentId: 'vpc-single-az',
        lab: 'vpc',
        registered: NEW_ACCOUNT,
        accountRead: RECORDED_ACCOUNT,
        attempts: 1,
        lastAttemptId: graded.json.attemptId,
        lastStartedAt: expect.any(String),
        current: true,
      },
    ]);
    const results = (await t.call('GET', `/courses/${TEAM_COURSE}/labs/vpc/results`, { token: teacher })).json;
    const row = results.items.find((r: { studentId: string }) => r.studentId === 'vpc-single-az');
    expect(graded.json.counted.attempt).toBeNull();
    expect(row).toBeDefined();
    expect(row.counted.attempt).toBeNull();
  });

  it('lists standings stored before attempts belonged to a registration (no regrade reaches them)', async () => {
    // The shape the store wrote before the account was part of the keys.
    await t.service.store.doc.send(
      new PutCommand({
        TableName: t.service.tables.grades,
        Item: {
          PK: 'STUDENT#vpc-complete',
          SK: `STANDING#${TEAM_COURSE}#vpc`,
          GSI1PK: `COURSE#${TEAM_COURSE}#LAB#vpc`,
          GSI1SK: 'STUDENT#vpc-complete',
          kind: 'standing',
          courseId: TEAM_COURSE,
          studentId: 'vpc-complete',
          lab: 'vpc',
          attempts: 3,
          latestAttemptId: 'legacy-3',
          latest: { startedAt: '2025-09-01T09:00:00.000Z', checks: [], score: 10, maxScore: 100 },
          counted: { policy: 'best', attempt: null },
          version: 3,
          recentJobIds: [],
          updatedAt: '2025-09-01T09:00:01.000Z',
        },
      }),
    );
    expect((await flags(TEAM_COURSE)).unownedHistory).toEqual([
      { studentId: 'vpc-complete', lab: 'vpc', attempts: 3, lastAttemptAt: '2025-09-01T09:00:00.000Z' },
    ]);
  });

  it('is for instructors; a bad or unknown course and an unknown parameter are named', async () => {
    const student = t.service.token({ subject: 'vpc-complete' });
    expect((await t.call('GET', `/courses/${TEAM_COURSE}/flags`, { token: student })).status).toBe(403);
    expect((await t.call('GET', `/courses/${TEAM_COURSE}/flags`)).status).toBe(401);
    const unknown = await t.call('GET', '/courses/no-such/flags', { token: teacher });
    expect(unknown.status).toBe(404);
    const bad = await t.call('GET', `/courses/${'x'.repeat(200)}/flags`, { token: teacher });
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe('courseId');
    const query = await t.call('GET', `/courses/${TEAM_COURSE}/flags?lab=vpc`, { token: teacher });
    expect(query.status).toBe(400);
    expect(query.json.error.field).toBe('lab');
  });
});
