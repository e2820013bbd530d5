/**
 * The cleanup report in headless Chromium against the local service (the demo course `demo-cleanup`
 * graded from examples/cleanup/): the instructor's "still costs" column and class total, and a
 * student's own leftovers in the order to delete them, both compared with what the API answers.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ResultsResponse, SummaryResponse } from '../../functions/api/contract.js';
import { type LocalService, startLocalService } from '../../functions/local/service.js';
import { type Browser, focusedCell, launchBrowser } from './browser.js';

const COURSE = 'demo-cleanup';
const LAB = 'cleanup';

describe('cleanup report on the dashboard', () => {
  let service: LocalService;
  let browser: Browser;
  let dataDir: string;
  let instructor: string;

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${service.url}${path}`, { headers: { authorization: `Bearer ${instructor}` } });
    expect(response.status, `GET ${path}`).toBe(200);
    return (await response.json()) as T;
  };

  async function signIn(token: string): Promise<Page> {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(5000);
    await page.goto(`${service.url}/?course=${COURSE}&lab=${LAB}`);
    await page.fill('#token', token);
    await page.click('#connect button[type=submit]');
    await page.waitForSelector('body[data-render-ms]');
    return page;
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'labgrader-dashboard-cleanup-'));
    const suffix = randomBytes(4).toString('hex');
    service = await startLocalService({
      dataDir,
      port: 0,
      dynamodbEndpoint: inject('dynamodbEndpoint'),
      tables: { grades: `dash-cleanup-grades-${suffix}`, idempotency: `dash-cleanup-idem-${suffix}` },
      scheduleMinutes: 0,
      logLevel: 'SILENT',
    });
    instructor = service.token({ subject: 'teacher', groups: ['instructors'] });
    browser = await launchBrowser();
    await mkdir('test-results', { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("shows each student's estimated daily cost, unknown prices as such, and the class total", async () => {
    const results = await api<ResultsResponse>(`/courses/${COURSE}/labs/${LAB}/results?limit=100`);
    const summary = await api<SummaryResponse>(`/courses/${COURSE}/labs/${LAB}/summary`);
    const page = await signIn(instructor);

    expect(await page.textContent('.hm-head .hm-cost')).toBe('Still costs/day (est.)');
    const cells = Object.fromEntries(
      await page.$$eval('.hm-body [role=row]', (rows) =>
        rows.map((row) => [
          row.querySelector('[role=rowheader] small')?.textContent ?? '',
          row.querySelector('.hm-cost')?.textContent ?? '',
        ]),
      ),
    );
    const costOf = (id: string) => results.items.find((r) => r.studentId === id)?.cost;
    expect(costOf('cleanup-eip-left')).toEqual({ perDay: 0.12, perMonth: 3.6, unknown: [] });
    expect(cells).toEqual({
      'cleanup-complete': '$0.00',
      'cleanup-eip-left': '$0.12',
      // A replica in a region without prices: the rest is a lower bound, never a total.
      'cleanup-everything-left': `≥ $${costOf('cleanup-everything-left')?.perDay.toFixed(2)}`,
      // Only that replica left: unknown, not $0.
      'cleanup-replica-region-only': 'unknown',
    });
    const total = await page.textContent('#class-cost');
    expect(total).toContain(`about $${summary.cost?.perDay.toFixed(2)}/day`);
    expect(total).toContain('for 3 students');
    expect(total).toContain('2 of them have leftovers without a known price');
    expect(total).toContain('estimated');

    // The cost column is not a stop of the grid: End goes to the last check.
    await page.focus('.hm-body [role=rowheader]');
    await page.keyboard.press('End');
    expect(await page.locator(':focus').evaluate((cell) => cell.classList.contains('hm-cost'))).toBe(false);
    expect((await focusedCell(page)).role).toBe('gridcell');

    // In Korean too, "estimated" and "unknown" said in the course's words.
    await page.click('#lang-toggle');
    await page.waitForSelector('html[lang=ko]');
    expect(await page.textContent('.hm-head .hm-cost')).toBe('남은 비용/일(추정)');
    expect(await page.textContent('#class-cost')).toContain('추정');
    const unknown = await page.$$eval('.hm-body .hm-cost', (c) => c.map((x) => x.textContent));
    expect(unknown).toContain('미상');
    await page.screenshot({ path: 'test-results/dashboard-cleanup.png', fullPage: true });
    // The choice is kept in the browser: back to English for the next test.
    await page.click('#lang-toggle');
    await page.waitForSelector('html[lang=en]');
    await page.close();
  });

  it('a student sees their own leftovers in the order to delete them', async () => {
    const page = await signIn(service.token({ subject: 'cleanup-everything-left' }));
    expect(await page.isVisible('#leftovers-panel')).toBe(true);
    expect(await page.isVisible('#class-cost')).toBe(false);
    const steps = await page.$$eval('#my-leftovers .deletion-order li', (items) =>
      items.map((i) => i.getAttribute('data-id') ?? ''),
    );
    const at = (id: string) => steps.indexOf(id);
    for (const id of ['lab-asg', 'i-0asg00000000000a1', 'nat-0a00000000000000a', 'eipalloc-0a000000000000001']) {
      expect(steps, id).toContain(id);
    }
    // The group before the instances it would restart, the replica before its primary, each NAT
    // gateway before the Elastic IP it holds.
    expect(at('lab-asg')).toBeLessThan(at('i-0asg00000000000a1'));
    expect(at('lab-asg')).toBeLessThan(at('i-0asg00000000000b1'));
    expect(at('course-db-replica')).toBeLessThan(at('course-db'));
    expect(at('nat-0a00000000000000a')).toBeLessThan(at('eipalloc-0a000000000000001'));
    expect(at('nat-0b00000000000000b')).toBeLessThan(at('eipalloc-0b000000000000001'));
    const text = (await page.textContent('#my-leftovers')) ?? '';
    expect(text).toContain('Delete the read replica course-db-replica');
    expect(text).toContain('price unknown');
    // The group itself has no charge: its instances are priced as instances, never "$0.00/day".
    expect(text).toContain('no charge of its own');
    expect(text).not.toContain('$0.00/day');
    expect(text).toMatch(/At least \$\d+\.\d\d\/day/);
    await page.screenshot({ path: 'test-results/dashboard-cleanup-student.png', fullPage: true });
    await page.close();

    // A clean account is told so.
    const clean = await signIn(service.token({ subject: 'cleanup-complete' }));
    expect(await clean.textContent('#my-leftovers')).toContain('Nothing is left that costs money');
    await clean.close();
  });
});
