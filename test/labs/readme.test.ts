/**
 * README.md tells the truth about the registered labs: its lab table has one row per lab of
 * `LABS` (checks/labs/index.ts) with the lab's module, and its list of bonus checks is exactly the
 * checks flagged `bonus`. A lab added to LABS fails here until README.md's table names it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LABS } from '../../checks/labs/index.js';
import { ROOT } from '../support/examples.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## The labs'), readme.indexOf('### The result document'));

/** `| \`vpc\` | 3, networking | ... |` → { id: 'vpc', module: '3, networking' }. */
const rows = [...section.matchAll(/^\| `([a-z0-9-]+)` \| ([^|]+) \|/gm)].map((m) => ({
  id: m[1] as string,
  module: (m[2] as string).trim(),
}));

describe('README.md "The labs"', () => {
  it('has one table row per registered lab (add a row to README.md for a new lab)', () => {
    expect(rows.map((r) => r.id).sort()).toEqual(LABS.map((l) => l.id).sort());
  });

  it('gives each lab its module as checks/labs/<lab>/index.ts says', () => {
    for (const lab of LABS) {
      const row = rows.find((r) => r.id === lab.id);
      expect(row?.module.split(',')[0], `README.md row of ${lab.id}`).toBe(lab.module);
    }
  });

  it('lists exactly the bonus checks of the registered labs', () => {
    const line = /\*\*Bonus checks\*\* \(([^)]*)\)/.exec(section.replace(/\s+/g, ' '));
    const listed = [...(line?.[1] ?? '').matchAll(/`([a-z0-9.-]+)`/g)].map((m) => m[1]);
    const bonus = LABS.flatMap((l) => l.checks.filter((c) => c.bonus).map((c) => c.id));
    expect(listed.sort()).toEqual(bonus.sort());
  });
});
