/** Who the caller is and what the grader grades. */
import * as z from 'zod';
import { loadAllLabs } from '../../../checks/labs/load.js';
import { coursesOfStudent } from '../../service/enrolment.js';
import type { Course } from '../../store/records.js';
import type { Identity } from '../auth.js';
import type { LabsResponse, MeResponse } from '../contract.js';
import { type ApiDeps, json, route } from '../router.js';
import { noQuery } from '../validation.js';
import { courseListItem } from '../views.js';

/** The courses a caller sees: every course for an admin, the ones they teach for an instructor, their own for a student. */
export async function visibleCourses(deps: ApiDeps, who: Identity): Promise<Course[]> {
  if (who.admin) return deps.store.listCourses();
  if (who.role === 'student') return coursesOfStudent(deps.store, who.studentId);
  const ids = await deps.store.coursesOfInstructor(who.studentId);
  const courses = await Promise.all(ids.map((id) => deps.store.getCourse(id)));
  return courses.filter((c): c is Course => c !== undefined);
}

export const catalogRoutes = [
  route({
    method: 'GET',
    pattern: '/me',
    access: 'anyone',
    query: noQuery,
    handler: async ({ who, deps }) => {
      const body: MeResponse = {
        subject: who.subject,
        role: who.role,
        admin: who.admin,
        groups: who.groups,
        courses: (await visibleCourses(deps, who)).map(courseListItem),
      };
      return json(200, body);
    },
  }),

  route({
    method: 'GET',
    pattern: '/labs',
    access: 'anyone',
    query: z.strictObject({ lang: z.enum(['ko', 'en']).optional() }),
    handler: async ({ query: { lang = 'en' } }) => {
      // Only this route needs every lab's checks: they are imported by its first request.
      const labs = await loadAllLabs();
      const body: LabsResponse = {
        items: labs.map((lab) => ({
          lab: lab.id,
          title: lab.title[lang],
          module: lab.module,
          maxScore: lab.checks.filter((c) => !c.bonus).reduce((sum, c) => sum + c.points, 0),
          checks: lab.checks.map((c) => ({
            id: c.id,
            title: c.title[lang],
            points: c.points,
            bonus: c.bonus === true,
          })),
          ...(lab.estimatesCost ? { estimatesCost: true as const } : {}),
        })),
      };
      return json(200, body);
    },
  }),
];
