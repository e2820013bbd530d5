/**
 * Posting a student's counted score to the LMS gradebook (the score queue's worker runs this): the
 * student's LMS user and endpoint come from their last launch, the line item is the lab's (found
 * by `resourceId` = lab id or created, then remembered), the score is the counted attempt's under
 * the course's policy, read now (so a late message never posts a stale score).
 */
import { findManifest } from '../../checks/labs/manifests.js';
import type { Log } from '../service/grade-job.js';
import type { GradeStore } from '../store/grade-store.js';
import { type AgsClient, AgsError } from './ags.js';
import type { LtiStore } from './lti-store.js';
import type { PlatformRegistration, UserLink } from './records.js';
import { AGS_SCOPE } from './scopes.js';
import { type ScorePost, type ScorePostQueue, scorePostSchema } from './score-queue.js';

export interface ScorePostDeps {
  store: GradeStore;
  lti: LtiStore;
  ags: AgsClient;
  log: Log;
  now: () => Date;
}

export type ScorePostOutcome =
  | { status: 'posted'; scoreGiven: number; scoreMaximum: number; lineItemUrl: string }
  | {
      status: 'skipped';
      reason:
        | 'not-launched'
        | 'not-registered'
        | 'no-grade-service'
        | 'platform-removed'
        | 'nothing-counted'
        | 'no-line-item';
    };

/** A message that is not a score post (it goes to the dead letters at once). */
export class InvalidScorePostError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidScorePostError';
  }
}

export function parseScorePost(body: string): ScorePost {
  try {
    return scorePostSchema.parse(JSON.parse(body));
  } catch (err) {
    throw new InvalidScorePostError('the message is not a score post', { cause: err });
  }
}

/** The line item a student's score goes to; null when the launch gave no way to one. */
async function lineItemFor(
  post: ScorePost,
  link: UserLink,
  platform: PlatformRegistration,
  deps: ScorePostDeps,
  accountId: string,
  fresh: boolean,
): Promise<string | null> {
  const ags = link.ags;
  const canManage = ags?.scopes.includes(AGS_SCOPE.lineItem) || ags?.scopes.includes(AGS_SCOPE.lineItemReadOnly);
  if (ags?.lineItemsUrl && canManage) {
    const known = fresh ? undefined : await deps.lti.getLineItem(post.courseId, post.lab, ags.lineItemsUrl);
    if (known) return known.lineItemUrl;
    const course = await deps.store.getCourse(post.courseId);
    const lab = findManifest(post.lab);
    const standing = await deps.store.getStanding(post.courseId, post.studentId, post.lab, accountId);
    const item = await deps.ags.findOrCreateLineItem(
      platform,
      ags.lineItemsUrl,
      {
        label: lab ? `${lab.title[course?.lang ?? 'en']} (${lab.id})` : post.lab,
        scoreMaximum: standing?.counted.attempt?.maxScore ?? standing?.latest.maxScore ?? 100,
        resourceId: post.lab,
      },
      ags.scopes,
    );
    await deps.lti.putLineItem({
      courseId: post.courseId,
      lab: post.lab,
      lineItemsUrl: ags.lineItemsUrl,
      lineItemUrl: item.id,
      createdAt: deps.now().toISOString(),
    });
    return item.id;
  }
  return ags?.lineItemUrl ?? null;
}

/** Posts the student's counted score; throws AgsError when the platform fails (retryable or not). */
export async function postCountedScore(input: ScorePost, deps: ScorePostDeps): Promise<ScorePostOutcome> {
  const post = scorePostSchema.parse(input);
  const where = { courseId: post.courseId, studentId: post.studentId, lab: post.lab, reason: post.reason };
  const link = await deps.lti.getUserLinkByStudent(post.courseId, post.studentId);
  if (!link) return { status: 'skipped', reason: 'not-launched' };
  if (!link.ags?.scopes.includes(AGS_SCOPE.score)) {
    deps.log.warn('score not posted: the launch granted no score scope', { ...where, issuer: link.issuer });
    return { status: 'skipped', reason: 'no-grade-service' };
  }
  const platform = await deps.lti.getPlatform(link.issuer, link.clientId);
  if (!platform) {
    deps.log.warn('score not posted: the platform is no longer registered', { ...where, issuer: link.issuer });
    return { status: 'skipped', reason: 'platform-removed' };
  }
  // The student's current registration (a student registered again with another account starts clean).
  const entry = await deps.store.getRosterEntry(post.courseId, post.studentId);
  if (!entry) return { status: 'skipped', reason: 'not-registered' };
  const standing = await deps.store.getStanding(post.courseId, post.studentId, post.lab, entry.accountId);
  const counted = standing?.counted.attempt;
  if (!counted) return { status: 'skipped', reason: 'nothing-counted' };

  for (let fresh = false; ; fresh = true) {
    const lineItemUrl = await lineItemFor(post, link, platform, deps, entry.accountId, fresh);
    if (!lineItemUrl) {
      deps.log.warn('score not posted: the launch gave no line item and no line items service', where);
      return { status: 'skipped', reason: 'no-line-item' };
    }
    try {
      await deps.ags.postScore(
        platform,
        lineItemUrl,
        {
          userId: link.sub,
          scoreGiven: counted.score,
          scoreMaximum: counted.maxScore,
          activityProgress: 'Completed',
          gradingProgress: 'FullyGraded',
          timestamp: deps.now().toISOString(),
        },
        link.ags.scopes,
      );
      deps.log.info('score posted', {
        ...where,
        issuer: link.issuer,
        score: counted.score,
        maxScore: counted.maxScore,
      });
      return { status: 'posted', scoreGiven: counted.score, scoreMaximum: counted.maxScore, lineItemUrl };
    } catch (err) {
      // The remembered line item was deleted in the LMS: find or create it again, once.
      if (!fresh && err instanceof AgsError && err.status === 404 && lineItemUrl !== link.ags.lineItemUrl) continue;
      throw err;
    }
  }
}

/**
 * The grade job's hook: queues a score post when a counted score changed, for students who have
 * launched from an LMS (the others have no gradebook to post to, and cost no queue message).
 */
export function queueScorePosts(
  lti: Pick<LtiStore, 'getUserLinkByStudent'>,
  queue: ScorePostQueue,
): (change: { courseId: string; studentId: string; lab: string }) => Promise<void> {
  return async ({ courseId, studentId, lab }) => {
    if (!(await lti.getUserLinkByStudent(courseId, studentId))) return;
    await queue.enqueue({ courseId, studentId, lab, reason: 'grade' });
  };
}
