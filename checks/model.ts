/**
 * The grading model: labs are lists of checks; a check turns (inventory, parameters, the graded
 * target) into an outcome; the engine turns outcomes into a result document.
 */
import type * as z from 'zod';
import { builtOnce } from './built-once.js';
import type { Inventory, SourceKey, SourceTypes } from './inventory.js';

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
 * Joins clauses in both languages at once (`; ` by default), so a message is built from one list
 * of {@link Localized} clauses rather than parallel English and Korean arrays.
 */
export function joinText(items: readonly Localized[], separator = '; '): Localized {
  return { en: items.map((i) => i.en).join(separator), ko: items.map((i) => i.ko).join(separator) };
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
  /** What the resources behind a fail still cost (the cleanup report): an estimate. */
  cost?: CostEstimate;
}

/**
 * An estimated cost, in US dollars per day, of resources left running, from a price table (never
 * a bill). `unpriced` names the resources whose price is not known: they are not in `perDay`, and
 * the total is then a lower bound.
 */
export interface CostEstimate {
  perDay: number;
  unpriced: string[];
  /** What is left, one entry per resource, so a student can be shown the order to delete them in. */
  leftovers?: LeftoverItem[];
}

/** What kind of resource a leftover is (the cleanup report). */
export type LeftoverKind =
  | 'autoscaling-group'
  | 'instance'
  | 'load-balancer'
  | 'nat-gateway'
  | 'elastic-ip'
  | 'db-instance'
  | 'db-cluster'
  | 'volume';

