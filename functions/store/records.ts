/**
 * What the grading service keeps: courses, roster entries, sealed session credentials, grade
 * attempts and each student's standing per lab. The DynamoDB layout is in docs/data-model.md.
 */
import type { CostSummary, GradeResult, Lang, Status, Tailoring, Trigger } from '../../checks/model.js';
import type { LiveGradingSettings } from '../service/live-events.js';

/** Which attempt counts for a student's grade in a lab. */
export type ScoringPolicy = 'latest' | 'best' | 'best-before-deadline';
export const SCORING_POLICIES: readonly ScoringPolicy[] = ['latest', 'best', 'best-before-deadline'];

/**
 * A lab as one course runs it: the lab and the course's tailoring of it (its parameters validated
 * against the lab's schema at registration), which each grade of the lab is run with.
 */
export interface CourseLab extends Tailoring {
  lab: string;
  /** ISO 8601. Attempts after it do not count under `best-before-deadline`. */
  deadline?: string;
}

export interface Course {
  courseId: string;
  title?: string;
  /** The region students build in (a roster entry may override it). */
  region: string;
  lang: Lang;
  labs: CourseLab[];
  scoringPolicy: ScoringPolicy;
  /** The schedule stops regrading a student once their deadline for the lab has passed. */
  skipPastDeadline: boolean;
  /** ISO 8601; when the course ends (stored inventories may be expired after it). */
  endsAt?: string;
  /**
   * Students work in teams sharing one AWS account (each member is graded on the team account).
   * Otherwise one account belongs to one student of the course. Absent: false.
   */
  teamBased?: boolean;
  /** Live regrade settings (debounce window, safety interval...); defaults when absent. */
  liveGrading?: Partial<LiveGradingSettings>;
  createdAt: string;
  updatedAt: string;
}

/**
 * One instructor of a course: who may read and manage it (its roster, results, grades, settings).
 * The course's creator is its first; an instructor on the list adds or removes others. A course
 * with no instructor (created before lists existed, or straight in the store) is the admins' alone
 * until an admin adds one.
 */
export interface CourseInstructor {
  courseId: string;
  /** The instructor's id: the token's id claim (`sub` unless the deployment names another). */
  instructorId: string;
  /** ISO 8601. The list is shown in this order, the creator first. */
  addedAt: string;
  /** Who added them (themselves, for the creator). */
  addedBy: string;
}

/**
 * How the grader reads a student's account: (a) it assumes a role the student created, with an
 * ExternalId; or (b) it uses short-lived session credentials the student submitted (AWS Academy
 * Learner Lab, where roles cannot be created), kept sealed in their own item until they expire.
 */
export type StudentAccess = { mode: 'role'; roleArn: string; externalId: string } | { mode: 'session' };

export interface RosterEntry {
  courseId: string;
  studentId: string;
  name?: string;
  email?: string;
  /** The student's id in the student information system (LTI `person_sourcedid`, Moodle's ID number, Canvas's SIS User ID). */
  sisId?: string;
  /** The student's user id in the LMS (Canvas's numeric user ID), for gradebook exports. */
  lmsId?: string;
  /** The 12-digit AWS account the student builds in. */
  accountId: string;
  /** Overrides the course's region for this student. */
  region?: string;
  access: StudentAccess;
  /** Lab id → ISO 8601 deadline for this student (an extension), replacing the course's. */
  deadlines?: Record<string, string>;
  /** When the grader first saw an event forwarded from the account (live regrade); written by the intake. */
  liveSince?: string;
  /** When it last saw one from us-east-1, where global services (IAM) emit theirs. */
  liveGlobalAt?: string;
  /** When a call that may stop the forwarding was seen (it removes the two above); written by the intake. */
  liveEndedAt?: string;
  registeredAt: string;
  updatedAt: string;
}

/**
 * A registration's optional fields: what validateStudent copies from the input, and what a roster
 * PUT that leaves one out removes (functions/store/roster-store.ts writeRegistration).
 */
export const REGISTRATION_OPTIONAL = [
  'name',
  'email',
  'sisId',
  'lmsId',
  'region',
] as const satisfies readonly (keyof RosterEntry)[];

/** Session credentials as stored: only ciphertext, bound to (course, student) by the encryption context. */
export interface SealedCredentials {
  courseId: string;
  studentId: string;
  /** Which {@link Encryptor} sealed them (`kms`, `aes-256-gcm`). */
  sealedBy: string;
  ciphertext: Uint8Array;
  /** ISO 8601; when AWS stops accepting them. */
  expiration: string;
  submittedAt: string;
}

