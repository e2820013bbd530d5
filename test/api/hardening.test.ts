/**
 * Issue 20's API items, each as a user meets it, through the local service on DynamoDB Local.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDED_ACCOUNT, startTestService, type TestService } from '../support/local-api.js';

let t: TestService;
let teacher: string;

beforeAll(async () => {
  t = await startTestService('hardening', ['vpc/complete']);
  teacher = t.service.token({ subject: 'teacher', groups: ['instructors'] });
});

afterAll(async () => {
  await t?.stop();
});

/** An expiration `hours` from the test's clock, as `aws configure export-credentials` writes it. */
const expiresIn = (hours: number) =>
  new Date(Date.now() + hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');

describe('session credentials (item 8)', () => {
  it('accepts what `aws configure export-credentials` prints, pasted as it is', async () => {
    const put = await t.call('PUT', '/courses/demo-vpc/students/lena', {
      token: teacher,
      body: { accountId: RECORDED_ACCOUNT, access: 'session' },
    });
    expect(put.status, put.text).toBe(201);
    const lena = t.service.token({ subject: 'lena' });
    const exported = {
      Version: 1,
      AccessKeyId: 'ASIAEXAMPLEEXAMPLE01',
      SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      SessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKENEXAMPLETOKEN',
      Expiration: expiresIn(12),
    };

    const res = await t.call('PUT', '/courses/demo-vpc/students/lena/credentials', { token: lena, body: exported });

    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ expiration: exported.Expiration });
    expect(res.text).not.toContain(exported.SecretAccessKey);
    const wrong = await t.call('PUT', '/courses/demo-vpc/students/lena/credentials', {
      token: lena,
      body: { ...exported, AccessKeyId: 'AKIAEXAMPLEEXAMPLE01' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.field).toBe('AccessKeyId');
  });

  // AWS session credentials live at most 36 hours (GetSessionToken, GetFederationToken: 129,600 s).
  it.each([
    ['later than any AWS session credentials expire', expiresIn(37), /more than 36 hours/],
    ['in 2099', '2099-12-07T06:00:00+00:00', /more than 36 hours/],
    ['already past', expiresIn(-1), /already expired/],
  ])('refuses an expiration %s, naming it', async (_what, Expiration, message) => {
    const lena = t.service.token({ subject: 'lena' });
    const res = await t.call('PUT', '/courses/demo-vpc/students/lena/credentials', {
      token: lena,
      body: {
        Version: 1,
        AccessKeyId: 'ASIAEXAMPLEEXAMPLE01',
        SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        SessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKENEXAMPLETOKEN',
        Expiration,
      },
    });
    expect(res.status).toBe(400);
    // The body is read in either form first; the expiration is then judged by the service's clock.
    expect(res.json.error).toMatchObject({ field: 'expiration', message: expect.stringMatching(message) });
  });
});

describe('a request without a body, sent with a JSON Content-Type', () => {
  // `curl -H 'Content-Type: application/json'` on every request is a common habit.
  const send = (method: string, path: string) =>
    fetch(`${t.service.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${teacher}`, 'content-type': 'application/json' },
    });

  it('is answered as a request without a body: a GET is read, a route that needs one names the body', async () => {
    const list = await send('GET', '/courses');
    expect(list.status, await list.clone().text()).toBe(200);
    const grade = await send('POST', '/grades');
    expect(grade.status).toBe(400);
    expect(((await grade.json()) as { error: unknown }).error).toMatchObject({
      field: 'body',
      message: expect.stringMatching(/JSON object body/),
    });
  });
});

