/**
 * `npm start`: the whole service on this machine (see service.ts), until Ctrl-C.
 *
 *   npm start [-- --fresh] [--port N] [--data-dir DIR] [--schedule MINUTES] [--no-demo]
 *
 * PORT overrides the port (default 8080). Data lives in the project's .labgrader/ (or
 * LABGRADER_DATA_DIR) and survives a restart; `--fresh` starts clean. One service per data folder.
 *
 * This process owns everything it starts (DynamoDB Local's Java, the API, the schedule) and stops
 * all of it on SIGINT, SIGTERM or SIGHUP, or when the process that started it goes away (`npm
 * start` killed: npm passes the signal to its shell only, and the shell does not pass it on).
 */
import { parseArgs } from 'node:util';
import { DEMO_INSTRUCTOR } from './demo.js';
import { DataDirInUseError } from './instance-lock.js';
import { startLocalService } from './service.js';

/** One line on stderr, then exit: 2 for a usage error, 1 when the service cannot run. */
function fail(message: string, exitCode: 1 | 2 = 2): never {
  process.stderr.write(`labgrader local service: ${message}\n`);
  process.exit(exitCode);
}

/** How often the service looks whether the process that started it is still there. */
const PARENT_CHECK_MS = 500;
/** A second signal this soon after the first is the same request (a Ctrl-C reaches npm and us). */
const SAME_SIGNAL_MS = 1000;

function numberOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a whole number, not '${value}'`);
  return n;
}

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>['values'];
  const parse = (args: string[]) =>
    parseArgs({
      args,
      options: {
        fresh: { type: 'boolean' },
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        schedule: { type: 'string' },
        'no-demo': { type: 'boolean' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  try {
    values = parse(process.argv.slice(2)).values;
  } catch (err) {
    fail(
      `${(err as Error).message}; usage: npm start -- [--fresh] [--port N] [--data-dir DIR] [--schedule MINUTES] [--no-demo]`,
    );
  }
  if (values.help) {
    process.stdout.write(
      'usage: npm start -- [--fresh] [--port N] [--host H] [--data-dir DIR] [--schedule MINUTES] [--no-demo] [--log-level INFO]\n',
    );
    return;
  }
  const port = numberOption('port', values.port ?? process.env.PORT, 8080);
  const dataDir = values['data-dir'] ?? process.env.LABGRADER_DATA_DIR;
  const scheduleMinutes = numberOption('schedule', values.schedule ?? process.env.LABGRADER_SCHEDULE_MINUTES, 10);
  const logLevel = (values['log-level'] ?? process.env.LABGRADER_LOG_LEVEL ?? 'WARN').toUpperCase();
  if (!['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'].includes(logLevel)) fail(`--log-level ${logLevel} is not a level`);

  // Logs name the service as a Lambda's would: by POWERTOOLS_SERVICE_NAME.
  process.env.POWERTOOLS_SERVICE_NAME ||= 'labgrader-local';
  const started = Date.now();
  let service: Awaited<ReturnType<typeof startLocalService>>;
  try {
    service = await startLocalService({
      port,
      scheduleMinutes,
      fresh: values.fresh === true,
      demo: values['no-demo'] !== true,
      demoLiveEvent: values['no-demo'] !== true,
      logLevel: logLevel as 'WARN',
      ...(values.host ? { host: values.host } : {}),
      ...(dataDir ? { dataDir } : {}),
      onStarting: () => process.stdout.write('Starting DynamoDB Local, the tables and the demo courses...\n'),
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (err instanceof DataDirInUseError) fail(err.message, 1);
    if (e.code === 'EADDRINUSE') fail(`port ${port} is in use; set PORT or --port to another one`, 1);
    fail(e.message.split('\n')[0] ?? String(err), 1);
  }
  // Whatever ends this process, DynamoDB Local does not outlive it.
  process.on('exit', () => service.kill());

  const instructor = service.token({ subject: DEMO_INSTRUCTOR, groups: ['instructors'] });
  // The VPC lab's finished example makes the friendliest first call.
  const firstDemo = service.demo.find((d) => d.lab === 'vpc') ?? service.demo[0];
  const student = firstDemo?.students.find((s) => s.endsWith('-complete')) ?? firstDemo?.students[0];
  const studentToken = student ? service.token({ subject: student }) : undefined;
  const lines = [
    '',
    `labgrader API on ${service.url}  (started in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `  DynamoDB Local ${service.dynamodbEndpoint}, data in ${service.dataDir}/ (kept across restarts; --fresh starts clean)`,
    `  schedule: ${scheduleMinutes > 0 ? `every ${scheduleMinutes} min` : 'off'}`,
    ...(service.demo.length
      ? [`  demo courses: ${service.demo.map((d) => `${d.courseId} (${d.students.length} students)`).join(', ')}`]
      : []),
    '',
    'Tokens (valid 12 h; more with `labgrader token --student ID` or `--instructor ID`):',
    `  export TOKEN=${instructor}`,
    ...(studentToken ? [`  export STUDENT_TOKEN=${studentToken}    # student ${student}`] : []),
    '',
    'Try:',
    `  curl -H "Authorization: Bearer $TOKEN" ${service.url}/courses`,
    ...(firstDemo
      ? [
          `  curl -H "Authorization: Bearer $TOKEN" ${service.url}/courses/${firstDemo.courseId}/labs/${firstDemo.lab}/summary`,
          `  curl -H "Authorization: Bearer $TOKEN" ${service.url}/courses/${firstDemo.courseId}/labs/${firstDemo.lab}/results.csv -o results.csv`,
          `  curl -H "Authorization: Bearer $STUDENT_TOKEN" -H 'content-type: application/json' -d '{"lab":"${firstDemo.lab}"}' ${service.url}/grades`,
          `  curl -H "Authorization: Bearer $STUDENT_TOKEN" '${service.url}/students/${student}/grades?lab=${firstDemo.lab}'`,
        ]
      : []),
    '',
    `Ctrl-C (or kill ${process.pid}) stops everything.`,
    '',
  ];
  process.stdout.write(lines.join('\n'));

  let stoppingSince = 0;
  const stop = async (why: string, exitCode = 0) => {
    if (stoppingSince) {
      if (Date.now() - stoppingSince < SAME_SIGNAL_MS) return;
      process.stderr.write('forced exit\n');
      process.exit(130); // the exit handler kills DynamoDB Local
    }
    stoppingSince = Date.now();
    clearInterval(parentWatch);
    process.stdout.write(`\n${why}: stopping the API, the schedule and DynamoDB Local...\n`);
    await service.stop();
    process.exit(exitCode);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));
  const parent = process.ppid;
  const parentWatch = setInterval(() => {
    if (process.ppid !== parent) void stop(`the process that started the service (PID ${parent}) is gone`);
  }, PARENT_CHECK_MS);
  parentWatch.unref();
  void service.failed.then((reason) => {
    process.stderr.write(`labgrader local service: ${reason}\n`);
    void stop('DynamoDB Local is gone', 1);
  });
}

await main();
