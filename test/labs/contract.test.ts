/**
 * The contract every registered lab keeps, checked over `LABS`, so a new lab is held to it by
 * being registered: ids unique and prefixed with the lab id, titles and hints in both languages,
 * bonus checks flagged, a marking sheet with a `complete` scenario that passes from only the
 * lab's own sources, and for every source a collector, a schema for stored copies and an answer
 * in the bench's fake AWS. A failure names the file to change.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeAws } from '../../bench/fake-aws.js';
import { evaluateLab } from '../../checks/engine.js';
import { COMMON_SOURCES, type Inventory } from '../../checks/inventory.js';
import { LABS } from '../../checks/labs/index.js';
import { LOADABLE_LAB_IDS } from '../../checks/labs/load.js';
import { LAB_MANIFESTS } from '../../checks/labs/manifests.js';
import { grade } from '../../functions/grade.js';
import { COLLECTORS } from '../../functions/inventory/index.js';
import { parseInventory } from '../../functions/inventory/io.js';
import { SOURCE_SPECS } from '../../functions/inventory/registry.js';
import { servicesNotFollowed } from '../../functions/service/live-events.js';
import { ROOT, scenarioModules } from '../support/examples.js';
import { expectScenario } from '../support/scenario.js';

const HANGUL = /[\uac00-\ud7a3]/;
const LATIN = /[A-Za-z]/;
const modules = new Map((await scenarioModules()).map((m) => [m.lab.id, m.scenarios]));

/**
 * Services a registered lab reads that live grading does not follow, each with why: such a lab is
 * never live and the schedule regrades it (functions/service/live-events.ts, `isLiveFor`).
 */
const NOT_FOLLOWED_LIVE: Record<string, string> = {
  elb: 'classic load balancers (elb.loadBalancers), read only by the cleanup report: live-events.ts maps no event source to them, so the cleanup report is regraded by the schedule only',
};

/** Every .ts file under a folder, as paths relative to the project root. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((f) => f.isFile() && f.name.endsWith('.ts'))
    .map((f) => relative(ROOT, join(f.parentPath, f.name)));
}

/**
 * An oversized but otherwise valid value of a lab parameter: its default's first item 100,000
 * times, its default number as 1e15, its default text with 5,000 more characters; a parameter
 * without a default is named in {@link OVERSIZED_WITHOUT_DEFAULT}. Every one must be refused.
 */
function oversized(key: string, byDefault: unknown): unknown {
  if (Array.isArray(byDefault) && byDefault.length > 0) return Array.from({ length: 100_000 }, () => byDefault[0]);
  if (typeof byDefault === 'number') return 1e15;
  if (typeof byDefault === 'string') return byDefault + 'a'.repeat(5000);
  return OVERSIZED_WITHOUT_DEFAULT[key];
}

