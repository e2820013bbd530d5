/**
 * The LTI 1.3 / LTI Advantage claims labgrader reads from a launch's id_token (IMS LTI Core 1.3,
 * Assignment and Grade Services 2.0), validated with zod at the edge.
 */
import * as z from 'zod';
import { fitsInKey } from './key-part.js';
import { platformUrlSchema } from './platform-url.js';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export const CLAIM = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  custom: `${LTI}custom`,
  lis: `${LTI}lis`,
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
} as const;

export { AGS_SCOPE } from './scopes.js';

/** Roles (LIS vocabulary) that make a launch an instructor's. */
const INSTRUCTOR_ROLES = [
  'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  'http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper',
  'http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant',
  'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
  'http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator',
];

export function isInstructor(roles: readonly string[]): boolean {
  return roles.some((r) => INSTRUCTOR_ROLES.includes(r) || r === 'Instructor');
}

const text = (max: number) => z.string().min(1).max(max);
/** An id that becomes part of a key (lti-store.ts). */
const keyText = (max: number) => text(max).superRefine(fitsInKey);

/**
 * The claims of a resource link launch that labgrader uses (the rest is ignored). The grade
 * service's URLs are called with the platform's token, so they are checked as the registration's
 * are (platform-url.ts).
 */
function launchClaims(allowLocalHttp: boolean) {
  const url = platformUrlSchema(allowLocalHttp);
  return z.object({
    sub: keyText(255),
    [CLAIM.messageType]: z.string(),
    [CLAIM.version]: z.string(),
    [CLAIM.deploymentId]: text(255),
    [CLAIM.targetLinkUri]: z.string().max(2048).optional(),
    [CLAIM.roles]: z.array(z.string().max(512)).max(100),
    [CLAIM.resourceLink]: z.object({ id: text(255), title: z.string().max(512).optional() }).loose(),
    [CLAIM.context]: z
      .object({ id: keyText(255), title: z.string().max(512).optional(), label: z.string().max(512).optional() })
      .loose()
      .optional(),
    [CLAIM.custom]: z.record(z.string(), z.unknown()).optional(),
    [CLAIM.lis]: z
      .object({ person_sourcedid: z.string().max(255).optional() })
      .loose()
      .optional(),
    [CLAIM.ags]: z
      .object({
        scope: z.array(z.string().max(512)).max(20).default([]),
        lineitems: url.optional(),
        lineitem: url.optional(),
      })
      .loose()
      .optional(),
    email: z.string().max(320).optional(),
    name: z.string().max(512).optional(),
    nonce: keyText(512),
  });
}

const LAUNCH_CLAIMS = { deployed: launchClaims(false), local: launchClaims(true) };

/** The launch claims' schema of a deployment (`allowLocalHttp`: the local service and tests). */
export function launchClaimsSchema(allowLocalHttp = false) {
  return allowLocalHttp ? LAUNCH_CLAIMS.local : LAUNCH_CLAIMS.deployed;
}
export type LaunchClaims = z.output<ReturnType<typeof launchClaims>>;
