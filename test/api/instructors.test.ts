/**
 * Instructor isolation (issue 20 item 2), through the real local service on DynamoDB Local: a
 * course has a list of instructors (its creator first, an instructor on it adds or removes
 * others); an instructor who is not on it is refused every route that names the course or one of
 * its students (taken from the route table itself, so a route added later is held too) and the
 * data stays as it was; admins (the admin group) manage every course, including one no instructor
 * has claimed; `/me` and `GET /courses` list only the caller's courses.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTokenCommand } from '../../cli/token.js';
import type { MeResponse } from '../../functions/api/contract.js';
import { errorReply } from '../../functions/api/errors.js';
import { ROUTES } from '../../functions/api/routes/index.js';
import { CourseExistsError, registerCourse } from '../../functions/service/roster.js';
import { startTestService, type TestService } from '../support/local-api.js';

const COURSE = 'demo-vpc';
const STUDENT = 'vpc-complete';
const FILL: Record<string, string> = {
  courseId: COURSE,
  studentId: STUDENT,
  lab: 'vpc',
  checkId: 'vpc.tags',
  runId: 'r1',
  instructorId: 'kim',
};

let t: TestService;
let teacher: string;
let kim: string;
let ops: string;

async function snapshot(): Promise<unknown[]> {
  const out = await t.service.store.doc.send(
    new ScanCommand({ TableName: t.service.tables.grades, ConsistentRead: true }),
  );
  const items = (out.Items ?? []).filter((i) => !String(i.pk).startsWith('RATE#'));
  return items.sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
}

const courseIds = (me: MeResponse) => me.courses.map((c) => c.courseId).sort();

beforeAll(async () => {
  t = await startTestService('instr', ['vpc/complete']);
  teacher = t.service.token({ subject: 'teacher', groups: ['instructors'] });
  kim = t.service.token({ subject: 'kim', groups: ['instructors'] });
  // The operator's token as `labgrader token --admin` prints it for this service's data folder.
  let printed = '';
  const code = await runTokenCommand(['--instructor', 'ops', '--admin', '--data-dir', t.service.dataDir], {
    out: (text) => (printed += text),
  });
  expect(code).toBe(0);
  ops = printed.trim();
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

/** Every route that names a course or a student, as a request an instructor might send. */
function courseRequests() {
  return ROUTES.filter(
    (r) => r.access !== 'anyone' && (/\{(courseId|studentId)\}/.test(r.pattern) || r.pattern === '/grades'),
  ).map((r) => {
    const path = r.pattern.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(FILL[name] ?? 'x'));
    const query = r.pattern === '/students/{studentId}/grades' ? '?lab=vpc' : '';
    const body = r.pattern === '/grades' ? { lab: 'vpc', studentId: STUDENT } : r.body ? {} : undefined;
    return { method: r.method, path: `${path}${query}`, body };
  });
}

