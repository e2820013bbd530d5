/**
 * Grades every example inventory (examples/<lab>/*.json) and every scenario of every lab
 * (test/scenarios/<lab>.ts, with its options) in both languages, and writes the evaluations as
 * one JSON document: a refactoring of the labs must leave it byte-identical.
 *
 *   npx tsx scripts/grade-examples.ts --out before.json      # record
 *   npx tsx scripts/grade-examples.ts --compare before.json  # exit 1 and name what differs
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { evaluateLab } from '../checks/engine.js';
import { findLab } from '../checks/labs/index.js';
import { LANGS } from '../checks/model.js';
import { setSourceGuard } from '../checks/source-guard.js';
import { loadInventory } from '../functions/inventory/io.js';
import { EXAMPLES_DIR, scenarioModules } from '../test/support/examples.js';

const [flag, file] = process.argv.slice(2);
// A read of a source a lab does not list fails the run (see checks/source-guard.ts).
setSourceGuard(true);
if ((flag !== '--out' && flag !== '--compare') || !file) {
  console.error('usage: grade-examples (--out FILE | --compare FILE)');
  process.exit(2);
}

const grades: Record<string, string> = {};
for (const labId of (await readdir(EXAMPLES_DIR)).sort()) {
  const lab = findLab(labId);
  if (!lab) continue;
  const files = (await readdir(join(EXAMPLES_DIR, labId))).filter((f) => f.endsWith('.json')).sort();
  for (const name of files) {
    const inventory = await loadInventory(join(EXAMPLES_DIR, labId, name));
    for (const lang of LANGS) {
      grades[`examples/${labId}/${name} ${lang}`] = JSON.stringify(evaluateLab(lab, inventory, { lang }));
    }
  }
}
for (const { lab, scenarios } of await scenarioModules()) {
  for (const s of scenarios) {
    for (const lang of LANGS) {
      const evaluation = evaluateLab(lab, s.inventory, { ...s.options, lang });
      grades[`scenario ${lab.id}/${s.name} ${lang}`] = JSON.stringify(evaluation);
    }
  }
}

if (flag === '--out') {
  await writeFile(file, `${JSON.stringify(grades, null, 1)}\n`);
  console.log(`${Object.keys(grades).length} evaluations written to ${file}`);
} else {
  const before = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  const keys = new Set([...Object.keys(before), ...Object.keys(grades)]);
  let differ = 0;
  for (const key of keys) {
    if (before[key] === grades[key]) continue;
    differ += 1;
    console.log(`${key}: ${before[key] === undefined ? 'new' : grades[key] === undefined ? 'missing now' : 'differs'}`);
  }
  const examples = [...keys].filter((k) => k.startsWith('examples/')).length;
  console.log(`${keys.size} evaluations (${examples} of example files), ${differ} differ`);
  process.exit(differ === 0 ? 0 : 1);
}
