/**
 * A stand-in for the HTTP API, typed by its contract, for what the real local service cannot
 * easily hold: a class of 500 students × 20 checks for the render-time test. It serves dashboard/
 * at `/` like the local service, and answers the routes the dashboard reads from synthetic
 * results (deterministic: the same seed gives the same class).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { seededRandom } from '../../bench/stats.js';
import type {
  AttemptsResponse,
  AttemptView,
  CheckResult,
  LabsResponse,
  MeResponse,
  ResultRow,
  ResultsResponse,
  Status,
  StoredResult,
  SummaryResponse,
} from '../../functions/api/contract.js';

export const DASHBOARD_DIR = join(import.meta.dirname, '../../dashboard');

export interface SyntheticClass {
  courseId: string;
  lab: string;
  checks: LabsResponse['items'][number]['checks'];
  /** Every student's attempts, newest first (empty: not attempted). */
  attempts: Map<string, AttemptView[]>;
}

/**
 * A class of `students` (the last `notAttempted` of them without an attempt) in a lab of
 * `checks` checks, each student with one to three attempts an hour apart ending at `now`.
 */
export function syntheticClass(options: {
  students: number;
  checks: number;
  notAttempted?: number;
  seed?: number;
  now?: Date;
}): SyntheticClass {
  const next = seededRandom(options.seed ?? 1);
  const now = (options.now ?? new Date()).getTime();
  const checks = Array.from({ length: options.checks }, (_, i) => ({
    id: `syn.check-${String(i + 1).padStart(2, '0')}`,
    title: `Synthetic check ${i + 1}`,
    points: 5,
    bonus: false,
  }));
  const attempts = new Map<string, AttemptView[]>();
  for (let s = 0; s < options.students; s++) {
    const studentId = `student${String(s + 1).padStart(3, '0')}`;
    if (s >= options.students - (options.notAttempted ?? 0)) {
      attempts.set(studentId, []);
      continue;
    }
    const count = 1 + Math.floor(next() * 3);
    const history: AttemptView[] = [];
    for (let a = 0; a < count; a++) {
      const startedAt = new Date(now - (count - 1 - a) * 3_600_000 - Math.floor(next() * 600_000));
      const results: CheckResult[] = checks.map((c) => {
        const roll = next();
        const status: Status = roll < 0.6 + a * 0.1 ? 'pass' : roll < 0.93 ? 'fail' : roll < 0.97 ? 'error' : 'skip';
        return {
          id: c.id,
          title: c.title,
          status,
          points: c.points,
          earned: status === 'pass' ? c.points : 0,
          message: `${c.id} of ${studentId}: ${status}`,
          evidence: [`vpc-${s.toString(16).padStart(8, '0')}`],
          ...(status === 'fail' ? { hint: `Hint for ${c.id}` } : {}),
          ...(status === 'error' ? { errorCode: 'AccessDenied' } : {}),
        };
      });
      history.unshift({
        attemptId: `${studentId}-a${a + 1}`,
        courseId: 'perf',
        studentId,
        accountId: '123456789012',
        lab: 'syn',
        result: resultDocument(studentId, results, startedAt),
        changes: {
          previousAttemptId: null,
          previousScore: null,
          scoreDelta: 0,
          newlyPassing: [],
          newlyFailing: [],
          newlyError: [],
        },
        recordedAt: startedAt.toISOString(),
      });
    }
    attempts.set(studentId, history);
  }
  return { courseId: 'perf', lab: 'syn', checks, attempts };
}

function resultDocument(studentId: string, checks: CheckResult[], startedAt: Date): StoredResult {
  const counts: Record<Status, number> = { pass: 0, fail: 0, error: 0, skip: 0 };
  for (const c of checks) counts[c.status]++;
  return {
    schemaVersion: 1,
    studentId,
    courseId: 'perf',
    lab: 'syn',
    labTitle: 'Synthetic lab',
    lang: 'en',
    region: 'us-east-1',
    target: { kind: 'VPC', id: 'vpc-0' },
    candidates: [],
    resources: [],
    score: checks.reduce((sum, c) => sum + c.earned, 0),
    maxScore: checks.reduce((sum, c) => sum + c.points, 0),
    bonusScore: 0,
    counts,
    checks,
    sourceErrors: [],
    trigger: 'schedule',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date(startedAt.getTime() + 900).toISOString(),
    timing: { collectMs: 800, evaluateMs: 5, totalMs: 900 },
    inventoryCollectedAt: startedAt.toISOString(),
    graderVersion: 'synthetic',
  };
}

