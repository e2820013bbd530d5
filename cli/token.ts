/**
 * `labgrader token --student ID | --instructor ID [--admin] [--data-dir DIR] [--hours N]`: prints a
 * development token for the local service (`npm start`), signed with the secret in its data folder
 * (the project's `.labgrader/` unless `--data-dir` or `LABGRADER_DATA_DIR` says otherwise),
 * carrying the claims Cognito would (`sub`; `cognito:groups: [instructors]` for an instructor,
 * plus `admins` with `--admin`: the deployment's operators, who manage every course).
 */
import { parseArgs } from 'node:util';
import { loadSecret, MissingSecretError, resolveDataDir, signDevToken } from '../functions/local/dev-token.js';
import { CliError, nonEmpty, refuseRepeatedOptions, shown, toUsageError, UsageError } from './args.js';

export const TOKEN_USAGE =
  'labgrader token --student ID | --instructor ID [--admin] [--data-dir DIR] [--hours N]  (a token for the local service; --admin: every course)\n';

/** Prints the token on stdout; returns the exit code. Usage errors throw UsageError (exit code 2). */
export async function runTokenCommand(
  args: readonly string[],
  io: { out: (text: string) => void; env?: NodeJS.ProcessEnv } = { out: (t) => process.stdout.write(t) },
): Promise<number> {
  let parsed: {
    values: {
      student?: string;
      instructor?: string;
      admin?: boolean;
      'data-dir'?: string;
      hours?: string;
      help?: boolean;
    };
    tokens: Parameters<typeof refuseRepeatedOptions>[0];
  };
  try {
    parsed = parseArgs({
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
      tokens: true,
    });
  } catch (err) {
    throw toUsageError(err);
  }
  refuseRepeatedOptions(parsed.tokens);
  const { values } = parsed;
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
  // The ids the service registers (a token for any other id names no one it knows).
  const { idSchema } = await import('../functions/service/input.js');
  if (!idSchema.safeParse(subject).success) {
    throw new UsageError(
      `${shown(subject)} is not an id`,
      'use letters, digits or . _ @ + - (as registered in the roster)',
    );
  }
  const ttlSeconds = tokenLifetime(values.hours);
  // The service's own folder (the project's .labgrader unless told), never one in the current folder.
  const dataDir = resolveDataDir(nonEmpty(values['data-dir'], '--data-dir') ?? io.env?.LABGRADER_DATA_DIR);
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
    { ttlSeconds },
  );
  io.out(`${token}\n`);
  return 0;
}

/**
 * --hours in seconds: a plain decimal number of hours from a minute to 30 days (12 when not
 * given). Number() alone took '0x10' for 16 hours and '1e-9' for a token that had expired when
 * printed.
 */
function tokenLifetime(hours: string | undefined): number {
  if (hours === undefined) return 12 * 3600;
  const seconds = /^\d{1,3}(\.\d{1,6})?$/.test(hours) ? Math.round(Number(hours) * 3600) : Number.NaN;
  if (!(seconds >= 60 && seconds <= 720 * 3600)) {
    throw new UsageError(
      `--hours ${shown(hours)} is not a number of hours from a minute to 30 days`,
      'e.g. --hours 12 or --hours 0.5 (at most 720)',
    );
  }
  return seconds;
}
