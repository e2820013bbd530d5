/**
 * The engine: runs a lab's checks on an inventory, picks the candidate the student most likely
 * built for the lab, and produces the (pure, clock-free) evaluation.
 */
import { type Inventory, SourceUnavailableError } from './inventory.js';
import {
  type Candidate,
  type CandidateSummary,
  type CheckDefinition,
  type CheckResult,
  type CostSummary,
  type Evaluation,
  type LabDefinition,
  type LabOptions,
  type Lang,
  type Localized,
  type Outcome,
  STATUSES,
  type Status,
  text,
} from './model.js';
import { guardedInventory, UndeclaredSourceError } from './source-guard.js';
import { describeZodError } from './zod-field.js';

/** The course's lab parameters do not fit the lab (names the offending parameter). */
export class LabParamsError extends Error {
  override name = 'LabParamsError';
}

/** Validates a course's parameters for a lab and fills in the defaults. */
export function resolveParams<P extends Record<string, unknown>>(lab: LabDefinition<unknown, P>, params: unknown): P {
  const parsed = lab.paramsSchema.safeParse(params ?? {});
  if (!parsed.success) {
    throw new LabParamsError(`lab ${lab.id}: parameter ${describeZodError(parsed.error, { whole: '(parameters)' })}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/**
 * Runs one check, turning the grader's own failures into `error` (never a student's fail). A
 * check without a target is judged only when it says it can be (`judgedWithoutTarget`).
 */
function runCheck<T, P>(check: CheckDefinition<T, P>, target: T | undefined, params: P, inventory: Inventory): Outcome {
  try {
    if (check.judgedWithoutTarget) return check.evaluate(target, params, inventory);
    return check.evaluate(target as T, params, inventory);
  } catch (err) {
    // A lab reading a source it does not list is a bug to fix, not an outcome to report.
    if (err instanceof UndeclaredSourceError) throw err;
    if (err instanceof SourceUnavailableError) {
      return {
        status: 'error',
        message: text(
          `Could not read ${err.source} (${err.code}); this check was not judged.`,
          `${err.source}을(를) 읽을 수 없어(${err.code}) 이 항목은 판정하지 못했습니다.`,
        ),
        evidence: [],
        errorCode: err.code,
      };
    }
    const detail = err instanceof Error ? err.message : String(err);
    return {
      status: 'error',
      message: text(`The grader failed on this check: ${detail}`, `채점기가 이 항목을 처리하지 못했습니다: ${detail}`),
      evidence: [],
      errorCode: 'GraderError',
    };
  }
}

/**
 * One candidate's grade. Only the reported candidate's outcomes become the result's checks
 * (`resultsOf`): the others need only their score and passed count, for the ranking and the
 * candidate summaries, so their results (titles, messages, hints, evidence) are never built.
 */
interface Scored {
  candidate: Candidate<unknown> | undefined;
  outcomes: Outcome[];
  /** Each check's points for this course, in check order. */
  points: number[];
  score: number;
  bonusScore: number;
  maxScore: number;
  passed: number;
}

/** What a check's outcome earns (the result's `earned`). */
function earnedOf(outcome: Outcome, points: number): number {
  return outcome.status === 'pass' ? points : outcome.status === 'fail' ? clamp(outcome.earned ?? 0, 0, points) : 0;
}

function toResult(check: CheckDefinition<any, any>, outcome: Outcome, points: number, lang: Lang): CheckResult {
  const earned = earnedOf(outcome, points);
  const result: CheckResult = {
    id: check.id,
    title: check.title[lang],
    status: outcome.status,
    points,
    earned,
    message: outcome.message[lang],
    evidence: [...new Set(outcome.evidence)],
  };
  if (check.bonus) result.bonus = true;
  if (outcome.status === 'fail') result.hint = (outcome.hint ?? check.hint)[lang];
  if (outcome.errorCode) result.errorCode = outcome.errorCode;
  if (outcome.cost && outcome.status === 'fail') {
    result.cost = costSummary(outcome.cost.perDay, outcome.cost.unpriced);
    if (outcome.cost.leftovers?.length) result.cost.leftovers = outcome.cost.leftovers;
  }
  return result;
}

/** Cents are the precision of an estimate. */
function costSummary(perDay: number, unpriced: readonly string[]): CostSummary {
  return { perDay: cents(perDay), perMonth: cents(perDay * 30), unpriced: [...unpriced] };
}

function cents(n: number): number {
  return Math.round(n * 100) / 100;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

function scoreCandidate(
  lab: LabDefinition,
  candidate: Candidate<unknown> | undefined,
  params: Record<string, unknown>,
  inventory: Inventory,
  options: LabOptions,
  noTarget: Localized | undefined,
): Scored {
  const disabled = new Set(options.disabled ?? []);
  const outcomes: Outcome[] = [];
  const points: number[] = [];
  let score = 0;
  let bonusScore = 0;
  let maxScore = 0;
  let passed = 0;
  for (const check of lab.checks) {
    const checkPoints = options.points?.[check.id] ?? check.points;
    let outcome: Outcome;
    if (disabled.has(check.id)) {
      outcome = {
        status: 'skip',
        message: text('Switched off for this course.', '이 과정에서는 채점하지 않는 항목입니다.'),
        evidence: [],
      };
    } else if (candidate === undefined && !check.judgedWithoutTarget) {
      outcome = {
        status: 'skip',
        message: noTarget ?? text('Nothing to grade.', '채점할 대상이 없습니다.'),
        evidence: [],
      };
    } else {
      outcome = runCheck(check, candidate?.target, params, inventory);
    }
    outcomes.push(outcome);
    points.push(checkPoints);
    const earned = earnedOf(outcome, checkPoints);
    if (!disabled.has(check.id) && !check.bonus) maxScore += checkPoints;
    if (check.bonus) bonusScore += earned;
    score += earned;
    if (outcome.status === 'pass') passed += 1;
  }
  return { candidate, outcomes, points, score, bonusScore, maxScore, passed };
}

/** The reported candidate's check results, in check order. */
function resultsOf(lab: LabDefinition, scored: Scored, lang: Lang): CheckResult[] {
  return lab.checks.map((check, i) => toResult(check, scored.outcomes[i] as Outcome, scored.points[i] as number, lang));
}

/**
 * Grades an inventory against a lab. Pure: same inventory and options, same evaluation.
 *
 * When several candidates exist (leftover VPCs, several databases), each is graded and the one
 * with the highest score (then most passing checks, then the lab's own order) is reported, with
 * the others listed in `candidates`.
 */
export function evaluateLab(lab: LabDefinition, collected: Inventory, options: LabOptions = {}): Evaluation {
  // What the lab's code reads: in tests and development, only the sources the lab lists.
  const inventory = guardedInventory(collected, lab);
  const lang = options.lang ?? 'en';
  const params = resolveParams(lab, options.params);
  for (const id of [...Object.keys(options.points ?? {}), ...(options.disabled ?? [])]) {
    if (!lab.checks.some((c) => c.id === id)) throw new LabParamsError(`lab ${lab.id}: unknown check id ${id}`);
  }

  let candidates: Candidate<unknown>[];
  let best: Scored;
  const summaries: CandidateSummary[] = [];
  try {
    candidates = lab.candidates(inventory, params);
  } catch (err) {
    if (!(err instanceof SourceUnavailableError)) throw err;
    // The lab's resources cannot even be listed: every check that needs them is an error.
    const failed: Outcome = {
      status: 'error',
      message: text(
        `Could not read ${err.source} (${err.code}), so the lab's ${lab.targetKind.en} could not be found.`,
        `${err.source}을(를) 읽을 수 없어(${err.code}) 실습 대상(${lab.targetKind.ko})을 찾지 못했습니다.`,
      ),
      evidence: [],
      errorCode: err.code,
    };
    const stub: LabDefinition = {
      ...lab,
      checks: lab.checks.map((c) => ({ ...c, judgedWithoutTarget: true, evaluate: () => failed })),
    };
    best = scoreCandidate(stub, undefined, params, inventory, options, undefined);
    return finish(lab, collected, inventory, lang, best, resultsOf(stub, best, lang), summaries, params);
  }

  if (candidates.length === 0) {
    best = scoreCandidate(lab, undefined, params, inventory, options, lab.noTarget(inventory, params));
  } else {
    const scored = candidates.map((c) => scoreCandidate(lab, c, params, inventory, options, undefined));
    const order = scored
      .map((s, index) => ({ s, index }))
      .sort((a, b) => b.s.score - a.s.score || b.s.passed - a.s.passed || a.index - b.index);
    for (const { s } of order) {
      const summary: CandidateSummary = { id: s.candidate?.id ?? '', score: s.score, passed: s.passed };
      if (s.candidate?.name) summary.name = s.candidate.name;
      summaries.push(summary);
    }
    best = (order[0] as { s: Scored }).s;
  }
  return finish(lab, collected, inventory, lang, best, resultsOf(lab, best, lang), summaries, params);
}

