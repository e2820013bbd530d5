// @ts-check
/**
 * The page's data from API responses: the class as a grid of students × checks, the order rows are
 * shown in, what changed between two attempts, the timeline's buckets and the order to delete a
 * student's leftovers in. Pure functions of their arguments (no DOM, no HTML), tested in Node;
 * view.js turns them into HTML.
 */

/**
 * @typedef {import('../functions/api/contract.js').ResultRow} ResultRow
 * @typedef {import('../functions/api/contract.js').SummaryResponse} SummaryResponse
 * @typedef {import('../functions/api/contract.js').LabsResponse} LabsResponse
 * @typedef {import('../functions/api/contract.js').AttemptView} AttemptView
 * @typedef {import('../functions/api/contract.js').CheckResult} CheckResult
 * @typedef {import('../functions/api/contract.js').Status} Status
 * @typedef {import('../functions/api/contract.js').StandingView} StandingView
 * @typedef {import('../checks/model.js').LeftoverItem} LeftoverItem
 */

/** A cell's state: a check's status in the student's latest result, or `none` (not attempted). */
/** @typedef {Status | 'none'} CellState */

/** @typedef {{ id: string, title: string, points: number, bonus: boolean }} Column */
/**
 * @typedef {object} StudentRow
 * @property {string} studentId
 * @property {string} [name]
 * @property {ResultRow} [result] absent when the student has not attempted the lab
 * @property {CellState[]} cells one per column
 */
/** @typedef {{ columns: Column[], rows: StudentRow[] }} ClassModel */

/**
 * The class as a grid. Columns are the lab's checks in the lab's order (from the summary; titles
 * from `/labs` in the page's language when given). Rows are every student with a result plus every
 * student on the roster who has not attempted the lab.
 * @param {ResultRow[]} results
 * @param {SummaryResponse} summary
 * @param {LabsResponse['items'][number]} [labInfo]
 * @returns {ClassModel}
 */
export function buildClassModel(results, summary, labInfo) {
  const localized = new Map((labInfo?.checks ?? []).map((c) => [c.id, c]));
  /** @type {Column[]} */
  const columns = summary.checks.map((c) => ({
    id: c.id,
    title: localized.get(c.id)?.title ?? c.title,
    points: c.points,
    bonus: localized.get(c.id)?.bonus ?? false,
  }));
  // A check a stored result has and the lab no longer lists still shows, after the lab's checks.
  const known = new Set(columns.map((c) => c.id));
  for (const row of results) {
    for (const check of row.checks) {
      if (!known.has(check.id)) {
        known.add(check.id);
        columns.push({
          id: check.id,
          title: localized.get(check.id)?.title ?? check.id,
          points: check.points,
          bonus: false,
        });
      }
    }
  }
  /** @type {StudentRow[]} */
  const rows = results.map((result) => {
    const statuses = new Map(result.checks.map((c) => [c.id, c.status]));
    return {
      studentId: result.studentId,
      name: result.name,
      result,
      cells: columns.map((c) => statuses.get(c.id) ?? 'none'),
    };
  });
  const graded = new Set(results.map((r) => r.studentId));
  for (const student of summary.notAttempted) {
    if (graded.has(student.studentId)) continue;
    rows.push({ studentId: student.studentId, name: student.name, cells: columns.map(() => 'none') });
  }
  return { columns, rows };
}

/**
 * The student view's own row, in the results route's shape.
 * @param {AttemptView} attempt the latest
 * @param {number} attempts how many were loaded
 * @param {StandingView | undefined} standing the student's standing in the lab
 * @returns {ResultRow}
 */
export function rowOfAttempt(attempt, attempts, standing) {
  const r = attempt.result;
  return {
    studentId: attempt.studentId,
    attempts,
    latestAttemptId: attempt.attemptId,
    score: r.score,
    maxScore: r.maxScore,
    gradedAt: r.finishedAt,
    trigger: r.trigger,
    accessFailure: Boolean(attempt.accessFailure),
    counted: standing?.counted ?? { policy: 'latest', attempt: null },
    checks: r.checks.map((c) => ({ id: c.id, status: c.status, points: c.points, earned: c.earned })),
  };
}

