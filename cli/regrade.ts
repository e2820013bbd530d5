/**
 * `labgrader regrade <lab> --course ID [--data-dir DIR] [--dry-run] [--json]`: regrades a course's
 * lab in the local service's data folder with this grader, from the stored inventories (no AWS
 * call), by the same service code as `POST /courses/{c}/labs/{lab}/regrade` (startRegrade, then
 * one runRegradeJob per student), and prints each student's counted score before and after.
 *
 * The data folder belongs to one process at a time (functions/local/instance-lock.ts). When the
 * local service runs on it, the command goes through that service: it asks the service's own
 * route with an instructor token signed by the folder's secret and follows the run's progress.
 * Otherwise it takes the folder (a service started meanwhile refuses, naming this command),
 * starts DynamoDB Local on it, runs the regrade and gives the folder back.
 */
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { RegradeResponse } from '../functions/api/contract.js';
import { LOCAL_TABLES, localDynamoDbClient } from '../functions/local/local-data.js';
import { CliError, type Command, shown, UsageError } from './args.js';

type RegradeCommand = Extract<Command, { kind: 'regrade' }>;

interface Io {
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
}

/** How long the command follows a run the local service works on before it gives up waiting. */
const FOLLOW_LIMIT_MS = 30 * 60_000;

export async function runRegradeCommand(command: RegradeCommand, io: Io): Promise<number> {
  const { idSchema } = await import('../functions/service/registration-input.js');
  if (!idSchema.safeParse(command.courseId).success) {
    throw new UsageError(
      `--course ${shown(command.courseId)} is not a course id`,
      'use the id the course was registered with (letters, digits or . _ @ + -)',
    );
  }
  const { resolveDataDir } = await import('../functions/local/dev-token.js');
  const dataDir = resolveDataDir(command.dataDir ?? io.env.LABGRADER_DATA_DIR);
  if (!existsSync(join(dataDir, 'dynamodb'))) {
    throw new CliError(
      `no local service data in ${dataDir}; start the local service (npm start) once, or pass --data-dir with the folder it prints`,
      1,
    );
  }
  const { acquireInstanceLock, DataDirInUseError } = await import('../functions/local/instance-lock.js');
  let response: RegradeResponse;
  let lock: Awaited<ReturnType<typeof acquireInstanceLock>>;
  try {
    lock = await acquireInstanceLock(dataDir, 0, 'labgrader regrade');
  } catch (err) {
    if (!(err instanceof DataDirInUseError)) throw err;
    if (!err.owner.url) {
      throw new CliError(
        `the local service (PID ${err.owner.pid}) that owns ${dataDir} is still starting; run the command again once it prints its URL`,
        1,
      );
    }
    response = await throughService(err.owner.url, dataDir, command);
    io.out(command.json ? `${JSON.stringify(response, null, 2)}\n` : renderRegrade(response));
    return 0;
  }
  try {
    response = await inPlace(dataDir, command, (pid) => lock.update({ dynamodbPid: pid }));
  } finally {
    lock.release();
  }
  io.out(command.json ? `${JSON.stringify(response, null, 2)}\n` : renderRegrade(response));
  return 0;
}

/** The folder is this process's: DynamoDB Local on its files, the service code, and back. */
async function inPlace(
  dataDir: string,
  command: RegradeCommand,
  started: (dynamodbPid: number) => Promise<void>,
): Promise<RegradeResponse> {
  const { startDynamoDbLocal } = await import('../functions/local/dynamodb-local.js');
  let dynamodb: Awaited<ReturnType<typeof startDynamoDbLocal>>;
  try {
    dynamodb = await startDynamoDbLocal({ dbPath: join(dataDir, 'dynamodb') });
  } catch (err) {
    throw new CliError(
      `DynamoDB Local did not start on ${dataDir} (${((err as Error).message.split('\n')[0] ?? '').trim()}); it needs Java 17 or later (LABGRADER_JAVA_HOME or JAVA_HOME)`,
      1,
      { cause: err },
    );
  }
  await started(dynamodb.pid);
  const client = localDynamoDbClient(dynamodb.endpoint);
  try {
    const [{ Logger }, { GradeStore }, { LocalInventoryStore }, regrade, enrolment, { createLocalLti }] =
      await Promise.all([
        import('@aws-lambda-powertools/logger'),
        import('../functions/store/grade-store.js'),
        import('../functions/store/inventory-store.js'),
        import('../functions/service/regrade.js'),
        import('../functions/service/enrolment.js'),
        import('../functions/local/lti.js'),
      ]);
    const store = new GradeStore(client, LOCAL_TABLES.grades);
    // Powertools logs on stdout: silent here, so the answer (and --json) stays the only output.
    const logger = new Logger({ logLevel: 'SILENT' });
    const now = () => new Date();
    const course = await readCourse(() => enrolment.courseById(store, command.courseId), dataDir);
    const lab = enrolment.courseLab(course, command.lab);
    const jobs: Parameters<typeof regrade.runRegradeJob>[0][] = [];
    const run = await regrade.startRegrade(
      { courseId: course.courseId, lab: lab.id, dryRun: command.dryRun, requestedBy: cliUser() },
      {
        store,
        now,
        enqueue: async (queued) => {
          for (const job of queued) if (job.regrade) jobs.push({ ...job, regrade: job.regrade });
        },
      },
    );
    // A changed counted score is posted to the LMS as the service would (LTI-linked courses).
    const lti = createLocalLti({ store, dataDir, logger, now });
    const deps = {
      store,
      inventories: new LocalInventoryStore(join(dataDir, 'inventories')),
      log: logger,
      now,
      onCountedScoreChange: lti.onCountedScoreChange,
    };
    try {
      for (const job of jobs) await regrade.runRegradeJob(job, deps);
      await lti.drain();
    } finally {
      await lti.stop();
    }
    const found = await store.getRegrade(course.courseId, lab.id, run.runId);
    if (!found) throw new CliError(`the regrade run ${run.runId} was not stored in ${dataDir}; run it again`, 1);
    return { run: found.run, students: sortByStudent(found.students) };
  } finally {
    client.destroy();
    await dynamodb.stop();
  }
}

