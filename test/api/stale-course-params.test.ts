/**
 * A course saved before a bound was added to one of its lab parameters (vpc's minAzs is at most 6
 * since 34a3014): its grades are refused naming the parameter, never answered 500, and its jobs
 * are skipped by the worker instead of retried into the dead-letter queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGradeJob } from '../../functions/service/grade-job.js';
import type { Course } from '../../functions/store/records.js';
import { startTestService, type TestService } from '../support/local-api.js';

const COURSE = 'demo-vpc';
const STUDENT = 'vpc-complete';

let t: TestService;
let student: string;
let saved: Course;

/** Writes the course as an older release could have stored it: past today's bound. */
async function storeWithMinAzs(minAzs: number) {
  await t.service.store.putCourse({
    ...saved,
    labs: saved.labs.map((l) => (l.lab === 'vpc' ? { ...l, params: { ...l.params, minAzs } } : l)),
  });
}

beforeAll(async () => {
  t = await startTestService('stale-params', ['vpc/complete']);
  student = t.service.token({ subject: STUDENT });
  const course = await t.service.store.getCourse(COURSE);
  if (!course) throw new Error(`the demo course ${COURSE} is missing`);
  saved = course;
});

afterAll(async () => {
  await t?.stop();
});

describe('a course whose stored parameters no longer fit the lab', () => {
  it('POST /grades answers 409 naming the parameter, and the slot is not used up', async () => {
    await storeWithMinAzs(7);
    const refused = await t.call('POST', '/grades', { token: student, body: { lab: 'vpc' } });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.json.error.field).toBe('params');
    expect(refused.json.error.message).toMatch(/minAzs/);
    expect(refused.json.error.message).toMatch(/PUT \/courses\/demo-vpc/);

    await t.service.store.putCourse(saved);
    const graded = await t.call('POST', '/grades', { token: student, body: { lab: 'vpc' } });
    expect(graded.status, graded.text).toBe(201);
  });

  it('a grade job is skipped with the reason before any credential is used, not thrown', async () => {
    await storeWithMinAzs(7);
    const lines: { level: string; message: string; extra: unknown[] }[] = [];
    const log = {
      info: (message: string, ...extra: unknown[]) => lines.push({ level: 'info', message, extra }),
      warn: (message: string, ...extra: unknown[]) => lines.push({ level: 'warn', message, extra }),
      error: (message: string, ...extra: unknown[]) => lines.push({ level: 'error', message, extra }),
    };
    const outcome = await runGradeJob(
      { jobId: 'stale-1', courseId: COURSE, studentId: STUDENT, lab: 'vpc', trigger: 'schedule' },
      {
        store: t.service.store,
        log,
        now: () => new Date(),
        inventories: {
          put: () => Promise.reject(new Error('no inventory may be stored')),
          get: () => Promise.reject(new Error('no inventory may be read')),
        },
        encryptor: {
          encrypt: () => Promise.reject(new Error('no credential may be sealed')),
          decrypt: () => Promise.reject(new Error('no credential may be opened')),
        },
      } as unknown as Parameters<typeof runGradeJob>[1],
    );
    expect(outcome).toEqual({
      status: 'skipped',
      reason: 'course-params-invalid',
      detail: expect.stringMatching(/minAzs/),
    });
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'error', message: expect.stringMatching(/no longer fit/) }),
    );
    await t.service.store.putCourse(saved);
  });
});
