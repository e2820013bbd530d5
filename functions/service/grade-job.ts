/**
 * One grade job, as the worker runs it: find the course and the student, get into their account
 * with their own credentials, grade, keep the full inventory, and store the attempt with the
 * student's new standing (two items). Lab-agnostic: any lab of checks/labs/index.ts works;
 * only the graded lab's checks are imported (checks/labs/load.ts).
 *
 * Failures that will not heal by retrying (the role cannot be assumed, the session credentials
 * expired) are stored as an attempt whose checks are `error` with the reason. Anything else
 * throws, so the queue retries the job and finally parks it in the DLQ.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import * as z from 'zod';
import { LabParamsError, resolveParams } from '../../checks/engine.js';
import type { Inventory } from '../../checks/inventory.js';
import { findManifest } from '../../checks/labs/manifests.js';
import {
  type CheckDefinition,
  errorOutcome,
  type GradeResult,
  type LabDefinition,
  type LabOptions,
  text,
} from '../../checks/model.js';
import { describeZodError } from '../../checks/zod-field.js';
import { GraderConfigurationError } from '../errors.js';
import { AccountAccessError, grade, requireLab } from '../grade.js';
import type { GradeStore } from '../store/grade-store.js';
import { type InventoryStore, inventoryKey } from '../store/inventory-store.js';
import type { AccessFailure, Attempt, Course, RosterEntry, Standing, WrongAccount } from '../store/records.js';
import { StaleStandingError } from '../store/standing-store.js';
import { trimResult } from '../store/trim.js';
import { type AccessDeps, studentCredentials } from './credentials.js';
import { deadlineOf } from './deadlines.js';
import { applyOverrides, switchedOff } from './overrides.js';
import { countable, countedScoreChanged, diffChecks, nextStanding, unchanged } from './scoring.js';

/** The queue message: one (student, lab) to grade. Credentials are never in it. */
export const gradeJobSchema = z.object({
  /** Same job, same id: dispatch derives it from the schedule's time, so a re-run dispatch dedups. */
  jobId: z.string().min(1).max(512),
  courseId: z.string().min(1),
  studentId: z.string().min(1),
  lab: z.string().min(1),
  trigger: z.enum(['schedule', 'api', 'event', 'cli', 'regrade']).default('schedule'),
  requestedAt: z.string().optional(),
  /** A student's part of a regrade run (functions/service/regrade.ts) instead of a grade. */
  regrade: z.object({ runId: z.string().min(1).max(64), dryRun: z.boolean() }).optional(),
});
export type GradeJob = z.output<typeof gradeJobSchema>;

/** A queue message that is not a grade job (it will end in the DLQ). */
export class InvalidJobError extends Error {
  override name = 'InvalidJobError';
}

