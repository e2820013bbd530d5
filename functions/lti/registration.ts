/**
 * What an instructor registers for LTI: a platform (issuer, client id, deployments, its JWKS,
 * authorization and token URLs), which LMS course (context) is which labgrader course, and, when
 * neither email nor SIS id identifies a student, which LMS user a roster student is. Every URL is
 * a URL the platform owns and labgrader will call, checked by platform-url.ts: https only, no
 * credentials, no host of labgrader's own network (http and localhost only on this machine, for the
 * local service).
 */
import * as z from 'zod';
import { plainText } from '../service/input.js';
import { RegistrationError } from '../service/registration-input.js';
import { CourseNotFoundError, StudentNotFoundError } from '../service/roster.js';
import type { GradeStore } from '../store/grade-store.js';
import { ContextLinkedError, PlatformRegisteredError, StudentLinkBusyError } from './errors.js';
import { fitsInKey } from './key-part.js';
import type { LtiStore } from './lti-store.js';
import { platformUrlSchema } from './platform-url.js';
import type { ContextLink, PlatformRegistration, UserLink } from './records.js';

/** An id the LMS gave, which becomes part of a key. */
const id = (max: number) => z.string().trim().min(1).max(max).superRefine(fitsInKey);
/** A platform's issuer as an id of the platform (a context's or LMS user's): a key part too. */
const issuerId = z.string().min(1).max(2048).superRefine(fitsInKey);

export function platformInputSchema(allowLocalHttp = false) {
  const url = platformUrlSchema(allowLocalHttp);
  return z.object({
    issuer: url.superRefine(fitsInKey),
    clientId: id(255),
    deploymentIds: z.array(id(255)).min(1, 'at least one deployment id').max(100),
    jwksUrl: url,
    authUrl: url,
    tokenUrl: url,
    // The `aud` of the assertion labgrader signs for the platform's token endpoint: text, not bytes.
    tokenAudience: plainText(2048).min(1).optional(),
    name: plainText(200).optional(),
  });
}

export const contextLinkSchema = z.object({
  issuer: issuerId,
  contextId: id(255),
  title: plainText(200).optional(),
});

export const userLinkSchema = z.object({
  issuer: issuerId,
  /** The LTI user id (`sub`) the launch refusal page shows the student. */
  sub: id(255),
});

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field =
      (issue?.path ?? [])
        .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
        .join('.')
        .replace(/\.\[/g, '[') || '(body)';
    throw new RegistrationError(field, issue?.message ?? 'invalid', { cause: parsed.error });
  }
  return parsed.data;
}

/** Creates or replaces a platform registration. */
export async function registerPlatform(
  lti: LtiStore,
  input: unknown,
  now: Date,
  options: {
    allowLocalHttp?: boolean;
    /** The caller: an instructor changes only the issuers they registered first; an admin any. */
    by?: { id: string; admin?: boolean };
  } = {},
): Promise<{ platform: PlatformRegistration; created: boolean }> {
  const data = parse(platformInputSchema(options.allowLocalHttp), input);
  const by = options.by;
  return untilWritten(
    async () => {
      const [existing, registered] = await Promise.all([
        lti.getPlatform(data.issuer, data.clientId),
        lti.platformsOf(data.issuer),
      ]);
      // Another client id of the same issuer with other keys could sign launches into its contexts too.
      if (by && !by.admin && registered.some((p) => p.registeredBy !== by.id)) {
        throw new PlatformRegisteredError(data.issuer);
      }
      const registeredBy = existing?.registeredBy ?? registered[0]?.registeredBy ?? by?.id;
      const stamp = now.toISOString();
      const platform: PlatformRegistration = {
        issuer: data.issuer,
        clientId: data.clientId,
        deploymentIds: [...new Set(data.deploymentIds)],
        jwksUrl: data.jwksUrl,
        authUrl: data.authUrl,
        tokenUrl: data.tokenUrl,
        ...(data.tokenAudience ? { tokenAudience: data.tokenAudience } : {}),
        ...(data.name ? { name: data.name } : {}),
        ...(registeredBy ? { registeredBy } : {}),
        createdAt: existing?.createdAt ?? stamp,
        updatedAt: stamp,
      };
      // Written only if the issuer's registrant is still as read: one registered meanwhile is judged
      // like any other, by reading again.
      return (await lti.putPlatform(platform)) ? { platform, created: !existing } : undefined;
    },
    () => new PlatformRegisteredError(data.issuer, true),
  );
}

