/**
 * A course's instructors: who may read and manage it. Any instructor on the list (or an admin)
 * adds or removes others; the router has already checked that the caller is one. The last
 * instructor is not removed (the course would be the admins' alone): 409.
 */
import { courseById } from '../../service/enrolment.js';
import type { GradeStore } from '../../store/grade-store.js';
import type { InstructorsResponse } from '../contract.js';
import { ApiError, notFound } from '../errors.js';
import { json, route } from '../router.js';
import { noQuery } from '../validation.js';

async function listReply(store: GradeStore, courseId: string, statusCode = 200) {
  const items = await store.listInstructors(courseId);
  const body: InstructorsResponse = {
    courseId,
    items: items.map(({ instructorId, addedAt, addedBy }) => ({ instructorId, addedAt, addedBy })),
  };
  return json(statusCode, body);
}

export const instructorRoutes = [
  route({
    method: 'GET',
    pattern: '/courses/{courseId}/instructors',
    access: 'instructor',
    query: noQuery,
    handler: async ({ params: { courseId }, deps }) => {
      await courseById(deps.store, courseId);
      return listReply(deps.store, courseId);
    },
  }),

  route({
    method: 'PUT',
    pattern: '/courses/{courseId}/instructors/{instructorId}',
    access: 'instructor',
    query: noQuery,
    handler: async ({ params: { courseId, instructorId }, who, deps }) => {
      await courseById(deps.store, courseId);
      const added = await deps.store.addInstructor({
        courseId,
        instructorId,
        addedAt: deps.now().toISOString(),
        addedBy: who.studentId,
      });
      return listReply(deps.store, courseId, added ? 201 : 200);
    },
  }),

  route({
    method: 'DELETE',
    pattern: '/courses/{courseId}/instructors/{instructorId}',
    access: 'instructor',
    query: noQuery,
    handler: async ({ params: { courseId, instructorId }, deps }) => {
      await courseById(deps.store, courseId);
      const list = await deps.store.listInstructors(courseId);
      if (!list.some((i) => i.instructorId === instructorId)) {
        throw notFound(`instructor ${instructorId} does not teach course ${courseId}`, 'instructorId');
      }
      if (list.length === 1) {
        throw new ApiError(
          409,
          'conflict',
          `instructorId: ${instructorId} is the last instructor of course ${courseId}; add another before removing them`,
          { field: 'instructorId' },
        );
      }
      // Removed only while another instructor is still on the list: two removals at once cannot
      // both leave the other as the last one and then remove it.
      const keeper = list.find((i) => i.instructorId !== instructorId)?.instructorId as string;
      if (!(await deps.store.deleteInstructor(courseId, instructorId, keeper))) {
        throw new ApiError(
          409,
          'conflict',
          `instructorId: ${instructorId} was not removed: the course's list changed at the same time, and a course keeps at least one instructor; list it and try again`,
          { field: 'instructorId' },
        );
      }
      return listReply(deps.store, courseId);
    },
  }),
];
