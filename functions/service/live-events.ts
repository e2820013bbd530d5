/**
 * Live regrade, the pure part: what a CloudTrail event forwarded by a student's account says
 * (the envelope EventBridge delivers), whether it can have changed anything a lab grades, and
 * which labs. A lab is affected by an event of any service one of its sources reads; the map
 * from source prefixes to CloudTrail event sources is below, and a lab reading a service that is
 * not in it is never treated as live (the schedule always regrades it).
 */
import * as z from 'zod';
import { builtOnce } from '../../checks/built-once.js';
import { LAB_MANIFESTS } from '../../checks/labs/manifests.js';
import type { LabManifest } from '../../checks/model.js';
import { regionName } from '../../checks/params.js';
import { accountIdSchema, FieldError, isoTime } from './input.js';

/** The detail-type of every event the student template forwards. */
export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/**
 * CloudTrail's `eventSource` of each inventory source prefix (`ec2.vpcs` → `ec2`). `sts` is absent
 * on purpose: GetCallerIdentity changes nothing a check grades.
 */
export const EVENT_SOURCE_OF_SOURCE_PREFIX: Readonly<Record<string, string>> = {
  ec2: 'ec2.amazonaws.com',
  rds: 'rds.amazonaws.com',
  elbv2: 'elasticloadbalancing.amazonaws.com',
  autoscaling: 'autoscaling.amazonaws.com',
  iam: 'iam.amazonaws.com',
  s3: 's3.amazonaws.com',
  cloudformation: 'cloudformation.amazonaws.com',
  cloudtrail: 'cloudtrail.amazonaws.com',
  logs: 'logs.amazonaws.com',
  events: 'events.amazonaws.com',
  sns: 'sns.amazonaws.com',
  cloudwatch: 'monitoring.amazonaws.com',
};

/** Source prefixes whose reads never change with the student's actions. */
const UNCHANGING_SOURCE_PREFIXES = new Set(['sts']);

/** Services whose events EventBridge delivers in us-east-1 only, whatever region the student builds in. */
export const GLOBAL_EVENT_SOURCES: ReadonlySet<string> = new Set(['iam.amazonaws.com']);
export const GLOBAL_EVENTS_REGION = 'us-east-1';

/** The `source` of the envelope: `aws.` and the service (`aws.elasticloadbalancing`, `aws.monitoring`). */
export function envelopeSourceOf(eventSource: string): string {
  return `aws.${eventSource.replace(/\.amazonaws\.com$/, '')}`;
}

/** Every event source the student template forwards, sorted. */
export function forwardedEventSources(): string[] {
  return [...new Set(Object.values(EVENT_SOURCE_OF_SOURCE_PREFIX))].sort();
}

/**
 * An event's time, in UTC: the live store keeps the latest change time with a conditional write
 * that compares the stored string (`lastChangeAt < :at`), so a time with an offset
 * (`2026-03-20T10:00:03+09:00`, 01:00:03 UTC) would sort after a later change written in UTC.
 * CloudTrail writes UTC (`Z`), kept as sent; any other offset is converted.
 */
const utcTime = () => isoTime.transform((t) => (t.endsWith('Z') ? t : new Date(t).toISOString()));

/**
 * The EventBridge envelope of a CloudTrail API call event, as far as the intake reads it. Built on
 * first use (checks/built-once.ts): the dispatch imports this module for the live-grading settings
 * and never parses an event; the event intake builds it at import (functions/handlers/event-intake.ts).
 */
export const cloudTrailEventSchema = builtOnce(() =>
  z.object({
    version: z.string().max(8).optional(),
    id: z.string().min(1).max(128),
    'detail-type': z.string().min(1).max(128),
    source: z.string().min(1).max(128),
    account: accountIdSchema,
    time: utcTime(),
    region: regionName,
    resources: z.array(z.string().max(2048)).max(100).optional(),
    detail: z.looseObject({
      eventSource: z.string().min(1).max(128),
      eventName: z.string().min(1).max(128),
      eventTime: utcTime().optional(),
      awsRegion: z.string().max(32).optional(),
      readOnly: z.boolean().optional(),
      requestParameters: z.record(z.string(), z.unknown()).nullish(),
      errorCode: z.string().max(256).optional(),
      recipientAccountId: accountIdSchema.optional(),
    }),
  }),
);
export type CloudTrailEvent = z.output<ReturnType<typeof cloudTrailEventSchema>>;

/** An event that is not an EventBridge envelope of a CloudTrail call; `field` names what is wrong. */
export class LiveEventError extends FieldError {
  override name = 'LiveEventError';
}

export function parseLiveEvent(input: unknown): CloudTrailEvent {
  const parsed = cloudTrailEventSchema().safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = (issue?.path ?? []).map(String).join('.') || '(event)';
    throw new LiveEventError(field, issue?.message ?? 'invalid', { cause: parsed.error });
  }
  return parsed.data;
}

/** Why an event changes nothing graded, or null when it may. */
export function irrelevance(event: CloudTrailEvent): string | null {
  if (event['detail-type'] !== CLOUDTRAIL_DETAIL_TYPE) return `detail-type ${event['detail-type']}`;
  const { eventName, readOnly, errorCode } = event.detail;
  // EventBridge leaves read-only calls out for an ENABLED rule; a local sender may not.
  if (readOnly === true || /^(Describe|Get|List|Head|Lookup)[A-Z]/.test(eventName)) return 'read-only call';
  // A refused or failed call changed nothing.
  if (errorCode) return `failed call (${errorCode})`;
  return null;
}

