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
 * - The SDK packages a file imports statically are loaded by Node's CommonJS loader (`require`,
 *   the banner's), not by an ESM `import`: the SDK's packages are CommonJS (their `main` is
 *   dist-cjs, there is no `exports` map), and an ESM import of one makes Node lex its source for
 *   export names and load its whole `require` tree through the ESM loader (format detection, ESM
 *   resolution). Same packages, same versions, same time of loading (before the file's code runs);
 *   measured in docs/benchmarks.md, figure 6. `import()` of an SDK package (a lazy path) is left as is.
 *   On Lambda, `require` finds the runtime's SDK through `NODE_PATH` (it lists
 *   /var/runtime/node_modules), which Node's CommonJS resolution honours and its ESM resolution does not.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
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

/**
 * A static import of an SDK package as esbuild writes it (minified): at a statement boundary,
 * anywhere in the file (ESM hoists imports, so esbuild leaves each where its module's code starts).
 */
const SDK_IMPORT =
  /(?<=^|[;}\n])import\s*(?:"(@aws-sdk\/[^"]+)"|(?:([\w$]+)\s*,?\s*)?(?:\{([^}]*)\}|\*\s*as\s+([\w$]+))?\s*from\s*"(@aws-sdk\/[^"]+)")\s*;?/g;

/** `import{a as b,c}from"x"` → `const{a:b,c}=require("x");` (a CommonJS module's default is its exports). */
function asRequire(
  defaultName: string | undefined,
  named: string | undefined,
  namespace: string | undefined,
  spec: string,
) {
  const call = `require(${JSON.stringify(spec)})`;
  const whole = [defaultName, namespace];
  const fields: string[] = [];
  for (const part of (named ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [imported, local = imported] = part.split(/\s+as\s+/);
    if (imported === 'default') whole.push(local);
    else fields.push(imported === local ? `${imported}` : `${imported}:${local}`);
  }
  const statements = whole.filter((n): n is string => Boolean(n)).map((n) => `const ${n}=${call};`);
  if (fields.length > 0 || statements.length === 0) statements.push(`const{${fields.join(',')}}=${call};`);
  return statements.join('');
}

/**
 * Rewrites the static `@aws-sdk/*` imports at the top of an output file into `require` calls on
 * the banner's line. The import statements are blanked with spaces of the same length, so every
 * column of the minified code (and the source map) stays where it was.
 */
export function requireSdkImports(code: string): string {
  if (!code.startsWith(REQUIRE_BANNER)) throw new Error('the bundle does not start with the require banner');
  const bodyStart = code.indexOf('\n') + 1;
  const requires: string[] = [];
  const body = code
    .slice(bodyStart)
    .replace(
      SDK_IMPORT,
      (statement, bare?: string, defaultName?: string, named?: string, namespace?: string, spec?: string) => {
        requires.push(
          bare ? `require(${JSON.stringify(bare)});` : asRequire(defaultName, named, namespace, spec ?? ''),
        );
        return ' '.repeat(statement.length);
      },
    );
  if (/(?:from\s*|import\s*)"@aws-sdk\//.test(body)) throw new Error('an @aws-sdk import was left in the bundle');
  return `${code.slice(0, bodyStart - 1)} ${requires.join('')}\n${body}`;
}

/** Bundles one handler into `outdir` (`index.mjs` and its chunks); returns esbuild's metafile. */
export function bundleHandler(entry: string, outdir: string, options: { logLevel?: BuildOptions['logLevel'] } = {}) {
  const result = buildSync({
    ...HANDLER_BUNDLE_OPTIONS,
    entryPoints: [entry],
    outdir,
    metafile: true,
    write: false,
    ...options,
  });
  for (const file of result.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.path.endsWith('.mjs') ? requireSdkImports(file.text) : file.contents);
  }
  return result.metafile as Metafile;
}
