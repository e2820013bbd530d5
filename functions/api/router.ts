/**
 * The route table's machinery. A route declares its method and path, who may call it
 * ({@link Access}), the schema of its query and of its body, and a handler that receives them
 * parsed. The dispatcher does the rest once for every route, in this order: find the route (404,
 * 405), identify the caller (401), check the access the route declares (403), validate the query
 * and the body (400 naming the field), then run the handler.
 *
 * Adding a route: write one `route({...})` entry in the file of its domain under routes/ (or a new
 * file, listed in routes/index.ts). Nothing else.
 */
import * as z from 'zod';
import { firstIssue } from '../../checks/zod-field.js';
import type { LtiDeps } from '../lti/deps.js';
import type { Encryptor } from '../service/credentials.js';
import type { GradeJob, GradeJobDeps } from '../service/grade-job.js';
import { idSchema } from '../service/input.js';
import type { GradeStore } from '../store/grade-store.js';
import { type AuthOptions, type Identity, identify } from './auth.js';
import { ApiError, badRequest, forbidden, notFound } from './errors.js';
import type { GradeRateLimiter } from './rate-limit.js';
import { validateBody, validateQuery } from './validation.js';

export interface ApiDeps {
  store: GradeStore;
  /** What a grade needs (the same dependencies as the grade worker); `budgetMs` bounds one collection. */
  grading: GradeJobDeps;
  encryptor: Encryptor;
  limiter: GradeRateLimiter;
  auth?: AuthOptions;
  now: () => Date;
  /** The LTI 1.3 tool (absent: the LTI routes answer 404). */
  lti?: LtiDeps;
  /** The grade queue, for work that goes through the worker (a class's regrade); absent: 503. */
  queue?: { enqueue(jobs: GradeJob[]): Promise<unknown> };
}

export interface ApiRequest {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  /** Parsed JSON body (http-json-body-parser), or undefined. */
  body: unknown;
  claims: Record<string, unknown> | undefined;
  requestId: string;
  /** The API's own base URL as the request reached it (`https://host`). */
  origin?: string;
}

