/**
 * How a Lambda handler is bundled, in one place: the CDK stack deploys exactly this and the
 * benchmark (`npm run bench`, figure 6) measures exactly this.
 *
 * - ESM, minified, node22, with a source map.
 * - Code splitting: the handler's entry is `index.mjs`; every `import()` of the project's code
 *   (the grading path, a lab's collectors, the LTI tool) becomes a chunk under `chunks/` that is
 *   loaded on first use and then cached by Node for the warm container. A request loads only the
 *   chunks its path imports.
 * - The AWS SDK v3 is not bundled: the nodejs22.x runtime ships it. Measured both ways in
 *   docs/benchmarks.md (figure 6b): bundling the SDK makes each client's import faster but puts
 *   the DynamoDB client (every handler's first need) into the entry, over the 500 KB target, and
 *   would tie the deployed SDK to the lock file instead of the runtime's patched copy.
 */
import { type BuildOptions, buildSync, type Metafile } from 'esbuild';

/** CommonJS dependencies inside an ESM bundle still call require(). */
export const REQUIRE_BANNER =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

/** The esbuild options of every handler (entry and output directory added per handler). */
export const HANDLER_BUNDLE_OPTIONS = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minify: true,
  sourcemap: true,
  mainFields: ['module', 'main'],
  external: ['@aws-sdk/*'],
  entryNames: 'index',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  banner: { js: REQUIRE_BANNER },
  logLevel: 'warning',
} as const satisfies BuildOptions;

/** Bundles one handler into `outdir` (`index.mjs` and its chunks); returns esbuild's metafile. */
export function bundleHandler(entry: string, outdir: string, options: { logLevel?: BuildOptions['logLevel'] } = {}) {
  const result = buildSync({
    ...HANDLER_BUNDLE_OPTIONS,
    entryPoints: [entry],
    outdir,
    metafile: true,
    ...options,
  });
  return result.metafile as Metafile;
}
