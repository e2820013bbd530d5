/**
 * The example inventories in examples/<lab>/ are the scenarios marked `example`, written out by
 * `npm run examples`; test/examples.test.ts proves the files on disk still match them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LABS } from '../../checks/labs/index.js';
import type { LabDefinition } from '../../checks/model.js';
import type { Scenario } from './scenario.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const EXAMPLES_DIR = join(ROOT, 'examples');

/** The scenario module of each lab that has one (test/scenarios/<lab>.ts). */
export async function scenarioModules(): Promise<{ lab: LabDefinition; scenarios: Scenario[] }[]> {
  const out: { lab: LabDefinition; scenarios: Scenario[] }[] = [];
  for (const lab of LABS) {
    const file = join(ROOT, 'test', 'scenarios', `${lab.id}.ts`);
    if (!existsSync(file)) continue;
    const mod = (await import(pathToFileURL(file).href)) as { scenarios?: Scenario[] };
    if (mod.scenarios) out.push({ lab, scenarios: mod.scenarios });
  }
  return out;
}

/** What an example file holds: the scenario's inventory as JSON (dates become ISO strings). */
export function exampleJson(scenario: Scenario): string {
  return `${JSON.stringify({ ...scenario.inventory, lab: scenario.inventory.lab }, null, 2)}\n`;
}

export function failingChecks(scenario: Scenario): string {
  const named = Object.entries(scenario.expected)
    .filter(([, s]) => s !== 'pass')
    .map(([id, s]) => `\`${id}\` ${s}`);
  if (scenario.others && scenario.others !== 'pass') {
    return [`all others ${scenario.others}`, ...named].join(', ');
  }
  return named.length ? named.join(', ') : 'none: every check passes';
}
