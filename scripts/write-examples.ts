/**
 * Writes examples/<lab>/<scenario>.json and examples/<lab>/README.md from the scenarios marked
 * `example` in test/scenarios/<lab>.ts. Run: npm run examples
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXAMPLES_DIR, exampleJson, failingChecks, scenarioModules } from '../test/support/examples.js';

for (const { lab, scenarios } of await scenarioModules()) {
  const examples = scenarios.filter((s) => s.example);
  if (examples.length === 0) continue;
  const dir = join(EXAMPLES_DIR, lab.id);
  await mkdir(dir, { recursive: true });
  const rows: string[] = [];
  for (const s of examples) {
    const inventory = { ...s.inventory, lab: lab.id };
    await writeFile(join(dir, `${s.name}.json`), exampleJson({ ...s, inventory }));
    rows.push(`| [\`${s.name}.json\`](${s.name}.json) | ${s.description} | ${failingChecks(s)} |`);
  }
  const readme = [
    `# ${lab.title.en}: example inventories`,
    '',
    'Recorded-shape inventories of student accounts (AWS SDK v3 output types), written by',
    '`npm run examples` from the scenarios in `test/scenarios/' + lab.id + '.ts`. Grade one offline:',
    '',
    '```sh',
    `npx labgrader grade ${lab.id} --inventory examples/${lab.id}/${examples[0]?.name}.json`,
    '```',
    '',
    '| file | the student... | checks that do not pass |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  await writeFile(join(dir, 'README.md'), readme);
  console.log(`examples/${lab.id}: ${examples.length} inventories`);
}
