/**
 * Registration: courses (their labs, parameters, deadlines and scoring policy), roster entries
 * (how the grader gets into each student's account) and session credentials submitted by
 * students. Everything is validated here, and a rejection names the offending field.
 */
import * as z from 'zod';
import { findLab, LABS } from '../../checks/labs/index.js';
import { tailoringSchema } from '../../checks/tailoring.js';
import { firstIssue } from '../../checks/zod-field.js';
import type { GradeStore } from '../store/grade-store.js';
import { LiveStore } from '../store/live-store.js';
import type { Course, RosterEntry, StudentAccess } from '../store/records.js';
import { type Encryptor, type SessionCredentials, sealCredentials } from './credentials.js';
import { liveGradingSchema } from './live-events.js';

/** Input that cannot be registered; `field` names the offending field (`accountId`, `labs[0].deadline`). */
export class RegistrationError extends Error {
  constructor(
    readonly field: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${field}: ${message}`, options);
    this.name = 'RegistrationError';
  }
}

/**
 * The AWS account is already registered for another student of the course, and the course is not
 * team-based: one account belongs to one student (409, naming the other student).
 */
export class AccountInUseError extends Error {
  constructor(
    readonly field: string,
    readonly courseId: string,
    readonly accountId: string,
    readonly otherStudentId: string,
  ) {
    super(
      `${field}: account ${accountId} is already registered for student ${otherStudentId} in course ${courseId}; one account per student unless the course is team-based (teamBased: true)`,
    );
    this.name = 'AccountInUseError';
  }
}

export class CourseNotFoundError extends Error {
  constructor(readonly courseId: string) {
    super(`no course ${courseId}`);
    this.name = 'CourseNotFoundError';
  }
}

/** Another instructor created a course of this id meanwhile (409): it is not the caller's. */
export class CourseExistsError extends Error {
  readonly field = 'courseId';
  constructor(readonly courseId: string) {
    super(`course ${courseId} was created meanwhile by someone else; choose another course id`);
    this.name = 'CourseExistsError';
  }
}

export class StudentNotFoundError extends Error {
  constructor(
    readonly courseId: string,
    readonly studentId: string,
  ) {
    super(`no student ${studentId} in course ${courseId}`);
    this.name = 'StudentNotFoundError';
  }
}

/**
 * Course, student and instructor ids: they become parts of DynamoDB keys and S3 keys (no `#`,
 * no `/`, no spaces, far below DynamoDB's key size). Every id in a path, query or body is this.
 */
export const idSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/,
    'use 1-128 letters, digits or . _ @ + - (starting with a letter or digit)',
  );
const regionSchema = z
  .string()
  .regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/, 'not an AWS region (e.g. ap-northeast-2)');
const isoTime = z.iso.datetime({
  offset: true,
  error: 'expected an ISO 8601 date-time, e.g. 2026-06-30T23:59:00+09:00',
});

/** A lab of a course: which lab, its deadline, and the course's tailoring (checks/tailoring.ts). */
const courseLabSchema = z
  .object({
    lab: z.string().refine((id) => findLab(id) !== undefined, {
      error: `unknown lab; known labs: ${LABS.map((l) => l.id).join(', ')}`,
    }),
    params: z.record(z.string(), z.unknown()).optional(),
    points: z.record(z.string(), z.number()).optional(),
    disabled: z.array(z.string()).optional(),
    deadline: isoTime.optional(),
  })
  .superRefine((courseLab, ctx) => {
    const { lab: labId, deadline: _, ...tailoring } = courseLab;
    const lab = findLab(labId);
    if (!lab) return; // named by the `lab` field's own check
    const parsed = tailoringSchema(lab).safeParse(tailoring);
    if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: 'custom' });
  });

/** What an instructor sends to create or replace a course. */
export const courseInputSchema = z.object({
  title: z.string().max(200).optional(),
  region: regionSchema,
  lang: z.enum(['ko', 'en']).default('ko'),
  labs: z.array(courseLabSchema).min(1, 'a course grades at least one lab'),
  scoringPolicy: z.enum(['latest', 'best', 'best-before-deadline']).default('best'),
  skipPastDeadline: z.boolean().default(false),
  endsAt: isoTime.optional(),
  /** Students share a team account (several students may register one account). */
  teamBased: z.boolean().default(false),
  /** Live regrade settings; absent: the defaults (60 s debounce, daily safety regrade). */
  liveGrading: liveGradingSchema.partial().optional(),
});
export type CourseInput = z.input<typeof courseInputSchema>;

