/**
 * The API's grade bodies (functions/api/routes/grades.ts): an on-demand grade, a student's attempts
 * and standings.
 */
import type { Status } from '../../../checks/model.js';
import type {
  AccessFailure,
  AttemptSummary,
  ScoreChanges,
  ScoringPolicy,
  StoredResult,
  WrongAccount,
} from '../../store/records.js';
import type { Page } from '../contract.js';

/** `POST /grades` body. */
export interface GradeRequest {
  lab: string;
  /** Instructors only (a student grades themselves). */
  studentId?: string;
  /** Needed only when the student is in several courses that grade this lab. */
  courseId?: string;
}

/** `POST /grades` (201): the attempt just graded and stored. */
export interface GradeResponse {
  attemptId: string;
  courseId: string;
  studentId: string;
  lab: string;
  /** The result document (checks with status, message, hint, evidence). */
  result: StoredResult;
  /** What changed since the previous graded attempt. */
  changes: ScoreChanges;
  /** Present when the account could not be read at all (every check is `error`). */
  accessFailure?: AccessFailure;
  /** Present when the grade read another account than the registration's: flagged, not counted. */
  wrongAccount?: WrongAccount;
  /** The attempt that counts under the course's policy, after this grade. */
  counted: { policy: ScoringPolicy; attempt: AttemptSummary | null };
  /** When the student may ask for the next grade (ISO 8601). */
  nextGradeAllowedAt: string;
}

/** One stored attempt, as `GET /students/{studentId}/grades` lists it (newest first). */
export interface AttemptView {
  attemptId: string;
  courseId: string;
  studentId: string;
  /** The registration's account (student + account); the account the grade read is `result.accountId`. */
  accountId: string;
  lab: string;
  result: StoredResult;
  changes: ScoreChanges;
  accessFailure?: AccessFailure;
  /** The grade read another account than the registration's: flagged, not counted. */
  wrongAccount?: WrongAccount;
  recordedAt: string;
}

/**
 * A registration's attempts: the current one by default; `accountId=` (instructors) names an
 * earlier registration of the student, whose attempts stay as its history.
 */
export type AttemptsResponse = Page<AttemptView> & {
  courseId: string;
  studentId: string;
  accountId: string;
  /** Whether `accountId` is the student's current registration. */
  current: boolean;
  lab: string;
};

/** A registration's standing in one lab of one course. */
export interface StandingView {
  courseId: string;
  studentId: string;
  /** The registration's account: counted scores never mix accounts. */
  accountId: string;
  lab: string;
  attempts: number;
  latestAttemptId: string;
  /** The latest attempt's score and when it was graded. */
  latest: AttemptSummary & { trigger: string; counts: Record<Status, number> };
  latestChanges: ScoreChanges;
  best: AttemptSummary | null;
  counted: { policy: ScoringPolicy; attempt: AttemptSummary | null };
  /** The latest attempt could not read the account. */
  accessFailure: boolean;
  /** The latest attempt read this account, not the registration's (flagged, not counted). */
  wrongAccount?: string;
}

export interface StandingsResponse {
  studentId: string;
  /** The current registrations' standings. */
  items: StandingView[];
  /** Instructors: standings of the student's earlier registrations (another account), kept as history. */
  history?: StandingView[];
}