const LONG = 'a'.repeat(5000);
/** Oversized values of the parameters that have no default (or an empty or boolean one). */
const OVERSIZED_WITHOUT_DEFAULT: Record<string, unknown> = {
  vpcId: `vpc-${'0'.repeat(5000)}`,
  dbIdentifier: LONG,
  bucketPattern: LONG,
  replicaRegion: `us-${LONG}-1`,
  regions: Array.from({ length: 100_000 }, () => 'us-east-1'),
  prices: {
    'us-east-1': { instanceHour: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`t3.x${i}`, 1])) },
  },
};

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

  it('has every folder of checks/labs/ in LABS', () => {
    const folders = readdirSync(join(ROOT, 'checks/labs'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(
      folders.filter((f) => !LABS.some((lab) => lab.id === f)),
      "lab folders nothing registers: import each one's index.ts and append it to LABS in checks/labs/index.ts",
    ).toEqual([]);
  });

  it('is loaded by the service (LOADERS in checks/labs/load.ts)', () => {
    expect(
      LABS.map((lab) => lab.id).filter((id) => !LOADABLE_LAB_IDS.includes(id)),
      "labs loadLab does not know: add `<lab>: async () => (await import('./<lab>/index.js')).<lab>Lab` to LOADERS in checks/labs/load.ts",
    ).toEqual([]);
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

      it('bounds every parameter a course file sets (checks/labs/<lab>/params.ts, checks/params.ts)', () => {
        const shape = (lab.paramsSchema as unknown as { shape: Record<string, unknown> }).shape;
        const defaults = lab.paramsSchema.parse({}) as Record<string, unknown>;
        for (const key of Object.keys(shape)) {
          if (typeof defaults[key] === 'boolean') continue;
          const value = oversized(key, defaults[key]);
          expect(
            value,
            `${key}: give it an oversized value in OVERSIZED_WITHOUT_DEFAULT (test/labs/contract.test.ts)`,
          ).toBeDefined();
          const parsed = lab.paramsSchema.safeParse({ [key]: value });
          expect(
            parsed.success ? 'accepted' : parsed.error.issues[0]?.path[0],
            `checks/labs/${lab.id}/params.ts: ${key} takes an oversized value; bound it (.max)`,
          ).toBe(key);
        }
      });

      const prefixes = lab.idPrefixes ?? [lab.id];
      it(`prefixes every check id with ${prefixes.map((p) => `"${p}."`).join(' or ')}`, () => {
        const pattern = new RegExp(`^(${prefixes.join('|')})\\.[a-z0-9-]+$`);
        for (const c of lab.checks) expect(c.id, `checks/labs/${lab.id}/`).toMatch(pattern);
      });

      it('writes each check id literally in one file of its folder, so grep finds the check', () => {
        const texts = sourceFiles(join(ROOT, 'checks/labs', lab.id)).map((f) => [
          f,
          readFileSync(join(ROOT, f), 'utf8'),
        ]);
        for (const c of lab.checks) {
          const literal = new RegExp(`\\bid: (['"])${c.id.replace(/[.]/g, '\\.')}\\1`);
          expect(
            texts.filter(([, text]) => literal.test(text as string)).map(([f]) => f),
            `${c.id}: write \`id: '${c.id}'\` once, literally, in its file under checks/labs/${lab.id}/ (no template-built id)`,
          ).toHaveLength(1);
        }
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

      it(`grades every scenario of test/scenarios/${lab.id}.ts as the scenario says`, () => {
        for (const s of modules.get(lab.id) ?? []) expectScenario(lab, s, `test/scenarios/${lab.id}.ts ${s.name}`);
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

      it('has a spec (IAM actions, stored-copy schema) for every source it reads, in functions/inventory/registry.ts', () => {
        for (const key of new Set([...lab.sources, ...(lab.regional?.sources ?? [])])) {
          expect(
            SOURCE_SPECS.get(key),
            `${key}: declare it with defineSources in functions/inventory/sources/<service>.ts and list that module in COLLECTOR_MODULES (functions/inventory/registry.ts); a grade finds its collector only there`,
          ).toBeDefined();
          expect(
            COLLECTORS.get(key),
            `${key}: add the module's readers (defineReaders) to functions/inventory/index.ts`,
          ).toBeDefined();
        }
      });

      it('reads only services whose changes live grading follows, or says why not', () => {
        const regional = lab.regional?.sources ?? [];
        const unfollowed = servicesNotFollowed({ sources: [...lab.sources, ...regional] });
        expect(
          unfollowed.filter((service) => !NOT_FOLLOWED_LIVE[service]),
          `services of lab ${lab.id} no forwarded event reports, so the lab is never graded live: map each to its CloudTrail eventSource in EVENT_SOURCE_OF_SOURCE_PREFIX (functions/service/live-events.ts) and run npm run student-template, or say why not in NOT_FOLLOWED_LIVE (test/labs/contract.test.ts)`,
        ).toEqual([]);
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
