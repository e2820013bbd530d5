/**
 * The `labgrader` command as users run it, for the CLI tests: the built dist/cli/main.js in a child
 * process (built first when a source is newer), and the contract every failure keeps.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '../..');
export const MAIN = join(ROOT, 'dist/cli/main.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `labgrader <args>` and waits for it to exit (async, so a fake endpoint can answer). */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** The contract for every failure: exactly one `labgrader: problem; remedy` line, no stack. */
export function expectOneLineError(run: Run, exitCode: 1 | 2, pattern: RegExp): void {
  expect(run.code, `stderr: ${run.stderr}`).toBe(exitCode);
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^labgrader: [^\n]+; [^\n]+$/);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

/** Newest modification time of the sources the build compiles. */
async function newestSource(): Promise<number> {
  let newest = statSync(join(ROOT, 'package.json')).mtimeMs;
  for (const dir of ['cli', 'checks', 'functions']) {
    for (const entry of await readdir(join(ROOT, dir), { recursive: true })) {
      if (!String(entry).endsWith('.ts')) continue;
      newest = Math.max(newest, (await stat(join(ROOT, dir, String(entry)))).mtimeMs);
    }
  }
  return newest;
}

/** Builds dist/ when a source is newer than the built CLI. */
export async function buildCli(): Promise<void> {
  const newest = await newestSource();
  if (existsSync(MAIN) && statSync(MAIN).mtimeMs >= newest) return;
  try {
    await promisify(execFile)('npm', ['run', 'build'], { cwd: ROOT });
  } catch (err) {
    // tsc still writes JavaScript when some file has type errors (the typecheck reports those);
    // only a build that produced no fresh CLI stops these tests.
    if (!existsSync(MAIN) || statSync(MAIN).mtimeMs < newest) {
      const out = (err as { stdout?: string }).stdout ?? String(err);
      throw new Error(`npm run build failed, so the CLI cannot be tested:\n${out.slice(0, 2000)}`);
    }
  }
}
