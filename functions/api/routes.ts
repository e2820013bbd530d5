/**
 * The HTTP API's routes (contract.ts lists them): each validates its input, checks who may do
 * it, calls one function of the grading service or one query of the store, and shapes the answer.
 * Transport (API Gateway events, middy, logging, error mapping) lives in functions/handlers/api.ts.
 */
import { z } from 'zod';
import { findLab, LABS } from '../../checks/labs/index.js';
import type { LabDefinition } from '../../checks/model.js';
import type { Encryptor } from '../service/credentials.js';
import { type GradeJobDeps, runGradeJob } from '../service/grade-job.js';
import {
  CourseNotFoundError,
  courseInputSchema,
  registerCourse,
  registerStudent,
  removeStudent,
  StudentNotFoundError,
  sessionCredentialsSchema,
  studentInputSchema,
  submitSessionCredentials,
} from '../service/roster.js';
import { type GradeStore, InvalidCursorError } from '../store/grade-store.js';
import type { Attempt, Course, RosterEntry, Standing } from '../store/records.js';
import { type AuthOptions, type Identity, identify, requireInstructor, requireSelfOrInstructor } from './auth.js';
import { classCsv, resultRow, rosterStandings, summarizeClass } from './class-report.js';
import type {
  AttemptsResponse,
  AttemptView,
  CourseListItem,
  CourseResponse,
  CoursesResponse,
  GradeResponse,
  LabsResponse,
  MeResponse,
  ResultsResponse,
  RosterResponse,
  StandingsResponse,
  StandingView,
  StudentResponse,
} from './contract.js';
import { ApiError, badRequest, forbidden, notFound } from './errors.js';
import type { GradeRateLimiter } from './rate-limit.js';

export interface ApiDeps {
  store: GradeStore;
  /** What a grade needs (the same dependencies as the grade worker); `budgetMs` bounds one collection. */
  grading: GradeJobDeps;
  encryptor: Encryptor;
  limiter: GradeRateLimiter;
  auth?: AuthOptions;
  now: () => Date;
}

export interface ApiRequest {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  /** Parsed JSON body (http-json-body-parser), or undefined. */
  body: unknown;
  claims: Record<string, unknown> | undefined;
  requestId: string;
}

export interface ApiReply {
  statusCode: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Params = Record<string, string>;
type RouteHandler = (req: ApiRequest, who: Identity, params: Params, deps: ApiDeps) => Promise<ApiReply>;

interface Route {
  method: string;
  pattern: string;
  handler: RouteHandler;
}

// Input schemas: strict, so an unknown field or parameter is named rather than ignored.

const limitSchema = z.coerce.number().int().min(1).max(100).optional();
const cursorSchema = z.string().min(1).max(2048).optional();

const gradeRequestSchema = z.strictObject({
  lab: z.string().min(1).max(64),
  studentId: z.string().min(1).max(128).optional(),
  courseId: z.string().min(1).max(128).optional(),
});
const attemptsQuerySchema = z.strictObject({
  lab: z.string().min(1).max(64),
  courseId: z.string().min(1).max(128).optional(),
  /** An earlier registration of the student (instructors): its account. */
  accountId: z
    .string()
    .regex(/^\d{12}$/, 'an AWS account id is exactly 12 digits')
    .optional(),
  limit: limitSchema,
  cursor: cursorSchema,
});
const pageQuerySchema = z.strictObject({ limit: limitSchema, cursor: cursorSchema });
const courseQuerySchema = z.strictObject({ courseId: z.string().min(1).max(128).optional() });
const labsQuerySchema = z.strictObject({ lang: z.enum(['ko', 'en']).optional() });
const noQuerySchema = z.strictObject({});

function fieldOf(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** Validates input; a rejection names the field (`lab`, `limit`, `labs[0].lab`) and says what is wrong. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, what: 'body' | 'query'): z.output<S> {
  if (what === 'body' && (input === undefined || input === null || typeof input !== 'object' || Array.isArray(input))) {
    throw badRequest(undefined, 'the request needs a JSON object body (Content-Type: application/json)');
  }
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const field = fieldOf([...issue.path, issue.keys[0] ?? '']);
    throw badRequest(field, what === 'query' ? 'unknown query parameter' : 'unknown field', parsed.error);
  }
  const field = fieldOf(issue?.path ?? []) || undefined;
  const missing = issue?.code === 'invalid_type' && issue.message.includes('undefined');
  throw badRequest(field, missing ? 'required' : (issue?.message ?? 'invalid'), parsed.error);
}