const accountIdSchema = z.string().regex(/^\d{12}$/, 'an AWS account id is exactly 12 digits');
const roleArnSchema = z
  .string()
  .regex(
    /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
    'not an IAM role ARN (arn:aws:iam::<account>:role/<name>)',
  );
const externalIdSchema = z
  .string()
  .regex(/^[\w+=,.@:/-]{2,1224}$/, 'an ExternalId is 2-1224 letters, digits or + = , . @ : / - _');

/** What an instructor sends to register a student: mode `role` (default) or `session` (Learner Lab). */
export const studentInputSchema = z.object({
  name: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
  sisId: z.string().min(1).max(128).optional(),
  lmsId: z.string().min(1).max(128).optional(),
  accountId: accountIdSchema,
  region: regionSchema.optional(),
  access: z.enum(['role', 'session']).default('role'),
  roleArn: roleArnSchema.optional(),
  externalId: externalIdSchema.optional(),
  deadlines: z.record(z.string(), isoTime).optional(),
});
export type StudentInput = z.input<typeof studentInputSchema>;

const temporaryKeyId = z
  .string()
  .regex(/^ASIA[A-Z0-9]{12,124}$/, 'expected a temporary access key id (ASIA...); long-term keys are not accepted');
const secretKey = z.string().min(16).max(256);
const sessionToken = z.string().min(16).max(4096);

/**
 * What a student sends in session mode: either these four fields, or exactly what
 * `aws configure export-credentials` prints (`Version`, `AccessKeyId`, `SecretAccessKey`,
 * `SessionToken`, `Expiration`), which a Learner Lab student can paste as it is.
 */
export const sessionCredentialsSchema = z.union([
  z.object({ accessKeyId: temporaryKeyId, secretAccessKey: secretKey, sessionToken, expiration: isoTime }),
  z
    .strictObject({
      Version: z.literal(1, { error: 'aws configure export-credentials writes Version 1' }).optional(),
      AccessKeyId: temporaryKeyId,
      SecretAccessKey: secretKey,
      SessionToken: sessionToken,
      Expiration: isoTime,
    })
    .transform((c) => ({
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    })),
]);

function parse<S extends z.ZodType>(schema: S, input: unknown, prefix: readonly PropertyKey[] = []): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error, prefix);
    throw new RegistrationError(field || '(body)', message, { cause: parsed.error });
  }
  return parsed.data;
}

/** Validates a course: known labs, each lab's parameters, check ids and deadlines. */
export function validateCourse(courseId: string, input: unknown, now: Date): Course {
  parse(idSchema, courseId, ['courseId']);
  const data = parse(courseInputSchema, input);
  const seen = new Set<string>();
  data.labs.forEach((courseLab, i) => {
    const lab = findLab(courseLab.lab)!;
    if (seen.has(lab.id)) throw new RegistrationError(`labs[${i}].lab`, `lab ${lab.id} is listed twice`);
    seen.add(lab.id);
  });
  if (data.scoringPolicy === 'best-before-deadline') {
    const i = data.labs.findIndex((l) => !l.deadline);
    if (i >= 0) {
      throw new RegistrationError(
        `labs[${i}].deadline`,
        'the best-before-deadline policy needs a deadline for every lab',
      );
    }
  }
  const stamp = now.toISOString();
  const course: Course = {
    courseId,
    region: data.region,
    lang: data.lang,
    labs: data.labs,
    scoringPolicy: data.scoringPolicy,
    skipPastDeadline: data.skipPastDeadline,
    teamBased: data.teamBased,
    createdAt: stamp,
    updatedAt: stamp,
  };
  if (data.title) course.title = data.title;
  if (data.endsAt) course.endsAt = data.endsAt;
  if (data.liveGrading) course.liveGrading = data.liveGrading;
  return course;
}

