/**
 * The launch (LTI 1.3 resource link launch, `POST /lti/launch`): once its id_token is verified in
 * full (launch-token.ts), the context is mapped to a course, the placement to a lab, and the LMS
 * user to a roster student. The Assignment and Grade Services endpoint of the launch is saved with
 * the student's link.
 */
import type { Course, RosterEntry, Standing } from '../store/records.js';
import { CLAIM, isInstructor, type LaunchClaims } from './claims.js';
import type { LtiDeps } from './deps.js';
import { rejectLaunch as reject } from './errors.js';
import { type LaunchForm, verifyLaunch } from './launch-token.js';
import type { AgsEndpoint, ContextLink, PlatformRegistration, UserLink } from './records.js';

/** What a launch tells the page. */
export type LaunchOutcome =
  | {
      role: 'student';
      course: Course;
      lab: string;
      entry: RosterEntry;
      standing: Standing | undefined;
      link: UserLink;
    }
  | {
      role: 'instructor';
      course: Course;
      lab: string | undefined;
      context: ContextLink;
      ags: AgsEndpoint | undefined;
      name: string | undefined;
    };

/**
 * The lab a placement grades: the `lab` custom parameter (Moodle, Canvas developer key), else a
 * `lab` query parameter of the target link URI (a Canvas assignment's tool URL
 * `.../lti/launch?lab=vpc`), else the course's only lab.
 */
function labOf(course: Course, claims: LaunchClaims, detail: Record<string, string | undefined>): string | undefined {
  let wanted = claims[CLAIM.custom]?.lab;
  if (typeof wanted !== 'string' || wanted === '') {
    try {
      wanted = new URL(claims[CLAIM.targetLinkUri] ?? '').searchParams.get('lab') ?? undefined;
    } catch {
      wanted = undefined;
    }
  }
  if (typeof wanted === 'string' && wanted !== '') {
    if (!course.labs.some((l) => l.lab === wanted)) {
      reject(
        'no-lab',
        `the placement names lab ${wanted}, which is not a lab of course ${course.courseId} (${course.labs.map((l) => l.lab).join(', ')})`,
        detail,
      );
    }
    return wanted;
  }
  return course.labs.length === 1 ? course.labs[0]?.lab : undefined;
}

function agsOf(claims: LaunchClaims): AgsEndpoint | undefined {
  const ags = claims[CLAIM.ags];
  if (!ags) return undefined;
  return {
    scopes: ags.scope,
    ...(ags.lineitems ? { lineItemsUrl: ags.lineitems } : {}),
    ...(ags.lineitem ? { lineItemUrl: ags.lineitem } : {}),
  };
}

/** The roster student an LMS user is: an earlier link, else the SIS id claim, else the email. */
async function studentOf(
  course: Course,
  claims: LaunchClaims,
  platform: PlatformRegistration,
  detail: Record<string, string | undefined>,
  deps: LtiDeps,
): Promise<{ entry: RosterEntry; linkedBy: UserLink['linkedBy']; previous: UserLink | undefined }> {
  const roster = await deps.store.listRoster(course.courseId);
  const byId = new Map(roster.map((e) => [e.studentId, e]));
  const linked = await deps.lti.getUserLinkBySub(course.courseId, platform.issuer, claims.sub);
  if (linked && byId.has(linked.studentId)) {
    return { entry: byId.get(linked.studentId) as RosterEntry, linkedBy: linked.linkedBy, previous: linked };
  }
  const sis = claims[CLAIM.lis]?.person_sourcedid;
  let entry: RosterEntry | undefined;
  let linkedBy: UserLink['linkedBy'] = 'sis-id';
  if (sis) entry = roster.find((e) => e.sisId === sis) ?? byId.get(sis);
  if (!entry && claims.email) {
    const email = claims.email.trim().toLowerCase();
    const matches = roster.filter((e) => e.email?.trim().toLowerCase() === email);
    if (matches.length === 1) {
      entry = matches[0];
      linkedBy = 'email';
    }
  }
  if (!entry) {
    reject(
      'student-not-found',
      `your LMS account (user id ${claims.sub}${claims.email ? `, ${claims.email}` : ''}${sis ? `, SIS id ${sis}` : ''}) matches no student of course ${course.courseId}: ask your instructor to register you or to link this LMS user to your student id`,
      detail,
    );
  }
  const previous = await deps.lti.getUserLinkByStudent(course.courseId, entry.studentId);
  return { entry, linkedBy, previous };
}

