/**
 * The cleanup report seen by an instructor through the local service: the class export carries
 * each student's estimated daily cost, and a price the table does not know is said to be unknown,
 * never 0. The demo students are graded from examples/cleanup/.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateLab } from '../../checks/engine.js';
import { cleanupLab } from '../../checks/labs/cleanup/index.js';
import { costCell, leftoverCost } from '../../functions/api/class-report.js';
import type { ResultRow, SummaryResponse } from '../../functions/api/contract.js';
import { scenarios } from '../scenarios/cleanup.js';
import { startTestService, type TestService } from '../support/local-api.js';

const COURSE = 'demo-cleanup';
let t: TestService;
let teacher: string;

beforeAll(async () => {
  t = await startTestService('cleanup-report', [
    'cleanup/complete',
    'cleanup/eip-left',
    'cleanup/everything-left',
    'cleanup/replica-region-only',
  ]);
  teacher = t.service.token({ subject: 'teacher', groups: ['instructors'] });
});

afterAll(async () => {
  await t?.stop();
});

describe('the cleanup class export', () => {
  it('carries the estimated daily cost of each student, unknown prices said as unknown', async () => {
    const res = await t.call('GET', `/courses/${COURSE}/labs/cleanup/results.csv`, { token: teacher });
    expect(res.status).toBe(200);
    const rows = parse(res.text, { bom: true, columns: true }) as Record<string, string>[];
    const cost = Object.fromEntries(
      rows.map((r) => [r.studentId, [r.estimatedCostPerDayUSD, r.costUnknownFor]] as const),
    );
    expect(cost).toEqual({
      // Nothing left: a known zero.
      'cleanup-complete': ['0.00', ''],
      'cleanup-eip-left': ['0.12', ''],
      // The replica in eu-west-1 has no price in the table: the total is a lower bound.
      'cleanup-everything-left': ['at least 7.74', 'course-db-replica (eu-west-1)'],
      // Only an unpriced leftover: unknown, not free.
      'cleanup-replica-region-only': ['unknown', 'course-db-replica (eu-west-1)'],
    });
  });

  it('keeps the cost out of an LMS gradebook file', async () => {
    const res = await t.call('GET', `/courses/${COURSE}/labs/cleanup/results.csv?format=canvas`, {
      token: teacher,
    });
    expect(res.status).toBe(200);
    // A Canvas gradebook imports every extra column as an assignment: the cost stays out.
    expect(res.text).not.toContain('estimatedCostPerDayUSD');
  });
});

describe('the cleanup results and summary', () => {
  it("give each student's estimated daily cost and the class total, saying what is unknown", async () => {
    const results = await t.call('GET', `/courses/${COURSE}/labs/cleanup/results`, { token: teacher });
    const cost = Object.fromEntries((results.json.items as ResultRow[]).map((r) => [r.studentId, r.cost] as const));
    expect(cost['cleanup-complete']).toEqual({ perDay: 0, perMonth: 0, unknown: [] });
    expect(cost['cleanup-eip-left']).toEqual({ perDay: 0.12, perMonth: 3.6, unknown: [] });
    expect(cost['cleanup-replica-region-only']).toEqual({
      perDay: 0,
      perMonth: 0,
      unknown: ['course-db-replica (eu-west-1)'],
    });

    const summary = (await t.call('GET', `/courses/${COURSE}/labs/cleanup/summary`, { token: teacher }))
      .json as SummaryResponse;
    // Three students have something left; two of them have something without a price.
    expect(summary.cost).toEqual({ perDay: 7.86, perMonth: 235.8, students: 3, unknown: 2 });
  });
});

describe('the estimated cost of one grade', () => {
  const graded = (name: string) => {
    const s = scenarios.find((x) => x.name === name);
    if (!s) throw new Error(`no scenario ${name}`);
    return evaluateLab(cleanupLab, s.inventory, s.options);
  };

  it('is unknown, not 0, where a region could not be read', () => {
    const cost = leftoverCost(cleanupLab, graded('replica-region-unreadable'));
    expect(cost?.unknown).toContain('cleanup.db: not read (AuthFailure)');
    expect(costCell(cost as NonNullable<typeof cost>)).toBe('unknown');
  });

  it('is a known 0 for a clean account', () => {
    const cost = leftoverCost(cleanupLab, graded('complete'));
    expect(cost).toEqual({ perDay: 0, perMonth: 0, unknown: [] });
    expect(costCell(cost as NonNullable<typeof cost>)).toBe('0.00');
  });
});
