/** Regrades of a course's lab after a checker fix: started here, run by the grade worker, read back here. */
import * as z from 'zod';
import { courseById, courseLab } from '../../service/enrolment.js';
import type { RegradeResponse } from '../contract.js';
import { ApiError, notFound } from '../errors.js';
import { json, route } from '../router.js';
import { noQuery } from '../validation.js';

export const regradeRoutes = [
  route({
    method: 'POST',
    pattern: '/courses/{courseId}/labs/{lab}/regrade',
    access: 'instructor',
    query: z.strictObject({ dryRun: z.enum(['true', 'false']).optional() }),
    handler: async ({ params, query, who, deps }) => {
      const queue = deps.queue;
      if (!queue) {
        throw new ApiError(
          503,
          'unavailable',
          'regrades need the grade queue, which this deployment does not configure',
          {
            retryAfterSeconds: 60,
          },
        );
      }
      // Replaying goes through the grading path, loaded by the first request that needs it.
      const { startRegrade } = await import('../../service/regrade.js');
      const run = await startRegrade(
        {
          courseId: params.courseId,
          lab: params.lab,
          dryRun: query.dryRun === 'true',
          requestedBy: who.subject,
        },
        { store: deps.store, now: deps.now, enqueue: (jobs) => queue.enqueue(jobs) },
      );
      const body: RegradeResponse = { run, students: [] };
      return json(202, body, {
        location: `/courses/${run.courseId}/labs/${run.lab}/regrade/${run.runId}`,
      });
    },
  }),

  route({
    method: 'GET',
    pattern: '/courses/{courseId}/labs/{lab}/regrade/{runId}',
    access: 'instructor',
    path: { runId: z.string().max(64, 'a regrade run id has at most 64 characters') },
    query: noQuery,
    handler: async ({ params, deps }) => {
      const course = await courseById(deps.store, params.courseId);
      const lab = courseLab(course, params.lab);
      const runId = params.runId;
      const found = /^[0-9a-f-]{36}$/.test(runId)
        ? await deps.store.getRegrade(course.courseId, lab.id, runId)
        : undefined;
      if (!found) throw notFound(`no regrade ${runId} of ${course.courseId}/${lab.id}`, 'runId');
      const body: RegradeResponse = {
        run: found.run,
        students: [...found.students].sort((a, b) => (a.studentId < b.studentId ? -1 : 1)),
      };
      return json(200, body);
    },
  }),
];
