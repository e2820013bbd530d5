/** Reports of a class in one lab: results, summary and the CSV export. */

import * as z from 'zod';
import { courseById, courseLabDefinition } from '../../service/enrolment.js';
import { classCsv, resultRow, rosterStandings, summarizeClass } from '../class-report.js';
import type { ResultsResponse } from '../contract.js';
import { gradebookCsv } from '../gradebook-csv.js';
import { pageOf, pageQuerySchema } from '../paging.js';
import { type ApiDeps, json, route } from '../router.js';
import { noQuery } from '../validation.js';

/** The course and lab the path names, its roster and its students' class rows (slim standings). */
async function classOf(deps: ApiDeps, params: { courseId: string; lab: string }) {
  const course = await courseById(deps.store, params.courseId);
  const lab = await courseLabDefinition(course, params.lab);
  const [roster, standings] = await Promise.all([
    deps.store.listRoster(course.courseId),
    deps.store.listClassRows(course.courseId, lab.id),
  ]);
  return { course, lab, roster, standings };
}

export const reportRoutes = [
  route({
    method: 'GET',
    pattern: '/courses/{courseId}/labs/{lab}/results',
    access: 'instructor',
    query: pageQuerySchema,
    handler: async ({ params, query, deps }) => {
      const { course, lab, roster, standings } = await classOf(deps, params);
      const byStudent = rosterStandings(roster, standings);
      const entries = new Map(roster.map((e) => [e.studentId, e]));
      const rows = [...byStudent.values()].map((s) => resultRow(s, entries.get(s.studentId), lab));
      const page = pageOf(rows, (r) => r.studentId, `results/${course.courseId}/${lab.id}`, query.limit, query.cursor);
      const body: ResultsResponse = { courseId: course.courseId, lab: lab.id, ...page };
      return json(200, body);
    },
  }),

  route({
    method: 'GET',
    pattern: '/courses/{courseId}/labs/{lab}/summary',
    access: 'instructor',
    query: noQuery,
    handler: async ({ params, deps }) => {
      const { course, lab, roster, standings } = await classOf(deps, params);
      return json(200, summarizeClass(lab, course, roster, standings));
    },
  }),

  route({
    method: 'GET',
    pattern: '/courses/{courseId}/labs/{lab}/results.csv',
    access: 'instructor',
    // `canvas` and `moodle`: a gradebook file the LMS imports as it is (gradebook-csv.ts).
    query: z.strictObject({ format: z.enum(['labgrader', 'canvas', 'moodle']).optional() }),
    handler: async ({ params, query, deps }) => {
      const { course, lab, roster, standings } = await classOf(deps, params);
      const format = query.format ?? 'labgrader';
      const body =
        format === 'labgrader'
          ? classCsv(lab, course, roster, standings)
          : gradebookCsv(
              format,
              lab,
              course,
              roster,
              standings,
              deps.lti ? await deps.lti.lti.listUserLinks(course.courseId) : [],
            );
      const suffix = format === 'labgrader' ? 'results' : `${format}-gradebook`;
      return {
        statusCode: 200,
        body,
        headers: {
          'content-type': 'text/csv; charset=utf-8; header=present',
          'content-disposition': `attachment; filename="${course.courseId}-${lab.id}-${suffix}.csv"`,
        },
      };
    },
  }),
];
