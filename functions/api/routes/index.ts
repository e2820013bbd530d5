/**
 * Every route of the HTTP API, by domain. Each entry says who may call it (`access`), the query
 * and body it takes and what it does; functions/api/router.ts authorizes and validates for all of
 * them. A new domain's routes go in a file of their own here, listed below.
 */
import type { Route } from '../router.js';
import { catalogRoutes } from './catalog.js';
import { courseRoutes } from './courses.js';
import { fairnessRoutes } from './fairness.js';
import { gradeRoutes } from './grades.js';
import { instructorRoutes } from './instructors.js';
import { liveRoutes } from './live.js';
import { ltiRoutes } from './lti.js';
import { regradeRoutes } from './regrades.js';
import { reportRoutes } from './reports.js';

export const ROUTES: readonly Route[] = [
  ...catalogRoutes,
  ...gradeRoutes,
  ...courseRoutes,
  ...instructorRoutes,
  ...reportRoutes,
  ...ltiRoutes,
  ...regradeRoutes,
  ...fairnessRoutes,
  ...liveRoutes,
];
