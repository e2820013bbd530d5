/**
 * The slim form of a standing ({@link ClassRow}): what the class views show of a student's latest
 * result, a few hundred bytes. Pure: built from a standing when it is written (or when an item
 * stored before class rows existed is read), decoded by the class views.
 */
import type { CheckResult, Status } from '../../checks/model.js';
import type { AttemptSummary, ClassRow, OverriddenCheck, RowCheck, Standing } from './records.js';

const STATUS_CODE: Record<Status, string> = { pass: 'p', fail: 'f', error: 'e', skip: 's' };
const CODE_STATUS: Record<string, Status> = { p: 'pass', f: 'fail', e: 'error', s: 'skip' };

/** What a check earns unless it says otherwise: the points on a pass, nothing on anything else. */
function defaultEarned(status: Status, points: number): number {
  return status === 'pass' ? points : 0;
}

/**
 * The checks of a result as one string, in the result's order: `<id>:<s><points>` per check,
 * space-separated, where `<s>` is the status's initial (p, f, e, s) and `<id>` drops the lab's
 * `<lab>.` prefix (an id without it is written `=<id>`). Then, only when they say something:
 * `/<earned>` (partial credit, or an override's points), `^<s>` (the grader's verdict, when an
 * instructor overrode it) and `#<code>` (the error code of an `error`). Ids and codes are
 * URI-encoded, so no separator can appear inside them. `vpc.dns` passing at 5 points in the vpc
 * lab: `dns:p5`.
 */
export function encodeChecks(lab: string, checks: readonly CheckResult[]): string {
  const prefix = `${lab}.`;
  return checks
    .map((c) => {
      const id = c.id.startsWith(prefix)
        ? encodeURIComponent(c.id.slice(prefix.length))
        : `=${encodeURIComponent(c.id)}`;
      let cell = `${id}:${STATUS_CODE[c.status]}${c.points}`;
      if (c.earned !== defaultEarned(c.status, c.points)) cell += `/${c.earned}`;
      const grader = (c as Partial<OverriddenCheck>).grader;
      if (grader && 'override' in c) cell += `^${STATUS_CODE[grader.status]}`;
      if (c.errorCode) cell += `#${encodeURIComponent(c.errorCode)}`;
      return cell;
    })
    .join(' ');
}

const CELL = /^([^:]+):([pfes])([^/^#]+)(?:\/([^^#]+))?(?:\^([pfes]))?(?:#(.+))?$/;

/** A check vector that is not one {@link encodeChecks} wrote: a stored item is damaged. */
export class DamagedClassRowError extends Error {
  override name = 'DamagedClassRowError';
}

/** The checks of a class row, decoded (inverse of {@link encodeChecks}). */
export function rowChecks(row: Pick<ClassRow, 'lab' | 'checks' | 'studentId'>): RowCheck[] {
  if (row.checks === '') return [];
  const prefix = `${row.lab}.`;
  return row.checks.split(' ').map((cell) => {
    const m = CELL.exec(cell);
    if (!m)
      throw new DamagedClassRowError(`class row of ${row.studentId} for ${row.lab}: check '${cell}' is not readable`);
    const [, rawId, code, points, earned, grader, errorCode] = m as unknown as [
      string,
      string,
      string,
      string,
      ...(string | undefined)[],
    ];
    const status = CODE_STATUS[code] as Status;
    const check: RowCheck = {
      id: rawId.startsWith('=') ? decodeURIComponent(rawId.slice(1)) : prefix + decodeURIComponent(rawId),
      status,
      points: Number(points),
      earned: earned === undefined ? defaultEarned(status, Number(points)) : Number(earned),
    };
    if (grader) check.grader = { status: CODE_STATUS[grader] as Status };
    if (errorCode) check.errorCode = decodeURIComponent(errorCode);
    return check;
  });
}

/** The class row of a standing: what the class views show of it. */
export function classRowOf(standing: Standing): ClassRow {
  const latest = standing.latest;
  const row: ClassRow = {
    courseId: standing.courseId,
    studentId: standing.studentId,
    accountId: standing.accountId,
    lab: standing.lab,
    attempts: standing.attempts,
    latestAttemptId: standing.latestAttemptId,
    score: latest.score,
    maxScore: latest.maxScore,
    startedAt: latest.startedAt,
    gradedAt: latest.finishedAt,
    trigger: latest.trigger,
    checks: encodeChecks(standing.lab, latest.checks),
    counted: standing.counted,
    version: standing.version,
  };
  // The latest attempt does not count when it read another account, or could not read any.
  const wrong = standing.wrongAccount;
  const latestIsWrong = wrong?.last.attemptId === standing.latestAttemptId;
  if (!latestIsWrong && standing.lastGraded?.attemptId !== standing.latestAttemptId) row.accessFailure = true;
  if (wrong)
    row.wrongAccount = { attempts: wrong.attempts, accountRead: wrong.last.accountRead, latest: latestIsWrong };
  if (latest.cost) row.cost = latest.cost;
  if (standing.lastGraded) row.lastGraded = { startedAt: standing.lastGraded.startedAt };
  if (standing.lastChangeAt) row.lastChangeAt = standing.lastChangeAt;
  return row;
}

/** The latest attempt of a row, summarized as a standing summarizes attempts. */
function latestSummary(row: ClassRow): AttemptSummary {
  return {
    attemptId: row.latestAttemptId,
    score: row.score,
    maxScore: row.maxScore,
    startedAt: row.startedAt,
    finishedAt: row.gradedAt,
  };
}

function sameAttempt(a: AttemptSummary, b: AttemptSummary): boolean {
  return (
    a.attemptId === b.attemptId &&
    a.score === b.score &&
    a.maxScore === b.maxScore &&
    a.startedAt === b.startedAt &&
    a.finishedAt === b.finishedAt
  );
}

/** Who a row belongs to: said by its keys, so not stored in its attributes. */
export type RowOwner = Pick<ClassRow, 'courseId' | 'lab' | 'studentId' | 'accountId'>;

/**
 * A class row's attributes as stored, without what its keys say: the counted attempt is
 * `counted: 'latest'` when it is the latest attempt (else its summary; absent when none counts),
 * and `lastGraded` is `'latest'` when the latest attempt read the account (else when the last
 * one that did read it; absent when none did).
 */
export function storedRow(row: ClassRow): Record<string, unknown> {
  const { courseId: _c, lab: _l, studentId: _s, accountId: _a, counted, lastGraded, ...rest } = row;
  const stored: Record<string, unknown> = { ...rest, policy: counted.policy };
  if (counted.attempt) stored.counted = sameAttempt(counted.attempt, latestSummary(row)) ? 'latest' : counted.attempt;
  if (lastGraded) stored.lastGraded = lastGraded.startedAt === row.startedAt ? 'latest' : lastGraded.startedAt;
  return stored;
}

/** The inverse of {@link storedRow}. */
export function rowFromStored(stored: Record<string, unknown>, owner: RowOwner): ClassRow {
  const { policy, counted, lastGraded, ...rest } = stored as Omit<
    ClassRow,
    keyof RowOwner | 'counted' | 'lastGraded'
  > & {
    policy: ClassRow['counted']['policy'];
    counted?: 'latest' | AttemptSummary;
    lastGraded?: string;
  };
  const row: ClassRow = { ...owner, ...rest, counted: { policy, attempt: null } };
  if (counted) row.counted.attempt = counted === 'latest' ? latestSummary(row) : counted;
  if (lastGraded) row.lastGraded = { startedAt: lastGraded === 'latest' ? row.startedAt : lastGraded };
  return row;
}
