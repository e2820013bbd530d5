/**
 * Figure 7: grading under throttling. Every lab's complete account, graded through the SDK's real
 * client stack with 30 % of the attempts answered by the service's own throttling error and every
 * call taking the parallelism figure's latency, several seeded runs each: how long a grade takes,
 * how many checks came out `error` or with another verdict than offline. Once with the grader's
 * retry strategy (functions/inventory/clients.ts), once with the SDK's adaptive mode it replaced.
 */
import { evaluateLab } from '../checks/engine.js';
import type { LabDefinition } from '../checks/model.js';
import { grade } from '../functions/grade.js';
import type { CompleteScenario } from './scenarios.js';
import { median } from './stats.js';
import { throttledAws } from './throttled-aws.js';

export const THROTTLE_RATE = 0.3;
export const THROTTLE_RUNS = 5;
/** The local service's and the worker's budget for one collection. */
const BUDGET_MS = 20_000;
const CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

export type RetryPolicy = 'grader' | 'sdk-adaptive';

export interface ThrottlingFigure {
  lab: string;
  policy: RetryPolicy;
  runs: number;
  medianMs: number;
  maxMs: number;
  /** Attempts sent and throttled, summed over the runs. */
  attempts: number;
  throttled: number;
  /** Checks graded `error`, and checks with another status than offline, summed over the runs. */
  errors: number;
  wrong: number;
  unanswered: string[];
}

export async function measureThrottling(
  lab: LabDefinition,
  scenario: CompleteScenario,
  policy: RetryPolicy,
  latencyMs: number,
): Promise<ThrottlingFigure> {
  const offline = evaluateLab(lab, scenario.inventory, scenario.options).checks.map((c) => c.status);
  const figure: ThrottlingFigure = {
    lab: lab.id,
    policy,
    runs: THROTTLE_RUNS,
    medianMs: 0,
    maxMs: 0,
    attempts: 0,
    throttled: 0,
    errors: 0,
    wrong: 0,
    unanswered: [],
  };
  const times: number[] = [];
  for (let seed = 1; seed <= THROTTLE_RUNS; seed++) {
    const fake = throttledAws(scenario.inventory, { rate: THROTTLE_RATE, seed, latencyMs });
    // The SDK's own adaptive mode (5 attempts), as the grader used before: no explicit strategy.
    const sdkAdaptive = { retryStrategy: undefined, retryMode: 'adaptive', maxAttempts: 5 };
    const t0 = performance.now();
    try {
      const { result } = await grade({
        lab,
        region: scenario.inventory.region,
        credentials: CREDENTIALS,
        options: scenario.options,
        trigger: 'cli',
        budgetMs: BUDGET_MS,
        clientConfig: { ...(policy === 'sdk-adaptive' ? sdkAdaptive : {}), ...fake.clientConfig },
      });
      times.push(performance.now() - t0);
      figure.errors += result.checks.filter((c) => c.status === 'error').length;
      figure.wrong += result.checks.filter((c, i) => c.status !== offline[i]).length;
    } finally {
      fake.restore();
    }
    figure.attempts += fake.attempts;
    figure.throttled += fake.throttled;
    figure.unanswered.push(...[...fake.unanswered].filter((u) => !figure.unanswered.includes(u)));
  }
  figure.medianMs = median(times);
  figure.maxMs = Math.max(...times);
  return figure;
}
