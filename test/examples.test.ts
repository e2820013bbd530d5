import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateLab } from '../checks/engine.js';
import { loadInventory } from '../functions/inventory/io.js';
import { EXAMPLES_DIR, exampleJson, scenarioModules } from './support/examples.js';

const modules = await scenarioModules();

describe('examples/ are the scenarios marked as examples (run `npm run examples` after changing one)', () => {
  for (const { lab, scenarios } of modules) {
    for (const s of scenarios.filter((x) => x.example)) {
      const file = join(EXAMPLES_DIR, lab.id, `${s.name}.json`);
      it(`examples/${lab.id}/${s.name}.json`, async () => {
        const onDisk = await readFile(file, 'utf8').catch(() => 'missing');
        expect(onDisk, `${file} is stale or missing`).toBe(
          exampleJson({ ...s, inventory: { ...s.inventory, lab: lab.id } }),
        );
        // Loading validates it like any user's file, and grading it gives the scenario's verdicts.
        const inventory = await loadInventory(file);
        const statuses = Object.fromEntries(
          evaluateLab(lab, inventory, s.options ?? {}).checks.map((c) => [c.id, c.status]),
        );
        const expected = Object.fromEntries(
          Object.keys(statuses).map((id) => [id, s.expected[id] ?? s.others ?? 'pass']),
        );
        expect(statuses).toEqual(expected);
      });
    }
  }
});
