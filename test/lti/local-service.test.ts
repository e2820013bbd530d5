/**
 * The LTI tool in the local service (`npm start`), driven end to end by a fake LMS on 127.0.0.1:
 * an instructor registers the platform and links the LMS course and a student through the API; the
 * student opens the LMS link and lands on their own view without a token; their counted score
 * reaches the LMS gradebook; and the gradebook files import into Canvas and Moodle.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REQUIRED_COLUMNS } from '../../functions/api/gradebook-csv.js';
import { type LocalService, startLocalService } from '../../functions/local/service.js';
import { FakeLms, formFields } from '../support/fake-lms.js';

let root: string;
let service: LocalService;
let lms: FakeLms;
let teacher: string;

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${service.url}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${teacher}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
  });

/** A browser opening the LMS link as `user`: login initiation by GET, the platform, then the launch. */
async function launchAs(user: string): Promise<{ login: Response; launch: Response }> {
  const login = await fetch(
    `${service.url}/lti/login?${new URLSearchParams(lms.loginParams(user, `${service.url}/lti/launch`))}`,
    { redirect: 'manual' },
  );
  const cookie = login.headers.getSetCookie()[0]?.split(';')[0] as string;
  const form = formFields(await (await fetch(login.headers.get('location') as string)).text());
  const launch = await fetch(form.action, {
    method: 'POST',
    body: new URLSearchParams(form.fields),
    headers: { cookie },
  });
  return { login, launch };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'labgrader-lti-local-'));
  await mkdir(join(root, 'examples', 'vpc'), { recursive: true });
  for (const name of ['complete', 'no-nat-gateway']) {
    await copyFile(`examples/vpc/${name}.json`, join(root, 'examples', 'vpc', `${name}.json`));
  }
  const suffix = randomBytes(4).toString('hex');
  service = await startLocalService({
    dataDir: join(root, 'data'),
    examplesDir: join(root, 'examples'),
    dashboardDir: join(root, 'no-dashboard'),
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    tables: { grades: `lti-local-grades-${suffix}`, idempotency: `lti-local-idem-${suffix}` },
    port: 0,
    scheduleMinutes: 0,
    logLevel: 'SILENT',
  });
  teacher = service.token({ subject: 'teacher', groups: ['instructors'] });
  lms = await new FakeLms({ custom: { lab: 'vpc' }, toolJwksUrl: `${service.url}/lti/jwks` }).start();
  lms.users.set('u-complete', { sub: 'lms-user-complete', name: 'Complete Student' });
});

afterAll(async () => {
  await lms?.stop();
  await service?.stop();
  await rm(root, { recursive: true, force: true });
});

