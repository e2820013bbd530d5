/**
 * The HTTP API's contract: every route's request and response body. Field names are stable: the
 * dashboard (dashboard/) and scripts depend on them. Served by functions/handlers/api.ts behind
 * API Gateway (HTTP API) and by the local service (`npm start`) alike.
 *
 * Every route needs a bearer token (API Gateway's JWT authorizer; locally a development token from
 * `labgrader token`). A student reads and grades only their own records; an instructor (group
 * `instructors`) reads and manages the courses whose instructor list names them (the creator
 * first; "instructor" below means one of the course's instructors, enforced by router.ts for every
 * route naming a course: 403 otherwise); an admin (group `admins`, the deployment's operators)
 * every course. A course with no instructor list (stored before lists existed) is the admins'
 * until an admin adds its first instructor.
 *
 * | route | who | response |
 * |---|---|---|
 * | `GET /me` | anyone | {@link MeResponse} |
 * | `GET /labs` | anyone | {@link LabsResponse} |
 * | `POST /grades` | student (self), instructor | {@link GradeResponse} (201) |
 * | `GET /students/{studentId}/grades?lab=&courseId=&accountId=&limit=&cursor=` | self, instructor (`accountId`: an earlier registration) | {@link AttemptsResponse} |
 * | `GET /students/{studentId}/standings?courseId=` | self, instructor | {@link StandingsResponse} |
 * | `GET /courses` | anyone (students: their courses; instructors: the ones they teach) | {@link CoursesResponse} |
 * | `GET /courses/{courseId}` | enrolled student, instructor | {@link CourseResponse} |
 * | `PUT /courses/{courseId}` | instructor (a new course: any instructor, who becomes its first) | {@link CourseResponse} |
 * | `GET /courses/{courseId}/instructors` | instructor | {@link InstructorsResponse} |
 * | `PUT /courses/{courseId}/instructors/{instructorId}` | instructor | {@link InstructorsResponse} (201 added, 200 already there) |
 * | `DELETE /courses/{courseId}/instructors/{instructorId}` | instructor | {@link InstructorsResponse} (409 for the last one) |
 * | `GET /courses/{courseId}/students?limit=&cursor=` | instructor | {@link RosterResponse} |
 * | `PUT /courses/{courseId}/students/{studentId}` | instructor | {@link StudentResponse} |
 * | `DELETE /courses/{courseId}/students/{studentId}` | instructor | 204 |
 * | `PUT /courses/{courseId}/students/{studentId}/credentials` | self (session access) | {@link CredentialsResponse} |
 * | `GET /courses/{courseId}/labs/{lab}/results?limit=&cursor=` | instructor | {@link ResultsResponse} |
 * | `GET /courses/{courseId}/labs/{lab}/summary` | instructor | {@link SummaryResponse} |
 * | `GET /courses/{courseId}/labs/{lab}/results.csv?format=canvas\|moodle` | instructor | `text/csv` (UTF-8 with BOM; a gradebook import file with `format`) |
 * | `POST /courses/{courseId}/labs/{lab}/regrade?dryRun=` | instructor | {@link RegradeResponse} (202, queued) |
 * | `GET /courses/{courseId}/labs/{lab}/regrade/{runId}` | instructor | {@link RegradeResponse} (progress, per student) |
 * | `PUT /courses/{courseId}/labs/{lab}/students/{studentId}/overrides/{checkId}` | instructor | {@link OverrideChangeResponse} (body: status, points?, reason) |
 * | `DELETE /courses/{courseId}/labs/{lab}/students/{studentId}/overrides/{checkId}?reason=` | instructor | {@link OverrideChangeResponse} |
 * | `GET /courses/{courseId}/labs/{lab}/overrides` | instructor | {@link OverridesResponse} (current overrides and the audit trail) |
 * | `PUT /courses/{courseId}/students/{studentId}/extensions/{lab}` | instructor | the student's deadlines and counted attempt (body: `{deadline}`, null withdraws) |
 * | `GET /courses/{courseId}/live` | instructor | {@link LiveGradingResponse} (live grading: settings, counters, students forwarding events) |
 * | `GET /courses/{courseId}/flags` | instructor | {@link FlagsResponse} (shared accounts, accounts changed mid-course, results from the wrong account) |
 * | `PUT /lti/platforms`, `GET /lti/platforms` | instructor | an LTI platform registration (functions/lti/records.ts) |
 * | `GET /lti/tool` | instructor | the URLs a platform asks for (login, launch, JWKS) |
 * | `PUT /courses/{courseId}/lti/contexts` | instructor | links an LMS course (context) to the course |
 * | `PUT /courses/{courseId}/students/{studentId}/lti` | instructor | links an LMS user (`sub`) to the student |
 * | `GET /courses/{courseId}/lti/students` | instructor | the course's LMS user links |
 *
 * Public, without a token (the LMS and the browser call them; docs/lms.md): `GET /lti/jwks`,
 * `GET|POST /lti/login`, `POST /lti/launch` (HTML pages, functions/lti/http.ts).
 *
 * Errors: {@link ErrorResponse} with 400 (bad input, naming the field), 401 (no or expired
 * token), 403 (someone else's data, another instructor's course), 404 (unknown course, student or lab), 409 (an AWS account
 * another student of the course already uses, unless the course is team-based), 413 (body too large),
 * 429 (grade rate limit, with `Retry-After`), 503 (storage unavailable, retryable).
 */
