/**
 * Table-driven lab tests: a scenario is an inventory (a recorded-shape account) and the status
 * each named check must get. Checks a scenario does not name must get what the lab's `complete`
 * scenario gets for them... unless the scenario says otherwise, so a mistake breaks only the checks
 * it should break.
 */
import { expect, it } from 'vitest';
import { evaluateLab } from '../../checks/engine.js';
import type { Inventory } from '../../checks/inventory.js';
import type { Evaluation, LabDefinition, LabOptions, Status } from '../../checks/model.js';

export interface Scenario {
  /** kebab-case; scenarios with `example: true` are written to examples/<lab>/<name>.json. */
  name: string;
  /** What the student did, in a sentence (goes into the example's README table). */
  description: string;
  inventory: Inventory;
  options?: LabOptions;
  /** Check id → expected status. Unnamed checks must pass (or, for `skipOthers`, be skip). */
  expected: Record<string, Status>;
  /** Unnamed checks are expected to have this status instead of `pass`. */
  others?: Status;
  example?: boolean;
  /** Extra assertions on the evaluation (target chosen, message wording...). */
  assert?: (evaluation: Evaluation) => void;
}

/**
 * Grades one scenario and asserts every check's status (and the scenario's own assertions); on a
 * mismatch the diff shows each check's status and message. `where` prefixes the failure messages
 * (the contract test names the marking sheet and the scenario).
 */
export function expectScenario(lab: LabDefinition, scenario: Scenario, where = ''): void {
  const label = (text: string) => (where ? `${where}: ${text}` : text);
  const evaluation = evaluateLab(lab, scenario.inventory, scenario.options ?? {});
  const actual = Object.fromEntries(evaluation.checks.map((c) => [c.id, `${c.status}: ${c.message}`]));
  const wanted = Object.fromEntries(
    evaluation.checks.map((c) => [c.id, scenario.expected[c.id] ?? scenario.others ?? 'pass']),
  );
  for (const id of Object.keys(scenario.expected)) {
    expect(
      lab.checks.map((c) => c.id),
      label(`scenario names unknown check ${id}`),
    ).toContain(id);
  }
  const got = Object.fromEntries(Object.entries(actual).map(([id, s]) => [id, s.split(':')[0]]));
  // On mismatch the diff shows each check's status and message.
  if (JSON.stringify(got) !== JSON.stringify(wanted)) {
    expect(actual, where || undefined).toEqual(
      Object.fromEntries(Object.entries(wanted).map(([id, s]) => [id, `${s}: …`])),
    );
  }
  scenario.assert?.(evaluation);
}

/** One `it` per scenario: every check's status, with the messages in the failure report. */
export function describeScenarios(lab: LabDefinition, scenarios: Scenario[]): void {
  for (const scenario of scenarios) {
    it(`${scenario.name}: ${scenario.description}`, () => expectScenario(lab, scenario));
  }
}

/** A check's message in the graded result must mention every one of `words`. */
export function says(id: string, ...words: string[]): (e: Evaluation) => void {
  return (e) => {
    const check = e.checks.find((c) => c.id === id);
    for (const w of words) {
      if (!check?.message.includes(w)) throw new Error(`${id} message "${check?.message}" does not say "${w}"`);
    }
  };
}

/** Several assertions on one evaluation. */
export function all(...asserts: ((e: Evaluation) => void)[]): (e: Evaluation) => void {
  return (e) => {
    for (const a of asserts) a(e);
  };
}