function resultRows(cls: SyntheticClass): ResultRow[] {
  const rows: ResultRow[] = [];
  for (const [studentId, history] of cls.attempts) {
    const latest = history[0];
    if (!latest) continue;
    rows.push({
      studentId,
      name: `Student ${studentId.slice(7)}`,
      attempts: history.length,
      latestAttemptId: latest.attemptId,
      score: latest.result.score,
      maxScore: latest.result.maxScore,
      gradedAt: latest.result.finishedAt,
      trigger: latest.result.trigger,
      accessFailure: false,
      counted: { policy: 'latest', attempt: null },
      checks: latest.result.checks.map((c) => ({ id: c.id, status: c.status, points: c.points, earned: c.earned })),
    });
  }
  return rows;
}

function summaryOf(cls: SyntheticClass, rows: ResultRow[]): SummaryResponse {
  const maxScore = cls.checks.reduce((sum, c) => sum + c.points, 0);
  const scores = rows.map((r) => r.score).sort((a, b) => a - b);
  const width = maxScore / 10;
  const buckets = Array.from({ length: 10 }, (_, i) => ({ from: i * width, to: (i + 1) * width, count: 0 }));
  for (const score of scores) buckets[Math.min(9, Math.floor(score / width))]!.count++;
  return {
    courseId: cls.courseId,
    lab: cls.lab,
    students: cls.attempts.size,
    attempted: rows.length,
    notAttempted: [...cls.attempts].filter(([, h]) => h.length === 0).map(([studentId]) => ({ studentId })),
    maxScore,
    checks: cls.checks.map((c) => {
      const tally = { pass: 0, fail: 0, error: 0, skip: 0 };
      for (const r of rows) tally[r.checks.find((x) => x.id === c.id)!.status]++;
      const judged = tally.pass + tally.fail;
      return { id: c.id, title: c.title, points: c.points, ...tally, passRate: judged ? tally.pass / judged : null };
    }),
    scores: {
      min: scores[0] ?? null,
      max: scores.at(-1) ?? null,
      mean: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
      median: scores.length ? scores[Math.floor(scores.length / 2)]! : null,
      buckets,
    },
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Serves dashboard/ and the synthetic class; the instructor's token is `instructor`. */
export async function startFixtureApi(cls: SyntheticClass): Promise<{ url: string; close(): Promise<void> }> {
  const rows = resultRows(cls);
  const summary = summaryOf(cls, rows);
  const base = `/courses/${cls.courseId}/labs/${cls.lab}`;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (
      !url.pathname.startsWith('/me') &&
      !['/labs', '/courses', '/students'].some((p) => url.pathname.startsWith(p))
    ) {
      const file = normalize(join(DASHBOARD_DIR, url.pathname === '/' ? 'index.html' : url.pathname));
      if (!file.startsWith(DASHBOARD_DIR)) return send(404, { error: { code: 'not_found', message: 'no such file' } });
      try {
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
      } catch {
        send(404, { error: { code: 'not_found', message: 'no such file' } });
      }
      return;
    }
    if (req.headers.authorization !== 'Bearer instructor') {
      return send(401, { error: { code: 'unauthorized', message: 'missing or invalid token' } });
    }
    if (url.pathname === '/me') {
      const me: MeResponse = {
        subject: 'teacher',
        role: 'instructor',
        admin: false,
        groups: ['instructors'],
        courses: [{ courseId: cls.courseId, region: 'us-east-1', lang: 'en', labs: [cls.lab] }],
      };
      return send(200, me);
    }
    if (url.pathname === '/labs') {
      const maxScore = cls.checks.reduce((sum, c) => sum + c.points, 0);
      const labs: LabsResponse = {
        items: [{ lab: cls.lab, title: 'Synthetic lab', module: 'synthetic', maxScore, checks: cls.checks }],
      };
      return send(200, labs);
    }
    if (url.pathname === `${base}/results`) {
      const limit = Number(url.searchParams.get('limit') ?? 100);
      const from = Number(url.searchParams.get('cursor') ?? 0);
      const page: ResultsResponse = { courseId: cls.courseId, lab: cls.lab, items: rows.slice(from, from + limit) };
      if (from + limit < rows.length) page.cursor = String(from + limit);
      return send(200, page);
    }
    if (url.pathname === `${base}/summary`) return send(200, summary);
    const student = /^\/students\/([^/]+)\/grades$/.exec(url.pathname);
    if (student) {
      const studentId = decodeURIComponent(student[1]!);
      const history = cls.attempts.get(studentId);
      if (!history) return send(404, { error: { code: 'not_found', message: `no student ${studentId}` } });
      const page: AttemptsResponse = {
        courseId: cls.courseId,
        studentId,
        accountId: '123456789012',
        current: true,
        lab: cls.lab,
        items: history,
      };
      return send(200, page);
    }
    send(404, { error: { code: 'not_found', message: `no route ${url.pathname}` } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