/** The course, or a line saying why not: not registered (usage), or a folder without the service's tables. */
async function readCourse<T>(read: () => Promise<T>, dataDir: string): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if ((err as Error).name === 'ResourceNotFoundException') {
      throw new CliError(
        `${dataDir} has no grades table (${LOCAL_TABLES.grades}); start the local service (npm start) on it once`,
        1,
        { cause: err },
      );
    }
    throw err;
  }
}

/** The local service owns the folder: its own route does the regrade; this follows the run. */
async function throughService(url: string, dataDir: string, command: RegradeCommand): Promise<RegradeResponse> {
  const { loadSecret, signDevToken } = await import('../functions/local/dev-token.js');
  // Whoever holds the folder's secret operates this service: an admin, like the folder-lock path
  // that reads the store directly (a course's instructor list does not name the OS user).
  const token = signDevToken(await loadSecret(dataDir), { subject: cliUser(), groups: ['instructors', 'admins'] });
  const call = async (method: string, path: string): Promise<RegradeResponse> => {
    let res: Response;
    try {
      res = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
    } catch (err) {
      throw new CliError(
        `the local service that owns ${dataDir} does not answer on ${url} (${(err as Error).message}); is it still running?`,
        1,
        { cause: err },
      );
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!res.ok) {
      const message = (body as { error?: { message?: string } } | undefined)?.error?.message ?? text.slice(0, 200);
      // The course, the lab or an id is wrong (4xx): a usage error. The service failing: cannot run.
      throw new CliError(
        `${message} (the local service on ${url} answered ${res.status}); ${res.status < 500 ? "check --course and the lab ('labgrader labs')" : 'see the service log'}`,
        res.status < 500 ? 2 : 1,
      );
    }
    return body as RegradeResponse;
  };
  const query = command.dryRun ? '?dryRun=true' : '';
  const course = encodeURIComponent(command.courseId);
  const lab = encodeURIComponent(command.lab);
  const { run } = await call('POST', `/courses/${course}/labs/${lab}/regrade${query}`);
  const location = `/courses/${course}/labs/${lab}/regrade/${run.runId}`;
  const until = Date.now() + FOLLOW_LIMIT_MS;
  for (let wait = 50; ; wait = Math.min(wait * 2, 1000)) {
    const progress = await call('GET', location);
    if (progress.run.done >= progress.run.total) {
      return { run: progress.run, students: sortByStudent(progress.students) };
    }
    if (Date.now() > until) {
      throw new CliError(
        `the regrade ${run.runId} is still running in the local service (${progress.run.done} of ${progress.run.total} students); follow it with GET ${url}${location}`,
        1,
      );
    }
    await new Promise((r) => setTimeout(r, wait));
  }
}

function cliUser(): string {
  let name = 'cli';
  try {
    name = userInfo().username.replace(/[^A-Za-z0-9._@+-]/g, '') || name;
  } catch {
    // No user database entry (a container): keep 'cli'.
  }
  return `labgrader-cli-${name}`.slice(0, 128);
}

function sortByStudent<T extends { studentId: string }>(students: readonly T[]): T[] {
  return [...students].sort((a, b) => (a.studentId < b.studentId ? -1 : a.studentId > b.studentId ? 1 : 0));
}

const score = (a: { score: number; maxScore: number } | null) => (a ? `${a.score}/${a.maxScore}` : '-');

/** The run as a table: each student's counted score before → after, and the checks whose status changed. */
export function renderRegrade({ run, students }: RegradeResponse): string {
  const rows = students.map((s) => {
    // Each changed check once, with how many attempts it changed in.
    const checks = new Map<string, number>();
    for (const attempt of s.changed) {
      for (const c of attempt.checks) {
        const key = `${c.id} ${c.before}→${c.after}`;
        checks.set(key, (checks.get(key) ?? 0) + 1);
      }
    }
    const changed = [...checks].map(([k, n]) => `${k} (${n} attempt${n === 1 ? '' : 's'})`).join(', ');
    const delta = s.delta > 0 ? `+${s.delta}` : s.delta < 0 ? `${s.delta}` : '0';
    return [s.studentId, score(s.before), score(s.after), delta, changed || '-'];
  });
  const header = ['STUDENT', 'BEFORE', 'AFTER', 'CHANGE', 'CHECKS CHANGED'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const gained = students.filter((s) => s.delta > 0).length;
  const lost = students.filter((s) => s.delta < 0).length;
  const replayed = students.reduce((n, s) => n + s.replayed, 0);
  const notReplayable = students.reduce((n, s) => n + s.notReplayable, 0);
  const out = [
    `Regrade of ${run.courseId} / ${run.lab} by grader ${run.graderVersion}${run.dryRun ? ' (dry run)' : ''}`,
    '',
    line(header),
    ...rows.map(line),
    '',
    `${students.length} student${students.length === 1 ? '' : 's'}: ${gained} gained, ${lost} lost, ${students.length - gained - lost} unchanged; ` +
      `${replayed} attempt${replayed === 1 ? '' : 's'} replayed, ${notReplayable} not replayable (nothing was read)`,
    run.dryRun
      ? 'Dry run: nothing was stored; run it again without --dry-run to store the new results.'
      : `Stored: the new results (trigger regrade, grader ${run.graderVersion}) now count.`,
  ];
  return `${out.join('\n')}\n`;
}
