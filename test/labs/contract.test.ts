/**
 * The contract every registered lab keeps, checked over `LABS`, so a new lab is held to it by
 * being registered: ids unique and prefixed with the lab id, titles and hints in both languages,
 * bonus checks flagged, a marking sheet with a `complete` scenario that passes from only the
 * lab's own sources, and for every source a collector, a schema for stored copies and an answer
 * in the bench's fake AWS. A failure names the file to change.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeAws } from '../../bench/fake-aws.js';
import { evaluateLab } from '../../checks/engine.js';
import { COMMON_SOURCES, type Inventory } from '../../checks/inventory.js';
import { LABS } from '../../checks/labs/index.js';
import { LAB_MANIFESTS } from '../../checks/labs/manifests.js';
import { grade } from '../../functions/grade.js';
import { COLLECTORS } from '../../functions/inventory/index.js';
import { parseInventory } from '../../functions/inventory/io.js';
import { ROOT, scenarioModules } from '../support/examples.js';

const HANGUL = /[\uac00-\ud7a3]/;
const LATIN = /[A-Za-z]/;
const modules = new Map((await scenarioModules()).map((m) => [m.lab.id, m.scenarios]));

/** Only what a grade of the lab would have collected. */
function onlyDeclared(inventory: Inventory, sources: readonly string[]): Inventory {
  const keep = new Set<string>([...COMMON_SOURCES, ...sources]);
  return {
    ...inventory,
    sources: Object.fromEntries(Object.entries(inventory.sources).filter(([key]) => keep.has(key))),
  };
}

