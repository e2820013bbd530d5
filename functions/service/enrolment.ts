/**
 * Who is enrolled where: the course a student does a lab in, the lab a course grades. Shared by
 * the on-demand grade and the API's reads; failures are errors the API maps to 404/400 naming the
 * field.
 */
import { loadLab } from '../../checks/labs/load.js';
import { findManifest } from '../../checks/labs/manifests.js';
import type { LabDefinition, LabManifest } from '../../checks/model.js';
import { UnknownLabError } from '../errors.js';
import type { GradeStore } from '../store/grade-store.js';
import type { Course, RosterEntry } from '../store/records.js';
import { courseById, StudentNotFoundError } from './course-errors.js';

export { courseById };

/** Something the request names does not exist where it says (404); `field` names it. */
export class NotEnrolledError extends Error {
  constructor(
    readonly field: 'studentId' | 'lab',
    message: string,
  ) {
    super(message);
    this.name = 'NotEnrolledError';
  }
}

/** The student does the lab in several courses and the request does not say which (400 `courseId`). */
export class AmbiguousCourseError extends Error {
  readonly field = 'courseId';
  override name = 'AmbiguousCourseError';
}

/** The lab's manifest (no checks loaded), else UnknownLabError. */
export function labById(id: string): LabManifest {
  const lab = findManifest(id);
  if (!lab) throw new UnknownLabError(id);
  return lab;
}

/** The course's lab: unknown to the grader, or not graded by this course, is an error naming `lab`. */
export function courseLab(course: Course, labId: string): LabManifest {
  const lab = labById(labId);
  if (!course.labs.some((l) => l.lab === lab.id)) {
    throw new NotEnrolledError('lab', `course ${course.courseId} does not grade lab ${lab.id}`);
  }
  return lab;
}

/** {@link courseLab} with its checks, imported on first use (checks/labs/load.ts). */
export async function courseLabDefinition(course: Course, labId: string): Promise<LabDefinition> {
  const { id } = courseLab(course, labId);
  const lab = await loadLab(id);
  if (!lab) throw new UnknownLabError(id);
  return lab;
}

/** The courses a student is registered in. */
export async function coursesOfStudent(store: GradeStore, studentId: string): Promise<Course[]> {
  const enrolments = await store.listEnrolments(studentId);
  const courses = await Promise.all(enrolments.map((e) => store.getCourse(e.courseId)));
  return courses.filter((c): c is Course => c !== undefined);
}

/**
 * The course in which a student does a lab. Without a course id it is found from the student's
 * enrolments (GET /students/{id}/grades has none); several matching courses need `courseId`.
 */
export async function enrolmentFor(
  store: GradeStore,
  studentId: string,
  lab: LabManifest,
  courseId: string | undefined,
): Promise<{ course: Course; entry: RosterEntry }> {
  const enrolments = await store.listEnrolments(studentId);
  if (courseId) {
    const entry = enrolments.find((e) => e.courseId === courseId);
    if (!entry) throw new StudentNotFoundError(courseId, studentId);
    const course = await courseById(store, courseId);
    courseLab(course, lab.id);
    return { course, entry };
  }
  if (enrolments.length === 0) {
    throw new NotEnrolledError('studentId', `student ${studentId} is not registered in any course`);
  }
  const courses = await Promise.all(enrolments.map((e) => store.getCourse(e.courseId)));
  const matching = enrolments
    .map((entry, i) => ({ entry, course: courses[i] }))
    .filter((m): m is { entry: RosterEntry; course: Course } => !!m.course?.labs.some((l) => l.lab === lab.id));
  if (matching.length === 0) {
    throw new NotEnrolledError('lab', `no course of student ${studentId} grades lab ${lab.id}`);
  }
  if (matching.length > 1) {
    throw new AmbiguousCourseError(
      `courseId: student ${studentId} does lab ${lab.id} in several courses (${matching.map((m) => m.course.courseId).join(', ')}): name one`,
    );
  }
  return matching[0] as { course: Course; entry: RosterEntry };
}
