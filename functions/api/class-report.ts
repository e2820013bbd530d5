/**
 * What an instructor sees of a class in one lab, pure: the latest result row of each student, the
 * summary (which checks the class is stuck on, how scores spread, who has not started), and the
 * CSV export. Built from the roster and the class rows, the slim form of the standings (one Query
 * each), never from attempts or whole result documents.
 */
import type { CostSummary, LabDefinition, Lang, Status } from '../../checks/model.js';
import { rowChecks } from '../store/class-row.js';
import type { ClassRow, Course, OverriddenCheck, RosterEntry, RowCheck, Standing } from '../store/records.js';
import type { ClassCost, LeftoverCost, ResultRow, SummaryResponse } from './contract.js';
import { toCsv } from './csv.js';

/** The lab's checks as this course runs them: titles in the course's language, the course's points. */
export function courseChecks(lab: LabDefinition, course: Course): { id: string; title: string; points: number }[] {
  const courseLab = course.labs.find((l) => l.lab === lab.id);
  const lang: Lang = course.lang;
  return lab.checks.map((c) => ({ id: c.id, title: c.title[lang], points: courseLab?.points?.[c.id] ?? c.points }));
}

/** The maximum score under the course's points and switched-off checks (bonus checks excluded). */
export function courseMaxScore(lab: LabDefinition, course: Course): number {
  const courseLab = course.labs.find((l) => l.lab === lab.id);
  const disabled = new Set(courseLab?.disabled ?? []);
  return lab.checks
    .filter((c) => !c.bonus && !disabled.has(c.id))
    .reduce((sum, c) => sum + (courseLab?.points?.[c.id] ?? c.points), 0);
}

/**
 * Why the latest attempt does not count, if it does not: it read another account than the
 * registration's (`wrongAccount`, the account it read), or it could not read the account at all.
 */
export function latestNotCounted(standing: Standing): { accessFailure: boolean; wrongAccount?: string } {
  const wrong = standing.wrongAccount?.last;
  if (wrong?.attemptId === standing.latestAttemptId) return { accessFailure: false, wrongAccount: wrong.accountRead };
  return { accessFailure: standing.lastGraded?.attemptId !== standing.latestAttemptId };
}

/** What the account still costs by a grade (see {@link LeftoverCost}); undefined for a lab that does not estimate costs. */
/** What {@link leftoverCost} reads: a result document, or a class row's checks (`rowChecks`) and cost. */
export interface CostSource {
  checks: readonly Pick<RowCheck, 'id' | 'status' | 'errorCode' | 'grader'>[];
  cost?: CostSummary;
}

export function leftoverCost(lab: LabDefinition, result: CostSource): LeftoverCost | undefined {
  if (!lab.estimatesCost) return undefined;
  // An instructor's override changes the grade, not what the grader could see.
  const notRead = result.checks
    .filter((c) => ('grader' in c ? (c.grader as OverriddenCheck['grader']).status : c.status) === 'error')
    .map((c) => `${c.id}: not read (${c.errorCode ?? 'error'})`);
  return {
    perDay: result.cost?.perDay ?? 0,
    perMonth: result.cost?.perMonth ?? 0,
    unknown: [...(result.cost?.unpriced ?? []), ...notRead],
  };
}

/** A cost for people and spreadsheets: `1.08`, `at least 1.08` when part is unknown, `unknown` when all is. */
export function costCell(cost: LeftoverCost): string {
  const known = cost.perDay.toFixed(2);
  if (cost.unknown.length === 0) return known;
  return cost.perDay > 0 ? `at least ${known}` : 'unknown';
}

/** What a class row says of its latest attempt not counting (see {@link latestNotCounted}). */
function rowNotCounted(row: ClassRow): { accessFailure: boolean; wrongAccount?: string } {
  if (row.wrongAccount?.latest) return { accessFailure: false, wrongAccount: row.wrongAccount.accountRead };
  return { accessFailure: row.accessFailure === true };
}

/** The leftover cost a class row says (its latest result's estimate and unread checks). */
function rowCost(lab: LabDefinition, row: ClassRow, checks: RowCheck[] = rowChecks(row)): LeftoverCost | undefined {
  return leftoverCost(lab, { checks, ...(row.cost ? { cost: row.cost } : {}) });
}

export function resultRow(row: ClassRow, entry: RosterEntry | undefined, lab?: LabDefinition): ResultRow {
  const checks = rowChecks(row);
  const cost = lab && rowCost(lab, row, checks);
  return {
    studentId: row.studentId,
    ...(entry?.name ? { name: entry.name } : {}),
    attempts: row.attempts,
    latestAttemptId: row.latestAttemptId,
    score: row.score,
    maxScore: row.maxScore,
    gradedAt: row.gradedAt,
    trigger: row.trigger,
    ...rowNotCounted(row),
    counted: row.counted,
    checks: checks.map((c) => ({ id: c.id, status: c.status, points: c.points, earned: c.earned })),
    ...(cost ? { cost } : {}),
  };
}

/** The class's total of what its students' accounts still cost; undefined for a lab that does not estimate costs. */
export function classCost(lab: LabDefinition, rows: Iterable<ClassRow>): ClassCost | undefined {
  if (!lab.estimatesCost) return undefined;
  const total: ClassCost = { perDay: 0, perMonth: 0, students: 0, unknown: 0 };
  for (const row of rows) {
    const cost = rowCost(lab, row);
    if (!cost || (cost.perDay === 0 && cost.unknown.length === 0)) continue;
    total.students += 1;
    total.perDay += cost.perDay;
    total.perMonth += cost.perMonth;
    if (cost.unknown.length > 0) total.unknown += 1;
  }
  return { ...total, perDay: round2(total.perDay), perMonth: round2(total.perMonth) };
}

