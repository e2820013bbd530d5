/**
 * The counting of a student's grade again after what it is judged by changed (an override, a
 * deadline): shared by the routes that change those, so each recounts the same way.
 */
import { courseById } from '../service/enrolment.js';
import { StudentNotFoundError } from '../service/roster.js';
import type { ApiDeps } from './router.js';

/** Recounts a student's current registration in a lab and answers the counted attempt. */
export async function recount(deps: ApiDeps, courseId: string, studentId: string, lab: string) {
  const course = await courseById(deps.store, courseId);
  const entry = await deps.store.getRosterEntry(courseId, studentId);
  if (!entry) throw new StudentNotFoundError(courseId, studentId);
  // Replaying goes through the grading path, loaded by the first request that needs it.
  const { recountRegistration } = await import('../service/regrade.js');
  const standing = await recountRegistration(course, entry, lab, deps.grading);
  return standing?.counted ?? { policy: course.scoringPolicy, attempt: null };
}
