/**
 * What registration accepts: course, student and instructor ids, courses (known labs, each lab's
 * parameters, check ids and deadlines), roster entries and session credentials, each validated here
 * so that a rejection names the offending field ({@link RegistrationError}).
 */
import * as z from 'zod';
import { loadedLab, loadLab } from '../../checks/labs/load.js';
import { findManifest, LAB_MANIFESTS } from '../../checks/labs/manifests.js';
import { EXTERNAL_ID_FORMAT, knownRegion, ROLE_ARN_FORMAT } from '../../checks/regions.js';
import { tailoringSchema } from '../../checks/tailoring.js';
import { type Course, REGISTRATION_OPTIONAL, type RosterEntry, type StudentAccess } from '../store/records.js';
import {
  accountIdSchema,
  deadlineSchema,
  emailSchema,
  idSchema,
  isoTime,
  parseInput,
  plainText,
  RegistrationError,
} from './input.js';
import { liveGradingSchema } from './live-events.js';

export { idSchema, isoTime, parseInput, RegistrationError };

/** A lab of a course: which lab, its deadline, and the course's tailoring (checks/tailoring.ts). */
const courseLabSchema = z
  .object({
    lab: z.string().refine((id) => findManifest(id) !== undefined, {
      error: `unknown lab; known labs: ${LAB_MANIFESTS.map((l) => l.id).join(', ')}`,
    }),
    params: z.record(z.string(), z.unknown()).optional(),
    points: z.record(z.string(), z.number()).optional(),
    disabled: z.array(z.string()).optional(),
    deadline: deadlineSchema.optional(),
  })
  // The check ids come from the lab's definition, which loadNamedLabs imported before the parse:
  // synchronous, so a body's issues come in field order whatever the labs' import times.
  .superRefine((courseLab, ctx) => {
    const { lab: labId, deadline: _, ...tailoring } = courseLab;
    if (!findManifest(labId)) return; // named by the `lab` field's own check
    const lab = loadedLab(labId);
    // Never a silent pass: tailoring that was not checked against its lab is a bug, not a course.
    if (!lab) throw new Error(`lab ${labId} was not loaded before its course was validated (loadNamedLabs)`);
    const parsed = tailoringSchema(lab).safeParse(tailoring);
    if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: 'custom' });
  });

/**
 * Imports the labs a course body names (the known ones; anything else is left to the schema's
 * messages), so that {@link courseInputSchema} can check their tailoring synchronously. Call it
 * before parsing a course: the API's course route declares it as its `prepare`.
 */
export async function loadNamedLabs(input: unknown): Promise<void> {
  const labs = (input as { labs?: unknown } | null | undefined)?.labs;
  if (!Array.isArray(labs)) return;
  const ids = new Set<string>();
  for (const entry of labs) {
    const id = (entry as { lab?: unknown } | null | undefined)?.lab;
    if (typeof id === 'string' && findManifest(id)) ids.add(id);
  }
  await Promise.all([...ids].map((id) => loadLab(id)));
}

/** What an instructor sends to create or replace a course. */
export const courseInputSchema = z.object({
  title: plainText(200).optional(),
  region: knownRegion,
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

const roleArnSchema = z.string().regex(ROLE_ARN_FORMAT, 'not an IAM role ARN (arn:aws:iam::<account>:role/<name>)');
const externalIdSchema = z
  .string()
  .regex(EXTERNAL_ID_FORMAT, 'an ExternalId is 2-1224 letters, digits or + = , . @ : / - _');

/** What an instructor sends to register a student: mode `role` (default) or `session` (Learner Lab). */
export const studentInputSchema = z.object({
  name: plainText(200).optional(),
  email: emailSchema.optional(),
  sisId: plainText(128).min(1).optional(),
  lmsId: plainText(128).min(1).optional(),
  accountId: accountIdSchema,
  region: knownRegion.optional(),
  access: z.enum(['role', 'session']).default('role'),
  roleArn: roleArnSchema.optional(),
  externalId: externalIdSchema.optional(),
  deadlines: z.record(z.string(), deadlineSchema).optional(),
});
export type StudentInput = z.input<typeof studentInputSchema>;

const temporaryKeyId = z
  .string()
  .regex(/^ASIA[A-Z0-9]{12,124}$/, 'expected a temporary access key id (ASIA...); long-term keys are not accepted');
const secretKey = z.string().min(16).max(256);
const sessionToken = z.string().min(16).max(4096);

/**
 * How far ahead submitted session credentials may expire: AWS issues none that live longer than
 * 36 hours (GetSessionToken and GetFederationToken: at most 129,600 s; AssumeRole: at most 12 h),
 * and five minutes more for a student's clock running ahead of ours.
 */
export const SESSION_CREDENTIALS_MAX_AHEAD_MS = 129_600_000 + 5 * 60_000;

/** When credentials submitted at `now` may expire: not already, and not later than AWS makes any expire. */
function expirationAt(now: Date) {
  const ahead = (value: string) => Date.parse(value) - now.getTime();
  // A value that is no date-time is isoTime's to name (NaN passes both).
  return isoTime
    .refine((value) => !(ahead(value) <= 0), 'these credentials have already expired')
    .refine(
      (value) => !(ahead(value) > SESSION_CREDENTIALS_MAX_AHEAD_MS),
      'expires more than 36 hours from now, later than any AWS session credentials do: paste the ones the lab console shows',
    );
}

/**
 * What a student sends in session mode: either these four fields, or exactly what
 * `aws configure export-credentials` prints (`Version`, `AccessKeyId`, `SecretAccessKey`,
 * `SessionToken`, `Expiration`), which a Learner Lab student can paste as it is.
 */
function sessionCredentials(expiration: typeof isoTime | ReturnType<typeof expirationAt>) {
  return z.union([
    z.object({ accessKeyId: temporaryKeyId, secretAccessKey: secretKey, sessionToken, expiration }),
    z
      .strictObject({
        Version: z.literal(1, { error: 'aws configure export-credentials writes Version 1' }).optional(),
        AccessKeyId: temporaryKeyId,
        SecretAccessKey: secretKey,
        SessionToken: sessionToken,
        Expiration: expiration,
      })
      .transform((c) => ({
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
      })),
  ]);
}

/** Session credentials as a request carries them (the API checks this before reading the clock). */
export const sessionCredentialsSchema = sessionCredentials(isoTime);

/** Session credentials as accepted at `now`: their expiration still ahead, and at most 36 hours (and skew) ahead. */
export const sessionCredentialsAt = (now: Date) => sessionCredentials(expirationAt(now));

/** Validates a course: known labs, each lab's parameters, check ids and deadlines. */
export async function validateCourse(courseId: string, input: unknown, now: Date): Promise<Course> {
  parseInput(idSchema, courseId, ['courseId']);
  await loadNamedLabs(input);
  const data = parseInput(courseInputSchema, input);
  const seen = new Set<string>();
  data.labs.forEach((courseLab, i) => {
    const lab = findManifest(courseLab.lab)!;
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
  parseInput(idSchema, studentId, ['studentId']);
  const data = parseInput(studentInputSchema, input);
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
  for (const field of REGISTRATION_OPTIONAL) {
    const value = data[field];
    if (value) entry[field] = value;
  }
  if (data.deadlines) entry.deadlines = data.deadlines;
  return entry;
}
