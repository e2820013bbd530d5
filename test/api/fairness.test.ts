/**
 * Overrides and extensions through the local service: an instructor overrides one check for one
 * student with a reason (shown beside the grader's verdict, audited, marked in the CSV, kept across
 * a regrade); a per-student extension is what the deadline policy judges that student's attempts by.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OverridesResponse, RegradeResponse } from '../../functions/api/contract.js';
import { startTestService, type TestService } from '../support/local-api.js';

const COURSE = 'demo-vpc';
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
