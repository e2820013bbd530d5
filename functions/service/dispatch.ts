/**
 * The schedule's fan-out: one queue message per (student, lab) of a course's roster, sent ten to
 * a SendMessageBatch call. Students whose deadline for a lab has passed are left out when the
 * course says so. Job ids derive from the schedule's time, so a dispatch that runs twice for the
 * same tick enqueues jobs the worker recognises as the same.
 */
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { findManifest } from '../../checks/labs/manifests.js';
import type { GradeStore } from '../store/grade-store.js';
import { LiveStore } from '../store/live-store.js';
import type { ClassRow, Course, RosterEntry, Standing } from '../store/records.js';
import { courseById } from './course-errors.js';
import { deadlineOf } from './deadlines.js';
import type { GradeJob, Log } from './grade-job.js';
import { isLiveFor, type LiveGradingSettings, liveGradingSettings } from './live-events.js';

/** SQS takes at most ten messages per SendMessageBatch. */
export const SQS_BATCH_SIZE = 10;
/** Batches in flight at once. */
const PARALLEL_BATCHES = 8;
/** Rounds of resending entries SQS reported as failed. */
const SEND_ROUNDS = 3;

export interface DispatchRequest {
  /** One course (the schedule's input), or every course when absent. */
  courseId?: string;
  /** Only these labs of the course (default: all of them). */
  labs?: string[];
  /** The schedule tick (EventBridge `time`); default: now. */
  scheduledAt?: string;
  /**
   * Regrade every (student, lab), change detection off: the grader's live intake is switched off
   * (`liveEvents=false`), so a quiet account may have changed unseen.
   */
  fullRegrades?: boolean;
}

export interface DispatchDeps {
  store: GradeStore;
  sqs: SQSClient;
  queueUrl: string;
  now: () => Date;
  log: Log;
}

export interface DispatchSummary {
  courses: number;
  enqueued: number;
  /** (student, lab) pairs left out because the deadline had passed. */
  skippedPastDeadline: number;
  /** (student, lab) pairs left out because the account had not changed since their last grade (live regrade). */
  skippedUnchanged: number;
  batches: number;
}

/** Some messages could not be enqueued even after resending (the schedule's retry sends them again). */
export class DispatchError extends Error {
  constructor(
    readonly failed: number,
    readonly codes: string[],
  ) {
    super(`${failed} grade job(s) could not be enqueued (${codes.join(', ')})`);
    this.name = 'DispatchError';
  }
}

/** The jobs a course's schedule tick produces, and how many were left out for their deadline. */
export async function jobsForCourse(
  store: GradeStore,
  course: Course,
  scheduledAt: string,
  now: Date,
  labs?: string[],
  fullRegrades = false,
): Promise<{ jobs: GradeJob[]; skippedPastDeadline: number; skippedUnchanged: number }> {
  const roster = await store.listRoster(course.courseId);
  const jobs: GradeJob[] = [];
  let skippedPastDeadline = 0;
  let skippedUnchanged = 0;
  const courseLabs = course.labs.filter((l) => !labs || labs.includes(l.lab));
  const settings = { ...liveGradingSettings(course), ...(fullRegrades ? { fullRegrades: true } : {}) };
  // One query per lab, and only when some student forwards events.
  // The class rows (slim standings) say when each registration was last graded and changed.
  const standings = new Map<string, Map<string, ClassRow>>();
  if (!settings.fullRegrades && roster.some((e) => e.liveSince)) {
    for (const { lab } of courseLabs) {
      const latest = await store.listClassRows(course.courseId, lab);
      // Standings belong to a registration: the one of the student's current account counts.
      standings.set(lab, new Map(latest.map((s) => [`${s.studentId}#${s.accountId}`, s])));
    }
  }
  for (const entry of roster) {
    for (const { lab } of courseLabs) {
      const deadline = deadlineOf(course, entry, lab);
      if (course.skipPastDeadline && deadline && Date.parse(deadline) < now.getTime()) {
        skippedPastDeadline += 1;
        continue;
      }
      if (
        unchangedSinceGraded(
          entry,
          lab,
          standings.get(lab)?.get(`${entry.studentId}#${entry.accountId}`),
          settings,
          now,
        )
      ) {
        skippedUnchanged += 1;
        continue;
      }
      jobs.push({
        jobId: `${scheduledAt}/${course.courseId}/${entry.studentId}/${lab}`,
        courseId: course.courseId,
        studentId: entry.studentId,
        lab,
        trigger: 'schedule',
        requestedAt: scheduledAt,
      });
    }
  }
  return { jobs, skippedPastDeadline, skippedUnchanged };
}