/** Validates a roster entry; the role must live in the registered account. */
export function validateStudent(course: Course, studentId: string, input: unknown, now: Date): RosterEntry {
  parse(idSchema, studentId, ['studentId']);
  const data = parse(studentInputSchema, input);
  let access: StudentAccess;
  if (data.access === 'role') {
    if (!data.roleArn) throw new RegistrationError('roleArn', 'required for role access');
    if (!data.externalId) throw new RegistrationError('externalId', 'required for role access');
    const roleAccount = data.roleArn.split(':')[4];
    if (roleAccount !== data.accountId) {
      throw new RegistrationError(
        'roleArn',
        `the role is in account ${roleAccount}, not the registered account ${data.accountId}`,
      );
    }
    access = { mode: 'role', roleArn: data.roleArn, externalId: data.externalId };
  } else {
    if (data.roleArn) throw new RegistrationError('roleArn', 'not used with session access');
    access = { mode: 'session' };
  }
  const labs = new Set(course.labs.map((l) => l.lab));
  for (const lab of Object.keys(data.deadlines ?? {})) {
    if (!labs.has(lab)) throw new RegistrationError(`deadlines.${lab}`, `course ${course.courseId} has no lab ${lab}`);
  }
  const stamp = now.toISOString();
  const entry: RosterEntry = {
    courseId: course.courseId,
    studentId,
    accountId: data.accountId,
    access,
    registeredAt: stamp,
    updatedAt: stamp,
  };
  if (data.name) entry.name = data.name;
  if (data.email) entry.email = data.email;
  if (data.sisId) entry.sisId = data.sisId;
  if (data.lmsId) entry.lmsId = data.lmsId;
  if (data.region) entry.region = data.region;
  if (data.deadlines) entry.deadlines = data.deadlines;
  return entry;
}

/**
 * Creates or replaces a course (keeping its creation time). A new course gets `creator` as its
 * first instructor, in the same transaction (without one it is the admins' alone until an admin
 * adds an instructor); a replaced course keeps its instructors.
 */
export async function registerCourse(
  store: GradeStore,
  courseId: string,
  input: unknown,
  now = new Date(),
  options: { creator?: string } = {},
): Promise<Course> {
  const course = validateCourse(courseId, input, now);
  const existing = await store.getCourse(courseId);
  if (!existing && options.creator !== undefined) {
    if (!(await store.createCourse(course, options.creator))) throw new CourseExistsError(courseId);
    return course;
  }
  if (existing) course.createdAt = existing.createdAt;
  if (existing?.teamBased && !course.teamBased) {
    // Leaving team mode: the students who share an account must be registered apart first.
    const shared = sharedAccount(await store.listRoster(courseId));
    if (shared) throw new AccountInUseError('teamBased', courseId, shared.accountId, shared.studentId);
  }
  await store.putCourse(course);
  return course;
}

/** An account two students of the roster share, with one of them, if any. */
function sharedAccount(roster: readonly RosterEntry[]): { accountId: string; studentId: string } | undefined {
  const owners = new Map<string, string>();
  for (const e of roster) {
    const owner = owners.get(e.accountId);
    if (owner !== undefined) return { accountId: e.accountId, studentId: owner };
    owners.set(e.accountId, e.studentId);
  }
  return undefined;
}

/** Refuses an account another student of a (not team-based) course already uses. */
function requireOwnAccount(course: Course, roster: readonly RosterEntry[], entry: RosterEntry, field: string): void {
  if (course.teamBased) return;
  const other = roster.find((e) => e.accountId === entry.accountId && e.studentId !== entry.studentId);
  if (other) throw new AccountInUseError(field, course.courseId, entry.accountId, other.studentId);
}

/** A claim older than this whose holder's roster entry does not use the account was left half-way. */
const STALE_CLAIM_MS = 60_000;

/**
 * Claims the entry's account for its student in a course that is not team-based (the roster
 * check alone lets two registrations of one account at once both pass): refused with
 * {@link AccountInUseError} while another student holds it. A claim left by a registration that
 * failed half-way (its holder's roster entry does not use the account, and it is a minute old)
 * is taken over.
 */