function finish(
  lab: LabDefinition,
  collected: Inventory,
  inventory: Inventory,
  lang: Lang,
  best: Scored,
  checks: CheckResult[],
  candidates: CandidateSummary[],
  params: Record<string, unknown>,
): Evaluation {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const c of checks) counts[c.status] += 1;
  const candidate = best.candidate;
  const resources = new Set<string>();
  if (candidate) {
    resources.add(candidate.id);
    try {
      for (const id of lab.resources?.(candidate.target, params, inventory) ?? []) resources.add(id);
    } catch (err) {
      if (!(err instanceof SourceUnavailableError)) throw err;
    }
  }
  for (const c of checks) for (const e of c.evidence) resources.add(e);
  const sourceErrors = Object.entries(collected.sources)
    .filter(([, s]) => s?.error)
    .map(([source, s]) => ({ source, code: s?.error?.code ?? '', message: s?.error?.message ?? '' }));
  for (const [region, other] of Object.entries(collected.regions ?? {})) {
    for (const [key, s] of Object.entries(other.sources)) {
      if (s?.error) sourceErrors.push({ source: `${key} in ${region}`, code: s.error.code, message: s.error.message });
    }
  }
  const evaluation: Evaluation = {
    lab: lab.id,
    labTitle: lab.title[lang],
    lang,
    region: collected.region,
    target: candidate
      ? { kind: lab.targetKind.en, id: candidate.id, ...(candidate.name ? { name: candidate.name } : {}) }
      : null,
    candidates,
    resources: [...resources],
    score: round(best.score),
    maxScore: round(best.maxScore),
    bonusScore: round(best.bonusScore),
    counts,
    checks,
    sourceErrors,
  };
  const costs = checks.filter((c) => c.cost);
  if (costs.length > 0) {
    evaluation.cost = costSummary(
      costs.reduce((sum, c) => sum + (c.cost?.perDay ?? 0), 0),
      costs.flatMap((c) => c.cost?.unpriced ?? []),
    );
  }
  if (collected.accountId) evaluation.accountId = collected.accountId;
  return evaluation;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
