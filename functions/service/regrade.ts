/**
 * Regrade after a checker fix: every stored attempt of a registration is graded again from its
 * stored inventory (no AWS call: nothing needs to exist in the student's account any more) by the
 * current grader, and the standing is recomputed from the new results. A regrade result replaces
 * the attempt it regrades in the score, keeps the time the account was read (`startedAt`, which
 * the deadline policy judges), and is stored as an attempt of its own with trigger `regrade` and
 * both grader versions. Idempotent per (attempt, grader version): an attempt already regraded by
 * this grader version is not graded or stored again.
 *
 * A class is regraded through the grade queue: one job per student (`regrade/<run>/<student>`),
 * each recording its part (counted score before and after, the checks whose status changed) and
 * counting it towards the run's progress once.
 */
import { randomUUID } from 'node:crypto';
import type { GradeResult, LabDefinition } from '../../checks/model.js';
import { grade } from '../grade.js';
import type { GradeStore } from '../store/grade-store.js';
import type { InventoryStore } from '../store/inventory-store.js';
import type {
  Attempt,
  CheckChange,
  Course,
  Override,
  RegradeRun,
  RosterEntry,
  Standing,
  StoredResult,
  StudentRegrade,
} from '../store/records.js';
import { StaleStandingError } from '../store/standing-store.js';
import { trimResult } from '../store/trim.js';
import { GRADER_VERSION } from '../version.js';
import { deadlineOf } from './deadlines.js';
import { courseById, courseLab, courseLabDefinition } from './enrolment.js';
import {
  type CountedScoreChange,
  type GradeJob,
  type Log,
  labOptions,
  passOnCountedScore,
  unfitParams,
} from './grade-job.js';
import { applyOverrides, switchedOff } from './overrides.js';
import { countable, diffChecks, nextStanding, summarize, unchanged } from './scoring.js';

export interface RegradeDeps {
  store: GradeStore;
  inventories: InventoryStore;
  log: Log;
  now: () => Date;
  /** The grader doing the regrade: its version and its lab definitions (tests: a fixed check). */
  grader?: { version: string; lab(id: string): LabDefinition };
  onCountedScoreChange?: (change: CountedScoreChange) => Promise<void>;
}

/** The id of a regrade of `attemptId` by grader `version`: one per (attempt, grader version). */
export function regradeAttemptId(attemptId: string, version: string): string {
  return `${attemptId}@${version}`;
}

/** An attempt as it counts now: the original, or the newest regrade of it. */
interface Effective {
  original: Attempt;
  current: Attempt;
}

function effectiveAttempts(attempts: readonly Attempt[]): Effective[] {
  const byOriginal = new Map<string, Effective>();
  for (const a of attempts) if (!a.regradeOf) byOriginal.set(a.attemptId, { original: a, current: a });
  for (const a of attempts) {
    const e = a.regradeOf ? byOriginal.get(a.regradeOf) : undefined;
    if (e && a.recordedAt >= e.current.recordedAt) e.current = a;
  }
  return [...byOriginal.values()].sort((x, y) =>
    x.original.result.startedAt < y.original.result.startedAt
      ? -1
      : x.original.result.startedAt > y.original.result.startedAt
        ? 1
        : 0,
  );
}

/**
 * The standing a registration has when its attempts (oldest first) count with these results:
 * the same history and policy the worker applies one attempt at a time.
 */
export function standingFrom(
  attempts: readonly { attempt: Attempt; result: StoredResult }[],
  course: Course,
  entry: RosterEntry,
  lab: string,
  stored: Standing | undefined,
  now: Date,
  overrides: readonly Override[] = [],
): Standing | undefined {
  const deadline = deadlineOf(course, entry, lab);
  let standing: Standing | undefined;
  for (const { attempt, result: graded } of attempts) {
    const result = applyOverrides(graded, overrides, switchedOff(course, lab));
    const why = {
      ...(attempt.accessFailure ? { accessFailure: attempt.accessFailure } : {}),
      ...(attempt.wrongAccount ? { wrongAccount: attempt.wrongAccount } : {}),
    };
    const changes = countable(why) ? diffChecks(standing?.lastGraded, result) : unchanged(standing?.lastGraded);
    standing = nextStanding(
      standing,
      { ...attempt, accountId: entry.accountId, result, ...why },
      changes,
      course.scoringPolicy,
      deadline,
      now,
    );
  }
  if (!standing) return undefined;
  // The stored standing's bookkeeping carries on: its version (the write expects it) and the jobs it saw.
  standing.version = (stored?.version ?? 0) + 1;
  standing.recentJobIds = stored?.recentJobIds ?? standing.recentJobIds;
  return standing;
}

