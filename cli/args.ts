/**
 * The command line: which command, which lab, which options. Everything a user can mistype is
 * rejected here with a {@link UsageError} (exit code 2) before any AWS call is made.
 */
import { parseArgs } from 'node:util';
import { LANGS, type Lang } from '../checks/model.js';
import { EXTERNAL_ID_FORMAT, ROLE_ARN_FORMAT } from '../checks/regions.js';
import { NOT_PLAIN_TEXT } from '../functions/formats.js';

/** A failure the CLI reports as one line, `labgrader: <problem>; <what to do>`, with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}

/** The command line itself is wrong: exit code 2. */
export class UsageError extends CliError {
  constructor(problem: string, remedy = "run 'labgrader --help' for usage", options?: { cause?: unknown }) {
    super(`${problem}; ${remedy}`, 2, options);
    this.name = 'UsageError';
  }
}

const NOT_PLAIN_TEXT_ALL = new RegExp(NOT_PLAIN_TEXT.source, 'gu');

/**
 * Control, bidi and separator characters and lone surrogates ({@link NOT_PLAIN_TEXT}) written as
 * `\u001b`: text a terminal shows and never acts on.
 */
export function escapeControls(text: string): string {
  return text.replace(NOT_PLAIN_TEXT_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A value the user typed, fit for an error line: in quotes, {@link escapeControls escaped}, cut to 60 characters. */
export function shown(value: string): string {
  const escaped = escapeControls(value);
  return `'${escaped.length > 60 ? `${escaped.slice(0, 60)}…` : escaped}'`;
}

/**
 * An option given twice with different values (`--region a --region b`) is refused: which one
 * was meant is a guess, and a wrong guess grades the wrong account, file or course.
 */
export function refuseRepeatedOptions(
  tokens: readonly { kind: string; name?: string; rawName?: string; value?: string | undefined }[],
): void {
  const seen = new Map<string, string | undefined>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined) continue;
    if (seen.has(token.name) && seen.get(token.name) !== token.value) {
      throw new UsageError(
        `${token.rawName ?? `--${token.name}`} given twice (${shown(seen.get(token.name) ?? '')}, ${shown(token.value ?? '')})`,
        'give it once',
      );
    }
    seen.set(token.name, token.value);
  }
}

/** Where the account is and who reads it. */
export interface AccessOptions {
  region?: string;
  profile?: string;
  roleArn?: string;
  externalId?: string;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'labs'; json: boolean; lang: Lang }
  | {
      kind: 'grade';
      lab: string;
      access: AccessOptions;
      inventoryFile?: string;
      paramsFile?: string;
      json: boolean;
      lang: Lang;
    }
  | { kind: 'inventory'; lab: string; access: AccessOptions; out: string; paramsFile?: string }
  | { kind: 'regrade'; lab: string; courseId: string; dataDir?: string; dryRun: boolean; json: boolean };

export const USAGE = `labgrader: grade hands-on AWS labs by reading the account they were built in

Usage:
  labgrader labs [--json] [--lang ko|en]
      The labs and their checks, with points.
  labgrader grade <lab> [--region R] [--profile P] [--role-arn ARN [--external-id ID]]
                        [--params FILE] [--json] [--lang ko|en]
      Grades the account the AWS credentials belong to (or the role assumed with --role-arn).
  labgrader grade <lab> --inventory FILE [--params FILE] [--json] [--lang ko|en]
      Grades a recorded inventory offline, without AWS credentials.
  labgrader inventory <lab> [--region R] [--profile P] [--role-arn ARN [--external-id ID]]
                            [--params FILE] --out FILE
      Records what a grade of <lab> reads, for grading or inspecting later.
  labgrader regrade <lab> --course ID [--data-dir DIR] [--dry-run] [--json]
      Regrades every stored attempt of a course's lab in the local service's data with this
      grader (no AWS call) and prints each student's counted score before and after.
  labgrader token --student ID | --instructor ID [--admin] [--data-dir DIR] [--hours N]
      A development token for the local service (npm start).
  labgrader help | --help | -h
  labgrader --version | -v

Options:
  --region R          AWS region to grade (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region)
  --profile P         AWS profile from ~/.aws/config (default: AWS_PROFILE, then the credentials chain)
  --role-arn ARN      assume this role (STS AssumeRole) to read the account, e.g. a student's grader role
  --external-id ID    the external id the role's trust policy requires
  --inventory FILE    grade this recorded inventory instead of reading AWS
  --params FILE       lab parameters ({"minAzs": 3}) or a course's tailoring
                      ({"params": {...}, "points": {"vpc.tags": 0}, "disabled": ["vpc.nat-ha"]})
  --out FILE          where 'inventory' writes the recorded inventory
  --course ID         the course whose lab 'regrade' regrades
  --data-dir DIR      the local service's data folder (default: LABGRADER_DATA_DIR, then .labgrader/)
  --dry-run           'regrade' shows what would change and stores nothing
  --json              print the result document (JSON) only
  --lang ko|en        language of titles, messages and hints (default: ko when LANG starts with ko)

Exit codes: 0 graded (whatever the score), 1 grading could not run, 2 usage error.
Standard AWS settings are honoured: profiles, credentials chain, AWS_ENDPOINT_URL[_<SERVICE>].
`;