/**
 * An instructor's verdict on one check of one registration (student + account), replacing the
 * grader's in every attempt of that registration for the lab (kept across regrades). It judged
 * the resources of one account: a student registered again with another account starts without
 * it, and finds it again only by registering that account again. The grader's own verdict stays
 * in each attempt; the standing's results show both (`override` on the check).
 */
export interface Override {
  courseId: string;
  lab: string;
  studentId: string;
  /**
   * The registration's AWS account. Absent on an override stored before overrides were keyed by
   * account: it is the student's current registration's until the student leaves that account
   * (then it is given that account, `GradeStore.pinOverrides`).
   */
  accountId?: string;
  checkId: string;
  status: 'pass' | 'fail' | 'skip';
  /** Points earned with the override. */
  earned: number;
  reason: string;
  by: string;
  at: string;
}

/** One entry of the override audit trail: set or removed, by whom, when and why. */
export interface OverrideEvent extends Override {
  action: 'set' | 'removed';
}

/** A check of a shown result whose verdict an instructor overrode: the grader's verdict beside it. */
export interface OverriddenCheck {
  override: { status: Override['status']; earned: number; reason: string; by: string; at: string };
  grader: { status: Status; earned: number };
}

/** A regrade of a course's lab, as requested: queued per student, progress counted as they finish. */
export interface RegradeRun {
  courseId: string;
  lab: string;
  runId: string;
  /** Shows what would change without storing anything. */
  dryRun: boolean;
  /** The grader version doing the regrade. */
  graderVersion: string;
  requestedBy: string;
  requestedAt: string;
  /** Students queued, and how many have finished. */
  total: number;
  done: number;
}

/** A check whose status a regrade changed, in one attempt. */
export interface CheckChange {
  id: string;
  before: Status;
  after: Status;
}

/** One student's part of a regrade: the counted score before and after, and why it changed. */
export interface StudentRegrade {
  runId: string;
  courseId: string;
  lab: string;
  studentId: string;
  /** The registration regraded. */
  accountId: string;
  before: AttemptSummary | null;
  after: AttemptSummary | null;
  /** after − before (counted scores; a missing one counts 0). */
  delta: number;
  /** Attempts of the registration; replayed (from their stored inventory); not replayable (no inventory). */
  attempts: number;
  replayed: number;
  notReplayable: number;
  /** Per attempt whose checks changed status: which, from what to what. */
  changed: { attemptId: string; startedAt: string; checks: CheckChange[] }[];
  /** Whether the new results were stored (false in a dry run). */
  stored: boolean;
  finishedAt: string;
}

/** What was cut from a result so its item stays far below DynamoDB's 400 KB item limit. */
export interface TrimReport {
  /** JSON size of the result before and after trimming, in bytes. */
  originalBytes: number;
  storedBytes: number;
  /** Check id → how many evidence ids were kept out of how many. */
  evidence?: Record<string, { kept: number; total: number }>;
  resources?: { kept: number; total: number };
  candidates?: { kept: number; total: number };
  /** Check ids whose message was shortened. */
  messages?: string[];
  /** Where the untrimmed truth is: the stored inventory replays the whole grade. */
  fullInventory?: string;
}

/** The result document as stored and served: trimming, when it happened, is reported in `trimmed`. */
export interface StoredResult extends GradeResult {
  trimmed?: TrimReport;
}

/** What changed since the student's previous graded attempt for the lab. */
export interface ScoreChanges {
  /** The attempt compared with; null for the first attempt. */
  previousAttemptId: string | null;
  previousScore: number | null;
  scoreDelta: number;
  /** Checks that pass now and did not before. */
  newlyPassing: string[];
  /** Checks that fail now and did not before. */
  newlyFailing: string[];
  /** Checks the grader could not judge now and could before (never the student's fault). */
  newlyError: string[];
}

/**
 * Why a graded attempt does not count although the account was read: the grade read another
 * account than the registration's (STS caller identity), e.g. a student who pasted a friend's
 * session credentials. Kept, with its evidence, for the instructor's flags; never counted.
 */
export interface WrongAccount {
  /** The account the grade actually read. */
  accountRead: string;
  /** The registration's account. */
  registered: string;
}

/** Why an attempt could not read the account at all (role not assumable, credentials expired...). */
export interface AccessFailure {
  code: string;
  message: string;
}

