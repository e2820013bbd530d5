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
import type { CourseListItem } from './contract/courses.js';

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
} from '../store/records.js';
export type * from './contract/courses.js';
export type * from './contract/fairness.js';
export type * from './contract/grades.js';
export type * from './contract/reports.js';

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
