/** Live grading of a course, as the instructor sees it: its settings, what it did, and who forwards events. */

import { courseById } from '../../service/enrolment.js';
import { liveGradingSettings } from '../../service/live-events.js';
import { LiveStore } from '../../store/live-store.js';
import type { LiveGradingResponse } from '../contract.js';
import { json, route } from '../router.js';
import { noQuery } from '../validation.js';

export const liveRoutes = [
  route({
    method: 'GET',
    pattern: '/courses/{courseId}/live',
    access: 'instructor',
    query: noQuery,
    handler: async ({ params, deps }) => {
      const course = await courseById(deps.store, params.courseId);
      const [counters, roster] = await Promise.all([
        new LiveStore(deps.store).stats(course.courseId),
        deps.store.listRoster(course.courseId),
      ]);
      const body: LiveGradingResponse = {
        courseId: course.courseId,
        settings: liveGradingSettings(course),
        counters,
        students: {
          total: roster.length,
          forwarding: roster.filter((e) => e.liveSince).length,
          forwardingGlobal: roster.filter((e) => e.liveGlobalAt).length,
        },
      };
      return json(200, body);
    },
  }),
];
