/**
 * Live regrade end to end in the local service: EventBridge events posted to `POST /events` go
 * through the same intake and debounce as in AWS, and a burst of 50 gives exactly one new attempt,
 * triggered by `event`, once the course's window has closed.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoEvent } from '../../functions/local/events-route.js';
import { type LocalService, startLocalService } from '../../functions/local/service.js';
import { deleteTables } from '../../functions/store/tables.js';
import { localDynamoDb } from '../support/dynamodb.js';

const ACCOUNT = '123456789012'; // the account examples/vpc/complete.json was recorded in
let root: string;
let service: LocalService;
let clock = new Date();
const tables = { grades: `live-e2e-grades-${process.pid}`, idempotency: `live-e2e-idem-${process.pid}` };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'labgrader-live-'));
  await mkdir(join(root, 'examples', 'vpc'), { recursive: true });
  await copyFile('examples/vpc/complete.json', join(root, 'examples', 'vpc', 'complete.json'));
  service = await startLocalService({
    dataDir: join(root, 'data'),
    examplesDir: join(root, 'examples'),
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    tables,
    port: 0,
    scheduleMinutes: 0,
    logLevel: 'SILENT',
    // The burst arrives within one instant of the service's clock, however loaded the machine is;
    // the window's delay still runs in real time.
    now: () => clock,
  });
  // A short window keeps the test short (longer than the burst takes); the intake reads it from the course.
  const course = await service.store.getCourse('demo-vpc');
  await service.store.putCourse({ ...course!, liveGrading: { debounceSeconds: 3 } });
});

afterAll(async () => {
  await service?.stop();
  const client = localDynamoDb();
  await deleteTables(client, tables);
  client.destroy();
  await rm(root, { recursive: true, force: true });
});

async function post(body: unknown, groups = ['instructors']) {
  const token = service.token({ subject: 'teacher', groups });
  const res = await fetch(`${service.url}/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function eventAttempts() {
  const page = await service.store.listAttempts({
    courseId: 'demo-vpc',
    studentId: 'vpc-complete',
    lab: 'vpc',
    accountId: ACCOUNT,
    limit: 100,
  });
  return page.items.filter((a) => a.result.trigger === 'event');
}

describe('POST /events (local service)', () => {
  it('turns a burst of 50 events into exactly one new attempt with trigger `event`', async () => {
    clock = new Date(Date.now() + 60_000); // after the demo's own grades
    const before = (await service.store.getStanding('demo-vpc', 'vpc-complete', 'vpc', ACCOUNT))?.attempts;
    expect(before).toBe(1); // the demo's first schedule grade
    const replies = await Promise.all(
      Array.from({ length: 50 }, () => post(demoEvent(ACCOUNT, 'us-east-1', new Date()))),
    );
    expect(replies.every((r) => r.status === 202)).toBe(true);
    expect(replies.filter((r) => r.body.status === 'accepted' && r.body.triggered.length === 1)).toHaveLength(1);

    // The grade runs once the window has closed.
    const deadline = Date.now() + 20_000;
    while ((await eventAttempts()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 4000)); // a second window's grade would have come by now
    expect(await eventAttempts()).toHaveLength(1);
    const standing = await service.store.getStanding('demo-vpc', 'vpc-complete', 'vpc', ACCOUNT);
    expect(standing?.attempts).toBe((before ?? 0) + 1);
    expect(standing?.latest.trigger).toBe('event');
  }, 60_000);

  it('shows the instructor what the burst did at GET /courses/{courseId}/live (students get 403)', async () => {
    const get = (groups: string[]) =>
      fetch(`${service.url}/courses/demo-vpc/live`, {
        headers: { authorization: `Bearer ${service.token({ subject: 'teacher', groups })}` },
      });
    const res = await get(['instructors']);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      courseId: 'demo-vpc',
      settings: { debounceSeconds: 3, safetyIntervalHours: 24, settleMinutes: 20, fullRegrades: false },
      counters: { eventsReceived: 50, eventsCoalesced: 49, gradesTriggered: 1, gradesSkippedUnchanged: 0 },
      // The demo class shares one account, which forwarded from us-east-1.
      students: expect.objectContaining({ forwarding: expect.any(Number), forwardingGlobal: expect.any(Number) }),
    });
    const roster = await service.store.listRoster('demo-vpc');
    const body = (await (await get(['instructors'])).json()) as { students: Record<string, number> };
    expect(body.students).toEqual({ total: roster.length, forwarding: roster.length, forwardingGlobal: roster.length });
    expect((await get([])).status).toBe(403);
  });

  it('answers 403 to a student, 400 naming the field to a broken envelope', async () => {
    expect((await post(demoEvent(ACCOUNT, 'us-east-1', new Date()), [])).status).toBe(403);
    const broken = { ...demoEvent(ACCOUNT, 'us-east-1', new Date()), account: 'nobody' };
    const reply = await post(broken);
    expect(reply.status).toBe(400);
    expect(reply.body.error.field).toBe('account');
  });

  it('says the broken field once, as every 400 does', async () => {
    const reply = await post({ ...demoEvent(ACCOUNT, 'us-east-1', new Date()), account: 'nobody' });
    expect(reply.body.error.message).toMatch(/^account: /);
    expect(reply.body.error.message).not.toMatch(/^account: account:/);
  });

  it('drops an event of an account nobody registered', async () => {
    const reply = await post(demoEvent('999999999999', 'us-east-1', new Date()));
    expect(reply).toEqual({ status: 202, body: { status: 'unknown-account', account: '999999999999' } });
  });
});