/**
 * The student view has no summary: its columns are the lab's checks (or the latest result's).
 * @param {{ courseId: string, lab: string, studentId: string, results: ResultRow[],
 *   latest: AttemptView | undefined, labInfo: LabsResponse['items'][number] | undefined }} view
 * @returns {SummaryResponse}
 */
export function studentSummary({ courseId, lab, studentId, results, latest, labInfo }) {
  const checks = labInfo?.checks ?? latest?.result.checks ?? [];
  return /** @type {SummaryResponse} */ ({
    courseId,
    lab,
    students: 1,
    attempted: results.length,
    notAttempted: results.length ? [] : [{ studentId }],
    maxScore: labInfo?.maxScore ?? 0,
    checks: checks.map((c) => ({
      id: c.id,
      title: c.title,
      points: c.points,
      pass: 0,
      fail: 0,
      error: 0,
      skip: 0,
      passRate: null,
    })),
    scores: { min: null, max: null, mean: null, median: null, buckets: [] },
  });
}

/** @typedef {'name' | 'score-asc' | 'score-desc'} SortOrder */

/**
 * The rows to show, filtered by a search text (student id or name) and sorted. Students who have
 * not attempted sort below everyone by score.
 * @param {StudentRow[]} rows
 * @param {{ filter?: string, sort?: SortOrder }} options
 * @returns {StudentRow[]}
 */
export function visibleRows(rows, { filter = '', sort = 'name' }) {
  const needle = filter.trim().toLowerCase();
  const kept = needle
    ? rows.filter((r) => r.studentId.toLowerCase().includes(needle) || (r.name ?? '').toLowerCase().includes(needle))
    : rows.slice();
  const label = (/** @type {StudentRow} */ r) => (r.name ?? r.studentId).toLowerCase();
  const byName = (/** @type {StudentRow} */ a, /** @type {StudentRow} */ b) =>
    label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : a.studentId < b.studentId ? -1 : 1;
  if (sort === 'name') return kept.sort(byName);
  const sign = sort === 'score-asc' ? 1 : -1;
  return kept.sort((a, b) => {
    if (!a.result || !b.result) return (a.result ? -1 : 0) + (b.result ? 1 : 0) || byName(a, b);
    return sign * (sortScore(a.result) - sortScore(b.result)) || byName(a, b);
  });
}

/**
 * The score a row is ranked by: the counted one (under the course's policy), else the latest.
 * @param {ResultRow} result
 */
function sortScore(result) {
  return result.counted.attempt?.score ?? result.score;
}

/**
 * True when an attempt judged nothing: the account could not be read, or every check that
 * applies is a grader error. Its score of 0 is not the student's: it is never shown as a loss.
 * @param {{ accessFailure?: unknown, checks: { status: string }[] }} attempt
 */
export function judgedNothing(attempt) {
  if (attempt.accessFailure) return true;
  const applicable = attempt.checks.filter((c) => c.status !== 'skip');
  return applicable.length > 0 && applicable.every((c) => c.status === 'error');
}

/** Bucket sizes a timeline picks from, smallest first (ms). */
const BUCKETS_MS = [60_000, 5 * 60_000, 15 * 60_000, 3_600_000, 6 * 3_600_000, 86_400_000, 7 * 86_400_000];

/**
 * Groups instants into at most `maxBuckets` equal time buckets (the smallest size that fits).
 * @param {string[]} instants ISO 8601
 * @param {number} [maxBuckets]
 * @returns {{ start: number, size: number, counts: number[] }}
 */
export function timeBuckets(instants, maxBuckets = 24) {
  const times = instants.map((s) => Date.parse(s)).filter((n) => Number.isFinite(n));
  if (times.length === 0) return { start: 0, size: BUCKETS_MS[0] ?? 60_000, counts: [] };
  const min = Math.min(...times);
  const max = Math.max(...times);
  const size = BUCKETS_MS.find((s) => Math.floor(max / s) - Math.floor(min / s) < maxBuckets) ?? 30 * 86_400_000;
  const start = Math.floor(min / size) * size;
  const counts = new Array(Math.floor((max - start) / size) + 1).fill(0);
  for (const time of times) counts[Math.floor((time - start) / size)]++;
  return { start, size, counts };
}

