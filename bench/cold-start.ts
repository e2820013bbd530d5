/**
 * Figure 6, a cold start proxy: each Lambda handler (functions/handlers/*.ts) bundled as the CDK
 * stack bundles it (esbuild, ESM, minified, node22, the AWS SDK left out because the runtime ships
 * it), its size, the package that takes most of it, and the time a fresh Node process takes to
 * import it (the SDK modules it imports included).
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { median } from './stats.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Inside the project, so the bundles' external `@aws-sdk/*` imports resolve from node_modules. */
const OUT = join(ROOT, 'node_modules', '.cache', 'labgrader-bench', 'handlers');

export interface ColdStartFigure {
  handler: string;
  bytes: number;
  /** The package (or `labgrader` for the project's own code) with the most bytes in the bundle. */
  topDependency: string;
  topDependencyBytes: number;
  /** Median time of `await import(bundle)` in a fresh `node` process. */
  importMs: number;
  /** Median wall time of the whole `node` process (start, import, exit). */
  processMs: number;
  runs: number;
}

/** `node_modules/@middy/core/index.js` → `@middy/core`; project files → `labgrader`. */
function packageOf(path: string): string {
  const at = path.lastIndexOf('node_modules/');
  if (at < 0) return 'labgrader';
  const parts = path.slice(at + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? path);
}

function topPackage(metafile: Metafile, output: string): { name: string; bytes: number } {
  const inputs = metafile.outputs[output]?.inputs ?? {};
  const byPackage = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const name = packageOf(path);
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  const [name, bytes] = [...byPackage].sort((a, b) => b[1] - a[1])[0] ?? ['-', 0];
  return { name, bytes };
}

/** The handler entry points that exist now. */
export async function handlerEntries(): Promise<string[]> {
  const dir = join(ROOT, 'functions', 'handlers');
  return (await readdir(dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort();
}

async function timeImport(file: string): Promise<{ importMs: number; processMs: number }> {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const t0 = performance.now();
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: OUT });
  return { importMs: Number(stdout), processMs: performance.now() - t0 };
}

export async function measureColdStarts(runs = 5): Promise<ColdStartFigure[]> {
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const figures: ColdStartFigure[] = [];
  for (const entry of await handlerEntries()) {
    const name = entry.replace(/\.ts$/, '');
    const outfile = join(OUT, `${name}.mjs`);
    const result = await build({
      entryPoints: [join(ROOT, 'functions', 'handlers', entry)],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      minify: true,
      mainFields: ['module', 'main'],
      external: ['@aws-sdk/*'],
      // As the CDK stack does: CommonJS dependencies inside an ESM bundle still call require().
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      metafile: true,
      logLevel: 'silent',
    });
    const key = relative(ROOT, outfile);
    const bytes = result.metafile.outputs[key]?.bytes ?? 0;
    const top = topPackage(result.metafile, key);
    const times: { importMs: number; processMs: number }[] = [];
    for (let i = 0; i < runs; i += 1) times.push(await timeImport(outfile));
    figures.push({
      handler: `functions/handlers/${entry}`,
      bytes,
      topDependency: top.name,
      topDependencyBytes: top.bytes,
      importMs: median(times.map((t) => t.importMs)),
      processMs: median(times.map((t) => t.processMs)),
      runs,
    });
  }
  return figures;
}
