/**
 * The fair-grading panel in headless Chromium against the local service (DynamoDB Local, the demo
 * course from the example inventories): the course's flags, a regrade (dry run, then the real run
 * once confirmed, with progress), and overrides shown beside the grader's verdict, added and
 * removed with a reason, audited.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { FlagsResponse, OverridesResponse, ResultsResponse } from '../../functions/api/contract.js';
import { type LocalService, startLocalService } from '../../functions/local/service.js';
import { type Browser, launchBrowser } from './browser.js';

const COURSE = 'demo-vpc';
const LAB = 'vpc';
const RECORDED_ACCOUNT = '123456789012';

// A class regrade through the in-process queue, and a browser, on a machine shared by many runs.
vi.setConfig({ testTimeout: 90_000 });

describe('fair-grading panel on the local service', () => {
  let service: LocalService;
  let browser: Browser;
  let dataDir: string;
  let instructor: string;

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${instructor}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.status, `${method} ${path}`).toBeLessThan(300);
    return response.json();
  };

  async function signIn(): Promise<Page> {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${service.url}/?course=${COURSE}&lab=${LAB}`);
    await page.fill('#token', instructor);
    await page.click('#connect button[type=submit]');
    await page.waitForSelector('body[data-render-ms]');
    return page;
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'labgrader-dashboard-fair-'));
    const suffix = randomBytes(4).toString('hex');
    service = await startLocalService({
      dataDir,
      port: 0,
      dynamodbEndpoint: inject('dynamodbEndpoint'),
      tables: { grades: `dashfair-grades-${suffix}`, idempotency: `dashfair-idem-${suffix}` },
      scheduleMinutes: 0,
      logLevel: 'SILENT',
    });
    instructor = service.token({ subject: 'teacher', groups: ['instructors'] });
    // Another course of the same instructor with a student on the demo account: a shared account.
    await call('PUT', '/courses/net101', { region: 'us-east-1', labs: [{ lab: LAB }] });
    await call('PUT', '/courses/net101/students/bob', {
      accountId: RECORDED_ACCOUNT,
      roleArn: `arn:aws:iam::${RECORDED_ACCOUNT}:role/LabGraderReadOnly`,
      externalId: 'ext-bob',
    });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lists the flags the API answers', async () => {
    const flags = (await call('GET', `/courses/${COURSE}/flags`)) as FlagsResponse;
    expect(flags.sharedAccounts).toHaveLength(1);
    const page = await signIn();
    const shown = page.locator('#flags .flag[data-kind=shared-account]');
    await expect.poll(() => shown.count(), { timeout: 10_000 }).toBe(1);
    expect(await shown.textContent()).toContain(`Account ${RECORDED_ACCOUNT}`);
    expect(await shown.textContent()).toContain('net101/bob');
    await page.close();
  });

  it('a dry run shows each student before and after; confirmed, the real run shows its progress to the end', async () => {
    const results = (await call('GET', `/courses/${COURSE}/labs/${LAB}/results?limit=100`)) as ResultsResponse;
    const page = await signIn();
    await page.click('#regrade-dry-run');
    const rows = page.locator('#regrade table.regrade tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(results.items.length);
    expect(await page.locator('#regrade .regrade-progress').textContent()).toContain('dry run: nothing stored');
    // The same grader: every student keeps the counted score, no check changes.
    for (const r of results.items) {
      const row = page.locator(`#regrade tr[data-student="${r.studentId}"]`);
      const cells = await row.locator('td').allTextContents();
      const counted = r.counted.attempt ? `${r.counted.attempt.score}/${r.counted.attempt.maxScore}` : '—';
      expect(cells).toEqual([counted, counted, '0', '—']);
    }
    const asked: string[] = [];
    page.on('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    await page.click('#regrade .confirm-regrade');
    await expect
      .poll(async () => (await page.locator('#regrade .regrade-progress').textContent())?.trim(), { timeout: 30_000 })
      .toBe(`${results.items.length} of ${results.items.length} students`);
    expect(asked).toEqual([
      `Store the new results of ${results.items.length} students (0 change their counted score)?`,
    ]);
    expect(await page.locator('#regrade progress').getAttribute('value')).toBe(String(results.items.length));
    await page.close();
  });

  it("an override needs a reason, shows beside the grader's verdict with who and why, and its removal is audited", async () => {
    const results = (await call('GET', `/courses/${COURSE}/labs/${LAB}/results?limit=100`)) as ResultsResponse;
    const failing = results.items.find((r) => r.checks.some((c) => c.status === 'fail'))!;
    const check = failing.checks.find((c) => c.status === 'fail')!;
    const page = await signIn();
    await expect
      .poll(() => page.locator('#override-form select[name=checkId] option').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await page.selectOption('#override-form select[name=studentId]', failing.studentId);
    await page.selectOption('#override-form select[name=checkId]', check.id);
    await page.selectOption('#override-form select[name=status]', 'pass');
    // A blank reason: the API refuses it and the form says so.
    await page.fill('#override-form input[name=reason]', '   ');
    await page.click('#override-form button[type=submit]');
    await expect
      .poll(() => page.locator('#override-form .error').textContent(), { timeout: 10_000 })
      .toContain('reason');
    const reason = 'the region had no capacity that week';
    await page.fill('#override-form input[name=reason]', reason);
    await page.click('#override-form button[type=submit]');

    const row = page.locator(`#overrides tr[data-student="${failing.studentId}"][data-check="${check.id}"]`);
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.locator('.grader-verdict').textContent()).toContain(`fail`);
    expect(await row.locator('.grader-verdict').textContent()).toContain(`0/${check.points}`);
    expect(await row.locator('.override-verdict').textContent()).toContain(`pass`);
    expect(await row.locator('.override-verdict').textContent()).toContain(String(check.points));
    expect(await row.locator('.reason').textContent()).toBe(reason);
    expect(await row.textContent()).toContain('by teacher');

    page.on('dialog', (dialog) => void dialog.accept('capacity is back'));
    await row.locator('.remove-override').click();
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    const list = (await call('GET', `/courses/${COURSE}/labs/${LAB}/overrides`)) as OverridesResponse;
    expect(list.items).toEqual([]);
    expect(list.audit.map((e) => [e.action, e.reason])).toEqual([
      ['set', reason],
      ['removed', 'capacity is back'],
    ]);
    expect(await page.locator('#overrides .audit li').count()).toBe(2);
    await page.close();
  });
});
