/**
 * Registration: courses (their labs, parameters, deadlines and scoring policy), roster entries
 * (how the grader gets into each student's account, one account per student unless the course is
 * team-based) and session credentials submitted by students. Input is validated by
 * registration-input.ts, and a rejection names the offending field; a student's deadlines are
 * deadlines.ts.
 */
import { LtiStore } from '../lti/lti-store.js';
import type { GradeStore } from '../store/grade-store.js';
import { LiveStore } from '../store/live-store.js';
import type { Course, RosterEntry } from '../store/records.js';
import { LIVE_SIGNALS } from '../store/roster-store.js';
import {
  AccountInUseError,
  CourseExistsError,
  CourseNotFoundError,
  courseById,
  StudentNotFoundError,
} from './course-errors.js';
import { type Encryptor, type SessionCredentials, sealCredentials } from './credentials.js';
import {
  parseInput,
  RegistrationError,
  sessionCredentialsAt,
  validateCourse,
  validateStudent,
} from './registration-input.js';

export { AccountInUseError, CourseExistsError, CourseNotFoundError, StudentNotFoundError };

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
  const course = await validateCourse(courseId, input, now);
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
  return (await writeStudent(store, courseId, studentId, input, now)).stored;
}

/**
 * {@link registerStudent}, answering also the entry its write replaced (none: a new registration),
 * as of that write: what a caller compares the new entry with when another writer (an extension)
 * may have changed it since any read.
 */
export async function writeStudent(
  store: GradeStore,
  courseId: string,
  studentId: string,
  input: unknown,
  now = new Date(),
): Promise<{ stored: RosterEntry; replaced: RosterEntry | undefined }> {
  const course = await courseById(store, courseId);
  const entry = validateStudent(course, studentId, input, now);
  requireOwnAccount(course, await store.listRoster(courseId), entry, 'accountId');
  await claimAccount(store, course, entry, 'accountId', now);
  const existing = await store.getRosterEntry(courseId, studentId);
  const moved = existing !== undefined && existing.accountId !== entry.accountId;
  // The account left keeps its unkeyed overrides before the new one is written: a grade between
  // the two writes would otherwise count them for the new account.
  if (existing && moved) await store.pinOverrides(courseId, [existing]);
  // One update: an extension or a live signal written since the read is kept too.
  const written = await store.writeRegistration(entry, moved);
  if (existing && moved) await store.releaseAccount(courseId, existing.accountId, studentId);
  await reindexAccounts(store, existing ? [existing] : [], [entry]);
  await dropStaleCredentials(store, existing ? [existing] : [], [entry]);
  return written;
}

/**
 * What a roster entry written again by an import (one put per entry, as read) keeps from the one
 * it replaces, unless the request states it (a single registration's update does the same):
 * the time of the first registration; the student's extensions (`deadlines`, set by the extension
 * route; they belong to the student, whatever the account); and, on the same account, the account's
 * live-grading signals (written by the event intake, about that account's forwarding).
 */
function keepUnstated(existing: RosterEntry | undefined, entry: RosterEntry): void {
  if (!existing) return;
  entry.registeredAt = existing.registeredAt;
  // validateStudent copies `deadlines` whenever the request has it, `{}` included.
  if (entry.deadlines === undefined && existing.deadlines) entry.deadlines = existing.deadlines;
  if (existing.accountId !== entry.accountId) return;
  for (const signal of LIVE_SIGNALS) if (existing[signal] !== undefined) entry[signal] = existing[signal];
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
  const course = await courseById(store, courseId);
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
  for (const entry of entries)
    keepUnstated(
      before.find((e) => e.studentId === entry.studentId),
      entry,
    );
  for (const [i, entry] of entries.entries()) await claimAccount(store, course, entry, `[${i}].accountId`, now);
  const replaced = new Set(entries.map((e) => e.studentId));
  const overwritten = before.filter((e) => replaced.has(e.studentId));
  // Before the entries are written, as in registerStudent.
  await store.pinOverrides(
    courseId,
    overwritten.filter((e) => entries.find((later) => later.studentId === e.studentId)?.accountId !== e.accountId),
  );
  await store.putRosterEntries(entries);
  await reindexAccounts(store, overwritten, entries);
  await dropStaleCredentials(store, overwritten, entries);
  return entries;
}

/**
 * Session credentials belong to the registration they were submitted for: a roster entry written
 * over a session-access one with role access or another account drops them (the new account's are
 * submitted anew; the earlier account's would be read for the new registration).
 */
async function dropStaleCredentials(store: GradeStore, before: RosterEntry[], after: RosterEntry[]): Promise<void> {
  const next = new Map(after.map((e) => [e.studentId, e]));
  const stale = before.filter((e) => {
    const later = next.get(e.studentId);
    return e.access.mode === 'session' && later && (later.access.mode === 'role' || later.accountId !== e.accountId);
  });
  await Promise.all(stale.map((e) => store.deleteSealedCredentials(e.courseId, e.studentId)));
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

/** Removes a student; queued grades for them are skipped, their attempts and overrides are kept. */
export async function removeStudent(
  store: GradeStore,
  courseId: string,
  studentId: string,
  lti = new LtiStore(store.doc, store.table),
): Promise<void> {
  const existing = await store.getRosterEntry(courseId, studentId);
  await store.deleteRosterEntry(courseId, studentId);
  if (existing) {
    await new LiveStore(store).deleteRegistration(existing);
    await store.releaseAccount(courseId, existing.accountId, studentId);
    await store.pinOverrides(courseId, [existing]);
    // Their LMS user is no longer a student of the course (nor whoever is registered under this id next).
    await lti.deleteUserLink(courseId, studentId);
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
  const credentials: SessionCredentials = parseInput(sessionCredentialsAt(now), input);
  await store.putSealedCredentials(await sealCredentials(encryptor, courseId, studentId, credentials, now));
  return { expiration: credentials.expiration };
}
