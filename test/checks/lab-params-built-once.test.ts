import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { builtOnce } from '../../checks/built-once.js';
import { defineLab, defineManifest, text } from '../../checks/model.js';

/**
 * zod calls `globalThis.__zod_globalConfig.postProcessor` with every schema it builds (the hook
 * `zod/compile` installs): the stacks say which file built each one.
 */
interface ZodGlobalConfig {
  postProcessor?: (schema: unknown) => void;
}
const zodConfig = (globalThis as { __zod_globalConfig?: ZodGlobalConfig }).__zod_globalConfig;

const hookBefore = zodConfig?.postProcessor;

function watchSchemas(): string[] {
  const stacks: string[] = [];
  if (!zodConfig) throw new Error('zod keeps no global config: this test no longer sees what it builds');
  zodConfig.postProcessor = (schema) => {
    stacks.push(new Error().stack ?? '');
    hookBefore?.(schema);
  };
  return stacks;
}

/** The lab folders whose params.ts or prices.ts built a schema (the first frame outside zod and this file). */
function labsBuilding(stacks: string[]): string[] {
  const labs = new Set<string>();
  for (const stack of stacks) {
    const frames = stack.split('\n').slice(1);
    const builder = frames.find((f) => !f.includes('node_modules') && !f.includes('lab-params-built-once.test'));
    const m = builder?.match(/checks\/labs\/([a-z0-9]+)\/(?:params|prices)\.ts/);
    if (m) labs.add(m[1] as string);
  }
  return [...labs].sort();
}

afterEach(() => {
  if (!zodConfig) return;
  if (hookBefore) zodConfig.postProcessor = hookBefore;
  else delete zodConfig.postProcessor;
});

describe('builtOnce', () => {
  it('builds on the first call only, and gives that value after', () => {
    const build = vi.fn(() => ({ made: true }));
    const get = builtOnce(build);
    expect(build).not.toHaveBeenCalled();
    const first = get();
    expect(get()).toBe(first);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('tries again after a build that threw', () => {
    let calls = 0;
    const get = builtOnce(() => {
      calls += 1;
      if (calls === 1) throw new Error('first');
      return calls;
    });
    expect(() => get()).toThrow('first');
    expect(get()).toBe(2);
    expect(get()).toBe(2);
  });
});

describe("a lab's parameters", () => {
  it('are built when the manifest is first read, once, and the lab spreading it holds the same schema', () => {
    const build = vi.fn(() => z.object({ min: z.number().default(1) }));
    const manifest = defineManifest({
      id: 'demo',
      title: text('Demo', '데모'),
      module: '0',
      params: builtOnce(build),
      sources: ['sts.callerIdentity'],
    });
    expect(build).not.toHaveBeenCalled();
    const schema = manifest.paramsSchema;
    expect(schema.parse({})).toEqual({ min: 1 });
    expect(manifest.paramsSchema).toBe(schema);
    const lab = defineLab({
      ...manifest,
      targetKind: text('thing', '것'),
      candidates: () => [],
      noTarget: () => text('none', '없음'),
      checks: [],
    });
    expect(lab.paramsSchema).toBe(schema);
    expect(Object.keys(manifest)).toContain('paramsSchema');
    expect(build).toHaveBeenCalledTimes(1);
  });

  it("are built by no import of the manifests, and a manifest's read builds only its own lab's", async () => {
    vi.resetModules();
    const stacks = watchSchemas();
    const { findManifest, LAB_MANIFESTS } = await import('../../checks/labs/manifests.js');
    expect(LAB_MANIFESTS.length).toBeGreaterThan(1);
    expect(labsBuilding(stacks), 'labs whose parameters were built by importing checks/labs/manifests.ts').toEqual([]);

    const vpc = findManifest('vpc');
    expect(vpc?.paramsSchema.safeParse({}).success).toBe(true);
    expect(labsBuilding(stacks)).toEqual(['vpc']);

    const cleanup = findManifest('cleanup');
    expect(cleanup?.paramsSchema.safeParse({ prices: { 'us-east-1': { natGatewayHour: 0.05 } } }).success).toBe(true);
    expect(labsBuilding(stacks)).toEqual(['cleanup', 'vpc']);
  });
});
