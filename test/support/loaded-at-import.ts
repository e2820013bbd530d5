/** What a file, bundled as a Lambda handler is (infra/bundling.ts), loads when it is imported. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staticClosure } from '../../bench/cold-start.js';
import { bundleHandler } from '../../infra/bundling.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The `@aws-sdk/*` packages (and project files) that importing `entry`, bundled as a Lambda is, loads at once. */
export async function loadedAtImport(entry: string): Promise<{ sdk: string[]; inputs: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'handler-bundle-'));
  try {
    const metafile = bundleHandler(join(ROOT, entry), dir, { logLevel: 'silent' });
    const index = relative(process.cwd(), join(dir, 'index.mjs'));
    const closure = staticClosure(metafile, index);
    const outputs = closure.map((o) => metafile.outputs[o]);
    return {
      sdk: [
        ...new Set(
          outputs.flatMap((o) =>
            (o?.imports ?? []).filter((i) => i.external && i.kind === 'import-statement').map((i) => i.path),
          ),
        ),
      ].filter((p) => p.startsWith('@aws-sdk/')),
      inputs: outputs.flatMap((o) => Object.keys(o?.inputs ?? {})),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