export interface Attempt {
  attemptId: string;
  courseId: string;
  studentId: string;
  /**
   * The registration's AWS account: an attempt belongs to a registration (student + account), so
   * a student registered again with another account starts clean. The account a grade actually
   * read is `result.accountId`.
   */
  accountId: string;
  lab: string;
  /** The dispatch job (or API request) that produced it; a job never stores two attempts. */
  jobId: string;
  result: StoredResult;
  changes: ScoreChanges;
  /** Where the full inventory of this attempt is stored (absent when nothing could be read). */
  inventoryRef?: string;
  accessFailure?: AccessFailure;
  /** The grade read another account than the registration's: flagged, not counted. */
  wrongAccount?: WrongAccount;
  /**
   * A regrade: the attempt whose stored inventory was graded again by a newer grader. It replaces
   * that attempt in the score (same `result.startedAt`: when the account was read).
   */
  regradeOf?: string;
  /** A regrade's grader versions: the replaced result's and this one's. */
  graderVersions?: { before: string; after: string };
  recordedAt: string;
}

export interface AttemptSummary {
  attemptId: string;
  score: number;
  maxScore: number;
  startedAt: string;
  finishedAt: string;
}

/**
 * A registration's record for one lab of one course: the latest result and the attempts that
 * count. One per (course, student, account, lab): scores of two accounts never mix.
 */
export interface Standing {
  courseId: string;
  studentId: string;
  /** The registration's AWS account (see {@link Attempt.accountId}). */
  accountId: string;
  lab: string;
  /** Attempts stored so far. */
  attempts: number;
  latestAttemptId: string;
  /** The latest attempt's result, whatever happened in it. */
  latest: StoredResult;
  latestChanges: ScoreChanges;
  /** The latest attempt that could read the account, with each check's status (the history baseline). */
  lastGraded?: AttemptSummary & { statuses: Record<string, Status> };
  best?: AttemptSummary;
  bestBeforeDeadline?: AttemptSummary;
  /** The attempt that counts under the course's policy when this standing was written. */
  counted: { policy: ScoringPolicy; attempt: AttemptSummary | null };
  /** Attempts that read another account than the registration's (flagged, never counted). */
  wrongAccount?: { attempts: number; last: WrongAccount & { attemptId: string; startedAt: string } };
  /** When the account last changed in a way the lab grades (the latest event's call time; live regrade). */
  lastChangeAt?: string;
  /** Optimistic-locking counter: every write expects the version it read. */
  version: number;
  /** The last jobs stored, so a redelivered job never stores a second attempt. */
  recentJobIds: string[];
  updatedAt: string;
}

/**
 * The slim form of a standing that the class views read (`/results`, `/summary`, the CSV exports,
 * the schedule): its own item of a few hundred bytes, written with the standing in the same
 * transaction, so a class of 1,000 reads a few hundred KB instead of every whole result. The full
 * standing (its result document) is read only on drill-down. Layout: docs/data-model.md.
 */
export interface ClassRow
  extends Pick<
    Standing,
    | 'courseId'
    | 'studentId'
    | 'accountId'
    | 'lab'
    | 'attempts'
    | 'latestAttemptId'
    | 'counted'
    | 'lastChangeAt'
    | 'version'
  > {
  /** The latest result's score and maximum score. */
  score: number;
  maxScore: number;
  /** When the latest grade read the account (`startedAt`), when it finished (`finishedAt`) and what started it. */
  startedAt: string;
  gradedAt: string;
  trigger: Trigger;
  /** The latest result's checks, in its order, as a compact vector (see `encodeChecks`, class-row.ts). */
  checks: string;
  /** The latest attempt could not read the account at all (absent: it could). */
  accessFailure?: true;
  /** Attempts flagged for reading another account than the registration's; `accountRead`: the last one's. */
  wrongAccount?: { attempts: number; accountRead: string; latest: boolean };
  /** What the latest result found left behind still costs (the cleanup report), as the result says. */
  cost?: CostSummary;
  /** When the latest attempt that read the account read it (the schedule's change detection). */
  lastGraded?: { startedAt: string };
}

/** One check of a {@link ClassRow}, decoded. */
export interface RowCheck {
  id: string;
  status: Status;
  points: number;
  earned: number;
  /** The grader's own verdict, when an instructor overrode the check. */
  grader?: { status: Status };
  /** The AWS (or grader) error code of an `error` verdict. */
  errorCode?: string;
}
