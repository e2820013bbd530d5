/**
 * Figure 6, cold start: each Lambda handler (functions/handlers/*.ts) bundled exactly as the CDK
 * stack bundles it (infra/bundling.ts: ESM, minified, node22, code splitting, the AWS SDK left to
 * the runtime), its bytes — the entry, what a cold start loads (the entry and the chunks it imports
 * statically) and everything — the SDK packages a cold start loads, and the time a fresh Node
 * process takes to import it. A bare `node -e 0` is timed in the same run, so the figures can be
 * read against the machine's load.
 */
import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Metafile } from 'esbuild';
import { bundleHandler, staticChunks } from '../infra/bundling.js';
import { HANDLER_ENTRIES } from '../infra/entries.js';
import { type FirstResponseFigures, measureFirstResponses } from './first-response.js';
import { median } from './stats.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Inside the project, so the bundles' external `@aws-sdk/*` imports resolve from node_modules. */
export const BUNDLE_DIR = join(ROOT, 'node_modules', '.cache', 'labgrader-bench', 'handlers');

export interface ColdStartFigure {
  handler: string;
  /** `index.mjs` alone. */
  entryBytes: number;
  /** What a cold start loads: the entry and every chunk it imports statically (transitively). */
  bytes: number;
  /** Every file of the bundle (the entry and all its chunks), source maps excluded. */
  totalBytes: number;
  chunks: number;
  /** The package (or `labgrader` for the project's own code) with the most bytes a cold start loads. */
  topDependency: string;
  topDependencyBytes: number;
  /** The `@aws-sdk/*` packages a cold start imports (external: the runtime's). */
  sdkAtImport: string[];
  /** Median time of `await import(index.mjs)` in a fresh `node` process. */
  importMs: number;
  /** Median wall time of the whole `node` process (start, import, exit). */
  processMs: number;
  runs: number;
}

export interface ColdStartFigures {
  /** Median wall time of `node -e 0` in the same run: what any fresh process costs on this machine now. */
  bareNodeMs: number;
  handlers: ColdStartFigure[];
  /** A realistic first invocation of the api, dispatch and grade-worker bundles (bench/first-response.ts). */
  firstResponse: FirstResponseFigures | { notMeasured: string };
}

/** `node_modules/@middy/core/index.js` → `@middy/core`; project files → `labgrader`. */
function packageOf(path: string): string {
  const at = path.lastIndexOf('node_modules/');
  if (at < 0) return 'labgrader';
  const parts = path.slice(at + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? path);
}

/** The entry and the chunks it imports statically, transitively (what `import(entry)` loads). */
export function staticClosure(metafile: Metafile, entry: string): string[] {
  return [...staticChunks(metafile, entry, new Set([entry]))];
}

function describeBundle(metafile: Metafile, entry: string) {
  const code = Object.keys(metafile.outputs).filter((o) => !o.endsWith('.map'));
  const loaded = staticClosure(metafile, entry);
  const byPackage = new Map<string, number>();
  const sdk = new Set<string>();
  for (const output of loaded) {
    const out = metafile.outputs[output];
    for (const [path, { bytesInOutput }] of Object.entries(out?.inputs ?? {})) {
      const name = packageOf(path);
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
    for (const i of out?.imports ?? []) {
      if (i.external && i.kind === 'import-statement' && i.path.startsWith('@aws-sdk/')) sdk.add(i.path);
    }
  }
  const [name, bytes] = [...byPackage].sort((a, b) => b[1] - a[1])[0] ?? ['-', 0];
  const size = (outputs: string[]) => outputs.reduce((sum, o) => sum + (metafile.outputs[o]?.bytes ?? 0), 0);
  return {
    entryBytes: metafile.outputs[entry]?.bytes ?? 0,
    bytes: size(loaded),
    totalBytes: size(code),
    chunks: code.length - 1,
    topDependency: name,
    topDependencyBytes: bytes,
    sdkAtImport: [...sdk].sort(),
  };
}

/** The deployed handlers (infra/entries.ts), by function name. */
export function handlerEntries(): [string, string][] {
  return Object.entries(HANDLER_ENTRIES);
}

async function timeImport(file: string): Promise<{ importMs: number; processMs: number }> {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const t0 = performance.now();
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: BUNDLE_DIR });
  return { importMs: Number(stdout), processMs: performance.now() - t0 };
}

/** Median wall time of a bare `node -e 0`. */
export async function timeBareNode(runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    await run(process.execPath, ['-e', '0']);
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Bundles every handler into BUNDLE_DIR/<name>/ as the stack does; returns the entry files by handler name. */
export async function bundleHandlers(): Promise<Map<string, { file: string; metafile: Metafile; entry: string }>> {
  await rm(BUNDLE_DIR, { recursive: true, force: true });
  await mkdir(BUNDLE_DIR, { recursive: true });
  const bundles = new Map<string, { file: string; metafile: Metafile; entry: string }>();
  for (const [name, entry] of handlerEntries()) {
    const outdir = join(BUNDLE_DIR, name);
    const metafile = bundleHandler(join(ROOT, entry), outdir, { logLevel: 'silent' });
    bundles.set(name, { file: join(outdir, 'index.mjs'), metafile, entry });
  }
  return bundles;
}

export async function measureColdStarts(runs = 5): Promise<ColdStartFigures> {
  const bundles = await bundleHandlers();
  const handlers: ColdStartFigure[] = [];
  const bareNodeMs = await timeBareNode(runs);
  for (const { file, metafile, entry } of bundles.values()) {
    const described = describeBundle(metafile, relative(ROOT, file));
    const times: { importMs: number; processMs: number }[] = [];
    for (let i = 0; i < runs; i += 1) times.push(await timeImport(file));
    handlers.push({
      handler: entry,
      ...described,
      importMs: median(times.map((t) => t.importMs)),
      processMs: median(times.map((t) => t.processMs)),
      runs,
    });
  }
  return { bareNodeMs, handlers, firstResponse: await measureFirstResponses(bundles, runs) };
}
