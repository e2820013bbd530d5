/**
 * A class-wide schedule meets throttling (IAM's limits are per account and low). Through the SDK's
 * real client stack (its error parsing, retry strategy and quota), with 30 % of the calls answered
 * by the service's own throttling error, every lab's complete account must grade exactly as it
 * does offline: no `error`, no other verdict, within the grade's budget.
 */
import { describe, expect, it } from 'vitest';
import { completeScenario } from '../../bench/scenarios.js';
import { throttledAws } from '../../bench/throttled-aws.js';
import { LABS } from '../../checks/labs/index.js';
import { grade } from '../../functions/grade.js';
import { RETRY, retryDelayMs } from '../../functions/inventory/clients.js';
import { STUB_CREDENTIALS } from '../support/aws-http-stub.js';

const BUDGET_MS = 20_000;
const SEEDS = [1, 2, 3, 4];

describe('throttling: 30 % of calls throttled, every lab still grades as offline', () => {
  it.each(LABS.map((lab) => [lab.id, lab] as const))(
    '%s',
    async (_id, lab) => {
      const scenario = await completeScenario(lab);
      if (typeof scenario === 'string') throw new Error(scenario);
      const offline = (
        await grade({
          lab,
          region: scenario.inventory.region,
          inventory: scenario.inventory,
          options: scenario.options,
          trigger: 'cli',
        })
      ).result;
      const expected = offline.checks.map((c) => `${c.id} ${c.status}`);
      expect(expected.some((line) => line.endsWith(' error'))).toBe(false);

      for (const seed of SEEDS) {
        const fake = throttledAws(scenario.inventory, { rate: 0.3, seed });
        try {
          const { result } = await grade({
            lab,
            region: scenario.inventory.region,
            credentials: STUB_CREDENTIALS,
            options: scenario.options,
            trigger: 'cli',
            clientConfig: fake.clientConfig,
            budgetMs: BUDGET_MS,
          });
          expect([...fake.unanswered], 'calls the fake cannot answer').toEqual([]);
          expect(fake.throttled, 'throttled attempts').toBeGreaterThan(0);
          expect(
            result.checks.map((c) => `${c.id} ${c.status}`),
            `seed ${seed}: ${result.checks
              .filter((c) => c.status === 'error')
              .map((c) => c.message)
              .join(' | ')}`,
          ).toEqual(expected);
          expect(result.score).toBe(offline.score);
        } finally {
          fake.restore();
        }
      }
    },
    120_000,
  );

  it('waits with full jitter, growing from 200 ms and never over 3 s per retry', () => {
    expect(RETRY.maxAttempts).toBeGreaterThanOrEqual(8);
    expect([1, 2, 3, 4, 5, 9].map((attempt) => retryDelayMs(attempt, () => 0.999))).toEqual([
      199, 399, 799, 1598, 2997, 2997,
    ]);
    expect(retryDelayMs(3, () => 0)).toBe(0);
  });
});
