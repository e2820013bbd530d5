/**
 * Score history and scoring policies, pure: given the student's standing for a lab and a new
 * attempt, what changed and which attempt counts. An attempt that could not read the account
 * (role not assumable, credentials expired) is kept and shown as the latest result, but it is
 * never the student's fault: it neither becomes the baseline of the history nor counts for a score.
 * Nor does one that read another account than the registration's (it is flagged instead).
 */
import type { GradeResult, Status } from '../../checks/model.js';
import type {
  AccessFailure,
  AttemptSummary,
  ScoreChanges,
  ScoringPolicy,
  Standing,
  StoredResult,
  WrongAccount,
} from '../store/records.js';

/** How many recent job ids a standing remembers to recognise a redelivered job. */
export const RECENT_JOBS = 20;

export function summarize(attemptId: string, result: GradeResult): AttemptSummary {
  return {
    attemptId,
    score: result.score,
    maxScore: result.maxScore,
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
  };
}

/** What changed between the previous graded attempt and this result. */
export function diffChecks(previous: Standing['lastGraded'], result: GradeResult): ScoreChanges {
  const before: Record<string, Status> = previous?.statuses ?? {};
  const now = (status: Status) =>
    result.checks.filter((c) => c.status === status && before[c.id] !== status).map((c) => c.id);
  return {
    previousAttemptId: previous?.attemptId ?? null,
    previousScore: previous?.score ?? null,
    scoreDelta: Math.round((result.score - (previous?.score ?? 0)) * 100) / 100,
    newlyPassing: now('pass'),
    newlyFailing: now('fail'),
    newlyError: now('error'),
  };
}

/** The changes of an attempt that could not read the account: nothing is known to have changed. */
export function unchanged(previous: Standing['lastGraded']): ScoreChanges {
  return {
    previousAttemptId: previous?.attemptId ?? null,
    previousScore: previous?.score ?? null,
    scoreDelta: 0,
    newlyPassing: [],
    newlyFailing: [],
    newlyError: [],
  };
}

/** The attempt that counts under a policy (null: none counts yet). */
export function countedAttempt(
  standing: Pick<Standing, 'lastGraded' | 'best' | 'bestBeforeDeadline'>,
  policy: ScoringPolicy,
): AttemptSummary | null {
  const pick =
    policy === 'latest' ? standing.lastGraded : policy === 'best' ? standing.best : standing.bestBeforeDeadline;
  if (!pick) return null;
  const { attemptId, score, maxScore, startedAt, finishedAt } = pick;
  return { attemptId, score, maxScore, startedAt, finishedAt };
}

/**
 * Whether the counted score moved between two standings (the LMS gradebook needs the new one):
 * a first counted attempt, another score or another maximum. A new counted attempt at the same
 * score changes nothing the gradebook shows.
 */
export function countedScoreChanged(
  before: Pick<Standing, 'counted'> | undefined,
  after: Pick<Standing, 'counted'>,
): boolean {
  const a = before?.counted.attempt;
  const b = after.counted.attempt;
  if (!b) return false;
  return !a || a.score !== b.score || a.maxScore !== b.maxScore;
}

export interface NewAttempt {
  courseId: string;
  studentId: string;
  /** The registration's account. */
  accountId: string;
  lab: string;
  attemptId: string;
  jobId: string;
  result: StoredResult;
  accessFailure?: AccessFailure;
  wrongAccount?: WrongAccount;
}

/** Whether an attempt can count: it read the account, and the registration's account. */
export function countable(attempt: Pick<NewAttempt, 'accessFailure' | 'wrongAccount'>): boolean {
  return !attempt.accessFailure && !attempt.wrongAccount;
}

/**
 * The standing after an attempt. An attempt counts as before the deadline when the account was
 * read (`startedAt`) at or before it; with no deadline, every attempt is before it.
 */
export function nextStanding(
  previous: Standing | undefined,
  attempt: NewAttempt,
  changes: ScoreChanges,
  policy: ScoringPolicy,
  deadline: string | undefined,
  now: Date,
): Standing {
  const { result } = attempt;
  const summary = summarize(attempt.attemptId, result);
  let { lastGraded, best, bestBeforeDeadline, wrongAccount } = previous ?? {};
  if (attempt.wrongAccount) {
    wrongAccount = {
      attempts: (wrongAccount?.attempts ?? 0) + 1,
      last: { ...attempt.wrongAccount, attemptId: attempt.attemptId, startedAt: result.startedAt },
    };
  }
  if (countable(attempt)) {
    lastGraded = { ...summary, statuses: Object.fromEntries(result.checks.map((c) => [c.id, c.status])) };
    // Ties keep the earlier attempt: a regrade at the same score changes nothing.
    if (!best || summary.score > best.score) best = summary;
    const inTime = deadline === undefined || Date.parse(result.startedAt) <= Date.parse(deadline);
    if (inTime && (!bestBeforeDeadline || summary.score > bestBeforeDeadline.score)) bestBeforeDeadline = summary;
  }
  const standing: Standing = {
    courseId: attempt.courseId,
    studentId: attempt.studentId,
    accountId: attempt.accountId,
    lab: attempt.lab,
    attempts: (previous?.attempts ?? 0) + 1,
    latestAttemptId: attempt.attemptId,
    latest: result,
    latestChanges: changes,
    counted: { policy, attempt: null },
    version: (previous?.version ?? 0) + 1,
    recentJobIds: [attempt.jobId, ...(previous?.recentJobIds ?? []).filter((j) => j !== attempt.jobId)].slice(
      0,
      RECENT_JOBS,
    ),
    updatedAt: now.toISOString(),
  };
  if (lastGraded) standing.lastGraded = lastGraded;
  if (best) standing.best = best;
  if (bestBeforeDeadline) standing.bestBeforeDeadline = bestBeforeDeadline;
  if (wrongAccount) standing.wrongAccount = wrongAccount;
  // The last change seen by live regrade stays until a newer event replaces it.
  if (previous?.lastChangeAt) standing.lastChangeAt = previous.lastChangeAt;
  standing.counted.attempt = countedAttempt(standing, policy);
  return standing;
}