const OPTIONS = {
  region: { type: 'string' },
  profile: { type: 'string' },
  'role-arn': { type: 'string' },
  'external-id': { type: 'string' },
  inventory: { type: 'string' },
  params: { type: 'string' },
  out: { type: 'string' },
  course: { type: 'string' },
  'data-dir': { type: 'string' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

type OptionName = keyof typeof OPTIONS;

const ACCESS: readonly OptionName[] = ['region', 'profile', 'role-arn', 'external-id', 'params'];
const ALLOWED: Record<'labs' | 'grade' | 'inventory' | 'regrade' | 'help', readonly OptionName[]> = {
  labs: ['json', 'lang'],
  grade: [...ACCESS, 'inventory', 'json', 'lang'],
  inventory: [...ACCESS, 'out'],
  regrade: ['course', 'data-dir', 'dry-run', 'json'],
  help: [],
};

/** A profile name as ~/.aws/config can hold it: printable, on one line, of a sane length. */
const PROFILE = /^[^\s\p{Cc}][^\p{Cc}]{0,127}$/u;

/** The language of the user's locale: Korean when it says so, English otherwise. */
export function defaultLang(env: NodeJS.ProcessEnv): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/** Turns `process.argv.slice(2)` into a command, or throws {@link UsageError}. */
export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): Command {
  let parsed: ReturnType<typeof parseStrict>;
  try {
    parsed = parseStrict(argv);
  } catch (err) {
    throw toUsageError(err);
  }
  const { values, positionals, tokens } = parsed;
  refuseRepeatedOptions(tokens);
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const [command, lab, ...extra] = positionals;
  if (command === undefined) throw new UsageError('no command given', "run 'labgrader --help' for the commands");
  if (
    command !== 'labs' &&
    command !== 'grade' &&
    command !== 'inventory' &&
    command !== 'regrade' &&
    command !== 'help'
  ) {
    throw new UsageError(
      `unknown command ${shown(command)}`,
      'the commands are labs, grade, inventory, regrade, token and help',
    );
  }

  const given = tokens.flatMap((t) => (t.kind === 'option' ? [t] : []));
  for (const token of given) {
    if (!ALLOWED[command].includes(token.name as OptionName)) {
      throw new UsageError(
        `option ${token.rawName} does not apply to '${command}'`,
        `run 'labgrader --help' for the options of '${command}'`,
      );
    }
  }
  if (command === 'help') return { kind: 'help' };

  const lang = parseLang(values.lang, env);
  if (command === 'labs') {
    if (lab !== undefined)
      throw new UsageError(`unexpected argument ${shown(lab)}`, "'labgrader labs' lists every lab");
    return { kind: 'labs', json: values.json ?? false, lang };
  }

  if (lab === undefined) {
    throw new UsageError(
      `missing the lab to ${command === 'inventory' ? 'record' : command}`,
      `usage: labgrader ${command} <lab> (labs: see 'labgrader labs')`,
    );
  }
  if (extra.length > 0)
    throw new UsageError(`unexpected argument ${shown(extra[0] ?? '')}`, `usage: labgrader ${command} <lab> [options]`);

  if (command === 'regrade') {
    const courseId = nonEmpty(values.course, '--course');
    if (courseId === undefined) {
      throw new UsageError('missing --course ID: whose lab to regrade', 'usage: labgrader regrade <lab> --course ID');
    }
    const dataDir = nonEmpty(values['data-dir'], '--data-dir');
    return {
      kind: 'regrade',
      lab,
      courseId,
      dryRun: values['dry-run'] ?? false,
      json: values.json ?? false,
      ...(dataDir ? { dataDir } : {}),
    };
  }

  const access = parseAccess(values);
  const paramsFile = nonEmpty(values.params, '--params');
  if (command === 'inventory') {
    const out = nonEmpty(values.out, '--out');
    if (out === undefined) {
      throw new UsageError(
        'missing --out FILE: where to write the inventory',
        'usage: labgrader inventory <lab> --out FILE',
      );
    }
    return { kind: 'inventory', lab, access, out, ...(paramsFile ? { paramsFile } : {}) };
  }

  const inventoryFile = nonEmpty(values.inventory, '--inventory');
  if (inventoryFile !== undefined) {
    const conflicting = given.find((t) => ['region', 'profile', 'role-arn', 'external-id'].includes(t.name));
    if (conflicting) {
      throw new UsageError(
        `${conflicting.rawName} cannot be combined with --inventory (a recorded inventory is graded without reading AWS)`,
        'drop one of them',
      );
    }
  }
  return {
    kind: 'grade',
    lab,
    access,
    json: values.json ?? false,
    lang,
    ...(inventoryFile ? { inventoryFile } : {}),
    ...(paramsFile ? { paramsFile } : {}),
  };
}

function parseStrict(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
}

function parseLang(value: string | undefined, env: NodeJS.ProcessEnv): Lang {
  if (value === undefined) return defaultLang(env);
  if (!(LANGS as readonly string[]).includes(value)) {
    throw new UsageError(`unknown language ${shown(value)} for --lang`, `use ${LANGS.join(' or ')}`);
  }
  return value as Lang;
}

function parseAccess(values: {
  region?: string;
  profile?: string;
  'role-arn'?: string;
  'external-id'?: string;
}): AccessOptions {
  const access: AccessOptions = {};
  const region = nonEmpty(values.region, '--region');
  const profile = nonEmpty(values.profile, '--profile');
  const roleArn = nonEmpty(values['role-arn'], '--role-arn');
  const externalId = nonEmpty(values['external-id'], '--external-id');
  if (region) access.region = region;
  if (profile) {
    if (!PROFILE.test(profile)) {
      throw new UsageError(
        `--profile ${shown(profile)} is not a profile name`,
        "use the name of a profile in ~/.aws/config ('aws configure list-profiles')",
      );
    }
    access.profile = profile;
  }
  if (externalId && !roleArn) {
    throw new UsageError('--external-id needs --role-arn (it is sent when assuming that role)', 'add --role-arn ARN');
  }
  if (roleArn) {
    if (!ROLE_ARN_FORMAT.test(roleArn)) {
      throw new UsageError(
        `--role-arn ${shown(roleArn)} is not an IAM role ARN`,
        'expected arn:aws:iam::<12-digit account id>:role/<name>',
      );
    }
    access.roleArn = roleArn;
  }
  if (externalId) {
    if (!EXTERNAL_ID_FORMAT.test(externalId)) {
      throw new UsageError(
        `--external-id ${shown(externalId)} is not an external id`,
        "use the role trust policy's sts:ExternalId: 2 to 1224 letters, digits or _ + = , . @ : / -",
      );
    }
    access.externalId = externalId;
  }
  return access;
}

/** The option's value; an empty one is refused rather than taken for the default. */
export function nonEmpty(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new UsageError(`${flag} is empty`, `give ${flag} a value`);
  return value;
}

/** parseArgs throws TypeErrors with a `code`; their messages are long and multi-line. */
export function toUsageError(err: unknown): UsageError {
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  const raw = /'(-[^' ]+)/.exec(message)?.[1];
  const option = raw === undefined ? undefined : shown(raw).slice(1, -1);
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown option ${option ?? ''}`.trim(), "run 'labgrader --help' for the options", {
        cause: err,
      });
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const problem = /does not take an argument/.test(message)
        ? `option ${option} does not take a value`
        : `option ${option} needs a value`;
      return new UsageError(problem, "run 'labgrader --help' for the options", { cause: err });
    }
    default:
      return new UsageError(firstLine(message), "run 'labgrader --help' for usage", { cause: err });
  }
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? text).trim();
}