function changedChecks(before: GradeResult, after: GradeResult): CheckChange[] {
  const was = new Map(before.checks.map((c) => [c.id, c.status]));
  return after.checks
    .filter((c) => was.get(c.id) !== undefined && was.get(c.id) !== c.status)
    .map((c) => ({ id: c.id, before: was.get(c.id)!, after: c.status }));
}

/**
 * Regrades one registration's attempts for a lab with the current grader and, unless `dryRun`,
 * stores the regrade attempts and the recomputed standing.
 */
export async function regradeRegistration(
  req: { course: Course; entry: RosterEntry; lab: string; runId: string; dryRun: boolean },
  deps: RegradeDeps,
): Promise<StudentRegrade> {
  const { course, entry, runId, dryRun } = req;
  const version = deps.grader?.version ?? GRADER_VERSION;
  const lab = deps.grader ? deps.grader.lab(req.lab) : await courseLabDefinition(course, req.lab);
  const options = labOptions(course, req.lab);
  for (let tries = 0; ; tries += 1) {
    const where = { courseId: course.courseId, studentId: entry.studentId, accountId: entry.accountId, lab: lab.id };
    const [attempts, stored, overrides] = await Promise.all([
      deps.store.listAllAttempts(where),
      deps.store.getStanding(course.courseId, entry.studentId, lab.id, entry.accountId),
      deps.store.listOverrides(course.courseId, lab.id, entry),
    ]);
    const effective = effectiveAttempts(attempts);
    const regrades: Attempt[] = [];
    const changed: StudentRegrade['changed'] = [];
    let replayed = 0;
    let notReplayable = 0;
    const next: { attempt: Attempt; result: StoredResult }[] = [];
    for (const { original, current } of effective) {
      if (!original.inventoryRef) {
        // Nothing was read (the account could not be read): nothing to replay.
        notReplayable += 1;
        next.push({ attempt: original, result: current.result });
        continue;
      }
      let regraded = current.result.graderVersion === version && current.regradeOf ? current : undefined;
      if (!regraded) {
        const inventory = await deps.inventories.get(original.inventoryRef);
        const { result } = await grade({
          lab,
          inventory,
          region: inventory.region,
          options,
          trigger: 'regrade',
          courseId: course.courseId,
          studentId: entry.studentId,
          now: deps.now,
        });
        // The account was read when the original attempt ran: that is what deadlines judge.
        result.startedAt = original.result.startedAt;
        result.finishedAt = original.result.finishedAt;
        result.graderVersion = version;
        const replaced = {
          ...summarize(current.attemptId, current.result),
          statuses: Object.fromEntries(current.result.checks.map((c) => [c.id, c.status])),
        };
        regraded = {
          ...original,
          attemptId: regradeAttemptId(original.attemptId, version),
          jobId: `regrade/${runId}`,
          result: trimResult(result, original.inventoryRef),
          // What the regrade changed against the result it replaces.
          changes: diffChecks(replaced, result),
          regradeOf: original.attemptId,
          graderVersions: { before: current.result.graderVersion, after: version },
          recordedAt: deps.now().toISOString(),
        };
        regrades.push(regraded);
      }
      replayed += 1;
      const checks = changedChecks(current.result, regraded.result);
      if (checks.length) changed.push({ attemptId: original.attemptId, startedAt: original.result.startedAt, checks });
      next.push({ attempt: original, result: regraded.result });
    }
    const standing = standingFrom(next, course, entry, lab.id, stored, deps.now(), overrides);
    const before = stored?.counted.attempt ?? null;
    const after = standing?.counted.attempt ?? null;
    const part: StudentRegrade = {
      runId,
      courseId: course.courseId,
      lab: lab.id,
      studentId: entry.studentId,
      accountId: entry.accountId,
      before,
      after,
      delta: Math.round(((after?.score ?? 0) - (before?.score ?? 0)) * 100) / 100,
      attempts: effective.length,
      replayed,
      notReplayable,
      changed,
      stored: false,
      finishedAt: deps.now().toISOString(),
    };
    if (dryRun || !standing) return part;
    try {
      for (const attempt of regrades) await deps.store.putAttemptOnce(attempt);
      await deps.store.putStanding(standing, stored?.version ?? null);
    } catch (err) {
      // A grade was stored meanwhile: regrade again against it (stored regrades are reused).
      if (err instanceof StaleStandingError && tries < 4) continue;
      throw err;
    }
    await passOnCountedScore(deps, stored, standing, where);
    return { ...part, stored: true };
  }
}

