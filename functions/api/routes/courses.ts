/** Courses and their rosters: what an instructor sets up, and what a student may see of it. */

import { changedExtensions } from '../../service/deadlines.js';
import { courseById } from '../../service/enrolment.js';
import {
  courseInputSchema,
  loadNamedLabs,
  sessionCredentialsSchema,
  studentInputSchema,
} from '../../service/registration-input.js';
import {
  registerCourse,
  removeStudent,
  StudentNotFoundError,
  submitSessionCredentials,
  writeStudent,
} from '../../service/roster.js';
import type { CoursesResponse, RosterResponse } from '../contract.js';
import { mapPage, pageOf, pageQuerySchema } from '../paging.js';
import { recount } from '../recount.js';
import { json, route } from '../router.js';
import { noQuery } from '../validation.js';
import { courseListItem, courseResponse, studentResponse } from '../views.js';
import { visibleCourses } from './catalog.js';

export const courseRoutes = [
  route({
    method: 'GET',
    pattern: '/courses',
    access: 'anyone',
    query: noQuery,
    handler: async ({ who, deps }) => {
      const body: CoursesResponse = { items: (await visibleCourses(deps, who)).map(courseListItem) };
      return json(200, body);
    },
  }),

  route({
    method: 'GET',
    pattern: '/courses/{courseId}',
    access: 'enrolled',
    query: noQuery,
    handler: async ({ params, deps }) => json(200, courseResponse(await courseById(deps.store, params.courseId))),
  }),

  route({
    method: 'PUT',
    pattern: '/courses/{courseId}',
    access: 'instructor',
    query: noQuery,
    body: courseInputSchema,
    prepare: loadNamedLabs,
    handler: async ({ params: { courseId }, who, body, deps }) => {
      const existed = await deps.store.getCourse(courseId);
      // A new course's creator is its first instructor (the router let any instructor create one).
      const course = await registerCourse(deps.store, courseId, body, deps.now(), { creator: who.studentId });
      return json(existed ? 200 : 201, courseResponse(course));
    },
  }),

  route({
    method: 'GET',
    pattern: '/courses/{courseId}/students',
    access: 'instructor',
    query: pageQuerySchema,
    handler: async ({ params: { courseId }, query, deps }) => {
      await courseById(deps.store, courseId);
      const roster = await deps.store.listRoster(courseId);
      const page = pageOf(roster, (e) => e.studentId, `roster/${courseId}`, query.limit, query.cursor);
      const body: RosterResponse = { courseId, ...mapPage(page, studentResponse) };
      return json(200, body);
    },
  }),

  route({
    method: 'PUT',
    pattern: '/courses/{courseId}/students/{studentId}',
    access: 'instructor',
    query: noQuery,
    body: studentInputSchema,
    handler: async ({ params: { courseId, studentId }, body, deps }) => {
      const { stored, replaced } = await writeStudent(deps.store, courseId, studentId, body, deps.now());
      // The deadline policy judges attempts by the student's deadline: one changed here is recounted
      // as the extension route recounts it. Changed from what the write replaced, not from a read
      // before it: an extension granted or withdrawn in between (and recounted by its route) would
      // make a change look like none. One granted after the write is recounted by its own route.
      for (const lab of changedExtensions(replaced, stored)) await recount(deps, courseId, studentId, lab);
      return json(replaced ? 200 : 201, studentResponse(stored));
    },
  }),

  route({
    method: 'DELETE',
    pattern: '/courses/{courseId}/students/{studentId}',
    access: 'instructor',
    query: noQuery,
    handler: async ({ params: { courseId, studentId }, deps }) => {
      await courseById(deps.store, courseId);
      if (!(await deps.store.getRosterEntry(courseId, studentId))) throw new StudentNotFoundError(courseId, studentId);
      await removeStudent(deps.store, courseId, studentId);
      return { statusCode: 204 };
    },
  }),

  route({
    method: 'PUT',
    pattern: '/courses/{courseId}/students/{studentId}/credentials',
    access: 'self',
    query: noQuery,
    body: sessionCredentialsSchema,
    handler: async ({ params: { courseId, studentId }, body, deps }) => {
      const out = await submitSessionCredentials(deps.store, deps.encryptor, courseId, studentId, body, deps.now());
      return json(200, out);
    },
  }),
];
