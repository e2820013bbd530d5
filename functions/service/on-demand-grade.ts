/**
 * The on-demand grade (`POST /grades`): find the course the student does the lab in, take the
 * student's grade slot (one grade per interval, never two at once), run the same grade job as the
 * worker, and read the stored attempt and the student's new standing back.
 */
import type { Acquired, Refused } from '../api/rate-limit.js';
import { GraderConfigurationError } from '../errors.js';
import type { GradeStore } from '../store/grade-store.js';
import type { Attempt, Course, Standing, WrongAccount } from '../store/records.js';
import { enrolmentFor, labById } from './enrolment.js';
import type { GradeJobDeps } from './grade-job.js';

/** The per-student grade slot (GradeRateLimiter). */
export interface GradeSlots {
  readonly intervalMs: number;
  acquire(studentId: string, holder: string, now: Date): Promise<Acquired | Refused>;
}

export interface OnDemandDeps {
  store: GradeStore;
  grading: GradeJobDeps;
  limiter: GradeSlots;
  now: () => Date;
}

export interface OnDemandRequest {
  studentId: string;
  lab: string;
  courseId?: string;
  /** The request's id: the job is `api/<requestId>` and it holds the slot. */
  requestId: string;
}

export interface OnDemandGrade {
  course: Course;
  attempt: Pick<Attempt, 'attemptId' | 'result' | 'changes' | 'recordedAt'>;
  standing: Standing;
  accessFailure?: { code: string; message: string };
  /** The grade read another account than the registration's: flagged, not counted. */
  wrongAccount?: WrongAccount;
  nextAllowedAt: Date;
}

/** The student was graded moments ago, or is being graded (429 with Retry-After). */
export class GradeRateLimitedError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'GradeRateLimitedError';
  }
}

/** The roster or the course changed between the lookup and the grade (404). */
export class NoLongerGradableError extends Error {
  override name = 'NoLongerGradableError';
}

/** The course's stored parameters for the lab no longer fit it: an instructor saves them again. */
export class CourseParamsUnfitError extends Error {
  readonly field = 'params';
  override name = 'CourseParamsUnfitError';
}

export async function gradeNow(request: OnDemandRequest, deps: OnDemandDeps): Promise<OnDemandGrade> {
  const { studentId, requestId } = request;
  const lab = labById(request.lab);
  const { course, entry } = await enrolmentFor(deps.store, studentId, lab, request.courseId);

  const slot = await deps.limiter.acquire(studentId, requestId, deps.now());
  if (!slot.ok) {
    throw new GradeRateLimitedError(
      slot.running
        ? `a grade of student ${studentId} is already running; try again in ${slot.retryAfterSeconds} s`
        : `student ${studentId} was graded moments ago; one grade per ${Math.round(deps.limiter.intervalMs / 1000)} s, try again in ${slot.retryAfterSeconds} s`,
      slot.retryAfterSeconds,
    );
  }
  let consumed = true;
  try {
    const jobId = `api/${requestId}`;
    // The grading path (collectors, SDK clients, the engine) is loaded by the first grade only.
    const { runGradeJob } = await import('./grade-job.js');
    const outcome = await runGradeJob(
      { jobId, courseId: course.courseId, studentId, lab: lab.id, trigger: 'api' },
      deps.grading,
    ).catch((err: unknown) => {
      // The grader's own failure does not use the student's slot.
      if (err instanceof GraderConfigurationError) consumed = false;
      throw err;
    });
    if (outcome.status === 'skipped' && outcome.reason === 'course-params-invalid') {
      consumed = false;
      throw new CourseParamsUnfitError(
        `${outcome.detail}: course ${course.courseId} was saved before this bound; an instructor saves the lab's parameters again (PUT /courses/${course.courseId})`,
      );
    }
    if (outcome.status === 'skipped') {
      throw new NoLongerGradableError(
        `student ${studentId} can no longer be graded in ${course.courseId} (${outcome.reason})`,
      );
    }
    if (outcome.status !== 'stored') throw new Error(`grade of job ${jobId} was not stored`);
    const standing = await deps.store.getStanding(course.courseId, studentId, lab.id, entry.accountId);
    let attempt: OnDemandGrade['attempt'] | undefined;
    if (standing?.latestAttemptId === outcome.attemptId) {
      attempt = {
        attemptId: outcome.attemptId,
        result: standing.latest,
        changes: standing.latestChanges,
        recordedAt: standing.updatedAt,
      };
    } else {
      // A scheduled grade was stored right after ours: find ours among the newest attempts.
      const page = await deps.store.listAttempts({
        courseId: course.courseId,
        studentId,
        accountId: entry.accountId,
        lab: lab.id,
        limit: 10,
      });
      attempt = page.items.find((a) => a.attemptId === outcome.attemptId);
    }
    if (!attempt || !standing) throw new Error(`attempt ${outcome.attemptId} was stored but cannot be read back`);
    return {
      course,
      attempt,
      standing,
      ...(outcome.accessFailure
        ? {
            accessFailure: {
              code: outcome.accessFailure,
              message: attempt.result.checks[0]?.message ?? 'the grader could not read the account',
            },
          }
        : {}),
      ...(outcome.wrongAccount
        ? { wrongAccount: { accountRead: outcome.wrongAccount, registered: entry.accountId } }
        : {}),
      nextAllowedAt: slot.nextAllowedAt,
    };
  } finally {
    await slot.release(consumed);
  }
}
