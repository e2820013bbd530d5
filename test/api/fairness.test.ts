/**
 * Overrides and extensions through the local service: an instructor overrides one check for one
 * student with a reason (shown beside the grader's verdict, audited, marked in the CSV, kept across
 * a regrade); a per-student extension is what the deadline policy judges that student's attempts by,
 * and a PUT of the student's roster entry that does not mention it keeps it (as it keeps what the
 * event intake recorded of the account).
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OverridesResponse, RegradeResponse } from '../../functions/api/contract.js';
import { demoEvent } from '../../functions/local/events-route.js';
import { RECORDED_ACCOUNT, startTestService, type TestService } from '../support/local-api.js';

const COURSE = 'demo-vpc';
const OTHER_ACCOUNT = '210987654321';
const OVERRIDE = `/courses/${COURSE}/labs/vpc/students/vpc-single-az/overrides/vpc.public-subnets`;
let t: TestService;
let teacher: string;

beforeAll(async () => {
  t = await startTestService('fairness', ['vpc/complete', 'vpc/single-az']);
  teacher = t.service.token({ subject: 'teacher', groups: ['instructors'] });
});

afterAll(async () => {
  await t?.stop();
});

async function resultOf(studentId: string) {
  const res = await t.call('GET', `/courses/${COURSE}/labs/vpc/results`, { token: teacher });
  return res.json.items.find((r: { studentId: string }) => r.studentId === studentId);
}

describe('overriding a check for one student', () => {
  let before: { score: number; check: { status: string; points: number; earned: number } };

  it('needs a reason, and names what is wrong', async () => {
    const row = await resultOf('vpc-single-az');
    before = {
      score: row.counted.attempt.score,
      check: row.checks.find((c: { id: string }) => c.id === 'vpc.public-subnets'),
    };
    expect(before.check.status).toBe('fail');
    const noReason = await t.call('PUT', OVERRIDE, { token: teacher, body: { status: 'pass' } });
    expect(noReason.status).toBe(400);
    expect(noReason.json.error.field).toBe('reason');
    const blank = await t.call('PUT', OVERRIDE, { token: teacher, body: { status: 'pass', reason: '   ' } });
    expect(blank.status).toBe(400);
    const tooMany = await t.call('PUT', OVERRIDE, {
      token: teacher,
      body: { status: 'pass', points: 999, reason: 'x' },
    });
    expect(tooMany.json.error.field).toBe('points');
    const noCheck = await t.call('PUT', OVERRIDE.replace('vpc.public-subnets', 'vpc.nope'), {
      token: teacher,
      body: { status: 'pass', reason: 'x' },
    });
    expect(noCheck.json.error.field).toBe('checkId');
    const student = t.service.token({ subject: 'vpc-single-az' });
    expect((await t.call('PUT', OVERRIDE, { token: student, body: { status: 'pass', reason: 'x' } })).status).toBe(403);
  });

  it('counts the override, shows it beside the grader verdict, audits it and marks it in the CSV', async () => {
    const reason = 'us-east-1b had no capacity for the lab that week; one public subnet accepted';
    const res = await t.call('PUT', OVERRIDE, { token: teacher, body: { status: 'pass', reason } });
    expect(res.status).toBe(200);
    expect(res.json.event).toMatchObject({
      action: 'set',
      status: 'pass',
      earned: before.check.points,
      by: 'teacher',
      reason,
    });
    expect(res.json.counted.attempt.score).toBe(before.score + before.check.points);

    const graded = await t.call('POST', '/grades', {
      token: teacher,
      body: { lab: 'vpc', studentId: 'vpc-single-az' },
    });
    const check = graded.json.result.checks.find((c: { id: string }) => c.id === 'vpc.public-subnets');
    expect(check).toMatchObject({
      status: 'pass',
      grader: { status: 'fail', earned: 0 },
      override: { status: 'pass', reason, by: 'teacher' },
    });
    // The stored attempt keeps the grader's verdict.
    const attempts = (await t.call('GET', '/students/vpc-single-az/grades?lab=vpc', { token: teacher })).json.items;
    expect(attempts[0].result.checks.find((c: { id: string }) => c.id === 'vpc.public-subnets').status).toBe('fail');

    const csv = await t.call('GET', `/courses/${COURSE}/labs/vpc/results.csv`, { token: teacher });
    const rows = parse(csv.text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.studentId === 'vpc-single-az')?.overridden).toBe('vpc.public-subnets (fail→pass)');
    expect(rows.find((r) => r.studentId === 'vpc-complete')?.overridden).toBe('');

    const list = (await t.call('GET', `/courses/${COURSE}/labs/vpc/overrides`, { token: teacher }))
      .json as OverridesResponse;
    expect(list.items).toEqual([
      expect.objectContaining({ studentId: 'vpc-single-az', checkId: 'vpc.public-subnets', reason }),
    ]);
    expect(list.audit.map((e) => e.action)).toEqual(['set']);
  });

  it('is preserved across a regrade, and removing it (with a reason) is audited too', async () => {
    const run = await t.call('POST', `/courses/${COURSE}/labs/vpc/regrade`, { token: teacher });
    expect(run.status).toBe(202);
    let done: RegradeResponse | undefined;
    for (let i = 0; i < 100 && !done; i += 1) {
      const res = (await t.call('GET', run.headers.get('location') as string, { token: teacher }))
        .json as RegradeResponse;
      if (res.run.done === res.run.total) done = res;
      else await new Promise((r) => setTimeout(r, 100));
    }
    const part = done?.students.find((s) => s.studentId === 'vpc-single-az');
    expect(part?.after?.score).toBe(before.score + before.check.points);
    expect(
      (await resultOf('vpc-single-az')).checks.find((c: { id: string }) => c.id === 'vpc.public-subnets').status,
    ).toBe('pass');

    expect((await t.call('DELETE', OVERRIDE, { token: teacher })).status).toBe(400);
    const removed = await t.call('DELETE', `${OVERRIDE}?reason=${encodeURIComponent('capacity is back')}`, {
      token: teacher,
    });
    expect(removed.status).toBe(200);
    expect(removed.json.counted.attempt.score).toBe(before.score);
    const list = (await t.call('GET', `/courses/${COURSE}/labs/vpc/overrides`, { token: teacher }))
      .json as OverridesResponse;
    expect(list.items).toEqual([]);
    expect(list.audit.map((e) => [e.action, e.reason])).toEqual([
      ['set', expect.stringMatching(/no capacity/)],
      ['removed', 'capacity is back'],
    ]);
  });
});

describe('a per-student deadline extension', () => {
  it('is what the best-before-deadline policy judges that student by', async () => {
    // The deadline has passed for everyone; the course now counts only attempts made before it.
    const course = {
      region: 'us-east-1',
      labs: [{ lab: 'vpc', deadline: '2020-01-01T00:00:00Z' }],
      scoringPolicy: 'best-before-deadline',
      teamBased: true,
    };
    expect((await t.call('PUT', `/courses/${COURSE}`, { token: teacher, body: course })).status).toBe(200);
    const extend = (studentId: string, deadline: string | null) =>
      t.call('PUT', `/courses/${COURSE}/students/${studentId}/extensions/vpc`, { token: teacher, body: { deadline } });

    const late = await extend('vpc-complete', '2020-01-02T00:00:00Z');
    expect(late.status).toBe(200);
    expect(late.json.counted).toEqual({ policy: 'best-before-deadline', attempt: null });

    const granted = await extend('vpc-complete', '2099-01-01T00:00:00Z');
    expect(granted.json.deadlines).toEqual({ vpc: '2099-01-01T00:00:00Z' });
    expect(granted.json.counted.attempt.score).toBeGreaterThan(0);
    expect((await resultOf('vpc-complete')).counted.attempt.score).toBe(granted.json.counted.attempt.score);

    const bad = await extend('vpc-complete', 'next friday');
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe('deadline');
    const withdrawn = await extend('vpc-complete', null);
    expect(withdrawn.json.deadlines).toEqual({});
    expect(withdrawn.json.counted.attempt).toBeNull();
  });
});

describe('deadlines stated by a PUT of the roster entry', () => {
  it('are judged by at once, as an extension is: the counted attempt is recounted', async () => {
    // The course counts attempts before 2020-01-01 only (set above), and this student has no extension.
    expect((await resultOf('vpc-complete')).counted.attempt).toBeNull();
    const access = registration(RECORDED_ACCOUNT);

    const extended = await putStudent('vpc-complete', { ...access, deadlines: { vpc: '2099-01-01T00:00:00Z' } });
    expect(extended.status).toBe(200);
    expect((await resultOf('vpc-complete')).counted.attempt.score).toBeGreaterThan(0);

    const withdrawn = await putStudent('vpc-complete', { ...access, deadlines: {} });
    expect(withdrawn.status).toBe(200);
    expect((await resultOf('vpc-complete')).counted.attempt).toBeNull();
  });

  it('are recounted when an extension withdrawn just before the write made them a change', async () => {
    const access = registration(RECORDED_ACCOUNT);
    const extended = { ...access, deadlines: { vpc: '2099-01-01T00:00:00Z' } };
    expect((await putStudent('vpc-complete', extended)).status).toBe(200);
    // The extension route withdraws the extension (and recounts: nothing counted) after the PUT
    // read the entry (the same deadline as it states), before the PUT writes it.
    const store = t.service.store;
    const write = store.writeRegistration.bind(store);
    const writes = vi.spyOn(store, 'writeRegistration').mockImplementationOnce(async (...args) => {
      const withdrawn = await t.call('PUT', `/courses/${COURSE}/students/vpc-complete/extensions/vpc`, {
        token: teacher,
        body: { deadline: null },
      });
      expect(withdrawn.json.counted.attempt).toBeNull();
      return write(...args);
    });

    expect((await putStudent('vpc-complete', extended)).status).toBe(200);

    writes.mockRestore();
    expect((await rosterEntry('vpc-complete')).deadlines).toEqual(extended.deadlines);
    expect((await resultOf('vpc-complete')).counted.attempt.score).toBeGreaterThan(0);
  });

  it('are not recounted when the entry has them already', async () => {
    const access = registration(RECORDED_ACCOUNT);
    const extended = { ...access, deadlines: { vpc: '2099-01-01T00:00:00Z' } };
    expect((await putStudent('vpc-complete', extended)).status).toBe(200);
    const attemptsRead = vi.spyOn(t.service.store, 'listAllAttempts');

    expect((await putStudent('vpc-complete', extended)).status).toBe(200);

    expect(attemptsRead).not.toHaveBeenCalled();
    attemptsRead.mockRestore();
  });
});

/** A registration body for role access in `accountId`. */
function registration(accountId: string, extra: Record<string, unknown> = {}) {
  return { accountId, roleArn: `arn:aws:iam::${accountId}:role/labgrader`, externalId: 'ext-1234', ...extra };
}

