/**
 * How a Lambda handler is bundled, in one place: the CDK stack deploys exactly this and the
 * benchmark (`npm run bench`, figure 6) measures exactly this.
 *
 * - ESM, minified, node22, with a source map.
 * - Code splitting: the handler's entry is `index.mjs`; every `import()` of the project's code
 *   (the grading path, a lab's collectors, the LTI tool) becomes a chunk under `chunks/` that is
 *   loaded on first use and then cached by Node for the warm container. A request loads only the
 *   chunks its path imports. The chunks the entry itself loads at once are folded into
 *   `index.mjs` (see `bundleHandler`): a cold start reads one file of the project's code.
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
import { mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
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

/** An output file of the first pass, by its metafile key (relative to the working directory). */
const keyOf = (path: string) => relative(process.cwd(), path);

/** Stands for a lazily loaded chunk's path while the entry's static chunks are folded (replaced after). */
const LAZY_CHUNK = 'labgrader-lazy-chunk/';

/**
 * The chunks a file loads before its code runs: its static imports of the bundle's own chunks, and
 * theirs (depth first, in import order). The bench reads a handler's cold-start bytes from it too.
 */
export function staticChunks(meta: Metafile, file: string, into = new Set<string>()): Set<string> {
  for (const i of meta.outputs[file]?.imports ?? []) {
    if (i.kind === 'import-statement' && !i.external && !into.has(i.path)) {
      into.add(i.path);
      staticChunks(meta, i.path, into);
    }
  }
  return into;
}

/**
 * Bundles one handler into `outdir` (`index.mjs` and its chunks); returns esbuild's metafile, as
 * the files are after folding (below): `index.mjs` holds the inputs of every chunk folded into it
 * (with their first-pass sizes), and each folded chunk is a re-export of it.
 *
 * Folding. esbuild's code splitting makes one chunk per set of entry points (the handler and each
 * `import()`) that reach a module, so the entry statically loads many small chunks: zod, model.ts,
 * each lab's manifest, … (23 for the grade worker). Loading them as separate ES modules cost the
 * worker's import about a sixth of its instructions (docs/benchmarks.md, figure 6). A second
 * esbuild pass bundles the entry and those chunks into one `index.mjs` that also exports every
 * chunk's exports under a unique name, and each folded chunk becomes one line re-exporting them
 * from `index.mjs`: a lazily loaded chunk still imports the folded chunk's file and gets the very
 * bindings the entry uses (one module instance: `index.mjs` is already loaded), so nothing is
 * evaluated twice. Lazily loaded chunks are kept as they are.
 */
export function bundleHandler(entry: string, outdir: string, options: { logLevel?: BuildOptions['logLevel'] } = {}) {
  const result = buildSync({
    ...HANDLER_BUNDLE_OPTIONS,
    entryPoints: [entry],
    outdir,
    metafile: true,
    write: false,
    ...options,
  });
  let meta = result.metafile as Metafile;
  const index = keyOf(join(outdir, 'index.mjs'));
  const folded = staticChunks(meta, index);
  const files = new Map(result.outputFiles.map((f) => [keyOf(f.path), f.text]));
  if (folded.size > 0) {
    for (const key of [index, ...folded]) files.set(key, lazyChunksNamed(files.get(key) ?? '', key, outdir, meta));
    for (const [key, text] of files) writeOutput(key, text);
    const facades = foldInto(index, folded, meta, outdir, options);
    for (const [key, text] of facades.files) files.set(key, text);
    for (const key of folded) files.delete(`${key}.map`);
    meta = foldedMetafile(meta, index, folded, facades.files);
  }
  for (const [key, text] of files) {
    writeOutput(key, key.endsWith('.mjs') && !folded.has(key) ? requireSdkImports(text) : text);
  }
  for (const key of folded) rmSync(resolve(`${key}.map`), { force: true });
  return meta;
}

function writeOutput(key: string, text: string) {
  const path = resolve(key);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** Each `import()` of one of the bundle's chunks, named by its path from the output directory's root. */
function lazyChunksNamed(code: string, key: string, outdir: string, meta: Metafile): string {
  const root = resolve(outdir);
  return code.replace(/\bimport\("(\.\.?\/[^"]+)"\)/g, (call, spec: string) => {
    const target = resolve(dirname(resolve(key)), spec);
    return meta.outputs[keyOf(target)] ? `import("${LAZY_CHUNK}${relative(root, target)}")` : call;
  });
}

