/**
 * `labgrader token --student ID | --instructor ID [--admin] [--data-dir DIR] [--hours N]`: prints a
 * development token for the local service (`npm start`), signed with the secret in its data folder
 * (the project's `.labgrader/` unless `--data-dir` or `LABGRADER_DATA_DIR` says otherwise),
 * carrying the claims Cognito would (`sub`; `cognito:groups: [instructors]` for an instructor,
 * plus `admins` with `--admin`: the deployment's operators, who manage every course).
 */
import { parseArgs } from 'node:util';
import { loadSecret, MissingSecretError, resolveDataDir, signDevToken } from '../functions/local/dev-token.js';
import { CliError, UsageError } from './args.js';

export const TOKEN_USAGE =
  'labgrader token --student ID | --instructor ID [--admin] [--data-dir DIR] [--hours N]  (a token for the local service; --admin: every course)\n';

/** Prints the token on stdout; returns the exit code. Usage errors throw UsageError (exit code 2). */
export async function runTokenCommand(
  args: readonly string[],
  io: { out: (text: string) => void; env?: NodeJS.ProcessEnv } = { out: (t) => process.stdout.write(t) },
): Promise<number> {
  let values: {
    student?: string;
    instructor?: string;
    admin?: boolean;
    'data-dir'?: string;
    hours?: string;
    help?: boolean;
  };
  try {
    values = parseArgs({
      args: [...args],
      options: {
        student: { type: 'string' },
        instructor: { type: 'string' },
        admin: { type: 'boolean' },
        'data-dir': { type: 'string' },
        hours: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new UsageError((err as Error).message, `usage: ${TOKEN_USAGE.trim()}`);
  }
  if (values.help) {
    io.out(TOKEN_USAGE);
    return 0;
  }
  if ((values.student === undefined) === (values.instructor === undefined)) {
    throw new UsageError('give exactly one of --student ID or --instructor ID', `usage: ${TOKEN_USAGE.trim()}`);
  }
  if (values.admin && values.instructor === undefined) {
    throw new UsageError(
      '--admin goes with --instructor ID (an admin is an instructor of every course)',
      `usage: ${TOKEN_USAGE.trim()}`,
    );
  }
  const subject = (values.student ?? values.instructor) as string;
  if (!/^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/.test(subject)) {
    throw new UsageError(`'${subject}' is not an id`, 'use letters, digits or . _ @ + - (as registered in the roster)');
  }
  const hours = values.hours === undefined ? 12 : Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) {
    throw new UsageError(`--hours ${values.hours} is not a number of hours between 0 and 720`);
  }
  // The service's own folder (the project's .labgrader unless told), never one in the current folder.
  const dataDir = resolveDataDir(values['data-dir'] ?? io.env?.LABGRADER_DATA_DIR);
  let secret: Buffer;
  try {
    secret = await loadSecret(dataDir);
  } catch (err) {
    if (!(err instanceof MissingSecretError)) throw err;
    throw new CliError(
      `${err.message}; start the local service (npm start) first, or pass --data-dir with the folder it prints`,
      1,
    );
  }
  const token = signDevToken(
    secret,
    {
      subject,
      ...(values.instructor !== undefined
        ? { groups: values.admin ? ['instructors', 'admins'] : ['instructors'] }
        : {}),
    },
    { ttlSeconds: Math.round(hours * 3600) },
  );
  io.out(`${token}\n`);
  return 0;
}