/** One resource a check found left behind, as the result carries it. */
export interface LeftoverItem {
  id: string;
  /** Its Name tag or identifier, for people. */
  name?: string;
  kind: LeftoverKind;
  region: string;
  /** Estimated USD per day; absent when the price is unknown (an ASG itself costs nothing: 0). */
  perDay?: number;
  /**
   * Ids of leftovers to delete before this one, from how the account links them: the Auto Scaling
   * group before its instances, the read replicas before their primary, the NAT gateway (or
   * instance) before the Elastic IP it holds, the members before their Aurora cluster.
   */
  deleteAfter?: string[];
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

interface CheckBase {
  /** Stable id from labs.md, e.g. `vpc.public-subnets`, written out literally. Part of the contract. */
  id: string;
  title: Localized;
  points: number;
  /** Bonus points are not part of the lab's maximum score. */
  bonus?: boolean;
  /** Teaches the concept in the course's terms; shown with a fail. */
  hint: Localized;
}

/** A check that judges a target: skipped (with the lab's `noTarget` reason) when there is none. */
export interface TargetCheck<Target, Params> extends CheckBase {
  judgedWithoutTarget?: false;
  /**
   * Pure: reads only its arguments. Reading a source that failed throws SourceUnavailableError,
   * which the engine reports as `error`.
   */
  evaluate(target: Target, params: Params, inventory: Inventory): Outcome;
}

/**
 * A check that is judged even when the lab found nothing to grade (e.g. `vpc.exists` fails with
 * a message saying why): its target is `undefined` then.
 */
export interface TargetlessCheck<Target, Params> extends CheckBase {
  judgedWithoutTarget: true;
  evaluate(target: Target | undefined, params: Params, inventory: Inventory): Outcome;
}

/** One check: id, metadata, hint and evaluation live together. */
export type CheckDefinition<Target, Params> = TargetCheck<Target, Params> | TargetlessCheck<Target, Params>;

/**
 * Types a check of a lab (identity at run time). Bind a lab's types once and reuse the result:
 * `export const s3Check = defineCheck<S3Target, S3Params>;`. A check that sets
 * `judgedWithoutTarget: true` gets `target: T | undefined`; the others get `T`.
 */
export function defineCheck<Target, Params>(check: TargetlessCheck<Target, Params>): TargetlessCheck<Target, Params>;
export function defineCheck<Target, Params>(check: TargetCheck<Target, Params>): TargetCheck<Target, Params>;
export function defineCheck<Target, Params>(check: CheckDefinition<Target, Params>): CheckDefinition<Target, Params> {
  return check;
}

/** One thing the lab could be grading (a VPC, a database...), found without being told its id. */
export interface Candidate<Target> {
  /** The resource id that names the candidate in the result (e.g. the VPC id). */
  id: string;
  /** Its Name tag or identifier, for people. */
  name?: string;
  target: Target;
}

/** A lab's parameter schema: a zod object whose output is the parameters checks receive. */
export type ParamsSchema = z.ZodType<Record<string, unknown>>;

export interface LabDefinition<Target = any, Params extends Record<string, unknown> = any> {
  /** Short id used on the command line and in the API: `vpc`, `db`, `alb`... */
  id: string;
  title: Localized;
  /** Course module, for people. */
  module: string;
  /**
   * What every check id of the lab starts with (before the dot); the lab's id when omitted. The
   * load balancing lab judges two things and says so: `alb.*` and `asg.*`.
   */
  idPrefixes?: readonly string[];
  /** Defaults of every parameter; a course overrides them (validated by `paramsSchema`). */
  paramsSchema: z.ZodType<Params>;
  /**
   * Every source any check or the selection reads: exactly what the collectors fetch. In tests
   * and development the engine refuses a read of any other source (see source-guard.ts).
   */
  sources: readonly SourceKey[];
  /** What kind of resource a candidate is, for people ("VPC", "DB instance"). */
  targetKind: Localized;
  /**
   * The candidates, best guess first. An empty list means there is nothing to grade: the engine
   * then judges only the checks marked `judgedWithoutTarget` and skips the others.
   */
  candidates(inventory: Inventory, params: Params): Candidate<Target>[];
  /** Explains why there is no candidate (used when `candidates` is empty). */
  noTarget(inventory: Inventory, params: Params): Localized;
  checks: readonly CheckDefinition<Target, Params>[];
  /**
   * Sources the lab also needs from regions other than the graded one, and which regions: each
   * source is read once per region, in parallel with the rest. `regions` gets the parameters and
   * the graded region's data of the lab's own `sources` (undefined where a source failed), so a
   * region can come from the course (a parameter) or from what the account shows (a replica's
   * ARN). Checks read them with `readIn(inventory, region, key)`.
   */
  regional?: RegionalSources<Params>;
  /**
   * The lab estimates what the account still costs (the cleanup report): its fails carry the
   * cost of what is left, so a result without a cost and without an `error` check costs nothing.
   */
  estimatesCost?: true;
  /**
   * Parameters the lab takes from how the course tailors its other labs (lab id → the parameters
   * the course sets for it), under the course's own parameters for this lab: the cleanup report
   * reads the DB lab's replica region.
   */
  paramsFromCourse?(labs: Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>): Partial<Params>;
  /** The resource ids a grade of this target judged (for the result's `resources`). */
  resources?(target: Target, params: Params, inventory: Inventory): string[];
}

export interface RegionalSources<Params> {
  /** Read in each of the other regions. */
  sources: readonly SourceKey[];
  /**
   * Sources of the graded region that `regions` reads (they are among the lab's `sources`); the
   * other regions are read once these are in. A function of the parameters when a parameter can
   * make them unneeded (the DB lab's replica region named by the course is read at once).
   */
  needs?: readonly SourceKey[] | ((params: Params) => readonly SourceKey[]);
  /** The other regions to read, never the graded one (it is dropped if returned). */
  regions(params: Params, graded: { [K in SourceKey]?: SourceTypes[K] }, region: string): string[];
}

/**
 * Defines a lab; its parameters' type is inferred from `paramsSchema` (the schema's output, with
 * defaults filled in), and every check and selection function is typed by it.
 */
/**
 * What a lab is without how it grades: its id, names, parameters, the sources it reads (and
 * where) and how it takes parameters from the course. The service's scheduling and event paths
 * (dispatch, event intake, error messages) need only this, so they load no check code: each lab
 * folder keeps it in `manifest.ts`, listed in `checks/labs/manifests.ts`, and its `index.ts`
 * spreads it into the full definition.
 */
export type LabManifest<Params extends Record<string, unknown> = any> = Pick<
  LabDefinition<unknown, Params>,
  | 'id'
  | 'title'
  | 'module'
  | 'idPrefixes'
  | 'paramsSchema'
  | 'sources'
  | 'regional'
  | 'estimatesCost'
  | 'paramsFromCourse'
>;

/**
 * Defines a lab's manifest. Its parameters come as `params`, a function giving the schema, built
 * once (`builtOnce` in checks/built-once.ts): the manifest's `paramsSchema` builds it on first
 * read, so a handler that imports every manifest for their ids and sources builds the parameters
 * of no lab it does not grade. The parameters' type is inferred from the schema, as in
 * {@link defineLab}; a lab's `index.ts` spreads its manifest, which builds that lab's schema.
 */
export function defineManifest<Schema extends ParamsSchema>(
  manifest: Omit<LabManifest<z.output<Schema>>, 'paramsSchema'> & { params: () => Schema },
): Omit<LabManifest<z.output<Schema>>, 'paramsSchema'> & { readonly paramsSchema: Schema } {
  const { params, ...rest } = manifest;
  // Wrapped again so that a builder written without builtOnce still gives one schema.
  return Object.defineProperty(rest, 'paramsSchema', { get: builtOnce(params), enumerable: true }) as typeof rest & {
    readonly paramsSchema: Schema;
  };
}

export function defineLab<Schema extends ParamsSchema, Target>(
  lab: Omit<LabDefinition<Target, z.output<Schema>>, 'paramsSchema'> & { paramsSchema: Schema },
): LabDefinition<Target, z.output<Schema>> {
  return lab as unknown as LabDefinition<Target, z.output<Schema>>;
}

/**
 * How a course tailors a lab: parameter values, points, switched-off checks. A course stores it
 * with each of its labs (functions/store/records.ts `CourseLab`); checks/tailoring.ts validates it.
 */
export interface Tailoring {
  params?: Record<string, unknown>;
  /** Check id → points, replacing the lab's default points. */
  points?: Record<string, number>;
  /** Check ids the course switched off: reported as `skip`. */
  disabled?: string[];
}

/** What one grade of a lab is run with: the course's tailoring, and the language of its messages. */
export interface LabOptions extends Tailoring {
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
  /** Estimated cost of what the check found left behind, USD (the cleanup report). */
  cost?: CostSummary;
}

/** An estimate in US dollars: per day, per (30-day) month, and how many resources had no price. */
export interface CostSummary {
  perDay: number;
  perMonth: number;
  /** Resources whose price is unknown (not counted): the figures are then a lower bound. */
  unpriced: string[];
  /** A check's leftovers, one per resource (not in the result's total). */
  leftovers?: LeftoverItem[];
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
  /** The estimated cost of everything the checks found left behind (the cleanup report), USD. */
  cost?: CostSummary;
  /** Sources that could not be read, with the AWS error code. */
  sourceErrors: { source: string; code: string; message: string }[];
}

/** What started a grade; `regrade` replays a stored inventory with a newer grader. */
export type Trigger = 'schedule' | 'api' | 'event' | 'cli' | 'regrade';

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
