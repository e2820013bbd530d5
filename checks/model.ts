/**
 * The grading model: labs are lists of checks; a check turns (inventory, parameters, the graded
 * target) into an outcome; the engine turns outcomes into a result document.
 */
import type { z } from 'zod';
import type { Inventory, SourceKey } from './inventory.js';

export type Lang = 'ko' | 'en';
export const LANGS: readonly Lang[] = ['ko', 'en'];

/** A text in both languages of the course. */
export interface Localized {
  ko: string;
  en: string;
}

/** Builds a {@link Localized} text. */
export function text(en: string, ko: string): Localized {
  return { en, ko };
}

/**
 * `pass`/`fail` judge the student. `error` means the grader could not tell (access denied,
 * throttled, unavailable) and is never the student's fault. `skip` means the check does not apply
 * and says why.
 */
export type Status = 'pass' | 'fail' | 'error' | 'skip';
export const STATUSES: readonly Status[] = ['pass', 'fail', 'error', 'skip'];

/** What a check's evaluation returns. */
export interface Outcome {
  status: Status;
  /** Expected vs actual, naming the resource ids. */
  message: Localized;
  /** The resource ids the verdict is based on. */
  evidence: string[];
  /** Partial credit for a fail, between 0 and the check's points. A pass earns the full points. */
  earned?: number;
  /** Replaces the check's general hint when the failure calls for a more specific one. */
  hint?: Localized;
  /** An AWS error code, for `error` outcomes. */
  errorCode?: string;
}

export function pass(message: Localized, evidence: string[] = []): Outcome {
  return { status: 'pass', message, evidence };
}
export function fail(message: Localized, evidence: string[] = [], extra: Partial<Outcome> = {}): Outcome {
  return { status: 'fail', message, evidence, ...extra };
}
export function skip(message: Localized, evidence: string[] = []): Outcome {
  return { status: 'skip', message, evidence };
}
export function errorOutcome(message: Localized, errorCode: string, evidence: string[] = []): Outcome {
  return { status: 'error', message, evidence, errorCode };
}

/** One check: id, metadata, hint and evaluation live together. */
export interface CheckDefinition<Target, Params> {
  /** Stable id from labs.md, e.g. `vpc.public-subnets`. Part of the contract. */
  id: string;
  title: Localized;
  points: number;
  /** Bonus points are not part of the lab's maximum score. */
  bonus?: boolean;
  /** Teaches the concept in the course's terms; shown with a fail. */
  hint: Localized;
  /**
   * Pure: reads only its arguments. Reading a source that failed throws SourceUnavailableError,
   * which the engine reports as `error`.
   */
  evaluate(target: Target, params: Params, inventory: Inventory): Outcome;
}

/** One thing the lab could be grading (a VPC, a database...), found without being told its id. */
export interface Candidate<Target> {
  /** The resource id that names the candidate in the result (e.g. the VPC id). */
  id: string;
  /** Its Name tag or identifier, for people. */
  name?: string;
  target: Target;
}

export interface LabDefinition<Target = any, Params extends Record<string, unknown> = any> {
  /** Short id used on the command line and in the API: `vpc`, `db`, `alb`... */
  id: string;
  title: Localized;
  /** Course module, for people. */
  module: string;
  /** Defaults of every parameter; a course overrides them (validated by `paramsSchema`). */
  paramsSchema: z.ZodType<Params>;
  /** Every source any check or the selection reads: exactly what the collectors fetch. */
  sources: readonly SourceKey[];
  /** What kind of resource a candidate is, for people ("VPC", "DB instance"). */
  targetKind: Localized;
  /**
   * The candidates, best guess first. An empty list means there is nothing to grade: the engine
   * then reports `noTarget` for the checks that cannot be judged without one.
   */
  candidates(inventory: Inventory, params: Params): Candidate<Target>[];
  /** Explains why there is no candidate (used when `candidates` is empty). */
  noTarget(inventory: Inventory, params: Params): Localized;
  /**
   * Checks that can be judged without a target (e.g. `vpc.exists` fails with a message) get
   * `undefined`; the others are skipped when there is no candidate.
   */
  checks: readonly CheckDefinition<Target, Params>[];
  /** Checks listed here are evaluated even with no candidate (their target is `undefined`). */
  judgedWithoutTarget?: readonly string[];
  /** The resource ids a grade of this target judged (for the result's `resources`). */
  resources?(target: Target, params: Params, inventory: Inventory): string[];
}

/** How a course tailors a lab: parameter values, points, switched-off checks. */
export interface LabOptions {
  params?: Record<string, unknown>;
  /** Check id → points, replacing the lab's default points. */
  points?: Record<string, number>;
  /** Check ids the course switched off: reported as `skip`. */
  disabled?: string[];
  lang?: Lang;
}

/** One check in a result document. */
export interface CheckResult {
  id: string;
  title: string;
  status: Status;
  points: number;
  earned: number;
  bonus?: boolean;
  message: string;
  hint?: string;
  evidence: string[];
  errorCode?: string;
}

export interface CandidateSummary {
  id: string;
  name?: string;
  score: number;
  passed: number;
}

/** What the pure engine produces; the grading service adds who, when and how (GradeResult). */
export interface Evaluation {
  lab: string;
  labTitle: string;
  lang: Lang;
  region: string;
  accountId?: string;
  /** The graded target (its kind and id), or null when nothing could be graded. */
  target: { kind: string; id: string; name?: string } | null;
  /** Every candidate considered, best first, so an instructor sees why one was chosen. */
  candidates: CandidateSummary[];
  /** The resource ids judged by this grade. */
  resources: string[];
  score: number;
  maxScore: number;
  /** Points earned from bonus checks (included in `score`, not in `maxScore`). */
  bonusScore: number;
  counts: Record<Status, number>;
  checks: CheckResult[];
  /** Sources that could not be read, with the AWS error code. */
  sourceErrors: { source: string; code: string; message: string }[];
}

export type Trigger = 'schedule' | 'api' | 'event' | 'cli';

/** The result document: stored, returned by the API, printed by `labgrader grade --json`. */
export interface GradeResult extends Evaluation {
  schemaVersion: 1;
  studentId?: string;
  courseId?: string;
  trigger: Trigger;
  /** ISO 8601. */
  startedAt: string;
  finishedAt: string;
  timing: { collectMs: number; evaluateMs: number; totalMs: number };
  inventoryCollectedAt: string;
  graderVersion: string;
}