import type { Lang, Status } from '../../checks/model.js';
import type {
  AccessFailure,
  AttemptSummary,
  CourseLab,
  Override,
  OverrideEvent,
  RegradeRun,
  ScoreChanges,
  ScoringPolicy,
  StoredResult,
  StudentRegrade,
  WrongAccount,
} from '../store/records.js';

export type { CheckResult, Lang, Status } from '../../checks/model.js';
export type {
  AccessFailure,
  AttemptSummary,
  CourseLab,
  Override,
  OverrideEvent,
  RegradeRun,
  ScoreChanges,
  ScoringPolicy,
  StoredResult,
  StudentRegrade,
  WrongAccount,
};

/** A page of a list; pass `cursor` back (query parameter) for the next page; absent on the last page. */
export interface Page<T> {
  items: T[];
  cursor?: string;
}

export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

/** Every 4xx/5xx body. Never a stack trace. */
export interface ErrorResponse {
  error: {
    code: ErrorCode;
    /** One line, for people. */
    message: string;
    /** The offending field or parameter (`lab`, `accountId`, `labs[0].deadline`, `cursor`). */
    field?: string;
    /** True when the same request may succeed later (429, 503). */
    retryable?: boolean;
    /** Seconds to wait (also in the `Retry-After` header), for 429 and 503. */
    retryAfterSeconds?: number;
    /** The request id (API Gateway's, or the local service's): quote it when reporting a problem. */
    requestId?: string;
  };
}

export type Role = 'student' | 'instructor';

/** `GET /me`: who the token says the caller is. */
export interface MeResponse {
  subject: string;
  role: Role;
  /** A member of the admin group: every course of the deployment (role `instructor` too). */
  admin: boolean;
  groups: string[];
  /** Students: the courses they are registered in. Instructors: the courses they teach. Admins: every course. */
  courses: CourseListItem[];
}

/** One instructor of a course (`GET /courses/{courseId}/instructors`). */
export interface InstructorView {
  instructorId: string;
  addedAt: string;
  addedBy: string;
}

/** `GET /courses/{courseId}/instructors`: who teaches the course, its creator first. */
export interface InstructorsResponse {
  courseId: string;
  items: InstructorView[];
}

/** `GET /labs`: the labs the grader knows, with their checks (titles in the requested `lang`). */
export interface LabsResponse {
  items: {
    lab: string;
    title: string;
    module: string;
    maxScore: number;
    checks: { id: string; title: string; points: number; bonus: boolean }[];
    /** The lab estimates what the account still costs (the cleanup report). */
    estimatesCost?: true;
  }[];
}

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

export interface CourseListItem {
  courseId: string;
  title?: string;
  region: string;
  lang: Lang;
  labs: string[];
}
export interface CoursesResponse {
  items: CourseListItem[];
}