describe('every registered lab (checks/labs/index.ts LABS)', () => {
  it('has a unique lab id and check ids that are unique across labs', () => {
    expect(new Set(LABS.map((l) => l.id)).size, 'two labs share an id').toBe(LABS.length);
    const ids = LABS.flatMap((l) => l.checks.map((c) => c.id));
    expect(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      'check ids used twice',
    ).toEqual([]);
  });

  it('has every facts module that declares sources named in checks/inventory.ts', () => {
    const inventoryTs = readFileSync(join(ROOT, 'checks/inventory.ts'), 'utf8');
    const factsDir = join(ROOT, 'checks/facts');
    for (const file of readdirSync(factsDir)) {
      if (!readFileSync(join(factsDir, file), 'utf8').includes("declare module '../inventory.js'")) continue;
      expect(
        inventoryTs,
        `checks/inventory.ts: import type {} from './facts/${file.replace(/\.ts$/, '.js')}'`,
      ).toContain(`from './facts/${file.replace(/\.ts$/, '.js')}'`);
    }
  });

  it('is listed in checks/labs/manifests.ts, in the same order, with its manifest', () => {
    expect(
      LAB_MANIFESTS.map((m) => m.id),
      'checks/labs/manifests.ts LAB_MANIFESTS',
    ).toEqual(LABS.map((l) => l.id));
  });

  for (const lab of LABS) {
    describe(`lab ${lab.id}`, () => {
      it('spreads its manifest (checks/labs/<lab>/manifest.ts) into its definition', () => {
        const manifest = LAB_MANIFESTS.find((m) => m.id === lab.id);
        expect(manifest, `checks/labs/${lab.id}/manifest.ts`).toBeDefined();
        for (const [key, value] of Object.entries(manifest ?? {})) {
          expect(lab[key as keyof typeof lab], `checks/labs/${lab.id}/index.ts: ${key} is not the manifest's`).toBe(
            value,
          );
        }
      });

      const prefixes = lab.idPrefixes ?? [lab.id];
      it(`prefixes every check id with ${prefixes.map((p) => `"${p}."`).join(' or ')}`, () => {
        const pattern = new RegExp(`^(${prefixes.join('|')})\\.[a-z0-9-]+$`);
        for (const c of lab.checks) expect(c.id, `checks/labs/${lab.id}/`).toMatch(pattern);
      });

      it('says its title, target kind and every check title and hint in English and Korean', () => {
        expect(lab.title.en).toMatch(LATIN);
        expect(lab.title.ko, `lab ${lab.id} title`).toMatch(HANGUL);
        expect(lab.targetKind.en && lab.targetKind.ko).toBeTruthy();
        for (const c of lab.checks) {
          expect(c.title.en, `${c.id} title (en)`).toMatch(LATIN);
          expect(c.title.ko, `${c.id} title (ko)`).toMatch(HANGUL);
          expect(c.hint.en, `${c.id} hint (en)`).toMatch(LATIN);
          expect(c.hint.ko, `${c.id} hint (ko)`).toMatch(HANGUL);
        }
      });

      it('flags its bonus checks, and only those say "(Bonus)" in their titles', () => {
        for (const c of lab.checks) {
          const says = c.title.en.startsWith('(Bonus)') && c.title.ko.startsWith('(보너스)');
          expect(c.bonus === true, `${c.id}: bonus flag vs title "${c.title.en}"`).toBe(says);
          expect(c.points, c.id).toBeGreaterThan(0);
        }
      });

      it(`has a marking sheet, test/scenarios/${lab.id}.ts, with a "complete" scenario`, () => {
        expect(existsSync(join(ROOT, 'test', 'scenarios', `${lab.id}.ts`)), `test/scenarios/${lab.id}.ts`).toBe(true);
        const scenarios = modules.get(lab.id) ?? [];
        expect(
          scenarios.map((s) => s.name),
          `test/scenarios/${lab.id}.ts exports scenarios`,
        ).toContain('complete');
      });

      it('grades its complete scenario as the scenario says from only the sources it lists', () => {
        const complete = modules.get(lab.id)?.find((s) => s.name === 'complete');
        if (!complete) throw new Error(`test/scenarios/${lab.id}.ts has no "complete" scenario`);
        const evaluation = evaluateLab(lab, onlyDeclared(complete.inventory, lab.sources), complete.options ?? {});
        const got = Object.fromEntries(evaluation.checks.map((c) => [c.id, `${c.status}: ${c.message}`]));
        const want = Object.fromEntries(
          evaluation.checks.map((c) => {
            const status = complete.expected[c.id] ?? complete.others ?? 'pass';
            return [c.id, c.status === status ? got[c.id] : `${status}: …`];
          }),
        );
        expect(got).toEqual(want);
      });

      it('gives every scenario the same verdicts after a save and load (dates become strings)', () => {
        const statuses = (inventory: Inventory, options = {}) =>
          Object.fromEntries(evaluateLab(lab, inventory, options).checks.map((c) => [c.id, c.status]));
        for (const s of modules.get(lab.id) ?? []) {
          const loaded = parseInventory(JSON.parse(JSON.stringify(s.inventory)), s.name);
          expect(statuses(loaded, s.options), `test/scenarios/${lab.id}.ts ${s.name}`).toEqual(
            statuses(s.inventory, s.options),
          );
        }
      });

      it('has a collector with a stored-copy schema for every source it lists (functions/inventory/)', () => {
        for (const key of lab.sources) {
          const collector = COLLECTORS.get(key);
          expect(collector, `no collector reads ${key}: add one to functions/inventory/`).toBeDefined();
          expect(collector?.schema, `${key} has no schema`).toBeDefined();
          expect(collector?.actions.length, `${key} declares no IAM actions`).toBeGreaterThan(0);
        }
      });

      it("is read by the bench's fake AWS (bench/fake-aws.ts) without a call it cannot answer", async () => {
        const complete = modules.get(lab.id)?.find((s) => s.name === 'complete');
        if (!complete) throw new Error(`test/scenarios/${lab.id}.ts has no "complete" scenario`);
        const fake = fakeAws(complete.inventory);
        let sourceErrors: { source: string; code: string }[];
        let read: string[];
        try {
          const { result, inventory } = await grade({
            lab,
            region: complete.inventory.region,
            credentials: { accessKeyId: 'AKIDCONTRACT', secretAccessKey: 'contract' },
            options: complete.options ?? {},
            trigger: 'cli',
          });
          sourceErrors = result.sourceErrors.map(({ source, code }) => ({ source, code }));
          read = Object.keys(inventory.sources);
        } finally {
          fake.restore();
        }
        expect([...fake.unanswered], 'add an answer to ANSWERS in bench/fake-aws.ts').toEqual([]);
        expect(sourceErrors).toEqual([]);
        // What the collection read, dependencies included, is what least privilege grants.
        const listed = new Set<string>([...COMMON_SOURCES, ...lab.sources]);
        expect(
          read.filter((key) => !listed.has(key)),
          `sources read but not in the lab's sources (checks/labs/${lab.id}/)`,
        ).toEqual([]);
      });
    });
  }
});
