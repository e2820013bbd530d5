/**
 * The API's course bodies (functions/api/routes/courses.ts, instructors.ts): courses, their
 * instructors and roster, a student's session credentials.
 */
import type { Lang } from '../../../checks/model.js';
import type { Course } from '../../store/records.js';
import type { Page } from '../contract.js';

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

/**
 * A course as stored (labs with parameters, points, deadlines; team and live-grading settings):
 * `GET|PUT /courses/{courseId}` answer the record itself (functions/api/views.ts).
 */
export type CourseResponse = Course;

/** A roster entry. The ExternalId is shown to instructors; session credentials never are. */
export interface StudentResponse {
  courseId: string;
  studentId: string;
  name?: string;
  email?: string;
  accountId: string;
  region?: string;
  access: { mode: 'role'; roleArn: string; externalId: string } | { mode: 'session' };
  /** Lab id → the student's extension. A PUT of the entry that does not state `deadlines` keeps them. */
  deadlines?: Record<string, string>;
  registeredAt: string;
  updatedAt: string;
}

export type RosterResponse = Page<StudentResponse> & { courseId: string };

export interface CredentialsResponse {
  expiration: string;
}