const putStudent = (studentId: string, body: unknown) =>
  t.call('PUT', `/courses/${COURSE}/students/${studentId}`, { token: teacher, body });

async function rosterEntry(studentId: string) {
  const res = await t.call('GET', `/courses/${COURSE}/students`, { token: teacher });
  return res.json.items.find((e: { studentId: string }) => e.studentId === studentId);
}

describe('a PUT of a roster entry', () => {
  it('keeps an extension granted through the extension route when it does not mention deadlines', async () => {
    const granted = await t.call('PUT', `/courses/${COURSE}/students/vpc-complete/extensions/vpc`, {
      token: teacher,
      body: { deadline: '2099-01-01T00:00:00Z' },
    });
    expect(granted.status).toBe(200);

    // The instructor only moves the student to another account.
    const moved = await putStudent('vpc-complete', registration(OTHER_ACCOUNT));
    expect(moved.status).toBe(200);
    expect(moved.json.accountId).toBe(OTHER_ACCOUNT);
    expect(moved.json.deadlines).toEqual({ vpc: '2099-01-01T00:00:00Z' });
    expect((await rosterEntry('vpc-complete')).deadlines).toEqual({ vpc: '2099-01-01T00:00:00Z' });
  });

  it('sets the deadlines it states, and withdraws them all with deadlines {}', async () => {
    const set = await putStudent(
      'vpc-complete',
      registration(OTHER_ACCOUNT, { deadlines: { vpc: '2098-06-01T00:00:00Z' } }),
    );
    expect(set.status).toBe(200);
    expect((await rosterEntry('vpc-complete')).deadlines).toEqual({ vpc: '2098-06-01T00:00:00Z' });

    const cleared = await putStudent('vpc-complete', registration(OTHER_ACCOUNT, { deadlines: {} }));
    expect(cleared.status).toBe(200);
    expect((await rosterEntry('vpc-complete')).deadlines ?? {}).toEqual({});
  });
});