/**
 * The current registration's class row of each student on the roster, by student id: a row of
 * an earlier registration (the student was registered with another account) is history and
 * never shown or counted beside the current account.
 */
export function rosterStandings(roster: RosterEntry[], standings: ClassRow[]): Map<string, ClassRow> {
  const current = new Map(roster.map((e) => [e.studentId, e.accountId]));
  return new Map(standings.filter((s) => current.get(s.studentId) === s.accountId).map((s) => [s.studentId, s]));
}

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function summarizeClass(
  lab: LabDefinition,
  course: Course,
  roster: RosterEntry[],
  rows: ClassRow[],
): SummaryResponse {
  const byStudent = rosterStandings(roster, rows);
  const counts = new Map<string, Record<Status, number>>(
    lab.checks.map((c) => [c.id, { pass: 0, fail: 0, error: 0, skip: 0 }]),
  );
  const scores: number[] = [];
  let maxScore = courseMaxScore(lab, course);
  for (const row of byStudent.values()) {
    scores.push(row.score);
    maxScore = Math.max(maxScore, row.maxScore);
    for (const check of rowChecks(row)) {
      const c = counts.get(check.id);
      if (c) c[check.status] += 1;
    }
  }
  scores.sort((a, b) => a - b);
  const width = maxScore / 10;
  const buckets = Array.from({ length: 10 }, (_, i) => ({
    from: round2(i * width),
    to: round2((i + 1) * width),
    count: 0,
  }));
  for (const score of scores) {
    const i = width > 0 ? Math.min(9, Math.max(0, Math.floor(score / width))) : 9;
    (buckets[i] as { count: number }).count += 1;
  }
  const cost = classCost(lab, byStudent.values());
  return {
    courseId: course.courseId,
    lab: lab.id,
    students: roster.length,
    attempted: byStudent.size,
    notAttempted: roster
      .filter((e) => !byStudent.has(e.studentId))
      .map((e) => ({ studentId: e.studentId, ...(e.name ? { name: e.name } : {}) })),
    maxScore,
    checks: courseChecks(lab, course).map((check) => {
      const c = counts.get(check.id) as Record<Status, number>;
      const judged = c.pass + c.fail;
      return { ...check, ...c, passRate: judged ? round2(c.pass / judged) : null };
    }),
    scores: {
      min: scores.length ? (scores[0] as number) : null,
      max: scores.length ? (scores[scores.length - 1] as number) : null,
      mean: scores.length ? round2(scores.reduce((a, b) => a + b, 0) / scores.length) : null,
      median: median(scores),
      buckets,
    },
    ...(cost ? { cost } : {}),
  };
}

/**
 * The class export: one row per student on the roster (sorted by id), the counted score under the
 * course's policy (`score`, with the policy named in `scoringPolicy`, as the dashboard's score
 * column), the latest attempt's score (`latestScore`), and one column per check holding its latest status
 * (empty for a student who has not attempted). UTF-8 with a BOM, so Excel opens Korean names.
 */
/** `vpc.dns (fail→pass)` for each check of the latest result an instructor overrode. */
function overriddenChecks(checks: RowCheck[]): string {
  return checks
    .filter((c) => c.grader)
    .map((c) => `${c.id} (${c.grader?.status}→${c.status})`)
    .join('; ');
}

function costCells(lab: LabDefinition, row: ClassRow | undefined, checks: RowCheck[]): string[] {
  if (!lab.estimatesCost) return [];
  const cost = row && rowCost(lab, row, checks);
  return cost ? [costCell(cost), cost.unknown.join('; ')] : ['', ''];
}

export function classCsv(lab: LabDefinition, course: Course, roster: RosterEntry[], classRows: ClassRow[]): string {
  const byStudent = rosterStandings(roster, classRows);
  const checks = courseChecks(lab, course);
  const header = [
    'studentId',
    'name',
    'email',
    'accountId',
    'score',
    'scoringPolicy',
    'maxScore',
    'latestScore',
    'attempts',
    'gradedAt',
    ...checks.map((c) => c.id),
    // Checks whose verdict an instructor overrode (grader's verdict → instructor's).
    'overridden',
    // The cleanup report: what the account still costs per day, estimated, and what has no price.
    ...(lab.estimatesCost ? ['estimatedCostPerDayUSD', 'costUnknownFor'] : []),
  ];
  const rows = [...roster]
    .sort((a, b) => (a.studentId < b.studentId ? -1 : a.studentId > b.studentId ? 1 : 0))
    .map((entry) => {
      const s = byStudent.get(entry.studentId);
      const latest = s ? rowChecks(s) : [];
      const statuses = new Map(latest.map((c) => [c.id, c.status]));
      return [
        entry.studentId,
        entry.name ?? '',
        entry.email ?? '',
        entry.accountId,
        s?.counted.attempt?.score ?? '',
        course.scoringPolicy,
        s ? s.maxScore : courseMaxScore(lab, course),
        s?.score ?? '',
        s?.attempts ?? 0,
        s?.gradedAt ?? '',
        ...checks.map((c) => statuses.get(c.id) ?? ''),
        overriddenChecks(latest),
        ...costCells(lab, s, latest),
      ];
    });
  return toCsv([header, ...rows]);
}