describe('a course is its instructors’', () => {
  it('the creator sees it; another instructor neither lists it nor sees it in /me', async () => {
    const mine = (await t.call('GET', '/me', { token: teacher })).json as MeResponse;
    expect(mine).toMatchObject({ role: 'instructor', admin: false });
    expect(courseIds(mine)).toEqual([COURSE]);
    const theirs = (await t.call('GET', '/me', { token: kim })).json as MeResponse;
    expect(theirs).toMatchObject({ role: 'instructor', admin: false, courses: [] });
    expect((await t.call('GET', '/courses', { token: kim })).json.items).toEqual([]);
    const list = await t.call('GET', `/courses/${COURSE}/instructors`, { token: teacher });
    expect(list.status).toBe(200);
    expect(list.json.items.map((i: { instructorId: string }) => i.instructorId)).toEqual(['teacher']);
  });

  it('refuses another instructor every route naming the course or its students (403 before the body is read), changing nothing', async () => {
    const before = await snapshot();
    const requests = courseRequests();
    // The route table's course routes: roster, results, summary, CSV, grades, settings, regrade,
    // overrides, extensions, instructors, LMS links, credentials...
    expect(requests.length).toBeGreaterThanOrEqual(20);
    const answers = [];
    for (const req of requests) {
      const res = await t.call(req.method, req.path, { token: kim, ...(req.body ? { body: req.body } : {}) });
      answers.push(`${req.method} ${req.path} → ${res.status} ${res.json?.error?.message ?? ''}`);
    }
    const wrong = answers.filter((a) => !/→ 403 /.test(a));
    expect(wrong).toEqual([]);
    expect(
      answers.filter((a) => a.includes(`/courses/${COURSE}`)).every((a) => a.includes('does not teach course')),
    ).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  it('the same requests pass the router for an instructor of the course', async () => {
    // Not 403: each route then answers as it does (200, 404 for the made-up run or check, 400 for an empty body...).
    for (const req of courseRequests().filter((r) => r.method === 'GET')) {
      const res = await t.call(req.method, req.path, { token: teacher });
      expect(res.status, `${req.method} ${req.path}: ${res.text.slice(0, 200)}`).not.toBe(403);
    }
  });

  it('an instructor on the list adds another, who may then manage it; the last one is not removed', async () => {
    const added = await t.call('PUT', `/courses/${COURSE}/instructors/kim`, { token: teacher });
    expect(added.status).toBe(201);
    expect(added.json.items.map((i: { instructorId: string; addedBy: string }) => [i.instructorId, i.addedBy])).toEqual(
      [
        ['teacher', 'teacher'],
        ['kim', 'teacher'],
      ],
    );
    expect((await t.call('PUT', `/courses/${COURSE}/instructors/kim`, { token: teacher })).status).toBe(200);
    expect((await t.call('GET', `/courses/${COURSE}/students`, { token: kim })).status).toBe(200);
    expect(courseIds((await t.call('GET', '/me', { token: kim })).json)).toEqual([COURSE]);

    // kim removes the creator; the course is kim's alone now.
    const removed = await t.call('DELETE', `/courses/${COURSE}/instructors/teacher`, { token: kim });
    expect(removed.status).toBe(200);
    expect(removed.json.items.map((i: { instructorId: string }) => i.instructorId)).toEqual(['kim']);
    expect((await t.call('GET', `/courses/${COURSE}/labs/vpc/summary`, { token: teacher })).status).toBe(403);
    expect((await t.call('GET', '/me', { token: teacher })).json.courses).toEqual([]);

    const last = await t.call('DELETE', `/courses/${COURSE}/instructors/kim`, { token: kim });
    expect(last.status).toBe(409);
    expect(last.json.error).toMatchObject({ field: 'instructorId' });
    const nobody = await t.call('DELETE', `/courses/${COURSE}/instructors/nobody`, { token: kim });
    expect(nobody).toMatchObject({ status: 404 });
    expect(nobody.json.error.field).toBe('instructorId');
    const noCourse = await t.call('PUT', '/courses/no-such-course/instructors/kim', { token: kim });
    expect(noCourse.status).toBe(404);

    // Restore for the tests below.
    expect((await t.call('PUT', `/courses/${COURSE}/instructors/teacher`, { token: kim })).status).toBe(201);
    expect((await t.call('DELETE', `/courses/${COURSE}/instructors/kim`, { token: teacher })).status).toBe(200);
  });

  it('a new course is its creator’s: another instructor may not replace its settings', async () => {
    const body = { region: 'us-east-1', labs: [{ lab: 'vpc' }] };
    const created = await t.call('PUT', '/courses/kim-101', { token: kim, body });
    expect(created.status).toBe(201);
    expect((await t.call('PUT', '/courses/kim-101', { token: kim, body })).status).toBe(200);
    const takeover = await t.call('PUT', '/courses/kim-101', { token: teacher, body: { ...body, title: 'mine now' } });
    expect(takeover.status).toBe(403);
    expect((await t.call('GET', '/courses/kim-101', { token: kim })).json.title).toBeUndefined();
    expect(courseIds((await t.call('GET', '/me', { token: kim })).json)).toEqual(['kim-101']);
    expect(courseIds((await t.call('GET', '/me', { token: teacher })).json)).toEqual([COURSE]);
  });

  it('a student of another instructor’s course is refused unless the request names a course of mine', async () => {
    // vpc-complete is in demo-vpc (teacher's); register them in kim's course too.
    const reg = await t.call('PUT', `/courses/kim-101/students/${STUDENT}`, {
      token: kim,
      body: { accountId: '123456789012', roleArn: 'arn:aws:iam::123456789012:role/labgrader', externalId: 'ext-1' },
    });
    expect(reg.status).toBe(201);
    const unnamed = await t.call('GET', `/students/${STUDENT}/standings`, { token: kim });
    expect(unnamed.status).toBe(403);
    expect(unnamed.json.error.message).toMatch(/name the courseId/);
    expect((await t.call('GET', `/students/${STUDENT}/standings?courseId=kim-101`, { token: kim })).status).toBe(200);
    expect((await t.call('GET', `/students/${STUDENT}/standings?courseId=${COURSE}`, { token: kim })).status).toBe(403);
    const grade = await t.call('POST', '/grades', {
      token: kim,
      body: { lab: 'vpc', studentId: STUDENT, courseId: COURSE },
    });
    expect(grade.status).toBe(403);
  });
});

describe("another course's student", () => {
  it('tells an instructor who names no course of theirs nothing: the same 403 whether the student is registered elsewhere or nowhere', async () => {
    const nemo = t.service.token({ subject: 'nemo', groups: ['instructors'] });
    const elsewhere = await t.call('GET', `/students/${STUDENT}/standings`, { token: nemo });
    const nowhere = await t.call('GET', '/students/nobody-at-all/standings', { token: nemo });
    expect([elsewhere.status, nowhere.status]).toEqual([403, 403]);
    expect(elsewhere.text).not.toContain(COURSE);
    expect(elsewhere.json.error.message.replace(STUDENT, 'S')).toBe(
      nowhere.json.error.message.replace('nobody-at-all', 'S'),
    );
  });
});

describe('admins', () => {
  it('see and manage every course, and give a course nobody claimed its first instructor', async () => {
    // A course stored before instructor lists existed: no instructor at all.
    await registerCourse(t.service.store, 'legacy', { region: 'us-east-1', labs: [{ lab: 'vpc' }] });
    const me = (await t.call('GET', '/me', { token: ops })).json as MeResponse;
    expect(me).toMatchObject({ role: 'instructor', admin: true });
    expect(courseIds(me)).toEqual([COURSE, 'kim-101', 'legacy']);
    expect((await t.call('GET', '/courses/kim-101/students', { token: ops })).status).toBe(200);

    const unclaimed = await t.call('GET', '/courses/legacy/students', { token: teacher });
    expect(unclaimed.status).toBe(403);
    expect(unclaimed.json.error.message).toMatch(/no instructors yet: an admin adds its first/);
    const takeover = await t.call('PUT', '/courses/legacy', {
      token: teacher,
      body: { region: 'us-east-1', labs: [{ lab: 'vpc' }] },
    });
    expect(takeover.status).toBe(403);

    const claimed = await t.call('PUT', '/courses/legacy/instructors/teacher', { token: ops });
    expect(claimed.status).toBe(201);
    expect(claimed.json.items).toEqual([expect.objectContaining({ instructorId: 'teacher', addedBy: 'ops' })]);
    expect((await t.call('GET', '/courses/legacy/students', { token: teacher })).status).toBe(200);
    expect(courseIds((await t.call('GET', '/me', { token: teacher })).json)).toEqual([COURSE, 'legacy']);
  });
});

describe('creating a course', () => {
  it('is one transaction: a second creator of the same id is refused and not added (409 from the API)', async () => {
    const input = { region: 'us-east-1', labs: [{ lab: 'vpc' }] };
    const course = await registerCourse(t.service.store, 'race-1', input, new Date(), { creator: 'kim' });
    expect(await t.service.store.createCourse(course, 'teacher')).toBe(false);
    expect((await t.service.store.listInstructors('race-1')).map((i) => i.instructorId)).toEqual(['kim']);
    // registerCourse meets that when another creator wins between its read and its write: a 409.
    const reply = errorReply(new CourseExistsError('race-1'), 'req-1');
    expect(reply.statusCode).toBe(409);
    expect(reply.body.error).toMatchObject({ code: 'conflict', field: 'courseId' });
  });
});