/**
 * Links an LMS course (context) of a registered platform to a labgrader course. A context already
 * linked to another course moves only when `mayMove` says the caller may manage that course too
 * (its instructors, admins); else {@link ContextLinkedError}.
 */
export async function linkContext(
  store: GradeStore,
  lti: LtiStore,
  courseId: string,
  input: unknown,
  now: Date,
  mayMove: (fromCourseId: string) => Promise<boolean> = async () => false,
): Promise<ContextLink> {
  const data = parse(contextLinkSchema, input);
  if (!(await store.getCourse(courseId))) throw new CourseNotFoundError(courseId);
  if ((await lti.platformsOf(data.issuer)).length === 0) {
    throw new RegistrationError('issuer', `no platform ${data.issuer} is registered (PUT /lti/platforms first)`);
  }
  const link: ContextLink = {
    issuer: data.issuer,
    contextId: data.contextId,
    courseId,
    ...(data.title ? { title: data.title } : {}),
    linkedAt: now.toISOString(),
  };
  return untilWritten(
    async () => {
      const current = await lti.getContextLink(data.issuer, data.contextId);
      if (current && current.courseId !== courseId && !(await mayMove(current.courseId))) {
        throw new ContextLinkedError(data.issuer, data.contextId);
      }
      // Written only if still as read: a link made meanwhile is judged like any other, by reading it again.
      return (await lti.putContextLink(link, current)) ? link : undefined;
    },
    () => new ContextLinkedError(data.issuer, data.contextId, true),
  );
}

/**
 * An instructor states which LMS user a roster student is (their next launch finds them by it).
 * Written only while the student is still on the roster: a removal meanwhile answers
 * {@link StudentNotFoundError}, as a link after it would (a link written before the removal goes
 * with the student).
 */
export async function linkStudent(
  store: GradeStore,
  lti: LtiStore,
  courseId: string,
  studentId: string,
  input: unknown,
  now: Date,
): Promise<UserLink> {
  const data = parse(userLinkSchema, input);
  return untilWritten(
    async () => {
      if (!(await store.getRosterEntry(courseId, studentId))) throw new StudentNotFoundError(courseId, studentId);
      const platform = (await lti.platformsOf(data.issuer))[0];
      if (!platform)
        throw new RegistrationError('issuer', `no platform ${data.issuer} is registered (PUT /lti/platforms first)`);
      const previous = await lti.getUserLinkByStudent(courseId, studentId);
      const same = previous?.issuer === data.issuer && previous.sub === data.sub;
      const link: UserLink = {
        ...(same ? previous : {}),
        courseId,
        studentId,
        issuer: data.issuer,
        clientId: same ? previous.clientId : platform.clientId,
        deploymentId: same ? previous.deploymentId : (platform.deploymentIds[0] as string),
        sub: data.sub,
        linkedBy: 'instructor',
        linkedAt: now.toISOString(),
      };
      return (await lti.putUserLink(link)) ? link : undefined;
    },
    () => new StudentLinkBusyError(courseId, studentId),
  );
}

/**
 * A read, its checks and a write conditional on what was read, tried until the write goes through
 * (`attempt` answers undefined when it did not): at most three times, then the `busy` error.
 */
async function untilWritten<T>(attempt: () => Promise<T | undefined>, busy: () => Error): Promise<T> {
  for (let tries = 0; tries < 3; tries += 1) {
    const written = await attempt();
    if (written !== undefined) return written;
  }
  throw busy();
}