export interface ApiReply {
  statusCode: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const json = (statusCode: number, body: unknown, headers?: Record<string, string>): ApiReply => ({
  statusCode,
  body,
  ...(headers ? { headers } : {}),
});

/**
 * Who may call a route:
 * - `anyone`: any signed-in caller;
 * - `instructor`: a member of the instructor group;
 * - `self`: the student the request names (path `{studentId}`, else the body's `studentId`, else
 *   the caller), or an instructor;
 * - `enrolled`: a student registered in the path's `{courseId}`, or an instructor.
 *
 * An instructor is further held to their courses, here and for every route alike: a route that
 * names a course (path `{courseId}`; for `self` routes also the query's or body's `courseId`)
 * needs the caller on that course's instructor list; a `self` route that names a student and no
 * course needs the student registered, and every course they are registered in the caller's (one
 * 403 either way: a student's courses are told only to their instructors). A course that does not
 * exist passes (the route answers 404, or `PUT /courses/{courseId}` creates it with the caller as
 * its first instructor). Admins (the admin group) pass everywhere.
 */
export type Access = 'anyone' | 'instructor' | 'self' | 'enrolled';

export type PathParams = Record<string, string>;

/** The path parameters a pattern names: `'/courses/{courseId}/labs/{lab}'` gives `{ courseId: string; lab: string }`. */
export type ParamsOf<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? { [K in Name]: string } & ParamsOf<Rest>
  : Record<never, string>;

/**
 * Every path parameter's schema, by name: ids are bounded and keep to a character set before
 * anything looks them up (a 2,000-character id is a 400 naming it, not a DynamoDB error). A route
 * with a parameter of another name declares it in its `path`.
 */
export const PATH_PARAMS: Record<string, z.ZodType<string>> = {
  courseId: idSchema,
  studentId: idSchema,
  instructorId: idSchema,
  lab: z.string().max(64, 'a lab id has at most 64 characters'),
};

/** Names the path parameters of a route table that have no schema (the route table's test asserts none). */
export function unvalidatedPathParams(routes: readonly Route[]): string[] {
  return routes.flatMap((r) =>
    [...r.pattern.matchAll(/\{(\w+)\}/g)]
      .map((m) => m[1] as string)
      .filter((name) => !r.path?.[name] && !PATH_PARAMS[name])
      .map((name) => `${r.method} ${r.pattern}: {${name}}`),
  );
}

export interface RouteContext<Q, B, P = PathParams> {
  req: ApiRequest;
  who: Identity;
  params: P;
  query: Q;
  body: B;
  deps: ApiDeps;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `/courses/{courseId}/students/{studentId}`: `{name}` matches one non-empty segment. */
  pattern: string;
  access: Access;
  /** Schemas of path parameters not in {@link PATH_PARAMS}. */
  path?: Record<string, z.ZodType<string>>;
  /** The query parameters it takes (a strict object: an unknown parameter is named). */
  query: z.ZodType;
  /** The JSON object body it takes; none when absent. Unknown fields are named, also nested. */
  body?: z.ZodType;
  /** What must be loaded before `body` can be checked (a course's labs), given the raw body. */
  prepare?: (body: unknown) => Promise<void>;
  handler: (ctx: RouteContext<unknown, unknown>) => Promise<ApiReply>;
}

/** One route entry, typed from its pattern and schemas (the handler sees its path parameters, the parsed query and body). */
export function route<P extends string, QS extends z.ZodType, BS extends z.ZodType | undefined = undefined>(def: {
  method: Route['method'];
  pattern: P;
  access: Access;
  path?: Record<string, z.ZodType<string>>;
  query: QS;
  body?: BS;
  prepare?: Route['prepare'];
  handler: (
    ctx: RouteContext<z.output<QS>, BS extends z.ZodType ? z.output<BS> : undefined, ParamsOf<P>>,
  ) => Promise<ApiReply>;
}): Route {
  return def as unknown as Route;
}

function match(pattern: string, path: string): PathParams | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: PathParams = {};
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

function validatePath(r: Route, params: PathParams): void {
  for (const [name, value] of Object.entries(params)) {
    const schema = r.path?.[name] ?? PATH_PARAMS[name];
    if (!schema) throw new Error(`route ${r.method} ${r.pattern}: path parameter ${name} has no schema`);
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw badRequest(name, firstIssue(parsed.error).message);
  }
}

/** Checks the access a route declares (403 when the caller may not). */
async function authorize(r: Route, who: Identity, params: PathParams, req: ApiRequest, deps: ApiDeps) {
  const { access } = r;
  if (access === 'anyone') return;
  if (who.role === 'instructor') return authorizeInstructor(r, who, params, req, deps.store);
  if (access === 'instructor') throw forbidden('only instructors may do this');
  if (access === 'self') {
    const named = params.studentId ?? (req.body as { studentId?: unknown } | undefined)?.studentId;
    // A body's studentId that is not a string is left to the body's validation (400).
    if (typeof named !== 'string' || named === who.studentId) return;
    throw forbidden(`student ${who.studentId} may not read or grade the records of student ${String(named)}`);
  }
  const courseId = params.courseId as string;
  if (!(await deps.store.getRosterEntry(courseId, who.studentId))) {
    throw forbidden(`student ${who.studentId} is not registered in course ${courseId}`);
  }
}

/** A valid id the query or body names, else undefined (a bad one is the validation's 400, after this). */
function namedId(source: unknown, field: string): string | undefined {
  if (source === null || typeof source !== 'object' || Array.isArray(source)) return undefined;
  const value = Object.hasOwn(source, field) ? (source as Record<string, unknown>)[field] : undefined;
  return idSchema.safeParse(value).success ? (value as string) : undefined;
}

/** An instructor is held to the courses whose instructor list names them; an admin to none. */
async function authorizeInstructor(r: Route, who: Identity, params: PathParams, req: ApiRequest, store: GradeStore) {
  if (who.admin) return;
  const self = r.access === 'self';
  const courseId =
    params.courseId ?? (self ? (namedId(req.query, 'courseId') ?? namedId(req.body, 'courseId')) : undefined);
  if (courseId !== undefined) return requireTeaches(store, who, courseId);
  const studentId = self ? (params.studentId ?? namedId(req.body, 'studentId')) : undefined;
  if (studentId === undefined) return;
  const enrolments = await store.listEnrolments(studentId);
  const taught = await Promise.all(enrolments.map((e) => store.getInstructor(e.courseId, who.studentId)));
  // One answer whether the student is in another's course or in none: the courses of a student
  // are told only to their instructors.
  if (enrolments.length === 0 || taught.some((t) => !t)) {
    throw forbidden(
      `instructor ${who.studentId} reaches student ${studentId} only through a course they teach: name the courseId`,
    );
  }
}

/**
 * Whether the caller manages a course other than the one its route names (an admin, or one of its
 * instructors): whose students a flag may name, whose LMS course a link may move.
 */
export async function managesCourse(store: GradeStore, who: Identity, courseId: string): Promise<boolean> {
  return who.admin === true || (await store.getInstructor(courseId, who.studentId)) !== undefined;
}

async function requireTeaches(store: GradeStore, who: Identity, courseId: string): Promise<void> {
  const [mine, course] = await Promise.all([store.getInstructor(courseId, who.studentId), store.getCourse(courseId)]);
  if (mine || !course) return;
  const someone = (await store.listInstructors(courseId)).length > 0;
  throw forbidden(
    someone
      ? `instructor ${who.studentId} does not teach course ${courseId}: one of its instructors adds them (PUT /courses/${courseId}/instructors/${who.studentId})`
      : `course ${courseId} has no instructors yet: an admin adds its first (PUT /courses/${courseId}/instructors/{instructorId})`,
  );
}

/** Finds the route, identifies the caller (401 before anything else), authorizes, validates and runs it. */
export async function dispatchRoute(routes: readonly Route[], req: ApiRequest, deps: ApiDeps): Promise<ApiReply> {
  const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
  const candidates = routes.map((r) => ({ r, params: match(r.pattern, path) })).filter((m) => m.params);
  if (candidates.length === 0) throw notFound(`no route ${path}`);
  const found = candidates.find((m) => m.r.method === req.method);
  if (!found) {
    const allowed = [...new Set(candidates.map((m) => m.r.method))].join(', ');
    throw new ApiError(405, 'method_not_allowed', `${req.method} ${path} is not a route; allowed: ${allowed}`, {
      headers: { allow: allowed },
    });
  }
  const { r, params } = found as { r: Route; params: PathParams };
  const who = identify(req.claims, deps.now(), deps.auth);
  validatePath(r, params);
  await authorize(r, who, params, req, deps);
  const query = validateQuery(r.query, req.query);
  if (r.prepare) await r.prepare(req.body);
  const body = r.body ? validateBody(r.body, req.body) : undefined;
  return r.handler({ req, who, params, query, body, deps });
}
