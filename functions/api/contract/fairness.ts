/**
 * The API's fair-grading bodies (functions/api/routes/fairness.ts, regrades.ts): overrides and
 * their audit, a course's flags, regrades.
 */
import type {
  AttemptSummary,
  Override,
  OverrideEvent,
  RegradeRun,
  ScoringPolicy,
  StudentRegrade,
} from '../../store/records.js';

/** An override set or removed, and the student's counted attempt after it. */
export interface OverrideChangeResponse {
  event: OverrideEvent;
  counted: { policy: ScoringPolicy; attempt: AttemptSummary | null };
}

/** A lab's overrides in force, and every change to them (who, when, why), oldest first. */
export interface OverridesResponse {
  courseId: string;
  lab: string;
  items: Override[];
  audit: OverrideEvent[];
}

/**
 * What to look at before trusting a course's grades: accounts shared with other students of the
 * deployment, students whose account changed mid-course, grades that read the wrong account (not
 * counted), and standings stored before attempts were keyed by account (no registration's).
 */
export type FlagsResponse = CourseFlags;

export interface SharedAccountFlag {
  accountId: string;
  /** The students of this course registered with it. */
  students: string[];
  /**
   * Every other registration of the account that makes it shared: its course, and its student
   * when the caller may see that course's roster (else null: the course says where to ask).
   */
  others: { courseId: string; studentId: string | null }[];
}

export interface AccountChangeFlag {
  studentId: string;
  /** The roster entry's account now. */
  accountId: string;
  /** Earlier registrations with stored attempts, per lab. */
  earlier: { accountId: string; lab: string; attempts: number; lastAttemptAt: string }[];
}

export interface WrongAccountFlag {
  studentId: string;
  lab: string;
  /** The registration's account, and the account the last such grade read. */
  registered: string;
  accountRead: string;
  /** Grades of this registration that read another account (none of them counted). */
  attempts: number;
  lastAttemptId: string;
  lastStartedAt: string;
  /** Whether the registration is the student's current one. */
  current: boolean;
}

export interface UnownedHistoryFlag {
  studentId: string;
  lab: string;
  attempts: number;
  lastAttemptAt: string;
}

export interface CourseFlags {
  courseId: string;
  teamBased: boolean;
  sharedAccounts: SharedAccountFlag[];
  accountChanges: AccountChangeFlag[];
  wrongAccount: WrongAccountFlag[];
  unownedHistory: UnownedHistoryFlag[];
}

/**
 * A regrade of a course's lab from the stored inventories with the current grader: the run
 * (`done` of `total` students finished) and, per finished student, the counted score before and
 * after and the checks whose status changed in which attempt. A dry run stores nothing else.
 */
export interface RegradeResponse {
  run: RegradeRun;
  students: StudentRegrade[];
}