describe("the grader's own failure (item 10)", () => {
  let bare: TestService;

  beforeAll(async () => {
    bare = await startTestService('bare-grader', ['vpc/complete'], {
      grading: {
        // A grader with no AWS credentials of its own.
        graderCredentials: async () => {
          // What the SDK's default chain throws (a CredentialsProviderError of @smithy/property-provider).
          throw Object.assign(new Error('Could not load credentials from any providers'), {
            name: 'CredentialsProviderError',
            tryNextLink: false,
          });
        },
        clientConfig: { maxAttempts: 1 },
      },
    });
  });

  afterAll(async () => {
    await bare?.stop();
  });

  it('is a 503 that says so, does not use the student slot, and stores no attempt', async () => {
    const teacherToken = bare.service.token({ subject: 'teacher', groups: ['instructors'] });
    const put = await bare.call('PUT', '/courses/demo-vpc/students/rita', {
      token: teacherToken,
      body: {
        accountId: '111122223333',
        roleArn: 'arn:aws:iam::111122223333:role/labgrader-access',
        externalId: 'ext-rita-1',
      },
    });
    expect(put.status, put.text).toBe(201);
    const rita = bare.service.token({ subject: 'rita' });

    const first = await bare.call('POST', '/grades', { token: rita, body: { lab: 'vpc' } });
    const second = await bare.call('POST', '/grades', { token: rita, body: { lab: 'vpc' } });

    expect(first.status, first.text).toBe(503);
    expect(first.json.error.message).toMatch(/grader is not configured.*not the student's fault/);
    expect(first.json.error.message).not.toMatch(/student's account could not be read/);
    expect(second.status, 'the failed attempt must not use the slot').toBe(503);
    const attempts = await bare.call('GET', '/students/rita/grades?lab=vpc', { token: teacherToken });
    expect(attempts.json.items).toEqual([]);
  });
});

// What an override may grant: no more than the check is worth in the course, bonus checks
// included, and nothing for a check the course switched off (outside the course's maximum score).
// A careless instructor's typo is a 400 naming the field, never a counted score above the maximum.
// Last in this file: it switches a check of demo-vpc off.
const COURSE = 'demo-vpc';
const STUDENT = 'vpc-complete';
const overridePath = (checkId: string) => `/courses/${COURSE}/labs/vpc/students/${STUDENT}/overrides/${checkId}`;
async function counted() {
  const res = await t.call('GET', `/courses/${COURSE}/labs/vpc/results`, { token: teacher });
  return res.json.items.find((r: { studentId: string }) => r.studentId === STUDENT).counted.attempt;
}

describe('an override grants at most what the check is worth', () => {
  it('refuses more points than a bonus check is worth, naming points, and the counted score stays', async () => {
    const before = await counted();
    const res = await t.call('PUT', overridePath('vpc.nat-ha'), {
      token: teacher,
      body: { status: 'pass', points: 1000, reason: 'typed one zero too many' },
    });
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.field).toBe('points');
    expect(res.json.error.message).toMatch(/vpc\.nat-ha is worth at most 5 points/);
    expect(await counted()).toEqual(before);
  });

  it('still grants a bonus check up to its worth', async () => {
    const res = await t.call('PUT', overridePath('vpc.nat-ha'), {
      token: teacher,
      body: { status: 'pass', points: 5, reason: 'second NAT gateway shown in class' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.event.earned).toBe(5);
  });

  it('refuses an override of a check the course switched off, naming checkId', async () => {
    const course = await t.call('GET', `/courses/${COURSE}`, { token: teacher });
    const { region, lang, scoringPolicy, teamBased } = course.json;
    const off = await t.call('PUT', `/courses/${COURSE}`, {
      token: teacher,
      body: { region, lang, scoringPolicy, teamBased, labs: [{ lab: 'vpc', disabled: ['vpc.tags'] }] },
    });
    expect(off.status, off.text).toBe(200);
    await t.call('POST', '/grades', { token: teacher, body: { lab: 'vpc', studentId: STUDENT } });
    const res = await t.call('PUT', overridePath('vpc.tags'), {
      token: teacher,
      body: { status: 'pass', reason: 'tags were there' },
    });
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.field).toBe('checkId');
    expect(res.json.error.message).toMatch(/vpc\.tags is switched off in course demo-vpc/);
    const latest = (await t.call('GET', `/courses/${COURSE}/labs/vpc/results`, { token: teacher })).json.items.find(
      (r: { studentId: string }) => r.studentId === STUDENT,
    );
    expect(latest.score - latest.checks.find((c: { id: string }) => c.id === 'vpc.nat-ha').earned).toBeLessThanOrEqual(
      latest.maxScore,
    );
  });

  it('stops counting an override once the course switches its check off', async () => {
    const { region, lang, scoringPolicy, teamBased } = (await t.call('GET', `/courses/${COURSE}`, { token: teacher }))
      .json;
    const tailor = (labs: unknown[]) =>
      t.call('PUT', `/courses/${COURSE}`, { token: teacher, body: { region, lang, scoringPolicy, teamBased, labs } });
    expect((await tailor([{ lab: 'vpc' }])).status).toBe(200);
    const set = await t.call('PUT', overridePath('vpc.tags'), {
      token: teacher,
      body: { status: 'pass', reason: 'Name tags checked by hand' },
    });
    expect(set.status, set.text).toBe(200);
    expect((await tailor([{ lab: 'vpc', disabled: ['vpc.tags'] }])).status).toBe(200);
    // A recount (here by an extension) replays the latest attempt, graded with vpc.tags switched off.
    const recount = await t.call('PUT', `/courses/${COURSE}/students/${STUDENT}/extensions/vpc`, {
      token: teacher,
      body: { deadline: null },
    });
    expect(recount.status, recount.text).toBe(200);
    const row = (await t.call('GET', `/courses/${COURSE}/labs/vpc/results`, { token: teacher })).json.items.find(
      (r: { studentId: string }) => r.studentId === STUDENT,
    );
    const check = (id: string) => row.checks.find((c: { id: string }) => c.id === id);
    expect(check('vpc.tags')).toMatchObject({ status: 'skip', earned: 0 });
    const bonus = check('vpc.nat-ha').earned;
    expect(row.score - bonus, `score ${row.score} (bonus ${bonus}) of ${row.maxScore}`).toBeLessThanOrEqual(
      row.maxScore,
    );
    // Nor is it listed as in force; the audit keeps it.
    const list = (await t.call('GET', `/courses/${COURSE}/labs/vpc/overrides`, { token: teacher })).json;
    expect(list.items.map((o: { checkId: string }) => o.checkId)).not.toContain('vpc.tags');
    expect(list.audit.map((o: { checkId: string }) => o.checkId)).toContain('vpc.tags');
  });
});

describe('an override set before its check was made worth less', () => {
  let clocked: TestService;
  // The grade rate limit (one per 20 s per student) goes by the service's clock: each grade here is a minute later.
  let later = 0;

  beforeAll(async () => {
    clocked = await startTestService('override-worth', ['vpc/complete'], {
      now: () => new Date(Date.now() + later),
    });
  });

  afterAll(async () => {
    await clocked?.stop();
  });

  it('grants at most what the check is worth now', async () => {
    const admin = clocked.service.token({ subject: 'teacher', groups: ['instructors'] });
    const { region, lang, scoringPolicy, teamBased } = (
      await clocked.call('GET', `/courses/${COURSE}`, { token: admin })
    ).json;
    const set = await clocked.call('PUT', overridePath('vpc.dns'), {
      token: admin,
      body: { status: 'pass', reason: 'DNS hostnames shown on screen' },
    });
    expect(set.json.event.earned, set.text).toBe(5);
    const cheaper = await clocked.call('PUT', `/courses/${COURSE}`, {
      token: admin,
      body: { region, lang, scoringPolicy, teamBased, labs: [{ lab: 'vpc', points: { 'vpc.dns': 1 } }] },
    });
    expect(cheaper.status, cheaper.text).toBe(200);
    later += 60_000;
    const graded = await clocked.call('POST', '/grades', { token: admin, body: { lab: 'vpc', studentId: STUDENT } });
    expect(graded.status, graded.text).toBe(201);
    expect(graded.json.result.checks.find((c: { id: string }) => c.id === 'vpc.dns')).toMatchObject({
      status: 'pass',
      points: 1,
      earned: 1,
    });
    const { score, bonusScore, maxScore } = graded.json.result;
    expect(score - bonusScore, `score ${score} (bonus ${bonusScore}) of ${maxScore}`).toBeLessThanOrEqual(maxScore);
  });
});
