/**
 * `POST /courses/{c}/labs/{lab}/regrade[?dryRun=true]` through the local service: the run is
 * queued (202, with where to read it), the in-process worker replays every student's stored
 * inventories, and `GET .../regrade/{runId}` shows progress and each student's before and after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegradeResponse } from '../../functions/api/contract.js';
import { startTestService, type TestService } from '../support/local-api.js';

const COURSE = 'demo-vpc';
let t: TestService;
let teacher: string;

beforeAll(async () => {
  t = await startTestService('regrade-route', ['vpc/complete', 'vpc/single-az']);
  teacher = t.service.token({ subject: 'teacher', groups: ['instructors'] });
});

afterAll(async () => {
  await t?.stop();
});

async function finished(location: string): Promise<RegradeResponse> {
  for (let i = 0; i < 100; i += 1) {
    const res = await t.call('GET', location, { token: teacher });
    expect(res.status).toBe(200);
    const body = res.json as RegradeResponse;
    if (body.run.done === body.run.total) return body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`regrade ${location} did not finish`);
}

describe('regrade route', () => {
  it('queues a dry run of the class and reports progress and each student before and after', async () => {
    const res = await t.call('POST', `/courses/${COURSE}/labs/vpc/regrade?dryRun=true`, { token: teacher });
    expect(res.status).toBe(202);
    const { run } = res.json as RegradeResponse;
    expect(run).toMatchObject({ courseId: COURSE, lab: 'vpc', dryRun: true, total: 2, requestedBy: 'teacher' });
    expect(res.headers.get('location')).toBe(`/courses/${COURSE}/labs/vpc/regrade/${run.runId}`);
    const done = await finished(res.headers.get('location') as string);
    expect(done.students.map((s) => s.studentId)).toEqual(['vpc-complete', 'vpc-single-az']);
    for (const s of done.students) {
      // The same grader: nothing changes, and a dry run stores nothing.
      expect(s).toMatchObject({ delta: 0, changed: [], stored: false, replayed: 1 });
      expect(s.after).toEqual(s.before);
    }
  });

  it('is for instructors, names a bad parameter, and 404s an unknown run', async () => {
    const student = t.service.token({ subject: 'vpc-complete' });
    expect((await t.call('POST', `/courses/${COURSE}/labs/vpc/regrade`, { token: student })).status).toBe(403);
    const bad = await t.call('POST', `/courses/${COURSE}/labs/vpc/regrade?dryRun=maybe`, { token: teacher });
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe('dryRun');
    const unknown = await t.call('GET', `/courses/${COURSE}/labs/vpc/regrade/00000000-0000-0000-0000-000000000000`, {
      token: teacher,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.field).toBe('runId');
    expect((await t.call('POST', `/courses/${COURSE}/labs/db/regrade`, { token: teacher })).status).toBe(404);
  });
});