/**
 * Registration schemas accept and drop unknown fields; the API names them instead, so a typo
 * (`acountId`) is not silently ignored. Walks objects and arrays of the schema.
 */
export function rejectUnknownFields(schema: z.ZodType, value: unknown, path: PropertyKey[] = []): void {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) {
    s = s.unwrap() as z.ZodType;
  }
  if (s instanceof z.ZodObject && value && typeof value === 'object' && !Array.isArray(value)) {
    const shape = s.shape as Record<string, z.ZodType>;
    for (const [key, v] of Object.entries(value)) {
      const field = shape[key];
      if (!field) throw badRequest(fieldOf([...path, key]), 'unknown field');
      rejectUnknownFields(field, v, [...path, key]);
    }
  } else if (s instanceof z.ZodArray && Array.isArray(value)) {
    value.forEach((v, i) => {
      rejectUnknownFields(s.element as z.ZodType, v, [...path, i]);
    });
  }
}

function requireBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest(undefined, 'the request needs a JSON object body (Content-Type: application/json)');
  }
  return body as Record<string, unknown>;
}

function labOf(id: string, field = 'lab'): LabDefinition {
  const lab = findLab(id);
  if (!lab) throw notFound(`unknown lab '${id}'; known labs: ${LABS.map((l) => l.id).join(', ')}`, field);
  return lab;
}

// Paging of lists read whole (a roster, a class's standings: one Query each): the cursor names
// the last item of the page and the list it belongs to, so it cannot continue another list.

function encodePageCursor(scope: string, after: string): string {
  return Buffer.from(JSON.stringify({ s: scope, a: after })).toString('base64url');
}

