/**
 * Overrides: an instructor replaces the grader's verdict on one check of one registration (a
 * student with an AWS account, as attempts and standings are keyed) with status, points and a
 * mandatory reason. The attempts keep the grader's verdicts; every score computed
 * from them (the standing: latest result, best, counted) applies the student's overrides, and the
 * shown result carries both verdicts side by side. Each change is kept in an audit trail (who,
 * when, why), and a regrade recomputes with the overrides still in force.
 */
import * as z from 'zod';
import type { CheckResult, Status } from '../../checks/model.js';
import { countsFor, type GradeStore } from '../store/grade-store.js';
import type { Course, OverriddenCheck, Override, OverrideEvent, StoredResult } from '../store/records.js';
import { StudentNotFoundError } from './course-errors.js';
import { courseById, courseLabDefinition } from './enrolment.js';
import { plainText, RegistrationError } from './input.js';

/** Why an instructor sets or removes an override: required, a line or a few. */
export const reasonSchema = plainText(500).trim().min(1, 'a reason is required');

/** What an instructor sends to override a check. */
export const overrideInputSchema = z.strictObject({
  status: z.enum(['pass', 'fail', 'skip']),
  /** Points earned; default: the check's points for `pass`, 0 otherwise. */
  points: z.number().int().min(0).max(1000).optional(),
  reason: reasonSchema,
});

/**
 * A result as it counts: each overridden check takes the instructor's verdict, the grader's beside
 * it; but not a check the course has switched off (`disabled`) since the override was set, which
 * is outside the course's maximum score.
 */
export function applyOverrides(
  result: StoredResult,
  overrides: readonly Override[],
  disabled: readonly string[] = [],
): StoredResult {
  const mine = new Map(overrides.filter((o) => !disabled.includes(o.checkId)).map((o) => [o.checkId, o]));
  if (!result.checks.some((c) => mine.has(c.id))) return result;
  let score = 0;
  let bonusScore = 0;
  const counts: Record<Status, number> = { pass: 0, fail: 0, error: 0, skip: 0 };
  const checks = result.checks.map((c): CheckResult => {
    const o = mine.get(c.id);
    // No more than the check is worth in this result: the course may have lowered its points since.
    const earned = o ? Math.min(o.earned, c.points) : c.earned;
    const shown: CheckResult & Partial<OverriddenCheck> = o
      ? {
          ...c,
          status: o.status,
          earned,
          override: { status: o.status, earned, reason: o.reason, by: o.by, at: o.at },
          grader: { status: c.status, earned: c.earned },
        }
      : c;
    score += shown.earned;
    if (c.bonus) bonusScore += shown.earned;
    counts[shown.status] += 1;
    return shown;
  });
  const round = (n: number) => Math.round(n * 100) / 100;
  return { ...result, checks, counts, score: round(score), bonusScore: round(bonusScore) };
}

/** The checks of a lab the course has switched off: its overrides on them do not count. */
export function switchedOff(course: Course, lab: string): readonly string[] {
  return course.labs.find((l) => l.lab === lab)?.disabled ?? [];
}

/**
 * The overrides in force in a lab: those of each roster student's current registration, on checks
 * the course has not switched off.
 */
export async function overridesInForce(store: GradeStore, course: Course, lab: string): Promise<Override[]> {
  const { courseId } = course;
  const [overrides, roster] = await Promise.all([store.listOverrides(courseId, lab), store.listRoster(courseId)]);
  const accountOf = new Map(roster.map((e) => [e.studentId, e.accountId]));
  const off = switchedOff(course, lab);
  return overrides.filter((o) => {
    const accountId = accountOf.get(o.studentId);
    return accountId !== undefined && countsFor(o, accountId) && !off.includes(o.checkId);
  });
}

/** Sets or removes an override (audited); returns the audit event. Recounting the standing is the caller's. */
export async function changeOverride(
  store: GradeStore,
  target: { courseId: string; lab: string; studentId: string; checkId: string },
  change: { action: 'set'; input: unknown } | { action: 'removed'; reason: unknown },
  who: string,
  now: Date,
): Promise<OverrideEvent> {
  const course = await courseById(store, target.courseId);
  const lab = await courseLabDefinition(course, target.lab);
  const check = lab.checks.find((c) => c.id === target.checkId);
  if (!check) throw new RegistrationError('checkId', `lab ${lab.id} has no check ${target.checkId}`);
  const tailoring = course.labs.find((l) => l.lab === lab.id);
  // A switched-off check is outside the course's maximum score: points for it would exceed it.
  if (change.action === 'set' && tailoring?.disabled?.includes(check.id)) {
    throw new RegistrationError('checkId', `check ${check.id} is switched off in course ${course.courseId}`);
  }
  const entry = await store.getRosterEntry(course.courseId, target.studentId);
  if (!entry) throw new StudentNotFoundError(course.courseId, target.studentId);
  const points = tailoring?.points?.[check.id] ?? check.points;
  // The override judges the student's current registration: their account's resources.
  const base = {
    courseId: course.courseId,
    lab: lab.id,
    studentId: entry.studentId,
    accountId: entry.accountId,
    checkId: check.id,
    by: who,
  };
  let event: OverrideEvent;
  if (change.action === 'set') {
    const parsed = overrideInputSchema.safeParse(change.input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new RegistrationError(issue?.path.join('.') || '(body)', issue?.message ?? 'invalid', {
        cause: parsed.error,
      });
    }
    const earned = parsed.data.points ?? (parsed.data.status === 'pass' ? points : 0);
    // A bonus check is worth its points too: they add beyond the maximum score, never without bound.
    if (earned > points) {
      throw new RegistrationError('points', `check ${check.id} is worth at most ${points} points in this course`);
    }
    event = {
      ...base,
      action: 'set',
      status: parsed.data.status,
      earned,
      reason: parsed.data.reason,
      at: now.toISOString(),
    };
  } else {
    const reason = reasonSchema.safeParse(change.reason);
    if (!reason.success) throw new RegistrationError('reason', reason.error.issues[0]?.message ?? 'required');
    const current = (await store.listOverrides(course.courseId, lab.id, entry)).find((o) => o.checkId === check.id);
    if (!current) throw new RegistrationError('checkId', `no override of ${check.id} for ${target.studentId}`);
    event = { ...current, ...base, action: 'removed', reason: reason.data, at: now.toISOString() };
  }
  await store.writeOverride(event);
  return event;
}
