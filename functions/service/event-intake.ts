/**
 * Live regrade's intake: one CloudTrail event forwarded from a student's account (through the
 * grader's event bus in AWS, `POST /events` locally) becomes, at most, one grade job per affected
 * (student, lab) per debounce window. The first event of a window opens it (a conditional write in
 * DynamoDB) and hands the queue a job delayed until the window closes; later events in the window
 * only count. The job goes through the same queue and worker as the schedule's, and its id names
 * the window, so a redelivered event or job never grades twice.
 */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { findManifest } from '../../checks/labs/manifests.js';
import type { GradeStore } from '../store/grade-store.js';
import type { DebounceWindow, LiveStore, Registration } from '../store/live-store.js';
import type { GradeJob, Log } from './grade-job.js';
import {
  type CloudTrailEvent,
  endsForwarding,
  GLOBAL_EVENTS_REGION,
  irrelevance,
  labsAffectedBy,
  liveGradingSettings,
  parseLiveEvent,
} from './live-events.js';

/** SQS delays a message by at most 15 minutes. */
const MAX_DELAY_SECONDS = 900;

/** An opener that has not handed its job over after this long is taken to have failed. */
const HANDOVER_GRACE_MS = 10_000;

export interface IntakeDeps {
  store: GradeStore;
  live: LiveStore;
  sqs: SQSClient;
  queueUrl: string;
  now: () => Date;
  log: Log;
}

/** What became of one event (the metrics count these). */
export type IntakeOutcome =
  | { status: 'irrelevant'; reason: string }
  | { status: 'unknown-account'; account: string }
  | {
      status: 'accepted';
      /** Windows this event opened (each handed the queue one grade job). */
      triggered: GradeJob[];
      /** Windows this event joined (no new grade). */
      coalesced: number;
    };

/** The grade job of a debounce window: one per window, named by it. */
export function windowJob(w: DebounceWindow): GradeJob {
  return {
    jobId: `event/${w.openedAt}/${w.courseId}/${w.studentId}/${w.lab}`,
    courseId: w.courseId,
    studentId: w.studentId,
    lab: w.lab,
    trigger: 'event',
    requestedAt: w.openedAt,
  };
}

/** Takes one event; throws {@link LiveEventError} for something that is not a CloudTrail event envelope. */
export async function takeEvent(input: unknown, deps: IntakeDeps): Promise<IntakeOutcome> {
  const event = parseLiveEvent(input);
  const reason = irrelevance(event);
  if (reason) return { status: 'irrelevant', reason };
  const affected = labsAffectedBy(event.detail.eventSource);
  if (!affected.length) return { status: 'irrelevant', reason: `no lab reads ${event.detail.eventSource}` };

  const registrations = await currentRegistrations(event.account, deps);
  if (!registrations.length) {
    deps.log.warn('event from an account no student is registered with', { account: event.account });
    return { status: 'unknown-account', account: event.account };
  }

  const now = deps.now();
  const triggered: GradeJob[] = [];
  let coalesced = 0;
  let relevantToACourse = false;
  for (const { registration, labs } of registrations) {
    const { courseId, studentId } = registration;
    if (endsForwarding(event)) {
      // The student switches forwarding off: their silence no longer means "unchanged".
      deps.log.info('live forwarding may stop: change detection off for the student', { courseId, studentId });
      await deps.live.markNotLive(courseId, studentId, now.toISOString());
    } else {
      // An event from us-east-1 shows the account forwards from there, where IAM's events are emitted.
      await deps.live.markLive(courseId, studentId, now.toISOString(), event.region === GLOBAL_EVENTS_REGION);
    }
    const settings = liveGradingSettings(registration.course);
    let opened = 0;
    let joined = 0;
    for (const lab of labs.filter((l) => affected.includes(l))) {
      relevantToACourse = true;
      // The change happened when the call was made, not when its event arrived.
      await deps.live.recordChange(courseId, studentId, lab, event.account, event.detail.eventTime ?? event.time);
      const { opened: isNew, window } = await deps.live.openOrJoin(
        courseId,
        studentId,
        lab,
        now,
        settings.debounceSeconds * 1000,
      );
      if (isNew) {
        opened += 1;
        triggered.push(await enqueue(window, now, deps));
      } else {
        joined += 1;
        // The event that opened the window may have failed before handing over its job: the
        // same job again is harmless (the worker stores one attempt per job id).
        const stale = now.getTime() - Date.parse(window.openedAt) >= HANDOVER_GRACE_MS;
        if (!window.queued && stale) await enqueue(window, now, deps);
      }
    }
    coalesced += joined;
    await deps.live.count(courseId, { eventsReceived: 1, gradesTriggered: opened, eventsCoalesced: joined });
  }
  if (!relevantToACourse) return { status: 'irrelevant', reason: 'no course of the account grades an affected lab' };
  deps.log.info('event taken', {
    account: event.account,
    eventSource: event.detail.eventSource,
    eventName: event.detail.eventName,
    triggered: triggered.length,
    coalesced,
  });
  return { status: 'accepted', triggered, coalesced };
}

/**
 * The account's registrations that still hold (the roster entry names this account), with their
 * course and the labs it grades. An index item left by a re-registration under another account is
 * removed on the way.
 */
async function currentRegistrations(account: CloudTrailEvent['account'], deps: IntakeDeps) {
  const found: {
    registration: Registration & { course: NonNullable<Awaited<ReturnType<GradeStore['getCourse']>>> };
    labs: string[];
  }[] = [];
  for (const r of await deps.live.registrationsOf(account)) {
    const [entry, course] = await Promise.all([
      deps.store.getRosterEntry(r.courseId, r.studentId),
      deps.store.getCourse(r.courseId),
    ]);
    if (!entry || !course || entry.accountId !== account) {
      await deps.live.deleteRegistration(r);
      continue;
    }
    found.push({
      registration: { ...r, course },
      labs: course.labs.map((l) => l.lab).filter((l) => findManifest(l) !== undefined),
    });
  }
  return found;
}

/** Hands the window's job to the grade queue, delayed until the window closes. */
async function enqueue(window: DebounceWindow, now: Date, deps: IntakeDeps): Promise<GradeJob> {
  const job = windowJob(window);
  const delay = Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil((window.dueAt - now.getTime()) / 1000)));
  const out = await deps.sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: deps.queueUrl,
      Entries: [{ Id: 'job0', MessageBody: JSON.stringify(job), DelaySeconds: delay }],
    }),
  );
  if (out.Failed?.length) {
    // Thrown so the event is redelivered; the window stays unqueued and the retry sends the job.
    throw new Error(`grade job ${job.jobId} could not be enqueued (${out.Failed[0]?.Code ?? 'Unknown'})`);
  }
  await deps.live.markQueued(window);
  return job;
}