export function pageOf<T>(
  items: T[],
  keyOf: (item: T) => string,
  scope: string,
  limit: number | undefined,
  cursor: string | undefined,
): { items: T[]; cursor?: string } {
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  let start = 0;
  if (cursor) {
    let decoded: { s?: unknown; a?: unknown } | undefined;
    try {
      decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch (err) {
      throw new InvalidCursorError({ cause: err });
    }
    if (decoded?.s !== scope || typeof decoded.a !== 'string') throw new InvalidCursorError();
    const after = decoded.a;
    start = sorted.findIndex((item) => keyOf(item) > after);
    if (start < 0) start = sorted.length;
  }
  const size = limit ?? 50;
  const page = sorted.slice(start, start + size);
  const last = page[page.length - 1];
  return {
    items: page,
    ...(start + size < sorted.length && last !== undefined ? { cursor: encodePageCursor(scope, keyOf(last)) } : {}),
  };
}

// Shapes of the answers.

function courseListItem(course: Course): CourseListItem {
  return {
    courseId: course.courseId,
    ...(course.title ? { title: course.title } : {}),
    region: course.region,
    lang: course.lang,
    labs: course.labs.map((l) => l.lab),
  };
}

function courseResponse(course: Course): CourseResponse {
  return { ...course };
}

function studentResponse(entry: RosterEntry): StudentResponse {
  return { ...entry };
}

function attemptView(a: Attempt): AttemptView {
  return {
    attemptId: a.attemptId,
    courseId: a.courseId,
    studentId: a.studentId,
    accountId: a.accountId,
    lab: a.lab,
    result: a.result,
    changes: a.changes,
    ...(a.accessFailure ? { accessFailure: a.accessFailure } : {}),
    recordedAt: a.recordedAt,
  };
}

function standingView(s: Standing): StandingView {
  return {
    courseId: s.courseId,
    studentId: s.studentId,
    accountId: s.accountId,
    lab: s.lab,
    attempts: s.attempts,
    latestAttemptId: s.latestAttemptId,
    latest: {
      attemptId: s.latestAttemptId,
      score: s.latest.score,
      maxScore: s.latest.maxScore,
      startedAt: s.latest.startedAt,
      finishedAt: s.latest.finishedAt,
      trigger: s.latest.trigger,
      counts: s.latest.counts,
    },
    latestChanges: s.latestChanges,
    best: s.best ?? null,
    counted: s.counted,
    accessFailure: s.lastGraded?.attemptId !== s.latestAttemptId,
  };
}

const json = (statusCode: number, body: unknown, headers?: Record<string, string>): ApiReply => ({
  statusCode,
  body,
  ...(headers ? { headers } : {}),
});

// Lookups shared by routes.

async function courseFor(deps: ApiDeps, courseId: string): Promise<Course> {
  const course = await deps.store.getCourse(courseId);
  if (!course) throw new CourseNotFoundError(courseId);
  return course;
}

/** The course's lab, or 404 naming `lab` (unknown to the grader, or not graded by this course). */
function courseLab(course: Course, labId: string): LabDefinition {
  const lab = labOf(labId);
  if (!course.labs.some((l) => l.lab === lab.id)) {
    throw notFound(`course ${course.courseId} does not grade lab ${lab.id}`, 'lab');
  }
  return lab;
}

/** The courses a caller sees: every course for an instructor, their own for a student. */
async function visibleCourses(deps: ApiDeps, who: Identity): Promise<Course[]> {
  if (who.role === 'instructor') return deps.store.listCourses();
  const enrolments = await deps.store.listEnrolments(who.studentId);
  const courses = await Promise.all(enrolments.map((e) => deps.store.getCourse(e.courseId)));
  return courses.filter((c): c is Course => c !== undefined);
}

/**
 * The course in which a student does a lab. Without a course id it is found from the student's
 * enrolments (GET /students/{id}/grades has none); several matching courses need `courseId`.
 */
async function enrolmentFor(
  deps: ApiDeps,
  studentId: string,
  lab: LabDefinition,
  courseId: string | undefined,
): Promise<{ course: Course; entry: RosterEntry }> {
  const enrolments = await deps.store.listEnrolments(studentId);
  if (courseId) {
    const entry = enrolments.find((e) => e.courseId === courseId);
    if (!entry) throw new StudentNotFoundError(courseId, studentId);
    const course = await courseFor(deps, courseId);
    courseLab(course, lab.id);
    return { course, entry };
  }
  if (enrolments.length === 0) {
    throw notFound(`student ${studentId} is not registered in any course`, 'studentId');
  }
  const courses = await Promise.all(enrolments.map((e) => deps.store.getCourse(e.courseId)));
  const matching = enrolments
    .map((entry, i) => ({ entry, course: courses[i] }))
    .filter((m): m is { entry: RosterEntry; course: Course } => !!m.course?.labs.some((l) => l.lab === lab.id));
  if (matching.length === 0) {
    throw notFound(`no course of student ${studentId} grades lab ${lab.id}`, 'lab');
  }
  if (matching.length > 1) {
    throw badRequest(
      'courseId',
      `student ${studentId} does lab ${lab.id} in several courses (${matching.map((m) => m.course.courseId).join(', ')}): name one`,
    );
  }
  return matching[0] as { course: Course; entry: RosterEntry };
}

// The routes.

const me: RouteHandler = async (req, who, _p, deps) => {
  validate(noQuerySchema, req.query, 'query');
  const body: MeResponse = {
    subject: who.subject,
    role: who.role,
    groups: who.groups,
    courses: (await visibleCourses(deps, who)).map(courseListItem),
  };
  return json(200, body);
};

const labs: RouteHandler = async (req) => {
  const { lang = 'en' } = validate(labsQuerySchema, req.query, 'query');
  const body: LabsResponse = {
    items: LABS.map((lab) => ({
      lab: lab.id,
      title: lab.title[lang],
      module: lab.module,
      maxScore: lab.checks.filter((c) => !c.bonus).reduce((sum, c) => sum + c.points, 0),
      checks: lab.checks.map((c) => ({ id: c.id, title: c.title[lang], points: c.points, bonus: c.bonus === true })),
    })),
  };
  return json(200, body);
};

const postGrade: RouteHandler = async (req, who, _p, deps) => {
  validate(noQuerySchema, req.query, 'query');
  const input = validate(gradeRequestSchema, req.body, 'body');
  if (input.studentId !== undefined && who.role !== 'instructor' && input.studentId !== who.studentId) {
    throw forbidden(`student ${who.studentId} may not grade student ${input.studentId}`);
  }
  if (input.studentId === undefined && who.role === 'instructor') {
    throw badRequest('studentId', 'required: an instructor names the student to grade');
  }
  const studentId = input.studentId ?? who.studentId;
  const lab = labOf(input.lab);
  const { course, entry } = await enrolmentFor(deps, studentId, lab, input.courseId);

  const slot = await deps.limiter.acquire(studentId, req.requestId, deps.now());
  if (!slot.ok) {
    throw new ApiError(
      429,
      'rate_limited',
      slot.running
        ? `a grade of student ${studentId} is already running; try again in ${slot.retryAfterSeconds} s`
        : `student ${studentId} was graded moments ago; one grade per ${Math.round(deps.limiter.intervalMs / 1000)} s, try again in ${slot.retryAfterSeconds} s`,
      { retryAfterSeconds: slot.retryAfterSeconds },
    );
  }
  try {
    const outcome = await runGradeJob(
      { jobId: `api/${req.requestId}`, courseId: course.courseId, studentId, lab: lab.id, trigger: 'api' },
      deps.grading,
    );
    if (outcome.status === 'skipped') {
      // The roster or the course changed between the lookup and the grade.
      throw notFound(`student ${studentId} can no longer be graded in ${course.courseId} (${outcome.reason})`);
    }
    if (outcome.status !== 'stored') throw new Error(`grade of job api/${req.requestId} was not stored`);
    const standing = await deps.store.getStanding(course.courseId, studentId, lab.id, entry.accountId);
    let attempt: AttemptView | undefined;
    if (standing?.latestAttemptId === outcome.attemptId) {
      attempt = {
        attemptId: outcome.attemptId,
        courseId: course.courseId,
        studentId,
        accountId: entry.accountId,
        lab: lab.id,
        result: standing.latest,
        changes: standing.latestChanges,
        recordedAt: standing.updatedAt,
      };
    } else {
      // A scheduled grade was stored right after ours: find ours among the newest attempts.
      const page = await deps.store.listAttempts({
        courseId: course.courseId,
        studentId,
        accountId: entry.accountId,
        lab: lab.id,
        limit: 10,
      });
      const found = page.items.find((a) => a.attemptId === outcome.attemptId);
      if (found) attempt = attemptView(found);
    }
    if (!attempt || !standing) throw new Error(`attempt ${outcome.attemptId} was stored but cannot be read back`);
    const body: GradeResponse = {
      attemptId: attempt.attemptId,
      courseId: course.courseId,
      studentId,
      lab: lab.id,
      result: attempt.result,
      changes: attempt.changes,
      ...(outcome.accessFailure
        ? { accessFailure: { code: outcome.accessFailure, message: accessMessage(attempt) } }
        : {}),
      counted: standing.counted,
      nextGradeAllowedAt: slot.nextAllowedAt.toISOString(),
    };
    return json(201, body);
  } finally {
    await slot.release();
  }
};

function accessMessage(attempt: AttemptView): string {
  return attempt.result.checks[0]?.message ?? 'the grader could not read the account';
}

const studentGrades: RouteHandler = async (req, who, { studentId }, deps) => {
  requireSelfOrInstructor(who, studentId as string);
  const q = validate(attemptsQuerySchema, req.query, 'query');
  const lab = labOf(q.lab);
  const { course, entry } = await enrolmentFor(deps, studentId as string, lab, q.courseId);
  // The current registration's attempts; an instructor may read an earlier registration's.
  const accountId = q.accountId ?? entry.accountId;
  if (accountId !== entry.accountId && who.role !== 'instructor') {
    throw forbidden(`account ${accountId} is not student ${studentId}'s current registration`);
  }
  const page = await deps.store.listAttempts({
    courseId: course.courseId,
    studentId: studentId as string,
    accountId,
    lab: lab.id,
    ...(q.limit ? { limit: q.limit } : {}),
    ...(q.cursor ? { cursor: q.cursor } : {}),
  });
  const body: AttemptsResponse = {
    courseId: course.courseId,
    studentId: studentId as string,
    accountId,
    current: accountId === entry.accountId,
    lab: lab.id,
    items: page.items.map(attemptView),
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
  return json(200, body);
};

const studentStandings: RouteHandler = async (req, who, { studentId }, deps) => {
  requireSelfOrInstructor(who, studentId as string);
  const q = validate(courseQuerySchema, req.query, 'query');
  const enrolments = (await deps.store.listEnrolments(studentId as string)).filter(
    (e) => !q.courseId || e.courseId === q.courseId,
  );
  if (q.courseId && enrolments.length === 0) throw new StudentNotFoundError(q.courseId, studentId as string);
  const standings = (
    await Promise.all(enrolments.map((e) => deps.store.listStandings(e.courseId, studentId as string)))
  ).flat();
  const current = new Set(enrolments.map((e) => `${e.courseId}/${e.accountId}`));
  const isCurrent = (s: Standing) => current.has(`${s.courseId}/${s.accountId}`);
  const body: StandingsResponse = {
    studentId: studentId as string,
    items: standings.filter(isCurrent).map(standingView),
    // Earlier registrations (another account) are history, for the instructor.
    ...(who.role === 'instructor' ? { history: standings.filter((s) => !isCurrent(s)).map(standingView) } : {}),
  };
  return json(200, body);
};

const listCourses: RouteHandler = async (req, who, _p, deps) => {
  validate(noQuerySchema, req.query, 'query');
  const body: CoursesResponse = { items: (await visibleCourses(deps, who)).map(courseListItem) };
  return json(200, body);
};

const getCourse: RouteHandler = async (req, who, { courseId }, deps) => {
  validate(noQuerySchema, req.query, 'query');
  if (who.role !== 'instructor' && !(await deps.store.getRosterEntry(courseId as string, who.studentId))) {
    throw forbidden(`student ${who.studentId} is not registered in course ${courseId}`);
  }
  return json(200, courseResponse(await courseFor(deps, courseId as string)));
};

const putCourse: RouteHandler = async (req, who, { courseId }, deps) => {
  requireInstructor(who);
  validate(noQuerySchema, req.query, 'query');
  const body = requireBody(req.body);
  rejectUnknownFields(courseInputSchema, body);
  const existed = await deps.store.getCourse(courseId as string);
  const course = await registerCourse(deps.store, courseId as string, body, deps.now());
  return json(existed ? 200 : 201, courseResponse(course));
};

const listStudents: RouteHandler = async (req, who, { courseId }, deps) => {
  requireInstructor(who);
  const q = validate(pageQuerySchema, req.query, 'query');
  await courseFor(deps, courseId as string);
  const roster = await deps.store.listRoster(courseId as string);
  const page = pageOf(roster, (e) => e.studentId, `roster/${courseId}`, q.limit, q.cursor);
  const body: RosterResponse = {
    courseId: courseId as string,
    items: page.items.map(studentResponse),
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
  return json(200, body);
};

const putStudent: RouteHandler = async (req, who, { courseId, studentId }, deps) => {
  requireInstructor(who);
  validate(noQuerySchema, req.query, 'query');
  const body = requireBody(req.body);
  rejectUnknownFields(studentInputSchema, body);
  const existed = await deps.store.getRosterEntry(courseId as string, studentId as string);
  const entry = await registerStudent(deps.store, courseId as string, studentId as string, body, deps.now());
  return json(existed ? 200 : 201, studentResponse(entry));
};

const deleteStudent: RouteHandler = async (req, who, { courseId, studentId }, deps) => {
  requireInstructor(who);
  validate(noQuerySchema, req.query, 'query');
  await courseFor(deps, courseId as string);
  if (!(await deps.store.getRosterEntry(courseId as string, studentId as string))) {
    throw new StudentNotFoundError(courseId as string, studentId as string);
  }
  await removeStudent(deps.store, courseId as string, studentId as string);
  return { statusCode: 204 };
};

const putCredentials: RouteHandler = async (req, who, { courseId, studentId }, deps) => {
  requireSelfOrInstructor(who, studentId as string);
  validate(noQuerySchema, req.query, 'query');
  const body = requireBody(req.body);
  rejectUnknownFields(sessionCredentialsSchema, body);
  const out = await submitSessionCredentials(
    deps.store,
    deps.encryptor,
    courseId as string,
    studentId as string,
    body,
    deps.now(),
  );
  return json(200, out);
};

async function classOf(deps: ApiDeps, courseId: string, labId: string) {
  const course = await courseFor(deps, courseId);
  const lab = courseLab(course, labId);
  const [roster, standings] = await Promise.all([
    deps.store.listRoster(courseId),
    deps.store.listLatestResults(courseId, lab.id),
  ]);
  return { course, lab, roster, standings };
}

const results: RouteHandler = async (req, who, { courseId, lab: labId }, deps) => {
  requireInstructor(who);
  const q = validate(pageQuerySchema, req.query, 'query');
  const { course, lab, roster, standings } = await classOf(deps, courseId as string, labId as string);
  const byStudent = rosterStandings(roster, standings);
  const entries = new Map(roster.map((e) => [e.studentId, e]));
  const rows = [...byStudent.values()].map((s) => resultRow(s, entries.get(s.studentId)));
  const page = pageOf(rows, (r) => r.studentId, `results/${course.courseId}/${lab.id}`, q.limit, q.cursor);
  const body: ResultsResponse = {
    courseId: course.courseId,
    lab: lab.id,
    items: page.items,
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
  return json(200, body);
};

const summary: RouteHandler = async (req, who, { courseId, lab: labId }, deps) => {
  requireInstructor(who);
  validate(noQuerySchema, req.query, 'query');
  const { course, lab, roster, standings } = await classOf(deps, courseId as string, labId as string);
  return json(200, summarizeClass(lab, course, roster, standings));
};

const csv: RouteHandler = async (req, who, { courseId, lab: labId }, deps) => {
  requireInstructor(who);
  validate(noQuerySchema, req.query, 'query');
  const { course, lab, roster, standings } = await classOf(deps, courseId as string, labId as string);
  return {
    statusCode: 200,
    body: classCsv(lab, course, roster, standings),
    headers: {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="${course.courseId}-${lab.id}-results.csv"`,
    },
  };
};

export const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: '/me', handler: me },
  { method: 'GET', pattern: '/labs', handler: labs },
  { method: 'POST', pattern: '/grades', handler: postGrade },
  { method: 'GET', pattern: '/students/{studentId}/grades', handler: studentGrades },
  { method: 'GET', pattern: '/students/{studentId}/standings', handler: studentStandings },
  { method: 'GET', pattern: '/courses', handler: listCourses },
  { method: 'GET', pattern: '/courses/{courseId}', handler: getCourse },
  { method: 'PUT', pattern: '/courses/{courseId}', handler: putCourse },
  { method: 'GET', pattern: '/courses/{courseId}/students', handler: listStudents },
  { method: 'PUT', pattern: '/courses/{courseId}/students/{studentId}', handler: putStudent },
  { method: 'DELETE', pattern: '/courses/{courseId}/students/{studentId}', handler: deleteStudent },
  { method: 'PUT', pattern: '/courses/{courseId}/students/{studentId}/credentials', handler: putCredentials },
  { method: 'GET', pattern: '/courses/{courseId}/labs/{lab}/results', handler: results },
  { method: 'GET', pattern: '/courses/{courseId}/labs/{lab}/summary', handler: summary },
  { method: 'GET', pattern: '/courses/{courseId}/labs/{lab}/results.csv', handler: csv },
];

function match(pattern: string, path: string): Params | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Params = {};
  for (let i = 0; i < want.length; i += 1) {
    const w = want[i] as string;
    const g = got[i] as string;
    if (w.startsWith('{')) {
      let value: string;
      try {
        value = decodeURIComponent(g);
      } catch {
        return undefined;
      }
      if (value === '') return undefined;
      params[w.slice(1, -1)] = value;
    } else if (w !== g) {
      return undefined;
    }
  }
  return params;
}

/** Finds the route, identifies the caller (401 before anything else), and runs it. */
export async function dispatchRoute(req: ApiRequest, deps: ApiDeps): Promise<ApiReply> {
  const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
  const candidates = ROUTES.map((r) => ({ r, params: match(r.pattern, path) })).filter((m) => m.params);
  if (candidates.length === 0) throw notFound(`no route ${path}`);
  const found = candidates.find((m) => m.r.method === req.method);
  if (!found) {
    const allowed = [...new Set(candidates.map((m) => m.r.method))].join(', ');
    throw new ApiError(405, 'method_not_allowed', `${req.method} ${path} is not a route; allowed: ${allowed}`, {
      headers: { allow: allowed },
    });
  }
  const who = identify(req.claims, deps.now(), deps.auth);
  return found.r.handler(req, who, found.params as Params, deps);
}
