/**
 * `npm start` as a program: it stops everything it started (the API, DynamoDB Local's Java)
 * whichever of its processes is told to stop, and a second one on the same data folder refuses
 * with one line naming the first.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

interface Started {
  npm: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function npmStart(dataDir: string): Started {
  const npm = spawn('npm', ['start', '--', '--port', '0', '--no-demo', '--schedule', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LABGRADER_DATA_DIR: '' },
  });
  let output = '';
  npm.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  npm.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
  return { npm, output: () => output, exited };
}

async function waitFor(what: () => boolean, ms: number, label: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!what()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Live (not zombie) processes by id, with their parent and command line, from /proc. */
function processTable(): Map<number, { ppid: number; command: string }> {
  const table = new Map<number, { ppid: number; command: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z') continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      table.set(Number(entry), { ppid: Number(ppid), command });
    } catch {
      // Gone while we looked.
    }
  }
  return table;
}

/** A process and everything under it. */
function tree(root: number): Map<number, string> {
  const table = processTable();
  const found = new Map<number, string>();
  const visit = (pid: number) => {
    const p = table.get(pid);
    if (!p) return;
    found.set(pid, p.command);
    for (const [child, c] of table) if (c.ppid === pid) visit(child);
  };
  visit(root);
  return found;
}

const leftovers: number[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const pid of leftovers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone, as it should be.
    }
  }
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** Starts `npm start` on a fresh folder and waits until it serves; answers its process tree. */
async function startService() {
  const dataDir = await mkdtemp(join(tmpdir(), 'labgrader-lifecycle-'));
  dirs.push(dataDir);
  const started = npmStart(dataDir);
  await waitFor(() => /stops everything/.test(started.output()), 90_000, `npm start:\n${started.output()}`);
  const processes = tree(started.npm.pid as number);
  leftovers.push(...processes.keys());
  const find = (pattern: RegExp) => [...processes].find(([, command]) => pattern.test(command))?.[0] as number;
  const service = find(/^\S*node .*functions\/local\/main\.ts/);
  const java = find(/DynamoDBLocal\.jar/);
  const port = Number(/API on http:\/\/localhost:(\d+)/.exec(started.output())?.[1]);
  return { dataDir, started, processes, service, java, port };
}

const stillRunning = (pids: Iterable<number>) => {
  const table = processTable();
  return [...pids].filter((pid) => table.has(pid));
};

describe('npm start as a program', () => {
  it('refuses a second instance on the same data folder, and stops its whole tree when npm is killed', async () => {
    const first = await startService();
    expect(first.java, 'DynamoDB Local runs under the service').toBeGreaterThan(0);
    expect(first.processes.size).toBeGreaterThanOrEqual(3);

    const second = npmStart(first.dataDir);
    expect(await second.exited).toBe(1);
    const errors = second
      .output()
      .split('\n')
      .filter((line) => line.startsWith('labgrader local service:'));
    expect(errors).toEqual([
      `labgrader local service: the data folder ${first.dataDir} is in use by the local service with PID ${first.service} on port ${first.port}: stop it (kill ${first.service}) or use another --data-dir`,
    ]);
    expect(second.output()).not.toContain('Starting DynamoDB Local');
    expect(stillRunning(first.processes.keys())).toHaveLength(first.processes.size);

    // `kill <npm's pid>`, as the issue did.
    process.kill(first.started.npm.pid as number, 'SIGTERM');
    await waitFor(() => stillRunning(first.processes.keys()).length === 0, 20_000, 'the tree to stop').catch(
      () => undefined,
    );
    expect(
      stillRunning(first.processes.keys()).map((pid) => first.processes.get(pid)),
      'processes left behind',
    ).toEqual([]);
  }, 150_000);

  it.each([
    ['SIGINT', 'the service'],
    ['SIGTERM', 'DynamoDB Local'],
  ] as const)(
    'stops its whole tree when %s reaches %s',
    async (signal, target) => {
      const { processes, service, java, started } = await startService();
      process.kill(target === 'the service' ? service : java, signal);
      await waitFor(() => stillRunning(processes.keys()).length === 0, 20_000, 'the tree to stop').catch(
        () => undefined,
      );
      expect(
        stillRunning(processes.keys()).map((pid) => processes.get(pid)),
        'processes left behind',
      ).toEqual([]);
      if (target === 'DynamoDB Local') expect(started.output()).toMatch(/DynamoDB Local \(PID \d+\) exited by itself/);
    },
    150_000,
  );
});
