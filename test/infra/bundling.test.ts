/**
 * The handlers' bundling (infra/bundling.ts) loads the SDK packages a file imports statically with
 * require(): the rewrite keeps every column of the minified code (so the source map holds) and the
 * bindings the code reads.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { staticClosure } from '../../bench/cold-start.js';
import { bundleHandler, REQUIRE_BANNER, requireSdkImports } from '../../infra/bundling.js';

describe('requireSdkImports', () => {
  const body =
    'var a=1;import{DynamoDBClient as d,GetItemCommand}from"@aws-sdk/client-dynamodb";function f(){return"import{x}from\\"y\\""}' +
    'import*as s from"@aws-sdk/client-sqs";import k,{KMSClient as m}from"@aws-sdk/client-kms";import"@aws-sdk/client-s3";' +
    'import{a as b}from"./chunks/chunk-X.mjs";const later=import("@aws-sdk/client-sts");';

  it('turns each static SDK import into a require on the banner line and blanks it in place', () => {
    const out = requireSdkImports(`${REQUIRE_BANNER}\n${body}`);
    const [banner, rest = ''] = out.split('\n');
    expect(banner).toBe(
      `${REQUIRE_BANNER} const{DynamoDBClient:d,GetItemCommand}=require("@aws-sdk/client-dynamodb");` +
        'const s=require("@aws-sdk/client-sqs");const k=require("@aws-sdk/client-kms");const{KMSClient:m}=require("@aws-sdk/client-kms");' +
        'require("@aws-sdk/client-s3");',
    );
    expect(rest).toHaveLength(body.length);
    expect(rest).not.toMatch(/from"@aws-sdk/);
    // The project's own chunks and a lazy import() of the SDK stay ESM.
    expect(rest).toContain('import{a as b}from"./chunks/chunk-X.mjs";');
    expect(rest).toContain('import("@aws-sdk/client-sts")');
    expect(rest.indexOf('function f()')).toBe(body.indexOf('function f()'));
  });

  it('refuses a file without the require banner', () => {
    expect(() => requireSdkImports(body)).toThrow(/banner/);
  });
});

describe('bundleHandler', () => {
  /** A handler whose entry and lazily imported modules share a module with state, in a temporary folder. */
  async function bundleFixture() {
    const dir = await mkdtemp(join(tmpdir(), 'bundle-fold-'));
    const src = join(dir, 'src');
    await mkdir(src);
    await writeFile(
      join(src, 'shared.ts'),
      [
        'export let count = 0;',
        'export function bump(): number { count += 1; return count; }',
        "export const later = () => import('./later.js');",
      ].join('\n'),
    );
    await writeFile(join(src, 'lazy.ts'), "import { count } from './shared.js';\nexport const read = () => count;\n");
    await writeFile(
      join(src, 'later.ts'),
      "import { bump } from './shared.js';\nexport const bumpAgain = () => bump();\n",
    );
    await writeFile(
      join(src, 'index.ts'),
      [
        "import { bump, later } from './shared.js';",
        'export async function handler() {',
        '  bump();',
        "  const { read } = await import('./lazy.js');",
        '  const { bumpAgain } = await later();',
        '  return [read(), bumpAgain(), read()];',
        '}',
      ].join('\n'),
    );
    const out = join(dir, 'out');
    const metafile = bundleHandler(join(src, 'index.ts'), out, { logLevel: 'silent' });
    return { dir, out, metafile };
  }

  it('folds the chunks the entry loads into index.mjs; lazy chunks share its module instances and find each other', async () => {
    const { dir, out, metafile } = await bundleFixture();
    try {
      const index = relative(process.cwd(), join(out, 'index.mjs'));
      const code = await readFile(join(out, 'index.mjs'), 'utf8');
      // The entry loads no other file of the bundle before its code runs.
      expect(code).not.toMatch(/(?:^|[;}\n])import\s*[^("]*"\.\/chunks\//);
      expect(staticClosure(metafile, index)).toEqual([index]);
      expect(Object.keys(metafile.outputs[index]?.inputs ?? {}).some((i) => i.endsWith('src/shared.ts'))).toBe(true);
      // One `count` for the entry and both lazy chunks, read live: 1 after the entry's bump, 2 after the lazy one's.
      const { handler } = await import(pathToFileURL(join(out, 'index.mjs')).href);
      expect(await handler()).toEqual([1, 2, 2]);
      const chunks = (await readdir(join(out, 'chunks'))).filter((f) => f.endsWith('.mjs'));
      expect(chunks.length).toBeGreaterThanOrEqual(3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
