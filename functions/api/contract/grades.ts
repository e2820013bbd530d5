/**
 * The API's grade bodies (functions/api/routes/grades.ts): an on-demand grade, a student's attempts
 * and standings.
 */
import type { Status } from '../../../checks/model.js';
import type { Attempt, AttemptSummary, Standing } from '../../store/records.js';
import type { Page } from '../contract.js';

/** `POST /grades` body. */
export interface GradeRequest {
  lab: string;
  /** Instructors only (a student grades themselves). */
  studentId?: string;
  /** Needed only when the student is in several courses that grade this lab. */
  courseId?: string;
}

/**
 * `POST /grades` (201): the attempt just graded and stored (its result document, what changed
 * since the previous graded attempt, `accessFailure` when the account could not be read at all,
 * `wrongAccount` when the grade read another account than the registration's: flagged, not counted).
 */
export interface GradeResponse
  extends Pick<
    Attempt,
    'attemptId' | 'courseId' | 'studentId' | 'lab' | 'result' | 'changes' | 'accessFailure' | 'wrongAccount'
  > {
  /** The attempt that counts under the course's policy, after this grade. */
  counted: Standing['counted'];
  /** When the student may ask for the next grade (ISO 8601). */
  nextGradeAllowedAt: string;
}

/**
 * One stored attempt, as `GET /students/{studentId}/grades` lists it (newest first): `accountId` is
 * the registration's account; the account the grade read is `result.accountId`.
 */
export type AttemptView = Pick<
  Attempt,
  | 'attemptId'
  | 'courseId'
  | 'studentId'
  | 'accountId'
  | 'lab'
  | 'result'
  | 'changes'
  | 'accessFailure'
  | 'wrongAccount'
  | 'recordedAt'
>;

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

/**
 * A registration's standing in one lab of one course: the stored standing's identity (its
 * `accountId`: counted scores never mix accounts), counts and counted attempt, with its latest
 * result summarised.
 */
export interface StandingView
  extends Pick<
    Standing,
    'courseId' | 'studentId' | 'accountId' | 'lab' | 'attempts' | 'latestAttemptId' | 'latestChanges' | 'counted'
  > {
  /** The latest attempt's score and when it was graded. */
  latest: AttemptSummary & { trigger: string; counts: Record<Status, number> };
  best: AttemptSummary | null;
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
