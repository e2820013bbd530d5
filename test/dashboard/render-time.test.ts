/**
 * A large class (500 students × 20 checks) renders completely and stays navigable. How fast is a
 * benchmark figure (`npm run bench`), not a timed assertion here: a loaded CI machine must not
 * turn speed into a flaky test.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, focusedCell, launchBrowser } from './browser.js';
import { startFixtureApi, syntheticClass } from './fixture-api.js';

describe('dashboard with 500 students × 20 checks', () => {
  let browser: Browser;
  let api: Awaited<ReturnType<typeof startFixtureApi>>;
  let page: Page;

  beforeAll(async () => {
    api = await startFixtureApi(syntheticClass({ students: 500, checks: 20, notAttempted: 10, seed: 7 }));
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('renders every student and check, and reports its render time', async () => {
    await page.goto(`${api.url}/?course=perf&lab=syn`);
    await page.fill('#token', 'instructor');
    await page.click('#connect button[type=submit]');
    await page.waitForSelector('body[data-render-ms]');

    const rows = await page.locator('.hm-body [role=row]').count();
    const cells = await page.locator('.hm-body [role=gridcell]:not(.hm-score)').count();
    const renderMs = Number(await page.getAttribute('body', 'data-render-ms'));

    expect(rows).toBe(500);
    expect(cells).toBe(500 * 20);
    expect(renderMs).toBeGreaterThan(0);
  });

  it('moves through the grid with the keyboard, one tab stop throughout', async () => {
    await page.focus('.heatmap [tabindex="0"]');
    await page.locator(':focus').evaluate((first) => {
      const document = first.ownerDocument;
      for (let i = 0; i < 200; i++) {
        const key = i % 2 ? 'ArrowDown' : 'ArrowRight';
        document.activeElement!.dispatchEvent(
          new document.defaultView!.KeyboardEvent('keydown', { key, bubbles: true }),
        );
      }
    });
    // 200 moves: the focus is 100 down and 20 right (stopping at the last check) of where it started.
    // Row 101 of the body is aria-rowindex 102; the last check is child 21 (student, score, 20 checks).
    expect(await focusedCell(page)).toEqual({ role: 'gridcell', row: '102', index: 21, tabindex: '0' });
    expect(await page.locator('.heatmap [tabindex="0"]').count()).toBe(1);
    await page.screenshot({ path: 'test-results/dashboard-500.png' });
  });
});