/**
 * Recomputes a registration's standing from its stored results (regrades included) as they count
 * now: after an override or a deadline extension. No grading; returns the new standing.
 */
export async function recountRegistration(
  course: Course,
  entry: RosterEntry,
  lab: string,
  deps: Pick<RegradeDeps, 'store' | 'now' | 'log' | 'onCountedScoreChange'>,
): Promise<Standing | undefined> {
  const where = { courseId: course.courseId, studentId: entry.studentId, accountId: entry.accountId, lab };
  for (let tries = 0; ; tries += 1) {
    const [attempts, stored, overrides] = await Promise.all([
      deps.store.listAllAttempts(where),
      deps.store.getStanding(course.courseId, entry.studentId, lab, entry.accountId),
      deps.store.listOverrides(course.courseId, lab, entry),
    ]);
    const counted = effectiveAttempts(attempts).map((e) => ({ attempt: e.original, result: e.current.result }));
    const standing = standingFrom(counted, course, entry, lab, stored, deps.now(), overrides);
    if (!standing) return undefined;
    try {
      await deps.store.putStanding(standing, stored?.version ?? null);
    } catch (err) {
      if (err instanceof StaleStandingError && tries < 4) continue;
      throw err;
    }
    await passOnCountedScore(deps, stored, standing, where);
    return standing;
  }
}

/** The queue message of one student's part of a regrade run. */
export function regradeJob(run: RegradeRun, studentId: string): GradeJob {
  return {
    jobId: `regrade/${run.runId}/${studentId}`,
    courseId: run.courseId,
    studentId,
    lab: run.lab,
    trigger: 'regrade',
    regrade: { runId: run.runId, dryRun: run.dryRun },
  };
}

/**
 * Starts a regrade of a course's lab: records the run and enqueues one job per student on the
 * roster. Returns the run (its progress is read back with `store.getRegrade`).
 */
export async function startRegrade(
  req: { courseId: string; lab: string; dryRun: boolean; requestedBy: string },
  deps: { store: GradeStore; now: () => Date; enqueue(jobs: GradeJob[]): Promise<unknown>; graderVersion?: string },
): Promise<RegradeRun> {
  const course = await courseById(deps.store, req.courseId);
  const lab = courseLab(course, req.lab);
  const roster = await deps.store.listRoster(course.courseId);
  const run: RegradeRun = {
    courseId: course.courseId,
    lab: lab.id,
    runId: randomUUID(),
    dryRun: req.dryRun,
    graderVersion: deps.graderVersion ?? GRADER_VERSION,
    requestedBy: req.requestedBy,
    requestedAt: deps.now().toISOString(),
    total: roster.length,
    done: 0,
  };
  await deps.store.putRegradeRun(run);
  await deps.enqueue(roster.map((e) => regradeJob(run, e.studentId)));
  return run;
}

/** The worker's side: one student's part of a run, recorded (and counted) once. */
export async function runRegradeJob(
  job: GradeJob & { regrade: { runId: string; dryRun: boolean } },
  deps: RegradeDeps,
): Promise<{ status: 'regraded'; part: StudentRegrade } | { status: 'skipped'; reason: string }> {
  const course = await deps.store.getCourse(job.courseId);
  const entry = course && (await deps.store.getRosterEntry(job.courseId, job.studentId));
  if (!course || !entry || !course.labs.some((l) => l.lab === job.lab)) {
    deps.log.warn('regrade job skipped: course, lab or student gone', { jobId: job.jobId });
    return { status: 'skipped', reason: 'student-not-registered' };
  }
  const lab = deps.grader ? deps.grader.lab(job.lab) : await courseLabDefinition(course, job.lab);
  const unfit = unfitParams(lab, labOptions(course, job.lab));
  if (unfit) {
    deps.log.error("regrade job skipped: the course's parameters no longer fit the lab", {
      jobId: job.jobId,
      error: unfit,
    });
    return { status: 'skipped', reason: 'course-params-invalid' };
  }
  const part = await regradeRegistration(
    { course, entry, lab: job.lab, runId: job.regrade.runId, dryRun: job.regrade.dryRun },
    deps,
  );
  await deps.store.putStudentRegrade(part);
  return { status: 'regraded', part };
}
