/**
 * The dashboard in headless Chromium against the local service (the same API handler as in AWS,
 * DynamoDB Local, the demo course seeded from the example inventories): what an instructor and a
 * student see, compared with what the API answers.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AttemptsResponse, ResultsResponse, StoredResult, SummaryResponse } from '../../functions/api/contract.js';
import { type LocalService, startLocalService } from '../../functions/local/service.js';
import { type Browser, focusedCell, launchBrowser } from './browser.js';

const COURSE = 'demo-vpc';
const LAB = 'vpc';

describe('class dashboard on the local service', () => {
  let service: LocalService;
  let browser: Browser;
  let dataDir: string;
  let instructor: string;
  let results: ResultsResponse;
  let summary: SummaryResponse;

  const api = async <T>(path: string, token = instructor): Promise<T> => {
    const response = await fetch(`${service.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status, `GET ${path}`).toBe(200);
    return (await response.json()) as T;
  };

  /** Opens the dashboard and signs in with a token, as a person would. */
  async function signIn(token: string, query = `?course=${COURSE}&lab=${LAB}`): Promise<Page> {
    const page = await browser.context.newPage();
    // A missing element fails the test in seconds, with the selector, not at the test's timeout.
    page.setDefaultTimeout(5000);
    await page.goto(`${service.url}/${query}`);
    await page.fill('#token', token);
    await page.click('#connect button[type=submit]');
    await page.waitForSelector('body[data-render-ms]');
    return page;
  }

  /** Each row's student id and its cells' words (pass, fail...), as the heatmap shows them. */
  const heatmapRows = (page: Page) =>
    page.$$eval('.hm-body [role=row]', (rows) =>
      rows.map((row) => ({
        student:
          row.querySelector('[role=rowheader] small')?.textContent ??
          row.querySelector('[role=rowheader]')?.textContent,
        cells: [...row.querySelectorAll('[role=gridcell]:not(.hm-score)')].map((c) => c.getAttribute('aria-label')),
      })),
    );

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'labgrader-dashboard-'));
    const suffix = randomBytes(4).toString('hex');
    service = await startLocalService({
      dataDir,
      port: 0,
      dynamodbEndpoint: inject('dynamodbEndpoint'),
      tables: { grades: `dashboard-grades-${suffix}`, idempotency: `dashboard-idem-${suffix}` },
      scheduleMinutes: 0,
      logLevel: 'SILENT',
    });
    instructor = service.token({ subject: 'teacher', groups: ['instructors'] });
    results = await api<ResultsResponse>(`/courses/${COURSE}/labs/${LAB}/results?limit=100`);
    summary = await api<SummaryResponse>(`/courses/${COURSE}/labs/${LAB}/summary`);
    browser = await launchBrowser();
    await mkdir('test-results', { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows every student of the demo course with each check as the API graded it', async () => {
    const demo = service.demo.find((d) => d.courseId === COURSE)!;
    expect(results.items.length).toBe(demo.students.length);

    const page = await signIn(instructor);
    const rows = await heatmapRows(page);
    const words: Record<string, string> = { pass: 'pass', fail: 'fail', error: 'grader error', skip: 'not applicable' };
    const expected = results.items
      .map((r) => ({
        student: r.studentId,
        cells: summary.checks.map((c) => words[r.checks.find((x) => x.id === c.id)!.status]),
      }))
      .sort((a, b) => (a.student < b.student ? -1 : 1));
    expect(rows.sort((a, b) => (a.student! < b.student! ? -1 : 1))).toEqual(expected);
    // Colour is never the only signal: every cell shows an icon.
    const icons = await page.$$eval('.hm-body [role=gridcell]:not(.hm-score)', (cells) =>
      [...new Set(cells.map((c) => c.textContent))].sort(),
    );
    expect(icons.every((i) => ['✓', '✗', '!', '–', '·'].includes(i!))).toBe(true);
    expect(icons).toContain('✗');

    // One bar per check, with the share of the class passing it.
    const bars = await page.$$eval('#pass-rate li .bar-value', (items) => items.map((i) => i.textContent));
    expect(bars).toHaveLength(summary.checks.length);
    const first = summary.checks[0]!;
    expect(bars[0]).toContain(
      `${Math.round(first.passRate! * 100)}% pass (${first.pass} of ${first.pass + first.fail})`,
    );
    expect(await page.locator('#distribution .histogram li').count()).toBe(10);
    expect(await page.locator('#timeline .timeline li').count()).toBeGreaterThan(0);

    await page.screenshot({ path: 'test-results/dashboard.png', fullPage: true });
    await page.close();
  });

  it("clicking a failed cell shows that check's message, evidence and hint", async () => {
    const failing = results.items.find((r) => r.checks.some((c) => c.status === 'fail'))!;
    const checkId = failing.checks.find((c) => c.status === 'fail')!.id;
    const grades = await api<AttemptsResponse>(`/students/${failing.studentId}/grades?lab=${LAB}&courseId=${COURSE}`);
    const check = (grades.items[0]!.result as StoredResult).checks.find((c) => c.id === checkId)!;
    expect(check.hint).toBeTruthy();

    const page = await signIn(instructor);
    await page.fill('#filter', failing.studentId);
    const column = summary.checks.findIndex((c) => c.id === checkId);
    await page.locator('.hm-body [role=row]').first().locator('[role=gridcell]:not(.hm-score)').nth(column).click();

    const dialog = page.locator('#detail');
    await expect.poll(() => dialog.locator('.message').textContent()).toBe(check.message);
    expect(await dialog.locator('.hint').textContent()).toBe(check.hint);
    expect(await dialog.locator('.evidence code').allTextContents()).toEqual(check.evidence);
    expect(await dialog.locator('.badge').first().textContent()).toContain('fail');
    expect(await page.locator('#detail-title').textContent()).toContain(failing.studentId);
    await page.screenshot({ path: 'test-results/dashboard-detail.png' });

    // Escape closes it and the keyboard is back on the cell it came from.
    await page.keyboard.press('Escape');
    expect(await dialog.isVisible()).toBe(false);
    expect((await focusedCell(page)).role).toBe('gridcell');
    await page.close();
  });

  it('clicking a student shows their attempts and what changed between them', async () => {
    const student = results.items[0]!.studentId;
    // A second grade of the same account: the history has two attempts.
    const graded = await fetch(`${service.url}/grades`, {
      method: 'POST',
      headers: { authorization: `Bearer ${instructor}`, 'content-type': 'application/json' },
      body: JSON.stringify({ lab: LAB, studentId: student, courseId: COURSE }),
    });
    expect(graded.status).toBe(201);

    const page = await signIn(instructor);
    await page.fill('#filter', student);
    await page.locator('.hm-body [role=rowheader]').first().click();
    const attempts = page.locator('#detail .attempts > li');
    await expect.poll(() => attempts.count()).toBe(2);
    expect(await attempts.nth(0).textContent()).toContain('no check changed');
    expect(await attempts.nth(1).textContent()).toContain('first attempt');
    await page.close();
  });

  it('moves through the grid with the arrow keys and opens a cell with Enter', async () => {
    const page = await signIn(instructor);
    await page.focus('.hm-body [tabindex="0"]');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    // Second student (aria-rowindex 3), second check (student, score, check 1, check 2).
    expect(await focusedCell(page)).toEqual({ role: 'gridcell', row: '3', index: 3, tabindex: '0' });
    expect(await page.locator('.heatmap [tabindex="0"]').count()).toBe(1);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#detail .message').count()).toBe(1);
    await page.close();
  });

  it('downloads the CSV the API exports', async () => {
    const page = await signIn(instructor);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    expect(download.suggestedFilename()).toBe(`${COURSE}-${LAB}-results.csv`);
    const downloaded = await readFile((await download.path())!);
    const exported = Buffer.from(
      await (
        await fetch(`${service.url}/courses/${COURSE}/labs/${LAB}/results.csv`, {
          headers: { authorization: `Bearer ${instructor}` },
        })
      ).arrayBuffer(),
    );
    expect(downloaded.equals(exported)).toBe(true);
    for (const row of results.items) expect(downloaded.toString('utf8')).toContain(row.studentId);
    await page.close();
  });

  it('a student token sees only its own row and attempts', async () => {
    const me = results.items.find((r) => r.checks.some((c) => c.status === 'fail'))!.studentId;
    const others = results.items.map((r) => r.studentId).filter((id) => id !== me);
    const page = await signIn(service.token({ subject: me }));
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));

    const rows = await heatmapRows(page);
    expect(rows.map((r) => r.student)).toEqual([me]);
    const body = (await page.textContent('body'))!;
    for (const other of others) expect(body).not.toContain(other);
    expect(await page.isVisible('#download-csv')).toBe(false);
    expect(await page.isVisible('#pass-rate')).toBe(false);
    expect(await page.locator('#my-attempts .attempts > li').count()).toBeGreaterThan(0);

    await page.click('#refresh');
    await page.waitForLoadState('networkidle');
    expect(requested.some((p) => p.startsWith('/courses/'))).toBe(false);
    await page.screenshot({ path: 'test-results/dashboard-student.png', fullPage: true });
    await page.close();
  });

  it('refreshes by itself while the lab session runs', async () => {
    // The demo students were graded moments ago: a session is running, refresh every second.
    const page = await signIn(instructor, `?course=${COURSE}&lab=${LAB}&refresh=1`);
    const before = await page.locator('.hm-body [role=row]').count();
    const response = await fetch(`${service.url}/courses/${COURSE}/students/late-student`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${instructor}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        accountId: '123456789012',
        access: 'role',
        roleArn: 'arn:aws:iam::123456789012:role/labgrader-demo',
        externalId: 'recorded-example',
      }),
    });
    expect(response.status, await response.clone().text()).toBeLessThan(300);
    await expect.poll(() => page.locator('.hm-body [role=row]').count(), { timeout: 10_000 }).toBe(before + 1);
    expect(await page.textContent('.hm-body')).toContain('late-student');
    await page.close();
  });

  it('never sends the token to an origin a link names, nor before the person acts', async () => {
    // Another origin that would gladly take the token (it allows any CORS request).
    const seen: { method: string; url: string; authorization?: string }[] = [];
    const elsewhere = createServer((req, res) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
      res.writeHead(req.method === 'OPTIONS' ? 204 : 200, {
        'access-control-allow-origin': '*',
        'access-control-allow-headers': 'authorization, content-type, accept',
        'content-type': 'application/json',
      });
      res.end(req.method === 'OPTIONS' ? '' : '{}');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const thief = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
    const own = new URL(service.url).origin;
    try {
      // An instructor signed in: the token is kept in the tab.
      const page = await signIn(instructor);
      const sent: string[] = [];
      page.on('request', (request) => {
        if (request.headers().authorization) sent.push(request.url());
      });
      // A crafted link opened in that tab.
      await page.goto(`${service.url}/?api=${encodeURIComponent(thief)}&course=${COURSE}&lab=${LAB}`);
      await page.waitForLoadState('networkidle');
      expect(sent, 'requests with the token before any click').toEqual([]);
      expect(await page.isVisible('#content')).toBe(false);

      // The person presses "Show": the token goes to the page's own origin only.
      await page.click('#connect button[type=submit]');
      await page.waitForSelector('body[data-render-ms]');
      expect(await page.locator('.hm-body [role=row]').count()).toBeGreaterThanOrEqual(results.items.length);
      // A reload is the person's act too: it shows the class again, from the same origin.
      await page.reload();
      await page.waitForSelector('body[data-render-ms]');
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.filter((url) => new URL(url).origin !== own)).toEqual([]);
      expect(seen).toEqual([]);
      await page.close();
    } finally {
      elsewhere.closeAllConnections();
      await new Promise((resolve) => elsewhere.close(resolve));
    }
  });

  it('shows the counted score with its policy, the latest attempt beside it, and never a grader error as a loss', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(5000);
    const best = results.items.find((r) => r.counted.attempt && r.counted.attempt.score > 0)!;
    // That student's latest attempt could not read the account (every check a grader error).
    await page.route('**/labs/vpc/results?**', async (route) => {
      const answer = (await (await route.fetch()).json()) as ResultsResponse;
      for (const item of answer.items) {
        if (item.studentId !== best.studentId) continue;
        Object.assign(item, {
          latestAttemptId: 'lost',
          score: 0,
          accessFailure: true,
          checks: item.checks.map((c) => ({ ...c, status: 'error', earned: 0 })),
        });
      }
      await route.fulfill({ json: answer });
    });
    await page.goto(`${service.url}/?course=${COURSE}&lab=${LAB}`);
    await page.fill('#token', instructor);
    await page.click('#connect button[type=submit]');
    await page.waitForSelector('body[data-render-ms]');
    await page.fill('#filter', best.studentId);
    const cell = page.locator('.hm-body [role=row]').first().locator('.hm-score');
    expect(await page.textContent('.hm-head .hm-score')).toBe('Score (best attempt)');
    expect(await cell.textContent()).toBe(
      `${best.counted.attempt!.score}/${best.counted.attempt!.maxScore}latest: grader error`,
    );
    expect(await cell.textContent()).not.toMatch(/[−-]\d/);
    // The CSV says the same: `score` is the counted one, under the policy it names.
    const csv = await (
      await fetch(`${service.url}/courses/${COURSE}/labs/${LAB}/results.csv`, {
        headers: { authorization: `Bearer ${instructor}` },
      })
    ).text();
    const [head, ...lines] = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const columns = head!.split(',');
    const line = lines.find((l) => l.startsWith(`${best.studentId},`))!.split(',');
    expect(line[columns.indexOf('score')]).toBe(String(best.counted.attempt!.score));
    expect(line[columns.indexOf('scoringPolicy')]).toBe('best');
    await page.close();
  });

  it('an empty course shows no grader error, and a student in no course is told so', async () => {
    const created = await fetch(`${service.url}/courses/empty-course`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${instructor}`, 'content-type': 'application/json' },
      body: JSON.stringify({ region: 'us-east-1', labs: [{ lab: LAB }] }),
    });
    expect(created.status, await created.clone().text()).toBeLessThan(300);
    const page = await signIn(instructor, `?course=empty-course&lab=${LAB}`);
    const bars = await page.$$eval('#pass-rate li .bar-value', (items) => items.map((i) => i.textContent));
    expect(bars.length).toBeGreaterThan(0);
    expect(bars.every((b) => b === 'no student judged yet')).toBe(true);
    await page.close();

    const newcomer = await browser.context.newPage();
    newcomer.setDefaultTimeout(5000);
    await newcomer.goto(`${service.url}/`);
    await newcomer.fill('#token', service.token({ subject: 'newcomer' }));
    await newcomer.click('#connect button[type=submit]');
    await expect.poll(() => newcomer.textContent('#status')).toContain('not registered in a course yet');
    expect(await newcomer.isDisabled('#grade-now')).toBe(true);
    await newcomer.close();
  });

  it('switched to Korean, says everything in Korean and renders Hangul glyphs', async () => {
    const page = await signIn(instructor);
    await page.click('#lang-toggle');
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('ko');
    await expect.poll(() => page.locator('#lab option:checked').textContent()).toMatch(/[가-힣]/);
    expect(await page.textContent('#refresh-state')).toMatch(/[가-힣]/);
    expect(await page.textContent('#refresh-state')).not.toContain('Auto-refresh');
    expect(await page.textContent('#status')).not.toContain('Updated');
    expect(await page.textContent('#status')).toMatch(/[가-힣]/);
    expect(await page.textContent('#distribution .stats')).toContain('중앙값');
    expect(await page.textContent('#distribution .stats')).not.toMatch(/median|mean/);
    // The dialog's Close button ("닫기") stays on one line.
    await page.locator('.hm-body [role=rowheader]').first().click();
    const close = page.locator('#detail-close');
    const lines = await close.evaluate((button) => {
      const style = button.ownerDocument.defaultView!.getComputedStyle(button);
      const inner =
        button.getBoundingClientRect().height -
        Number.parseFloat(style.paddingTop) -
        Number.parseFloat(style.paddingBottom);
      return Math.round(
        inner /
          Number.parseFloat(
            style.lineHeight === 'normal' ? String(Number.parseFloat(style.fontSize) * 1.2) : style.lineHeight,
          ),
      );
    });
    expect(lines).toBe(1);
    await page.keyboard.press('Escape');
    await page.screenshot({ path: 'test-results/dashboard-ko.png', fullPage: true });

    // Glyphs, not tofu: two different syllables in the page's own font must not draw the same box.
    const drawn: Buffer[] = [];
    for (const syllable of ['가', '힣']) {
      await page.locator('body').evaluate((body, text) => {
        const probe = body.ownerDocument.createElement('span');
        probe.id = 'glyph-probe';
        probe.textContent = text;
        probe.style.cssText = 'font-size:48px;position:fixed;top:0;left:0;background:#fff;color:#000;padding:4px';
        body.ownerDocument.getElementById('glyph-probe')?.remove();
        body.append(probe);
      }, syllable);
      drawn.push(await page.locator('#glyph-probe').screenshot());
    }
    expect(drawn[0]!.equals(drawn[1]!), 'Hangul drawn as identical boxes (no Korean font)').toBe(false);
    await page.close();
  });

  it('speaks Korean to a Korean browser, and switches to English', async () => {
    const korean = await launchBrowser({ locale: 'ko-KR' });
    try {
      const page = await korean.context.newPage();
      await page.goto(`${service.url}/?course=${COURSE}&lab=${LAB}`);
      await page.fill('#token', instructor);
      await page.click('#connect button[type=submit]');
      await page.waitForSelector('body[data-render-ms]');
      expect(await page.getAttribute('html', 'lang')).toBe('ko');
      expect(await page.textContent('#download-csv')).toBe('CSV 다운로드');
      expect(await page.locator('.hm-body [aria-label="통과"]').count()).toBeGreaterThan(0);
      await page.click('#lang-toggle');
      expect(await page.textContent('#download-csv')).toBe('Download CSV');
      await expect.poll(() => page.locator('.hm-body [aria-label="pass"]').count()).toBeGreaterThan(0);
    } finally {
      await korean.close();
    }
  });
});