/** A course as stored (labs with parameters, points, deadlines). */
export interface CourseResponse {
  courseId: string;
  title?: string;
  region: string;
  lang: Lang;
  labs: CourseLab[];
  scoringPolicy: ScoringPolicy;
  skipPastDeadline: boolean;
  endsAt?: string;
  /** Students share team accounts (several students may register one account). */
  teamBased?: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A roster entry. The ExternalId is shown to instructors; session credentials never are. */
export interface StudentResponse {
  courseId: string;
  studentId: string;
  name?: string;
  email?: string;
  accountId: string;
  region?: string;
  access: { mode: 'role'; roleArn: string; externalId: string } | { mode: 'session' };
  deadlines?: Record<string, string>;
  registeredAt: string;
  updatedAt: string;
}
export type RosterResponse = Page<StudentResponse> & { courseId: string };

export interface CredentialsResponse {
  expiration: string;
}

/**
 * A regrade of a course's lab from the stored inventories with the current grader: the run
 * (`done` of `total` students finished) and, per finished student, the counted score before and
 * after and the checks whose status changed in which attempt. A dry run stores nothing else.
 */
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

export interface RegradeResponse {
  run: RegradeRun;
  students: StudentRegrade[];
}

/** One student's latest result in a lab, compact (the full document: the student's grades). */
export interface ResultRow {
  studentId: string;
  name?: string;
  attempts: number;
  latestAttemptId: string;
  score: number;
  maxScore: number;
  /** `finishedAt` of the latest attempt. */
  gradedAt: string;
  trigger: string;
  /** The latest attempt could not read the account. */
  accessFailure: boolean;
  /** The latest attempt read this account, not the registration's (flagged, not counted). */
  wrongAccount?: string;
  counted: { policy: ScoringPolicy; attempt: AttemptSummary | null };
  checks: { id: string; status: Status; points: number; earned: number }[];
  /** What the account still costs by the latest grade, for a lab that estimates it (the cleanup report). */
  cost?: LeftoverCost;
}

/**
 * What an account still costs by a grade of a lab that estimates it (the cleanup report), USD:
 * the known part, and what could not be priced or looked at (then the figures are a lower bound,
 * never a guess of zero).
 */
export interface LeftoverCost {
  perDay: number;
  perMonth: number;
  /** Resources without a known price (`id (region)`) and checks that could not look (`check: not read (code)`). */
  unknown: string[];
}

/** What the class still pays by the students' latest grades (the cleanup report), USD, estimated. */
export interface ClassCost {
  /** The known part, summed over the students. */
  perDay: number;
  perMonth: number;
  /** Students with something left that costs (or may cost) money. */
  students: number;
  /** Students whose estimate is partly or wholly unknown: the total is then a lower bound. */
  unknown: number;
}
export type ResultsResponse = Page<ResultRow> & { courseId: string; lab: string };

/** `GET /courses/{courseId}/live`: what live grading did for the course, and what change detection saved. */
export interface LiveGradingResponse {
  courseId: string;
  /** The course's live-grading settings, defaults filled in (course `liveGrading`). */
  settings: { debounceSeconds: number; safetyIntervalHours: number; settleMinutes: number; fullRegrades: boolean };
  /** Since the course began. */
  counters: {
    /** Events from the course's students' accounts the intake took. */
    eventsReceived: number;
    /** Events folded into a debounce window another event had opened (no grade of their own). */
    eventsCoalesced: number;
    /** Grades live events started (trigger `event`). */
    gradesTriggered: number;
    /** Schedule grades change detection left out: the account had not changed since its last grade. */
    gradesSkippedUnchanged: number;
  };
  students: {
    total: number;
    /** Students whose account has forwarded at least one event (change detection applies to them). */
    forwarding: number;
    /** Of those, the ones that forward from us-east-1 too (IAM's events): needed for the IAM lab. */
    forwardingGlobal: number;
  };
}

/** `GET .../summary`: where the class is stuck. */
export interface SummaryResponse {
  courseId: string;
  lab: string;
  /** Students on the roster. */
  students: number;
  /** Students with at least one attempt (their latest attempt is what is counted below). */
  attempted: number;
  notAttempted: { studentId: string; name?: string }[];
  maxScore: number;
  /** Per check of the lab, in the lab's order. */
  checks: {
    id: string;
    title: string;
    points: number;
    pass: number;
    fail: number;
    error: number;
    skip: number;
    /** pass / (pass + fail), 0..1; null when nobody was judged (all error/skip). */
    passRate: number | null;
  }[];
  /** Latest scores of the students who attempted. */
  scores: {
    min: number | null;
    max: number | null;
    mean: number | null;
    median: number | null;
    /** Ten buckets of `maxScore / 10`; the last one includes `to`. */
    buckets: { from: number; to: number; count: number }[];
  };
  /** For a lab that estimates costs (the cleanup report): the class total. */
  cost?: ClassCost;
}
