/**
 * A student's deadline for a lab: their extension, else the course's deadline for it, else none;
 * what the scoring policy, the schedule and the LMS score posting all go by.
 */
import type { GradeStore } from '../store/grade-store.js';
import type { Course, RosterEntry } from '../store/records.js';
import { courseById, StudentNotFoundError } from './course-errors.js';
import { deadlineSchema, parseInput, RegistrationError } from './input.js';

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
  const course = await courseById(store, courseId);
  if (!course.labs.some((l) => l.lab === lab))
    throw new RegistrationError('lab', `course ${courseId} has no lab ${lab}`);
  const value = deadline === null ? null : parseInput(deadlineSchema, deadline, ['deadline']);
  // Only this lab's deadline is written: the rest of the entry may change meanwhile.
  const updated = await store.setDeadline(courseId, studentId, lab, value, now.toISOString());
  if (!updated) throw new StudentNotFoundError(courseId, studentId);
  return updated;
}

/** The deadline that applies to a student for a lab: their extension, else the course's. */
export function deadlineOf(course: Course, entry: RosterEntry | undefined, lab: string): string | undefined {
  return entry?.deadlines?.[lab] ?? course.labs.find((l) => l.lab === lab)?.deadline;
}

/**
 * The labs whose extension differs between two versions of a student's entry (`before` absent: a
 * new registration): what a roster write must recount, as the extension route does.
 */
export function changedExtensions(before: RosterEntry | undefined, after: RosterEntry): string[] {
  const labs = new Set([...Object.keys(before?.deadlines ?? {}), ...Object.keys(after.deadlines ?? {})]);
  return [...labs].filter((lab) => before?.deadlines?.[lab] !== after.deadlines?.[lab]);
}
