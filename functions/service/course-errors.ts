/**
 * The registration's errors, and the course lookup that raises {@link CourseNotFoundError}, in a
 * module of their own: code that only throws or recognises them (the schedule) loads no lab.
 */
import type { GradeStore } from '../store/grade-store.js';
import type { Course } from '../store/records.js';

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

/** The course of this id, else {@link CourseNotFoundError}. */
export async function courseById(store: GradeStore, courseId: string): Promise<Course> {
  const course = await store.getCourse(courseId);
  if (!course) throw new CourseNotFoundError(courseId);
  return course;
}
