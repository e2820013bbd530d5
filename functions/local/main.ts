/**
 * `npm start`: the whole service on this machine (see service.ts), until Ctrl-C.
 *
 *   npm start [-- --fresh] [--port N] [--data-dir DIR] [--schedule MINUTES] [--no-demo]
 *
 * PORT overrides the port (default 8080). Data lives in .labgrader/ and survives a restart;
 * `--fresh` starts clean.
 */
import { parseArgs } from 'node:util';
import { startLocalService } from './service.js';

function fail(message: string): never {
  process.stderr.write(`labgrader local service: ${message}\n`);
  process.exit(2);
}

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
  const scheduleMinutes = numberOption('schedule', values.schedule ?? process.env.LABGRADER_SCHEDULE_MINUTES, 10);
  const logLevel = (values['log-level'] ?? process.env.LABGRADER_LOG_LEVEL ?? 'WARN').toUpperCase();
  if (!['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'].includes(logLevel)) fail(`--log-level ${logLevel} is not a level`);

  process.stdout.write('Starting DynamoDB Local, the tables and the demo courses...\n');
  const started = Date.now();
  let service: Awaited<ReturnType<typeof startLocalService>>;
  try {
    service = await startLocalService({
      port,
      scheduleMinutes,
      fresh: values.fresh === true,
      demo: values['no-demo'] !== true,
      logLevel: logLevel as 'WARN',
      ...(values.host ? { host: values.host } : {}),
      ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') fail(`port ${port} is in use; set PORT or --port to another one`);
    fail(e.message.split('\n')[0] ?? String(err));
  }

  const instructor = service.token({ subject: 'teacher', groups: ['instructors'] });
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
    'Ctrl-C stops everything.',
    '',
  ];
  process.stdout.write(lines.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      process.stderr.write('forced exit\n');
      process.exit(130);
    }
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the API, the schedule and DynamoDB Local...\n`);
    await service.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

await main();