export function parseGradeJob(body: string): GradeJob {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    throw new InvalidJobError('grade job is not JSON', { cause: err });
  }
  const parsed = gradeJobSchema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidJobError(`grade job field ${describeZodError(parsed.error, { whole: '(body)' })}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** Structured logging (Powertools' Logger in Lambda). Never given credentials. */
export type Log = Pick<Logger, 'info' | 'warn' | 'error'>;

export interface GradeJobDeps extends AccessDeps {
  store: GradeStore;
  inventories: InventoryStore;
  log: Log;
  /** Extra SDK config for the student's clients (tests: a request handler). */
  clientConfig?: Record<string, unknown>;
  /** Time budget of one collection. */
  budgetMs?: number;
  /** The grade function (default: functions/grade.ts); the local service may replay recorded inventories. */
  grade?: typeof grade;
  /** The grader a regrade replays with (default: this build's labs and version; tests: a fixed check). */
  grader?: { version: string; lab(id: string): LabDefinition };
  /**
   * Told after a stored grade changed the student's counted score (the LTI score poster queues a
   * post). Its failure is logged and never fails or blocks the grade.
   */
  onCountedScoreChange?: (change: CountedScoreChange) => Promise<void>;
}

/** A student's counted score for a lab changed (the standing is already stored). */
export interface CountedScoreChange {
  courseId: string;
  studentId: string;
  lab: string;
  standing: Standing;
}

/**
 * Tells `onCountedScoreChange` (the LMS gradebook) about a stored standing whose counted score
 * moved since `before`; a failure there is logged with `context`, never the grade's failure.
 */
export async function passOnCountedScore(
  deps: { onCountedScoreChange?: (change: CountedScoreChange) => Promise<void>; log: Log },
  before: Pick<Standing, 'counted'> | undefined,
  standing: Standing,
  context: Record<string, unknown>,
): Promise<void> {
  if (!deps.onCountedScoreChange || !countedScoreChanged(before, standing)) return;
  const { courseId, studentId, lab } = standing;
  await deps
    .onCountedScoreChange({ courseId, studentId, lab, standing })
    .catch((err: unknown) =>
      deps.log.warn('counted score change not passed on', { ...context, error: (err as Error)?.name }),
    );
}

export type JobOutcome =
  | {
      status: 'stored';
      attemptId: string;
      score: number;
      maxScore: number;
      accessFailure?: string;
      /** The grade read this account, not the registration's: flagged, not counted. */
      wrongAccount?: string;
    }
  | { status: 'duplicate' }
  | { status: 'skipped'; reason: 'course-not-found' | 'lab-not-in-course' | 'student-not-registered' }
  /** The course's stored parameters for the lab no longer fit it: `detail` names the parameter. */
  | { status: 'skipped'; reason: 'course-params-invalid'; detail: string };

/** AWS answers that retrying the same job will not change (the student or instructor has to act). */
const NON_HEALING = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'RegionDisabledException',
  'SessionCredentialsMissing',
  'CredentialsUnreadable',
  'AccountMismatch',
]);

/** Failures of the grader's own credentials when it assumes a student's role. */
const GRADER_SIDE = new Set(['CredentialsProviderError']);

/** Whether an access failure is stored as an attempt (true) or retried (false). */
export function isNonHealing(err: AccountAccessError): boolean {
  return NON_HEALING.has(err.code);
}

/**
 * The lab options a course sets for one of its labs; parameters the lab takes from the course's
 * other labs (the cleanup report's replica region) come under the course's own for it.
 */
export function labOptions(course: Course, lab: string): LabOptions {
  const courseLab = course.labs.find((l) => l.lab === lab);
  const others = Object.fromEntries(course.labs.map((l) => [l.lab, l.params]));
  const params = { ...findManifest(lab)?.paramsFromCourse?.(others), ...courseLab?.params };
  return {
    lang: course.lang,
    ...(Object.keys(params).length > 0 ? { params } : {}),
    ...(courseLab?.points ? { points: courseLab.points } : {}),
    ...(courseLab?.disabled ? { disabled: courseLab.disabled } : {}),
  };
}

/**
 * Why a course's stored parameters for a lab no longer fit the lab (a course saved before a bound
 * was added to a parameter), naming the parameter; undefined when they fit. Grading again cannot
 * mend it: an instructor saves the course's parameters again (PUT /courses/{courseId}).
 */
export function unfitParams(lab: LabDefinition, options: LabOptions): string | undefined {
  try {
    resolveParams(lab, options.params);
    return undefined;
  } catch (err) {
    if (err instanceof LabParamsError) return err.message;
    throw err;
  }
}

/**
 * The result of a grade that could not read the account: every check is `error` with the reason
 * (scored by the engine like any grade, so points and switched-off checks stay right).
 */
export async function accessFailureResult(
  lab: LabDefinition,
  failure: AccessFailure,
  req: {
    region: string;
    options: LabOptions;
    trigger: GradeJob['trigger'];
    studentId: string;
    courseId: string;
    now: () => Date;
  },
): Promise<GradeResult> {
  const outcome = errorOutcome(
    text(
      `The grader could not read the account (${failure.code}): ${failure.message}`,
      `채점기가 계정을 읽지 못했습니다(${failure.code}): ${failure.message}`,
    ),
    failure.code,
  );
  const unreadable: LabDefinition = {
    ...lab,
    candidates: () => [],
    checks: lab.checks.map(
      (c): CheckDefinition<unknown, unknown> => ({ ...c, judgedWithoutTarget: true, evaluate: () => outcome }),
    ),
  };
  const inventory: Inventory = {
    schemaVersion: 1,
    region: req.region,
    collectedAt: req.now().toISOString(),
    lab: lab.id,
    sources: { 'sts.callerIdentity': { error: { code: failure.code, message: failure.message } } },
  };
  const { result } = await grade({ ...req, lab: unreadable, inventory });
  return result;
}

/** Runs one grade job end to end. Throws (so the job is retried) on failures that may heal. */
export async function runGradeJob(job: GradeJob, deps: GradeJobDeps): Promise<JobOutcome> {
  const where = { jobId: job.jobId, courseId: job.courseId, studentId: job.studentId, lab: job.lab };
  const course = await deps.store.getCourse(job.courseId);
  if (!course) {
    deps.log.warn('grade job skipped: the course does not exist', where);
    return { status: 'skipped', reason: 'course-not-found' };
  }
  if (!course.labs.some((l) => l.lab === job.lab)) {
    deps.log.warn('grade job skipped: the course does not grade this lab', where);
    return { status: 'skipped', reason: 'lab-not-in-course' };
  }
  const entry = await deps.store.getRosterEntry(job.courseId, job.studentId);
  if (!entry) {
    deps.log.warn('grade job skipped: the student is no longer on the roster', where);
    return { status: 'skipped', reason: 'student-not-registered' };
  }
  // The registration's standing: a student registered again with another account starts clean.
  const previous = await deps.store.getStanding(job.courseId, job.studentId, job.lab, entry.accountId);
  if (previous?.recentJobIds.includes(job.jobId)) {
    deps.log.info('grade job already stored', where);
    return { status: 'duplicate' };
  }

  const lab = await requireLab(job.lab);
  const region = entry.region ?? course.region;
  const options = labOptions(course, job.lab);
  const unfit = unfitParams(lab, options);
  if (unfit) {
    // Checked before the student's credentials are used; retrying the job cannot mend it.
    deps.log.error("grade job skipped: the course's parameters no longer fit the lab", { ...where, error: unfit });
    return { status: 'skipped', reason: 'course-params-invalid', detail: unfit };
  }
  const attemptId = randomUUID();
  const common = {
    region,
    options,
    trigger: job.trigger,
    studentId: job.studentId,
    courseId: job.courseId,
    now: deps.now,
  };

  let result: GradeResult;
  let inventoryRef: string | undefined;
  let accessFailure: AccessFailure | undefined;
  let wrongAccount: WrongAccount | undefined;
  try {
    const graded = await gradeAccount(lab, entry, common, deps);
    result = graded.result;
    inventoryRef = await deps.inventories.put(
      inventoryKey({ courseId: job.courseId, studentId: job.studentId, lab: job.lab, attemptId }),
      graded.inventory,
    );
    // The account read is STS's caller identity; another account than the registration's is
    // kept with its evidence and flagged for the instructor, but never counted.
    const read = result.accountId;
    if (read && read !== entry.accountId) {
      wrongAccount = { accountRead: read, registered: entry.accountId };
      deps.log.warn('grade read another account than the registration', { ...where, accountRead: read });
    }
  } catch (err) {
    if (err instanceof AccountAccessError && entry.access.mode === 'role' && GRADER_SIDE.has(err.code)) {
      // The grader's own credentials (which assume the student's role) are missing: ours to fix.
      throw new GraderConfigurationError(
        `the grader has no usable AWS credentials of its own (${err.code}); the operator must configure them`,
        err.code,
        { cause: err },
      );
    }
    if (!(err instanceof AccountAccessError) || !isNonHealing(err)) throw err;
    accessFailure = { code: err.code, message: err.message };
    deps.log.warn('grade job could not read the account', { ...where, code: err.code });
    result = await accessFailureResult(lab, accessFailure, common);
  }

  const stored = trimResult(result, inventoryRef);
  const outcome = await storeAttempt(
    job,
    attemptId,
    stored,
    inventoryRef,
    { ...(accessFailure ? { accessFailure } : {}), ...(wrongAccount ? { wrongAccount } : {}) },
    course,
    entry,
    previous,
    deps,
  );
  if (outcome.status === 'stored') {
    deps.log.info('grade stored', { ...where, attemptId, score: result.score, maxScore: result.maxScore });
  }
  return outcome;
}

/** Grades with the student's own credentials. */
async function gradeAccount(
  lab: LabDefinition,
  entry: RosterEntry,
  common: Parameters<typeof accessFailureResult>[2],
  deps: GradeJobDeps,
): Promise<{ result: GradeResult; inventory: Inventory }> {
  const credentials = await studentCredentials(entry, common.region, deps);
  return (deps.grade ?? grade)({
    ...common,
    lab,
    credentials,
    ...(deps.clientConfig ? { clientConfig: deps.clientConfig } : {}),
    ...(deps.budgetMs !== undefined ? { budgetMs: deps.budgetMs } : {}),
  });
}

/**
 * Writes the attempt and the standing; if another grade of the same student and lab was stored
 * meanwhile, recomputes the history against it and tries again, without grading again.
 */
async function storeAttempt(
  job: GradeJob,
  attemptId: string,
  result: GradeResult,
  inventoryRef: string | undefined,
  why: { accessFailure?: AccessFailure; wrongAccount?: WrongAccount },
  course: Course,
  entry: RosterEntry,
  previous: Standing | undefined,
  deps: GradeJobDeps,
): Promise<JobOutcome> {
  const deadline = deadlineOf(course, entry, job.lab);
  // The registration's overrides count in the standing; the attempt keeps the grader's verdicts.
  const overrides = await deps.store.listOverrides(job.courseId, job.lab, entry);
  const counted = applyOverrides(result, overrides, switchedOff(course, job.lab));
  for (let tries = 0; ; tries += 1) {
    const changes = countable(why) ? diffChecks(previous?.lastGraded, counted) : unchanged(previous?.lastGraded);
    const attempt: Attempt = {
      attemptId,
      courseId: job.courseId,
      studentId: job.studentId,
      accountId: entry.accountId,
      lab: job.lab,
      jobId: job.jobId,
      result,
      changes,
      recordedAt: deps.now().toISOString(),
      ...(inventoryRef ? { inventoryRef } : {}),
      ...why,
    };
    const standing = nextStanding(
      previous,
      {
        courseId: job.courseId,
        studentId: job.studentId,
        accountId: entry.accountId,
        lab: job.lab,
        attemptId,
        jobId: job.jobId,
        result: counted,
        ...why,
      },
      changes,
      course.scoringPolicy,
      deadline,
      deps.now(),
    );
    try {
      await deps.store.writeAttempt(attempt, standing, previous?.version ?? null);
      await passOnCountedScore(deps, previous, standing, {
        jobId: job.jobId,
        courseId: job.courseId,
        studentId: job.studentId,
        lab: job.lab,
      });
      return {
        status: 'stored',
        attemptId,
        score: result.score,
        maxScore: result.maxScore,
        ...(why.accessFailure ? { accessFailure: why.accessFailure.code } : {}),
        ...(why.wrongAccount ? { wrongAccount: why.wrongAccount.accountRead } : {}),
      };
    } catch (err) {
      if (!(err instanceof StaleStandingError) || tries >= 4) throw err;
      previous = await deps.store.getStanding(job.courseId, job.studentId, job.lab, entry.accountId);
      if (previous?.recentJobIds.includes(job.jobId)) return { status: 'duplicate' };
    }
  }
}