/**
 * @typedef {object} AttemptChange
 * @property {string} id check id
 * @property {CellState} from
 * @property {CellState} to
 */

/**
 * What changed from one attempt to the next: every check whose status differs. `previous` absent
 * (the oldest attempt loaded) falls back to the API's `changes` of the newer attempt.
 * @param {AttemptView} attempt
 * @param {AttemptView | undefined} previous the attempt just before it
 * @returns {{ first: boolean, scoreDelta: number, changes: AttemptChange[] }}
 */
export function diffAttempts(attempt, previous) {
  if (!previous) {
    const c = attempt.changes;
    /** @type {AttemptChange[]} */
    const changes = [
      ...c.newlyPassing.map((id) => ({
        id,
        from: /** @type {CellState} */ ('none'),
        to: /** @type {CellState} */ ('pass'),
      })),
      ...c.newlyFailing.map((id) => ({
        id,
        from: /** @type {CellState} */ ('none'),
        to: /** @type {CellState} */ ('fail'),
      })),
      ...c.newlyError.map((id) => ({
        id,
        from: /** @type {CellState} */ ('none'),
        to: /** @type {CellState} */ ('error'),
      })),
    ];
    return {
      first: c.previousAttemptId === null,
      scoreDelta: c.scoreDelta,
      changes: c.previousAttemptId === null ? [] : changes,
    };
  }
  const before = new Map(previous.result.checks.map((c) => [c.id, c]));
  /** @type {AttemptChange[]} */
  const changes = [];
  // A grader error neither costs nor earns: points a check had before it became an error are not
  // a loss, and points it has after an error are not a gain of this attempt.
  let scoreDelta = attempt.result.score - previous.result.score;
  for (const check of attempt.result.checks) {
    const old = before.get(check.id);
    const from = old?.status ?? 'none';
    if (from !== check.status) changes.push({ id: check.id, from, to: check.status });
    if (check.status === 'error' && old && old.status !== 'error') scoreDelta += old.earned;
    if (check.status !== 'error' && old?.status === 'error') scoreDelta -= check.earned;
  }
  return { first: false, scoreDelta: Math.round(scoreDelta * 100) / 100, changes };
}

/** Which kind goes first when the account does not link two leftovers. */
const KIND_ORDER = [
  'autoscaling-group',
  'instance',
  'load-balancer',
  'nat-gateway',
  'elastic-ip',
  'db-instance',
  'db-cluster',
  'volume',
];

/**
 * The order to delete a result's leftovers in: whatever another leftover must wait for comes
 * before it (each leftover's `deleteAfter`: the group before its instances, the replica before its
 * primary, the NAT gateway before its Elastic IP), and otherwise by kind as above.
 * @param {CheckResult[]} checks
 * @returns {LeftoverItem[]}
 */
export function deletionOrder(checks) {
  /** @type {Map<string, LeftoverItem>} */
  const items = new Map();
  for (const check of checks) for (const item of check.cost?.leftovers ?? []) items.set(item.id, item);
  const rank = (/** @type {LeftoverItem} */ i) => KIND_ORDER.indexOf(i.kind);
  const waiting = new Map([...items.values()].map((i) => [i.id, (i.deleteAfter ?? []).filter((d) => items.has(d))]));
  /** @type {LeftoverItem[]} */
  const order = [];
  while (waiting.size > 0) {
    const ready = [...waiting].filter(([, before]) => before.every((d) => !waiting.has(d))).map(([id]) => id);
    // A cycle (never seen in AWS) falls back to the kind order.
    const pool = (ready.length ? ready : [...waiting.keys()]).map((id) => /** @type {LeftoverItem} */ (items.get(id)));
    const next = pool.reduce((best, i) => (rank(i) < rank(best) ? i : best));
    order.push(next);
    waiting.delete(next.id);
  }
  return order;
}
