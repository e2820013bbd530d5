/**
 * The source registry (functions/inventory/registry.ts): a grade imports only the collector
 * modules of the sources it reads, and reading a stored inventory imports no collector and no
 * SDK client. Each source's spec (actions, stored-copy schema) is what its collector carries.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { COLLECTORS } from '../../functions/inventory/index.js';
import { COLLECTOR_MODULES, LAZY_COLLECTORS, SOURCE_SPECS } from '../../functions/inventory/registry.js';
import { defineSources, withSpecs } from '../../functions/inventory/schemas.js';
import { loadedAtImport } from '../support/loaded-at-import.js';

describe('the source registry', () => {
  it('has a spec for exactly the sources that have a collector', () => {
    expect([...SOURCE_SPECS.keys()].sort()).toEqual([...COLLECTORS.keys()].sort());
  });

  it("loads each module's collectors for exactly the sources its spec file names, with the spec's actions and schema", async () => {
    for (const module of COLLECTOR_MODULES) {
      const collectors = withSpecs(module, await module.load());
      expect(collectors.map((c) => c.key).sort()).toEqual(Object.keys(module.specs).sort());
      for (const c of collectors) {
        expect(c.actions, c.key).toBe(SOURCE_SPECS.get(c.key)?.actions);
        expect(c.schema, c.key).toBe(SOURCE_SPECS.get(c.key)?.schema);
      }
    }
  });

  it("builds a source's stored-copy schema when it is first read, once, also through its collector", () => {
    let built = 0;
    const module = defineSources(async () => ({}), {
      'sts.callerIdentity': {
        actions: ['sts:GetCallerIdentity'],
        schema: () => {
          built += 1;
          return z.looseObject({ Account: z.string() });
        },
      },
    });
    const [collector] = withSpecs(module, { 'sts.callerIdentity': async () => ({}) });
    expect(built).toBe(0);
    expect(collector?.actions).toEqual(['sts:GetCallerIdentity']);
    expect(built).toBe(0);
    const schema = module.specs['sts.callerIdentity'].schema;
    expect(schema.safeParse({ Account: '123456789012' }).success).toBe(true);
    expect(collector?.schema).toBe(schema);
    expect(module.specs['sts.callerIdentity'].schema).toBe(schema);
    expect(built).toBe(1);
  });

  it('gives a grade the same collector the full table holds, and none for an unknown source', async () => {
    for (const [key, collector] of COLLECTORS) expect(await LAZY_COLLECTORS.get(key), key).toBe(collector);
    expect(await LAZY_COLLECTORS.get('no.such' as never)).toBeUndefined();
  });

  it('lets a bundle that reads stored inventories load no collector and no SDK client', async () => {
    const { sdk, inputs } = await loadedAtImport('functions/inventory/io.ts');
    expect(inputs).toContain('functions/inventory/io.ts');
    expect(sdk).toEqual([]);
    expect(inputs.filter((i) => /functions\/inventory\/(?!io|registry|schemas|sources\/)/.test(i))).toEqual([]);
  });

  it('lets a bundle that grades load the collectors and their clients only on a grade', async () => {
    const { sdk, inputs } = await loadedAtImport('functions/grade.ts');
    expect(inputs).toContain('functions/inventory/collect.ts');
    expect(sdk).toEqual([]);
    expect(inputs.filter((i) => /functions\/inventory\/(ec2|iam|s3|rds|sts)\.ts$/.test(i))).toEqual([]);
  });
});
