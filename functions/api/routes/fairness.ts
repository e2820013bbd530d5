/** Fair grading: overrides of one check for one student, per-student deadline extensions, and a course's flags. */
import * as z from 'zod';
import { findManifest } from '../../../checks/labs/manifests.js';
import { setExtension } from '../../service/deadlines.js';
import { courseById, courseLab } from '../../service/enrolment.js';
import { courseFlags } from '../../service/flags.js';
import { changeOverride, overrideInputSchema, overridesInForce, reasonSchema } from '../../service/overrides.js';
import type { FlagsResponse, OverrideChangeResponse, OverridesResponse } from '../contract.js';
import { recount } from '../recount.js';
import { json, managesCourse, route } from '../router.js';
import { noQuery } from '../validation.js';

const overridePath = '/courses/{courseId}/labs/{lab}/students/{studentId}/overrides/{checkId}';
/** A check id (`vpc.dns`): bounded and of a check id's characters here, looked up in the lab by the service. */
const checkIdSchema = z.string().regex(/^[a-z0-9][a-z0-9.-]{0,127}$/, 'not a check id (e.g. vpc.dns)');
/** These routes take a body: an unknown lab is named before the body is read. */
const knownLab = z.string().refine((id) => findManifest(id) !== undefined, 'unknown lab');

export const fairnessRoutes = [
  route({
    method: 'PUT',
    pattern: overridePath,
    access: 'instructor',
    path: { checkId: checkIdSchema, lab: knownLab },
    query: noQuery,
    body: overrideInputSchema,
    handler: async ({ params: target, body, who, deps }) => {
      const event = await changeOverride(deps.store, target, { action: 'set', input: body }, who.subject, deps.now());
      const counted = await recount(deps, target.courseId, target.studentId, event.lab);
      const reply: OverrideChangeResponse = { event, counted };
      return json(200, reply);
    },
  }),

  route({
    method: 'DELETE',
    pattern: overridePath,
    access: 'instructor',
    path: { checkId: checkIdSchema, lab: knownLab },
    query: z.strictObject({ reason: reasonSchema }),
    handler: async ({ params: target, query, who, deps }) => {
      const event = await changeOverride(
        deps.store,
        target,
        { action: 'removed', reason: query.reason },
        who.subject,
        deps.now(),
      );
      const counted = await recount(deps, target.courseId, target.studentId, event.lab);
      const reply: OverrideChangeResponse = { event, counted };
      return json(200, reply);
    },
  }),

  route({
    method: 'GET',
    pattern: '/courses/{courseId}/labs/{lab}/overrides',
    access: 'instructor',
    query: noQuery,
    handler: async ({ params, deps }) => {
      const course = await courseById(deps.store, params.courseId);
      const lab = courseLab(course, params.lab);
      const [items, audit] = await Promise.all([
        overridesInForce(deps.store, course, lab.id),
        deps.store.listOverrideEvents(course.courseId, lab.id),
      ]);
      const reply: OverridesResponse = { courseId: course.courseId, lab: lab.id, items, audit };
      return json(200, reply);
    },
  }),

  route({
    method: 'GET',
    pattern: '/courses/{courseId}/flags',
    access: 'instructor',
    query: noQuery,
    handler: async ({ params, who, deps }) => {
      // Another course's students are named only to its instructors (and admins).
      const mayRead = (courseId: string) => managesCourse(deps.store, who, courseId);
      const reply: FlagsResponse = await courseFlags(deps.store, params.courseId, mayRead);
      return json(200, reply);
    },
  }),

  route({
    method: 'PUT',
    pattern: '/courses/{courseId}/students/{studentId}/extensions/{lab}',
    access: 'instructor',
    path: { lab: knownLab },
    query: noQuery,
    body: z.strictObject({ deadline: z.string().max(64).nullable() }),
    handler: async ({ params: { courseId, studentId, lab }, body, deps }) => {
      const entry = await setExtension(deps.store, courseId, studentId, lab, body.deadline, deps.now());
      const counted = await recount(deps, courseId, studentId, lab);
      return json(200, { deadlines: entry.deadlines ?? {}, counted });
    },
  }),
];