/**
 * The second pass: `index.mjs` and its static chunks (already written) bundled into one
 * `index.mjs`, exporting each chunk's exports as `__lg<n>_<name>`. Returns the folded files' new
 * text: `index.mjs`, its source map, and each folded chunk's re-export line.
 */
function foldInto(
  index: string,
  folded: Set<string>,
  meta: Metafile,
  outdir: string,
  options: { logLevel?: BuildOptions['logLevel'] },
): { files: Map<string, string> } {
  const dir = resolve(outdir);
  const own = meta.outputs[index]?.exports ?? [];
  const lines = [`export { ${own.join(', ')} } from './${relative(dir, resolve(index))}';`];
  const files = new Map<string, string>();
  [...folded].forEach((chunk, n) => {
    const names = meta.outputs[chunk]?.exports ?? [];
    const spec = `./${relative(dir, resolve(chunk))}`;
    lines.push(`export { ${names.map((name) => `${name} as __lg${n}_${name}`).join(', ')} } from '${spec}';`);
    const back = relative(dirname(resolve(chunk)), resolve(index)).replaceAll('\\', '/');
    files.set(chunk, `export{${names.map((name) => `__lg${n}_${name} as ${name}`).join(',')}}from"./${back}";\n`);
  });
  const { splitting: _s, entryNames: _e, chunkNames: _c, outExtension: _o, ...once } = HANDLER_BUNDLE_OPTIONS;
  const second = buildSync({
    ...once,
    stdin: { contents: lines.join('\n'), resolveDir: dir, sourcefile: 'folded-entry.js', loader: 'js' },
    outfile: resolve(index),
    external: [...HANDLER_BUNDLE_OPTIONS.external, `${LAZY_CHUNK}*`],
    write: false,
    metafile: true,
    ...options,
  });
  // Only the entry and its static chunks are in it: a lazy chunk bundled in would load eagerly.
  // (Compared as real paths: the output directory may be reached through a symbolic link.)
  const real = (path: string) => realpathSync(resolve(path));
  const expected = new Set([index, ...folded].map(real));
  const stray = Object.keys(second.metafile?.inputs ?? {})
    .filter((input) => resolve(input) !== join(dir, 'folded-entry.js'))
    .filter((input) => !expected.has(real(input)));
  if (stray.length > 0) throw new Error(`folding the entry's chunks would also bundle ${stray.join(', ')}`);
  for (const file of second.outputFiles) {
    const text = file.text.replaceAll(`"${LAZY_CHUNK}`, '"./');
    if (text.includes(LAZY_CHUNK)) throw new Error(`a lazy chunk's import was left unresolved in ${file.path}`);
    files.set(keyOf(file.path), text);
  }
  return { files };
}

/** The metafile of the folded files (see {@link bundleHandler}). */
function foldedMetafile(meta: Metafile, index: string, folded: Set<string>, files: Map<string, string>): Metafile {
  const parts = [index, ...folded].map((key) => meta.outputs[key]).filter((o) => o !== undefined);
  const inside = new Set([index, ...folded]);
  const imports = new Map<string, Metafile['outputs'][string]['imports'][number]>();
  for (const part of parts)
    for (const i of part.imports) if (!inside.has(i.path)) imports.set(`${i.kind} ${i.path}`, i);
  const outputs: Metafile['outputs'] = {};
  for (const [key, output] of Object.entries(meta.outputs)) {
    if (folded.has(key.replace(/\.map$/, '')) && key.endsWith('.map')) continue;
    const bytes = Buffer.byteLength(files.get(key) ?? '');
    if (key === index) {
      outputs[key] = {
        ...output,
        bytes,
        inputs: Object.assign({}, ...parts.map((p) => p.inputs)),
        imports: [...imports.values()],
      };
    } else if (folded.has(key)) {
      outputs[key] = {
        bytes,
        inputs: {},
        imports: [{ path: index, kind: 'import-statement' }],
        exports: output.exports,
      };
    } else {
      outputs[key] = output;
    }
  }
  return { ...meta, outputs };
}
