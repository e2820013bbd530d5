/**
 * LTI 1.3 set-up an instructor does (the launch endpoints themselves are public and served by
 * functions/lti/http.ts): register a platform, link an LMS course to a course, link an LMS user to
 * a roster student when email and SIS id do not identify them, and see who launched.
 */
import * as z from 'zod';
import type { LtiDeps } from '../../lti/deps.js';
import { launchUrl } from '../../lti/login.js';
import {
  contextLinkSchema,
  linkContext,
  linkStudent,
  platformInputSchema,
  registerPlatform,
  userLinkSchema,
} from '../../lti/registration.js';
import { courseById } from '../../service/enrolment.js';
import { notFound } from '../errors.js';
import { type ApiDeps, json, managesCourse, route } from '../router.js';
import { noQuery } from '../validation.js';

function ltiOf(deps: ApiDeps): LtiDeps {
  if (!deps.lti) throw notFound('LTI is not set up in this deployment');
  return deps.lti;
}

export const ltiRoutes = [
  route({
    method: 'PUT',
    pattern: '/lti/platforms',
    access: 'instructor',
    query: noQuery,
    // The shape is checked here; registerPlatform checks the URLs for this deployment (https only).
    body: platformInputSchema(true),
    handler: async ({ body, deps, who }) => {
      const lti = ltiOf(deps);
      const { platform, created } = await registerPlatform(lti.lti, body, deps.now(), {
        allowLocalHttp: lti.allowLocalHttp === true,
        by: { id: who.studentId, admin: who.admin === true },
      });
      return json(created ? 201 : 200, platform);
    },
  }),

  route({
    method: 'GET',
    pattern: '/lti/platforms',
    access: 'instructor',
    query: noQuery,
    handler: async ({ deps }) => json(200, { items: await ltiOf(deps).lti.listPlatforms() }),
  }),

  route({
    method: 'GET',
    pattern: '/lti/tool',
    access: 'instructor',
    query: z.strictObject({}),
    handler: async ({ req, deps }) => {
      const lti = ltiOf(deps);
      const base = lti.toolUrl ?? req.origin;
      if (!base) throw notFound('the tool URL is not known: set LTI_TOOL_URL');
      // What a platform asks for when registering the tool.
      return json(200, {
        loginUrl: `${base}/lti/login`,
        launchUrl: launchUrl(base),
        redirectUris: [launchUrl(base)],
        jwksUrl: `${base}/lti/jwks`,
      });
    },
  }),

  route({
    method: 'PUT',
    pattern: '/courses/{courseId}/lti/contexts',
    access: 'instructor',
    query: noQuery,
    body: contextLinkSchema,
    handler: async ({ params, body, who, deps }) => {
      const lti = ltiOf(deps);
      // Held to their courses here too: a context linked to a course the caller does not teach stays there.
      const mayMove = (courseId: string) => managesCourse(deps.store, who, courseId);
      return json(200, await linkContext(deps.store, lti.lti, params.courseId, body, deps.now(), mayMove));
    },
  }),

  route({
    method: 'PUT',
    pattern: '/courses/{courseId}/students/{studentId}/lti',
    access: 'instructor',
    query: noQuery,
    body: userLinkSchema,
    handler: async ({ params, body, deps }) => {
      const lti = ltiOf(deps);
      const link = await linkStudent(deps.store, lti.lti, params.courseId, params.studentId, body, deps.now());
      return json(200, link);
    },
  }),

  route({
    method: 'GET',
    pattern: '/courses/{courseId}/lti/students',
    access: 'instructor',
    query: noQuery,
    handler: async ({ params, deps }) => {
      const course = await courseById(deps.store, params.courseId);
      return json(200, { courseId: course.courseId, items: await ltiOf(deps).lti.listUserLinks(course.courseId) });
    },
  }),
];