/** Validates a launch and maps it; throws {@link LaunchRejectedError} with the reason when refused. */
export async function handleLaunch(
  form: LaunchForm,
  cookies: readonly string[],
  deps: LtiDeps,
): Promise<LaunchOutcome> {
  const { platform, claims } = await verifyLaunch(form, cookies, deps);

  const deploymentId = claims[CLAIM.deploymentId];
  const context = claims[CLAIM.context];
  const detail = {
    issuer: platform.issuer,
    clientId: platform.clientId,
    deploymentId,
    sub: claims.sub,
    contextId: context?.id,
  };
  if (!context)
    reject('no-context', 'labgrader is launched from a course: this launch has no course (context)', detail);
  const contextLink = await deps.lti.getContextLink(platform.issuer, context.id);
  const course = contextLink ? await deps.store.getCourse(contextLink.courseId) : undefined;
  if (!contextLink || !course) {
    reject(
      'context-not-linked',
      `LMS course ${context.title ?? context.id} (context id ${context.id}) is not linked to a labgrader course: an instructor links it with PUT /courses/{courseId}/lti/contexts {"issuer": "${platform.issuer}", "contextId": "${context.id}"}`,
      detail,
    );
  }
  const lab = labOf(course, claims, detail);
  const ags = agsOf(claims);
  if (isInstructor(claims[CLAIM.roles])) {
    deps.log.info('lti launch', { ...detail, role: 'instructor', courseId: course.courseId, lab });
    return { role: 'instructor', course, lab, context: contextLink, ags, name: claims.name };
  }
  if (!lab) {
    reject(
      'no-lab',
      `course ${course.courseId} grades several labs (${course.labs.map((l) => l.lab).join(', ')}): the placement needs the custom parameter lab=<lab id>`,
      detail,
    );
  }
  const { entry, linkedBy, previous } = await studentOf(course, claims, platform, detail, deps);
  const now = deps.now().toISOString();
  const sis = claims[CLAIM.lis]?.person_sourcedid;
  const link: UserLink = {
    courseId: course.courseId,
    studentId: entry.studentId,
    issuer: platform.issuer,
    clientId: platform.clientId,
    deploymentId,
    sub: claims.sub,
    linkedBy,
    contextId: context.id,
    ...(claims.email ? { email: claims.email } : {}),
    ...(sis ? { sisId: sis } : {}),
    ...(claims.name ? { name: claims.name } : {}),
    ...(ags ? { ags } : previous?.ags ? { ags: previous.ags } : {}),
    linkedAt: previous?.sub === claims.sub && previous.issuer === platform.issuer ? previous.linkedAt : now,
    lastLaunchAt: now,
  };
  if (!(await deps.lti.putUserLink(link))) {
    // Removed from the roster (or registered again) since the roster was read: no link outlives the student.
    reject(
      'student-not-found',
      `your registration as student ${entry.studentId} of course ${course.courseId} changed while you launched: launch again, and if you are not found, ask your instructor to register you`,
      detail,
    );
  }
  const standing = await deps.store.getStanding(course.courseId, entry.studentId, lab, entry.accountId);
  if (standing?.counted.attempt && deps.scorePosts) {
    // The gradebook catches up with a score counted before the student ever launched.
    await deps.scorePosts
      .enqueue({ courseId: course.courseId, studentId: entry.studentId, lab, reason: 'launch' })
      .catch((err: unknown) => deps.log.warn('score post not queued', { ...detail, error: (err as Error).name }));
  }
  deps.log.info('lti launch', {
    ...detail,
    role: 'student',
    courseId: course.courseId,
    studentId: entry.studentId,
    lab,
    linkedBy,
  });
  return { role: 'student', course, lab, entry, standing, link };
}