/** The trail and rule the student access template creates for live grading (infra/student-live-events.ts). */
export const LIVE_TRAIL_NAME = 'labgrader-live-events';
export const LIVE_RULE_LOGICAL_ID = 'LiveEventsRule';

/**
 * Whether this call may stop the account's forwarding: the student switches live grading off in
 * the access stack (`UpdateStack` with `LiveGrading=false`, or `DeleteStack` of a `labgrader-access…`
 * stack), or the template's rule or trail is disabled, deleted or stopped by hand. It is the last
 * event that can arrive before forwarding stops, so the grader stops trusting the account's
 * silence (change detection) until the next event shows it forwards again. Erring towards true
 * only costs schedule grades.
 */
export function endsForwarding(event: CloudTrailEvent): boolean {
  const { eventSource, eventName } = event.detail;
  const params = (event.detail.requestParameters ?? {}) as Record<string, unknown>;
  const named = (key: string, fragment: string) =>
    typeof params[key] === 'string' && (params[key] as string).includes(fragment);
  if (eventSource === 'events.amazonaws.com') {
    return ['DeleteRule', 'DisableRule', 'RemoveTargets'].includes(eventName) && named('name', LIVE_RULE_LOGICAL_ID);
  }
  if (eventSource === 'cloudtrail.amazonaws.com') {
    return ['StopLogging', 'DeleteTrail', 'PutEventSelectors'].includes(eventName) && named('name', LIVE_TRAIL_NAME);
  }
  if (eventSource === 'cloudformation.amazonaws.com') {
    if (eventName === 'DeleteStack') return named('stackName', 'labgrader-access');
    if (eventName === 'UpdateStack' && Array.isArray(params.parameters)) {
      return (params.parameters as Record<string, unknown>[]).some(
        (p) => p?.parameterKey === 'LiveGrading' && p.parameterValue === 'false',
      );
    }
  }
  return false;
}

function servicesOf(lab: Pick<LabManifest, 'sources'>): string[] {
  return [...new Set(lab.sources.map((s) => s.split('.')[0] as string))];
}

/** The labs (of `labs`) an event of this CloudTrail event source can change. */
export function labsAffectedBy(eventSource: string, labs: readonly LabManifest[] = LAB_MANIFESTS): string[] {
  return labs
    .filter((lab) => servicesOf(lab).some((p) => EVENT_SOURCE_OF_SOURCE_PREFIX[p] === eventSource))
    .map((lab) => lab.id);
}

/** What the grader knows of a student's event forwarding (kept on the roster entry). */
export interface LiveSignals {
  /** When the first forwarded event of the account arrived. */
  liveSince?: string;
  /** When the latest event from us-east-1 arrived (global services such as IAM emit only there). */
  liveGlobalAt?: string;
}

/**
 * Whether every change the lab grades reaches the grader as an event: the account forwards
 * events, each service the lab reads is forwarded, and events of global services have been seen
 * from us-east-1 (a student who builds elsewhere forwards none of them unless they also deploy
 * the template there).
 */
export function isLiveFor(lab: Pick<LabManifest, 'sources'>, signals: LiveSignals): boolean {
  if (!signals.liveSince || servicesNotFollowed(lab).length > 0) return false;
  for (const prefix of servicesOf(lab)) {
    const eventSource = EVENT_SOURCE_OF_SOURCE_PREFIX[prefix];
    if (eventSource && GLOBAL_EVENT_SOURCES.has(eventSource) && !signals.liveGlobalAt) return false;
  }
  return true;
}

/**
 * The services (source prefixes) a lab reads whose changes no forwarded event reports: not in
 * {@link EVENT_SOURCE_OF_SOURCE_PREFIX} and not unchanging. A lab reading one is never live; the
 * schedule regrades it (test/labs/contract.test.ts names each such service of a registered lab).
 */
export function servicesNotFollowed(lab: Pick<LabManifest, 'sources'>): string[] {
  return servicesOf(lab).filter((p) => !UNCHANGING_SOURCE_PREFIXES.has(p) && !EVENT_SOURCE_OF_SOURCE_PREFIX[p]);
}

/** The course's live-grading settings, defaults filled in. */
export interface LiveGradingSettings {
  /** Events of one student and lab within this many seconds after the first give one grade. */
  debounceSeconds: number;
  /** The schedule regrades an unchanged account at least this often. */
  safetyIntervalHours: number;
  /**
   * A grade counts as having seen a change only when it started this long after it: resources
   * created by one call become ready minutes later (a DB instance, a NAT gateway) without another.
   */
  settleMinutes: number;
  /** Regrade everyone at every tick, as without live grading. */
  fullRegrades: boolean;
}

export const liveGradingSchema = z.object({
  debounceSeconds: z.number().int().min(1).max(900).default(60),
  safetyIntervalHours: z
    .number()
    .min(1)
    .max(24 * 14)
    .default(24),
  settleMinutes: z.number().int().min(0).max(120).default(20),
  fullRegrades: z.boolean().default(false),
});

export function liveGradingSettings(course: { liveGrading?: Partial<LiveGradingSettings> }): LiveGradingSettings {
  return liveGradingSchema.parse(course.liveGrading ?? {});
}