async function claimAccount(store: GradeStore, course: Course, entry: RosterEntry, field: string, now: Date) {
  if (course.teamBased) return;
  for (let tries = 0; tries < 3; tries += 1) {
    const holder = await store.claimAccount(course.courseId, entry.accountId, entry.studentId, now.toISOString());
    if (!holder) return;
    if (!holder.studentId) continue;
    const held = await store.getRosterEntry(course.courseId, holder.studentId);
    const stale = now.getTime() - Date.parse(holder.claimedAt) > STALE_CLAIM_MS;
    if (held?.accountId === entry.accountId || !stale) {
      throw new AccountInUseError(field, course.courseId, entry.accountId, holder.studentId);
    }
    await store.releaseAccount(course.courseId, entry.accountId, holder.studentId);
  }
  throw new AccountInUseError(field, course.courseId, entry.accountId, 'another student');
}

/** Adds or replaces a student in a course's roster. */
export async function registerStudent(
  store: GradeStore,
  courseId: string,
  studentId: string,
  input: unknown,
  now = new Date(),
): Promise<RosterEntry> {
  const course = await store.getCourse(courseId);
  if (!course) throw new CourseNotFoundError(courseId);
  const entry = validateStudent(course, studentId, input, now);
  requireOwnAccount(course, await store.listRoster(courseId), entry, 'accountId');
  await claimAccount(store, course, entry, 'accountId', now);
  const existing = await store.getRosterEntry(courseId, studentId);
  if (existing) entry.registeredAt = existing.registeredAt;
  await store.putRosterEntry(entry);
  if (existing && existing.accountId !== entry.accountId) {
    await store.releaseAccount(courseId, existing.accountId, studentId);
  }
  await reindexAccounts(store, existing ? [existing] : [], [entry]);
  // Switching a student to role access drops any session credentials they had submitted.
  if (existing?.access.mode === 'session' && entry.access.mode === 'role') {
    await store.deleteSealedCredentials(courseId, studentId);
  }
  return entry;
}

/**
 * Registers many students at once (a roster import): every entry is validated first, and a
 * rejection names the entry and the field (`[3].accountId`); nothing is written then.
 */
export async function registerStudents(
  store: GradeStore,
  courseId: string,
  inputs: readonly ({ studentId: string } & Record<string, unknown>)[],
  now = new Date(),
): Promise<RosterEntry[]> {
  const course = await store.getCourse(courseId);
  if (!course) throw new CourseNotFoundError(courseId);
  const seen = new Set<string>();
  const entries = inputs.map(({ studentId, ...input }, i) => {
    try {
      if (seen.has(studentId)) throw new RegistrationError('studentId', `student ${studentId} is listed twice`);
      seen.add(studentId);
      return validateStudent(course, studentId, input, now);
    } catch (err) {
      if (!(err instanceof RegistrationError)) throw err;
      throw new RegistrationError(`[${i}].${err.field}`, err.message.slice(err.field.length + 2), { cause: err });
    }
  });
  // Against the roster as it will be: the students not in this import, and the import itself.
  const importing = new Set(entries.map((e) => e.studentId));
  const before = await store.listRoster(courseId);
  const staying = before.filter((e) => !importing.has(e.studentId));
  entries.forEach((entry, i) => {
    requireOwnAccount(course, [...staying, ...entries.slice(0, i)], entry, `[${i}].accountId`);
  });
  // An import may move accounts between its own students: the accounts they leave are freed first.
  for (const earlier of before) {
    const later = entries.find((e) => e.studentId === earlier.studentId);
    if (later && later.accountId !== earlier.accountId) {
      await store.releaseAccount(courseId, earlier.accountId, earlier.studentId);
    }
  }
  for (const [i, entry] of entries.entries()) await claimAccount(store, course, entry, `[${i}].accountId`, now);
  await store.putRosterEntries(entries);
  const replaced = new Set(entries.map((e) => e.studentId));
  await reindexAccounts(
    store,
    before.filter((e) => replaced.has(e.studentId)),
    entries,
  );
  return entries;
}

/**
 * Keeps the account index (which students an account's events belong to; the accounts the event
 * bus admits) in step with roster entries written over `before`.
 */