/**
 * Change detection: a (student, lab) needs no schedule grade when the account forwards every
 * change the lab grades (live regrade), its last successful grade started at least the settle
 * time after the last change (or after forwarding began, when no change came since), and the
 * safety interval since that grade has not passed. Anything unknown means: grade.
 */
export function unchangedSinceGraded(
  entry: RosterEntry,
  lab: string,
  standing: (Pick<Standing | ClassRow, 'lastChangeAt'> & { lastGraded?: { startedAt: string } }) | undefined,
  settings: LiveGradingSettings,
  now: Date,
): boolean {
  const definition = findManifest(lab);
  const graded = standing?.lastGraded?.startedAt;
  if (settings.fullRegrades || !definition || !graded || !entry.liveSince) return false;
  if (!isLiveFor(definition, entry)) return false;
  const gradedAt = Date.parse(graded);
  if (now.getTime() - gradedAt >= settings.safetyIntervalHours * 3_600_000) return false;
  const changedAt = Math.max(Date.parse(entry.liveSince), Date.parse(standing.lastChangeAt ?? entry.liveSince));
  return gradedAt - changedAt >= settings.settleMinutes * 60_000;
}

/** Enqueues the grade jobs of one course, or of every course. */
export async function dispatchGrades(req: DispatchRequest, deps: DispatchDeps): Promise<DispatchSummary> {
  const now = deps.now();
  const scheduledAt = req.scheduledAt ?? now.toISOString();
  let courses: Course[];
  if (req.courseId) {
    courses = [await courseById(deps.store, req.courseId)];
  } else {
    courses = await deps.store.listCourses();
  }
  const summary: DispatchSummary = {
    courses: courses.length,
    enqueued: 0,
    skippedPastDeadline: 0,
    skippedUnchanged: 0,
    batches: 0,
  };
  for (const course of courses) {
    const { jobs, skippedPastDeadline, skippedUnchanged } = await jobsForCourse(
      deps.store,
      course,
      scheduledAt,
      now,
      req.labs,
      req.fullRegrades,
    );
    summary.skippedPastDeadline += skippedPastDeadline;
    summary.skippedUnchanged += skippedUnchanged;
    summary.batches += await enqueue(jobs, deps);
    summary.enqueued += jobs.length;
    if (skippedUnchanged)
      await new LiveStore(deps.store).count(course.courseId, { gradesSkippedUnchanged: skippedUnchanged });
    deps.log.info('grade jobs enqueued', {
      courseId: course.courseId,
      jobs: jobs.length,
      skippedPastDeadline,
      skippedUnchanged,
    });
  }
  return summary;
}

/** Sends jobs ten per batch, a few batches at a time; returns the number of batches sent. */
export async function enqueue(jobs: GradeJob[], deps: Pick<DispatchDeps, 'sqs' | 'queueUrl'>): Promise<number> {
  const batches: GradeJob[][] = [];
  for (let i = 0; i < jobs.length; i += SQS_BATCH_SIZE) batches.push(jobs.slice(i, i + SQS_BATCH_SIZE));
  let next = 0;
  const failures: { code: string }[] = [];
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++] as GradeJob[];
      failures.push(...(await sendBatch(batch, deps)));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_BATCHES, batches.length) }, worker));
  if (failures.length) throw new DispatchError(failures.length, [...new Set(failures.map((f) => f.code))]);
  return batches.length;
}

/** One batch; entries SQS reports as failed (and not the sender's fault) are resent. */
async function sendBatch(batch: GradeJob[], deps: Pick<DispatchDeps, 'sqs' | 'queueUrl'>): Promise<{ code: string }[]> {
  let entries: SendMessageBatchRequestEntry[] = batch.map((job, i) => ({
    Id: `job${i}`,
    MessageBody: JSON.stringify(job),
  }));
  let failed: { code: string }[] = [];
  for (let round = 0; round < SEND_ROUNDS && entries.length; round += 1) {
    const out = await deps.sqs.send(new SendMessageBatchCommand({ QueueUrl: deps.queueUrl, Entries: entries }));
    const retry = new Set((out.Failed ?? []).filter((f) => !f.SenderFault).map((f) => f.Id));
    failed = (out.Failed ?? []).map((f) => ({ code: f.Code ?? 'Unknown' }));
    if ((out.Failed ?? []).some((f) => f.SenderFault)) break;
    entries = entries.filter((e) => retry.has(e.Id));
  }
  return failed;
}