describe('the LTI tool in npm start', () => {
  it('serves its public keys without a token', async () => {
    const res = await fetch(`${service.url}/lti/jwks`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { keys: unknown[] }).keys).toHaveLength(1);
  });

  it('an instructor registers the platform, links the LMS course and a student; the student launches and the score is posted', async () => {
    const tool = await api('/lti/tool');
    expect(await tool.json()).toMatchObject({
      launchUrl: `${service.url}/lti/launch`,
      jwksUrl: `${service.url}/lti/jwks`,
    });

    const registered = await api('/lti/platforms', { method: 'PUT', body: JSON.stringify(lms.registration()) });
    expect(registered.status).toBe(201);
    const linked = await api('/courses/demo-vpc/lti/contexts', {
      method: 'PUT',
      body: JSON.stringify({ issuer: lms.issuer, contextId: lms.contextId }),
    });
    expect(linked.status).toBe(200);
    const student = await api('/courses/demo-vpc/students/vpc-complete/lti', {
      method: 'PUT',
      body: JSON.stringify({ issuer: lms.issuer, sub: 'lms-user-complete' }),
    });
    expect(student.status).toBe(200);

    // The browser: login initiation by GET (as Moodle sends it), the platform, then the launch.
    const { login, launch } = await launchAs('u-complete');
    expect(login.status).toBe(302);
    const html = await launch.text();
    expect(launch.status).toBe(200);
    expect(html).toContain('complete');
    const standing = (await service.store.listLatestResults('demo-vpc', 'vpc')).find(
      (s) => s.studentId === 'vpc-complete',
    );
    const counted = standing?.counted.attempt;
    expect(counted).toBeTruthy();
    expect(html).toContain(`${counted?.score} / ${counted?.maxScore}`);

    // The launch queued the score counted before it; the next tick drains the score queue too.
    await service.tick();
    const scores = lms.scoresOf('lms-user-complete');
    expect(scores.length).toBeGreaterThanOrEqual(1);
    expect(scores.at(-1)).toMatchObject({
      scoreGiven: counted?.score,
      scoreMaximum: counted?.maxScore,
      gradingProgress: 'FullyGraded',
    });
    expect(lms.lineItems.map((i) => i.resourceId)).toEqual(['vpc']);
  });

  it('an instructor of another course cannot move the LMS course to theirs: its students still launch into it', async () => {
    expect((await api('/lti/platforms', { method: 'PUT', body: JSON.stringify(lms.registration()) })).ok).toBe(true);
    const link = { issuer: lms.issuer, contextId: lms.contextId };
    expect((await api('/courses/demo-vpc/lti/contexts', { method: 'PUT', body: JSON.stringify(link) })).status).toBe(
      200,
    );
    // Any instructor may create a course, and is then its instructor: that gives them no other course.
    const other = service.token({ subject: 'other-teacher', groups: ['instructors'] });
    const asOther = (path: string, body: unknown) =>
      fetch(`${service.url}${path}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${other}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await asOther('/courses/not-demo', { region: 'us-east-1', labs: [{ lab: 'vpc' }] })).status).toBe(201);

    const taken = await asOther('/courses/not-demo/lti/contexts', link);
    expect(taken.status).toBe(409);
    const error = ((await taken.json()) as { error: { field: string; message: string } }).error;
    expect(error.field).toBe('contextId');
    expect(error.message).not.toContain('demo-vpc');

    // The student's next launch still lands on their own course's view.
    const { launch } = await launchAs('u-complete');
    expect(launch.status).toBe(200);
    expect(await launch.text()).toContain('Demo: VPC');
  });

  it('an instructor of both courses, or an admin, may move the LMS course link', async () => {
    expect((await api('/lti/platforms', { method: 'PUT', body: JSON.stringify(lms.registration()) })).ok).toBe(true);
    const link = { issuer: lms.issuer, contextId: lms.contextId };
    expect((await api('/courses/demo-vpc/lti/contexts', { method: 'PUT', body: JSON.stringify(link) })).status).toBe(
      200,
    );
    // The teacher of demo-vpc creates a second course, and so teaches both.
    const second = { region: 'us-east-1', labs: [{ lab: 'vpc' }] };
    expect((await api('/courses/demo-vpc-2', { method: 'PUT', body: JSON.stringify(second) })).status).toBe(201);
    const moved = await api('/courses/demo-vpc-2/lti/contexts', { method: 'PUT', body: JSON.stringify(link) });
    expect(moved.status).toBe(200);
    expect(((await moved.json()) as { courseId: string }).courseId).toBe('demo-vpc-2');
    // An admin teaches neither, and may move it back.
    const admin = service.token({ subject: 'ops', groups: ['admins'] });
    const back = await fetch(`${service.url}/courses/demo-vpc/lti/contexts`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify(link),
    });
    expect(back.status).toBe(200);
    expect(((await back.json()) as { courseId: string }).courseId).toBe('demo-vpc');
    const { launch } = await launchAs('u-complete');
    expect(await launch.text()).toContain('Demo: VPC');
  });

  it('an instructor who did not register an LMS cannot change its registrations, nor add one with other keys', async () => {
    expect((await api('/lti/platforms', { method: 'PUT', body: JSON.stringify(lms.registration()) })).ok).toBe(true);
    const other = service.token({ subject: 'other-teacher', groups: ['instructors'] });
    const asOther = (body: unknown) =>
      fetch(`${service.url}/lti/platforms`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${other}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const evilKeys = 'http://localhost:9/evil/jwks';
    for (const body of [
      { ...lms.registration(), jwksUrl: evilKeys, tokenUrl: 'http://localhost:9/evil/token' },
      { ...lms.registration(), clientId: 'another-client', jwksUrl: evilKeys },
    ]) {
      const res = await asOther(body);
      expect(res.status).toBe(409);
      expect(((await res.json()) as { error: { field: string } }).error.field).toBe('issuer');
    }
    const listed = (await (await api('/lti/platforms')).json()) as { items: { clientId: string; jwksUrl: string }[] };
    expect(listed.items.map((p) => p.clientId)).not.toContain('another-client');
    expect(listed.items.every((p) => p.jwksUrl !== evilKeys)).toBe(true);
    // Its registrant still changes it.
    const again = await api('/lti/platforms', {
      method: 'PUT',
      body: JSON.stringify({ ...lms.registration(), name: 'renamed' }),
    });
    expect(again.status).toBe(200);
  });

  it("a removed student's LMS link goes with them: not listed, and not the link of whoever is registered under that id next", async () => {
    expect((await api('/lti/platforms', { method: 'PUT', body: JSON.stringify(lms.registration()) })).ok).toBe(true);
    const student = { accountId: '123456789012', access: 'session' };
    const register = () => api('/courses/demo-vpc/students/s-leaver', { method: 'PUT', body: JSON.stringify(student) });
    const linked = () =>
      api('/courses/demo-vpc/lti/students').then(async (r) =>
        ((await r.json()) as { items: { studentId: string }[] }).items.filter((l) => l.studentId === 's-leaver'),
      );
    expect((await register()).status).toBe(201);
    const link = await api('/courses/demo-vpc/students/s-leaver/lti', {
      method: 'PUT',
      body: JSON.stringify({ issuer: lms.issuer, sub: 'lms-user-leaver' }),
    });
    expect(link.status).toBe(200);
    expect(await linked()).toHaveLength(1);

    expect((await api('/courses/demo-vpc/students/s-leaver', { method: 'DELETE' })).status).toBe(204);
    expect(await linked()).toEqual([]);
    expect((await register()).status).toBe(201);
    expect(await linked()).toEqual([]);
    expect((await api('/courses/demo-vpc/students/s-leaver', { method: 'DELETE' })).status).toBe(204);
  });

  it('refuses to register a platform URL that is not https outside this machine', async () => {
    const res = await api('/lti/platforms', {
      method: 'PUT',
      body: JSON.stringify({ ...lms.registration(), tokenUrl: 'http://lms.example.edu/token' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('tokenUrl');
  });
});

describe('gradebook files', () => {
  beforeAll(async () => {
    const res = await api('/courses/demo-vpc/students/s-kim', {
      method: 'PUT',
      body: JSON.stringify({
        name: 'Kim Minji',
        email: 'minji@example.edu',
        sisId: '2026-0042',
        lmsId: '9001',
        accountId: '123456789012',
        roleArn: 'arn:aws:iam::123456789012:role/LabGraderReadOnly',
        externalId: 'course-demo',
      }),
    });
    expect(res.status).toBe(201);
  });

  const read = async (format: string) => {
    const res = await api(`/courses/demo-vpc/labs/vpc/results.csv?format=${format}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`${format}-gradebook.csv`);
    return parse(await res.text(), { bom: true, columns: true }) as Record<string, string>[];
  };

  it('Canvas: the import columns, one row per student, ids from the roster, the counted score in the lab column', async () => {
    const rows = await read('canvas');
    const columns = Object.keys(rows[0] ?? {});
    for (const c of REQUIRED_COLUMNS.canvas) expect(columns).toContain(c);
    const lab = columns.find((c) => c.endsWith('(vpc)'));
    expect(lab).toBeTruthy();
    expect(rows.map((r) => r.Student).sort()).toEqual(['Kim Minji', 'complete', 'no-nat-gateway']);
    const kim = rows.find((r) => r.Student === 'Kim Minji');
    expect(kim).toMatchObject({ ID: '9001', 'SIS User ID': '2026-0042', 'SIS Login ID': 'minji@example.edu' });
    expect(kim?.[lab as string]).toBe('');
    const standing = (await service.store.listLatestResults('demo-vpc', 'vpc')).find(
      (s) => s.studentId === 'vpc-complete',
    );
    expect(rows.find((r) => r.Student === 'complete')?.[lab as string]).toBe(String(standing?.counted.attempt?.score));
  });

  it('Moodle: ID number and email address to map users by, names split, the counted score', async () => {
    const rows = await read('moodle');
    const columns = Object.keys(rows[0] ?? {});
    for (const c of REQUIRED_COLUMNS.moodle) expect(columns).toContain(c);
    expect(columns).toEqual(expect.arrayContaining(['First name', 'Last name']));
    const kim = rows.find((r) => r['Email address'] === 'minji@example.edu');
    expect(kim).toMatchObject({ 'First name': 'Kim', 'Last name': 'Minji', 'ID number': '2026-0042' });
    const complete = rows.find((r) => r['ID number'] === 'vpc-complete');
    const lab = columns.find((c) => c.endsWith('(vpc)')) as string;
    expect(Number(complete?.[lab])).toBeGreaterThan(0);
  });

  it('an unknown format is a 400 naming the parameter', async () => {
    const res = await api('/courses/demo-vpc/labs/vpc/results.csv?format=blackboard');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('format');
  });
});