async function reindexAccounts(store: GradeStore, before: RosterEntry[], after: RosterEntry[]): Promise<void> {
  const live = new LiveStore(store);
  const now = new Map(after.map((e) => [e.studentId, e.accountId]));
  const stale = before.filter((e) => now.get(e.studentId) !== e.accountId);
  const fresh = after.filter((e) => !before.some((b) => b.studentId === e.studentId && b.accountId === e.accountId));
  const writes = [
    ...stale.map((e) => () => live.deleteRegistration(e)),
    ...fresh.map((e) => () => live.putRegistration(e)),
  ];
  // A roster import writes hundreds: 16 at a time.
  for (let i = 0; i < writes.length; i += 16) await Promise.all(writes.slice(i, i + 16).map((w) => w()));
}

/** Removes a student; queued grades for them are skipped, their attempts are kept. */
export async function removeStudent(store: GradeStore, courseId: string, studentId: string): Promise<void> {
  const existing = await store.getRosterEntry(courseId, studentId);
  await store.deleteRosterEntry(courseId, studentId);
  if (existing) {
    await new LiveStore(store).deleteRegistration(existing);
    await store.releaseAccount(courseId, existing.accountId, studentId);
  }
}

/**
 * Stores session credentials a student submitted, sealed, until they expire (DynamoDB TTL).
 * Returns only their expiration: the credentials are never echoed back.
 */
export async function submitSessionCredentials(
  store: GradeStore,
  encryptor: Encryptor,
  courseId: string,
  studentId: string,
  input: unknown,
  now = new Date(),
): Promise<{ expiration: string }> {
  const entry = await store.getRosterEntry(courseId, studentId);
  if (!entry) throw new StudentNotFoundError(courseId, studentId);
  if (entry.access.mode !== 'session') {
    throw new RegistrationError(
      'access',
      'this student is registered for role access; session credentials are not used',
    );
  }
  const credentials: SessionCredentials = parse(sessionCredentialsSchema, input);
  if (Date.parse(credentials.expiration) <= now.getTime()) {
    throw new RegistrationError('expiration', 'these credentials have already expired');
  }
  await store.putSealedCredentials(await sealCredentials(encryptor, courseId, studentId, credentials, now));
  return { expiration: credentials.expiration };
}

/**
 * The effective deadline of (course, student, lab): the student's extension, else the course's
 * deadline for the lab, else none. What the scoring policy, the schedule and the LMS score
 * posting all go by.
 */
export async function effectiveDeadline(
  store: GradeStore,
  courseId: string,
  studentId: string,
  lab: string,
): Promise<string | undefined> {
  const [course, entry] = await Promise.all([store.getCourse(courseId), store.getRosterEntry(courseId, studentId)]);
  return course ? deadlineOf(course, entry, lab) : undefined;
}

/**
 * Grants (or, with `deadline` null, withdraws) a student's extension for a lab. Returns the roster
 * entry; the caller recounts the standing, since the deadline policy judges attempts by it.
 */
export async function setExtension(
  store: GradeStore,
  courseId: string,
  studentId: string,
  lab: string,
  deadline: unknown,
  now = new Date(),
): Promise<RosterEntry> {
  const course = await store.getCourse(courseId);
  if (!course) throw new CourseNotFoundError(courseId);
  if (!course.labs.some((l) => l.lab === lab))
    throw new RegistrationError('lab', `course ${courseId} has no lab ${lab}`);
  const entry = await store.getRosterEntry(courseId, studentId);
  if (!entry) throw new StudentNotFoundError(courseId, studentId);
  const deadlines = { ...entry.deadlines };
  if (deadline === null) delete deadlines[lab];
  else deadlines[lab] = parse(isoTime, deadline, ['deadline']);
  const updated: RosterEntry = { ...entry, updatedAt: now.toISOString() };
  if (Object.keys(deadlines).length) updated.deadlines = deadlines;
  else delete updated.deadlines;
  await store.putRosterEntry(updated);
  return updated;
}

/** The deadline that applies to a student for a lab: their extension, else the course's. */
export function deadlineOf(course: Course, entry: RosterEntry | undefined, lab: string): string | undefined {
  return entry?.deadlines?.[lab] ?? course.labs.find((l) => l.lab === lab)?.deadline;
}