describe("the account's live-grading signals on a PUT of a roster entry", () => {
  const post = (event: Record<string, unknown>) => t.call('POST', '/events', { token: teacher, body: event });
  /** The student's access stack deleted: the forwarding may stop (functions/service/live-events.ts). */
  function accessStackDeleted(at: Date) {
    const event = demoEvent(RECORDED_ACCOUNT, 'us-east-1', at);
    const detail = event.detail as Record<string, unknown>;
    return {
      ...event,
      source: 'aws.cloudformation',
      detail: {
        ...detail,
        eventSource: 'cloudformation.amazonaws.com',
        eventName: 'DeleteStack',
        requestParameters: { stackName: 'labgrader-access' },
        responseElements: null,
      },
    };
  }

  it('are kept on the same account and dropped with a move to another account', async () => {
    expect((await post(demoEvent(RECORDED_ACCOUNT, 'us-east-1', new Date()))).status).toBe(202);
    const live = await rosterEntry('vpc-single-az');
    expect(live.liveSince).toEqual(expect.any(String));
    expect(live.liveGlobalAt).toEqual(expect.any(String));

    const renamed = await putStudent('vpc-single-az', registration(RECORDED_ACCOUNT, { name: 'Sam' }));
    expect(renamed.status).toBe(200);
    expect(await rosterEntry('vpc-single-az')).toMatchObject({
      name: 'Sam',
      liveSince: live.liveSince,
      liveGlobalAt: live.liveGlobalAt,
    });

    expect((await post(accessStackDeleted(new Date()))).status).toBe(202);
    const ended = await rosterEntry('vpc-single-az');
    expect(ended.liveEndedAt).toEqual(expect.any(String));
    expect(ended.liveSince).toBeUndefined();
    await putStudent('vpc-single-az', registration(RECORDED_ACCOUNT, { name: 'Sam' }));
    expect((await rosterEntry('vpc-single-az')).liveEndedAt).toBe(ended.liveEndedAt);

    // Another account: what the intake saw of the earlier one says nothing about it.
    const moved = await putStudent('vpc-single-az', registration(OTHER_ACCOUNT));
    expect(moved.status).toBe(200);
    const after = await rosterEntry('vpc-single-az');
    expect(after.accountId).toBe(OTHER_ACCOUNT);
    expect(after).not.toHaveProperty('liveEndedAt');
    expect(after).not.toHaveProperty('liveSince');
  });
});
