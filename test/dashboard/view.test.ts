/**
 * The dashboard's pure parts, in Node: from API responses to the class grid, the attempt history
 * and the HTML the page assigns. The browser tests show the same things on screen.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { AttemptView, ResultRow, SummaryResponse } from '../../functions/api/contract.js';
import { syntheticClass } from './fixture-api.js';

// The dashboard is plain JavaScript served as-is (typed by JSDoc, checked by the last test here).
const view = await import(new URL('../../dashboard/view.js', import.meta.url).href);
const i18n = await import(new URL('../../dashboard/i18n.js', import.meta.url).href);
const { apiBaseFrom } = await import(new URL('../../dashboard/api.js', import.meta.url).href);
const t = i18n.translator('en');

function row(studentId: string, statuses: Record<string, ResultRow['checks'][number]['status']>, score = 0): ResultRow {
  return {
    studentId,
    attempts: 1,
    latestAttemptId: `${studentId}-1`,
    score,
    maxScore: 10,
    gradedAt: '2026-11-20T09:00:00.000Z',
    trigger: 'schedule',
    accessFailure: false,
    counted: { policy: 'latest', attempt: null },
    checks: Object.entries(statuses).map(([id, status]) => ({
      id,
      status,
      points: 5,
      earned: status === 'pass' ? 5 : 0,
    })),
  };
}

function summary(checks: string[], notAttempted: SummaryResponse['notAttempted'] = []): SummaryResponse {
  return {
    courseId: 'c',
    lab: 'vpc',
    students: 0,
    attempted: 0,
    notAttempted,
    maxScore: 10,
    checks: checks.map((id) => ({
      id,
      title: `title of ${id}`,
      points: 5,
      pass: 0,
      fail: 0,
      error: 0,
      skip: 0,
      passRate: null,
    })),
    scores: { min: null, max: null, mean: null, median: null, buckets: [] },
  };
}

describe('class model', () => {
  it("has the lab's checks as columns in the lab's order and a row per student, attempted or not", () => {
    const model = view.buildClassModel(
      [row('kim', { 'vpc.nat': 'fail', 'vpc.exists': 'pass' }), row('lee', { 'vpc.exists': 'error' })],
      summary(['vpc.exists', 'vpc.nat'], [{ studentId: 'park', name: 'Park' }]),
    );
    expect(model.columns.map((c: { id: string }) => c.id)).toEqual(['vpc.exists', 'vpc.nat']);
    expect(model.rows.map((r: { studentId: string; cells: string[] }) => [r.studentId, r.cells])).toEqual([
      ['kim', ['pass', 'fail']],
      // A check missing from a result was not attempted.
      ['lee', ['error', 'none']],
      ['park', ['none', 'none']],
    ]);
  });

  it('keeps a check a stored result has and the lab no longer lists, after the others', () => {
    const model = view.buildClassModel(
      [row('kim', { 'vpc.old': 'pass', 'vpc.exists': 'pass' })],
      summary(['vpc.exists']),
    );
    expect(model.columns.map((c: { id: string }) => c.id)).toEqual(['vpc.exists', 'vpc.old']);
  });

  it('titles columns in the page language when /labs gave them', () => {
    const model = view.buildClassModel([], summary(['vpc.exists']), {
      lab: 'vpc',
      title: 'VPC',
      module: 'm',
      maxScore: 5,
      checks: [{ id: 'vpc.exists', title: '실습 VPC가 있음', points: 5, bonus: false }],
    });
    expect(model.columns[0].title).toBe('실습 VPC가 있음');
  });

  it('filters by id or name and sorts by score, students without a result last', () => {
    const model = view.buildClassModel(
      [row('kim', { a: 'pass' }, 10), row('lee', { a: 'fail' }, 0), row('choi', { a: 'pass' }, 5)],
      summary(['a'], [{ studentId: 'park', name: 'Jimin Park' }]),
    );
    const ids = (rows: { studentId: string }[]) => rows.map((r) => r.studentId);
    expect(ids(view.visibleRows(model.rows, { sort: 'score-asc' }))).toEqual(['lee', 'choi', 'kim', 'park']);
    expect(ids(view.visibleRows(model.rows, { sort: 'score-desc' }))).toEqual(['kim', 'choi', 'lee', 'park']);
    expect(ids(view.visibleRows(model.rows, { sort: 'name' }))).toEqual(['choi', 'park', 'kim', 'lee']);
    expect(ids(view.visibleRows(model.rows, { filter: 'JIMIN' }))).toEqual(['park']);
    expect(ids(view.visibleRows(model.rows, { filter: 'ki' }))).toEqual(['kim']);
  });
});

describe('heatmap markup', () => {
  it('escapes what students and checks are called, so a name cannot inject markup', () => {
    const hostile = { ...row('x<script>', { a: 'pass' }), name: '<img src=x onerror=alert(1)>' };
    const model = view.buildClassModel([hostile], summary(['a"><b>']));
    const html: string = view.heatmapHtml(model.columns, model.rows, t, { label: 'grid' });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('"><b>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('gives every cell an icon and a word as well as a colour, and the grid one tab stop', () => {
    const model = view.buildClassModel(
      [row('kim', { a: 'pass', b: 'fail', c: 'error', d: 'skip' })],
      summary(['a', 'b', 'c', 'd', 'e']),
    );
    const html: string = view.heatmapHtml(model.columns, model.rows, t, { label: 'grid' });
    const cells = [...html.matchAll(/<span role="gridcell" class="s-(\w+)" aria-label="([^"]+)">([^<]+)<\/span>/g)];
    expect(cells.map((m) => [m[1], m[2], m[3]])).toEqual([
      ['pass', 'pass', '✓'],
      ['fail', 'fail', '✗'],
      ['error', 'grader error', '!'],
      ['skip', 'not applicable', '–'],
      ['none', 'not attempted', '·'],
    ]);
    expect(html.match(/tabindex=/g)).toHaveLength(1);
  });
});

describe('attempt history', () => {
  const attempts = [...syntheticClass({ students: 1, checks: 6, seed: 3 }).attempts.values()][0]!;

  function attempt(
    id: string,
    statuses: Record<string, 'pass' | 'fail' | 'error' | 'skip'>,
    score: number,
  ): AttemptView {
    const base = attempts[0]!;
    return {
      ...base,
      attemptId: id,
      result: {
        ...base.result,
        score,
        checks: Object.entries(statuses).map(([cid, status]) => ({
          id: cid,
          title: cid,
          status,
          points: 5,
          earned: 0,
          message: '',
          evidence: [],
        })),
      },
    };
  }

  it('lists the checks whose status changed since the attempt before, and the score difference', () => {
    const older = attempt('a1', { 'vpc.nat': 'fail', 'vpc.dns': 'pass', 'vpc.igw': 'pass' }, 10);
    const newer = attempt('a2', { 'vpc.nat': 'pass', 'vpc.dns': 'pass', 'vpc.igw': 'error', 'vpc.tags': 'fail' }, 15);
    expect(view.diffAttempts(newer, older)).toEqual({
      first: false,
      scoreDelta: 5,
      changes: [
        { id: 'vpc.nat', from: 'fail', to: 'pass' },
        { id: 'vpc.igw', from: 'pass', to: 'error' },
        { id: 'vpc.tags', from: 'none', to: 'fail' },
      ],
    });
  });

  it("falls back to the API's changes for the oldest attempt shown, and knows a first attempt", () => {
    const oldest = {
      ...attempt('a5', { 'vpc.nat': 'pass' }, 5),
      changes: {
        previousAttemptId: 'a4',
        previousScore: 0,
        scoreDelta: 5,
        newlyPassing: ['vpc.nat'],
        newlyFailing: [],
        newlyError: [],
      },
    };
    expect(view.diffAttempts(oldest, undefined)).toEqual({
      first: false,
      scoreDelta: 5,
      changes: [{ id: 'vpc.nat', from: 'none', to: 'pass' }],
    });
    const first = attempt('a1', { 'vpc.nat': 'pass' }, 5);
    expect(view.diffAttempts(first, undefined).first).toBe(true);
    expect(view.attemptsHtml([first], t, 'en-GB')).toContain('first attempt');
  });
});

describe('time buckets of the timeline', () => {
  it('picks the smallest bucket that keeps the timeline within 24 columns and counts every instant', () => {
    const start = Date.parse('2026-11-20T09:00:00Z');
    const instants = Array.from({ length: 50 }, (_, i) => new Date(start + i * 7 * 60_000).toISOString());
    const { size, counts } = view.timeBuckets(instants);
    // 343 minutes: 15-minute buckets are the smallest that fit in 24.
    expect(size).toBe(15 * 60_000);
    expect(counts.length).toBeLessThanOrEqual(24);
    expect(counts.reduce((a: number, b: number) => a + b, 0)).toBe(50);
  });
});

describe('language', () => {
  it("follows the browser's language unless the user chose one", () => {
    expect(i18n.pickLang(null, ['ko-KR', 'en-US'])).toBe('ko');
    expect(i18n.pickLang(null, ['fr-FR', 'en-GB'])).toBe('en');
    expect(i18n.pickLang(null, ['fr-FR'])).toBe('en');
    expect(i18n.pickLang('en', ['ko-KR'])).toBe('en');
  });

  it('fills in the numbers of a message in both languages', () => {
    expect(i18n.translator('en')('students', { n: 3 })).toBe('3 students');
    expect(i18n.translator('ko')('students', { n: 3 })).toBe('학생 3명');
  });
});

describe('dashboard sources', () => {
  it('typecheck against the API contract (functions/api/contract.ts)', async () => {
    const tsc = join(import.meta.dirname, '../../node_modules/typescript/bin/tsc');
    const project = join(import.meta.dirname, 'tsconfig.dashboard.json');
    const run = promisify(execFile)(process.execPath, [tsc, '-p', project]);
    await expect(run.then(() => 'no type errors').catch((e) => String(e.stdout))).resolves.toBe('no type errors');
  }, 300_000); // tsc over the contract takes seconds alone and over a minute on a loaded 2-core machine
});

describe('where the dashboard sends its token', () => {
  const origin = 'https://grader.example.edu';

  it("is the page's own origin unless the deployment's config.json names an API", () => {
    expect(apiBaseFrom(undefined, origin)).toBe(origin);
    expect(apiBaseFrom({}, origin)).toBe(origin);
    expect(apiBaseFrom({ apiBase: 'https://abc.execute-api.ap-northeast-2.amazonaws.com/prod/' }, origin)).toBe(
      'https://abc.execute-api.ap-northeast-2.amazonaws.com/prod',
    );
  });

  it('refuses a configured API that is not https, or carries credentials or a query', () => {
    expect(() => apiBaseFrom({ apiBase: 'http://evil.example' }, origin)).toThrow(/https/);
    expect(() => apiBaseFrom({ apiBase: 'https://u:p@api.example' }, origin)).toThrow(/origin and path/);
    expect(() => apiBaseFrom({ apiBase: 'api.example' }, origin)).toThrow(/absolute URL/);
    expect(apiBaseFrom({ apiBase: 'http://localhost:8080' }, origin)).toBe('http://localhost:8080');
  });
});

describe('counted score and grader errors (never a loss)', () => {
  const base = [...syntheticClass({ students: 1, checks: 3, seed: 5 }).attempts.values()][0]![0]!;
  const graded = (id: string, status: 'pass' | 'error', earned: number): AttemptView => ({
    ...base,
    attemptId: id,
    result: {
      ...base.result,
      score: earned * 3,
      maxScore: 105,
      checks: ['a', 'b', 'c'].map((cid) => ({
        id: cid,
        title: cid,
        status,
        points: 35,
        earned,
        message: '',
        evidence: [],
      })),
    },
  });

  it('draws an all-error attempt as a grader error that does not count, not as −105', () => {
    const html = view.attemptsHtml([graded('a2', 'error', 0), graded('a1', 'pass', 35)], t, 'en-GB');
    expect(html).not.toMatch(/−105|-105/);
    expect(html).not.toContain('delta down');
    expect(html).toContain('not counted: the grader could not look');
  });

  it('shows the counted score with its policy, and the latest attempt beside it', () => {
    const result: ResultRow = {
      ...row('kim', { a: 'error', b: 'error', c: 'error' }, 0),
      maxScore: 105,
      latestAttemptId: 'a2',
      counted: {
        policy: 'best',
        attempt: { attemptId: 'a1', score: 105, maxScore: 105, startedAt: '', finishedAt: '' },
      },
    };
    const cell = view.scoreCellHtml(result, t);
    expect(cell).toContain('105<small>/105</small>');
    expect(cell).toContain('latest: grader error');
    const lower = view.scoreCellHtml(
      { ...result, score: 70, checks: result.checks.map((c) => ({ ...c, status: 'pass' as const })) },
      t,
    );
    expect(lower).toContain('latest 70');
    const model = view.buildClassModel([result], summary(['a', 'b', 'c']));
    expect(view.heatmapHtml(model.columns, model.rows, t, { label: 'x' })).toContain('Score (best attempt)');
  });
});

describe("a student's leftovers (the cleanup report)", () => {
  const checks = [
    {
      id: 'cleanup.instances',
      status: 'fail',
      cost: {
        perDay: 0.5,
        perMonth: 15,
        unpriced: ['i-0b (us-east-1)'],
        leftovers: [
          { id: 'lab-asg', kind: 'autoscaling-group', region: 'us-east-1', perDay: 0 },
          { id: 'i-0a', kind: 'instance', region: 'us-east-1', perDay: 0.5, deleteAfter: ['lab-asg'] },
          { id: 'i-0b', kind: 'instance', region: 'us-east-1', deleteAfter: ['lab-asg'] },
        ],
      },
    },
  ];
  const steps = (html: string) => [...html.matchAll(/<li data-id="([^"]+)">.*?<small[^>]*>([^<]*)<\/small>/g)];

  it('says an Auto Scaling group has no charge of its own (never $0.00/day), and an unknown price is unknown', () => {
    const byId = Object.fromEntries(steps(view.leftoversHtml(checks, t)).map((m) => [m[1], m[2]]));
    expect(byId).toEqual({
      'lab-asg': 'us-east-1 · no charge of its own: its instances are priced under cleanup.instances',
      'i-0a': 'us-east-1 · about $0.50/day',
      'i-0b': 'us-east-1 · price unknown',
    });
  });

  it('says so in Korean too', () => {
    const ko = i18n.translator('ko');
    const byId = Object.fromEntries(steps(view.leftoversHtml(checks, ko)).map((m) => [m[1], m[2]]));
    expect(byId['lab-asg']).toBe('us-east-1 · 그룹 자체는 요금 없음: 인스턴스 요금은 cleanup.instances에 포함');
    expect(byId['i-0b']).toBe('us-east-1 · 가격 미상');
  });
});
