/**
 * Each lab's complete scenario (test/scenarios/<lab>.ts, the scenario named `complete`): the
 * finished lab every benchmark grades, so the figures follow the labs without a list to keep.
 */
import type { Inventory } from '../checks/inventory.js';
import type { LabDefinition, LabOptions } from '../checks/model.js';

export interface CompleteScenario {
  inventory: Inventory;
  options: LabOptions;
}

/** The lab's complete scenario, or why there is none. */
export async function completeScenario(lab: LabDefinition): Promise<CompleteScenario | string> {
  let mod: { scenarios?: { name: string; inventory: Inventory; options?: LabOptions }[] };
  try {
    mod = await import(/* @vite-ignore */ `../test/scenarios/${lab.id}.js`);
  } catch (err) {
    return `no test/scenarios/${lab.id}.ts (${(err as Error).message.split('\n')[0]})`;
  }
  const complete = mod.scenarios?.find((s) => s.name === 'complete');
  if (!complete) return `test/scenarios/${lab.id}.ts has no scenario named "complete"`;
  return { inventory: complete.inventory, options: complete.options ?? {} };
}
