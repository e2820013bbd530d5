#!/usr/bin/env node
/**
 * `labgrader`: the grading core from a terminal. Parses the command line, calls the same grade()
 * the service uses, and prints a table or the result document. Every failure ends as one line on
 * stderr, `labgrader: <problem>; <what to do>`, with exit code 1 (could not grade) or 2 (usage).
 */
import { access, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ZodError } from 'zod';
import { LabParamsError } from '../checks/engine.js';
import type { Inventory } from '../checks/inventory.js';
import { findLab, LABS } from '../checks/labs/index.js';
import type { LabDefinition, LabOptions } from '../checks/model.js';
import { type Tailoring, tailoringSchema } from '../checks/tailoring.js';
import { firstIssue } from '../checks/zod-field.js';
import type { grade } from '../functions/grade.js';
import { GRADER_VERSION } from '../functions/version.js';
import {
  type AccessOptions,
  CliError,
  type Command,
  escapeControls,
  parseCommandLine,
  shown,
  USAGE,
  UsageError,
} from './args.js';
import { colorWanted, labsDocument, painter, renderGrade, renderLabs } from './render.js';

// The grade core and the AWS SDK take seconds to load on a small machine: only commands that
// grade or record load them, so help, labs and usage errors answer at once.
const core = () => import('../functions/grade.js');
const files = () => import('../functions/inventory/io.js');
const aws = () => import('./aws.js');

interface Io {
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  color: boolean;
}

/** Runs one command line; returns the exit code. Throws only what {@link describeFailure} maps. */
async function run(argv: readonly string[], io: Io): Promise<number> {
  // `token` belongs to the local service and parses its own options.
  if (argv[0] === 'token') return (await import('./token.js')).runTokenCommand(argv.slice(1), io);
  const command = parseCommandLine(argv, io.env);
  switch (command.kind) {
    case 'help':
      io.out(USAGE);
      return 0;
    case 'version':
      io.out(`${GRADER_VERSION}\n`);
      return 0;
    case 'labs':
      io.out(
        command.json
          ? `${JSON.stringify(labsDocument(LABS, command.lang), null, 2)}\n`
          : renderLabs(LABS, command.lang, painter(io.color)),
      );
      return 0;
    case 'grade':
      return gradeCommand(command, io);
    case 'inventory':
      return inventoryCommand(command, io);
    case 'regrade':
      labOf(command.lab);
      return (await import('./regrade.js')).runRegradeCommand(command, io);
  }
}

function labOf(id: string): LabDefinition {
  const lab = findLab(id);
  if (!lab) {
    throw new UsageError(
      `unknown lab ${shown(id)}`,
      `known labs: ${LABS.map((l) => l.id).join(', ')} (see 'labgrader labs')`,
    );
  }
  return lab;
}

async function gradeCommand(command: Extract<Command, { kind: 'grade' }>, io: Io): Promise<number> {
  const lab = labOf(command.lab);
  const options: LabOptions = { lang: command.lang };
  if (command.paramsFile) Object.assign(options, await readParams(command.paramsFile, lab));
  let graded: Awaited<ReturnType<typeof grade>>;
  if (command.inventoryFile) {
    const inventory = await (await files()).loadInventory(command.inventoryFile);
    requireRecordedFor(lab, inventory, command.inventoryFile);
    graded = await (await core()).grade({ lab, inventory, region: inventory.region, options, trigger: 'cli' });
  } else {
    const { resolveCredentials, resolveRegion } = await aws();
    const region = await resolveRegion(command.access, io.env);
    const graderCore = await core();
    graded = await readingAccount(command.access, () =>
      graderCore.grade({
        lab,
        region,
        credentials: resolveCredentials(command.access, region),
        options,
        trigger: 'cli',
        ...clientConfig(command.access),
      }),
    );
  }
  const { result, inventory } = graded;
  io.out(command.json ? `${JSON.stringify(result, null, 2)}\n` : renderGrade(result, lab, painter(io.color)));

  const unread = unreadSources((await core()).sourcesOf(lab), inventory);
  if (unread) {
    const remedy = command.inventoryFile
      ? `record an inventory of this lab with 'labgrader inventory ${lab.id} --out FILE'`
      : 'check that the credentials or role may read them (see the policy in the student template)';
    throw new CliError(`none of the sources lab ${lab.id} reads could be read (${unread}); ${remedy}`, 1);
  }
  return 0;
}

async function inventoryCommand(command: Extract<Command, { kind: 'inventory' }>, io: Io): Promise<number> {
  const lab = labOf(command.lab);
  const params = command.paramsFile ? (await readParams(command.paramsFile, lab)).params : undefined;
  await checkOut(command.out, command.paramsFile);
  const { resolveCredentials, resolveRegion } = await aws();
  const region = await resolveRegion(command.access, io.env);
  const { collectForLab, sourcesOf } = await core();
  const inventory = await readingAccount(command.access, () =>
    collectForLab({
      lab,
      region,
      credentials: resolveCredentials(command.access, region),
      ...(params ? { options: { params } } : {}),
      ...clientConfig(command.access),
    }),
  );
  try {
    await (await files()).saveInventory(command.out, inventory);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new CliError(`cannot write ${command.out} (${code}); choose another --out`, 1, { cause: err });
  }
  const sources = Object.entries(inventory.sources);
  const failed = sources.filter(([, s]) => s?.error).map(([key, s]) => `${key}: ${s?.error?.code}`);
  const account = inventory.accountId ? ` of account ${inventory.accountId}` : '';
  io.out(
    `wrote ${command.out}: ${sources.length - failed.length} of ${sources.length} sources read${account} in ${region}` +
      `${failed.length ? `; not read: ${failed.join(', ')}` : ''}\n`,
  );
  const unread = unreadSources(sourcesOf(lab), inventory);
  if (unread) {
    throw new CliError(
      `none of the sources lab ${lab.id} reads could be read (${unread}); check that the credentials or role may read them`,
      1,
    );
  }
  return 0;
}

/**
 * Fails on a bad --out before reading the account, not after: a missing directory, a directory,
 * or the --params file itself (the course file would be lost under the inventory).
 */
async function checkOut(out: string, paramsFile: string | undefined): Promise<void> {
  try {
    await access(dirname(out));
  } catch (err) {
    throw new UsageError(`cannot write ${out}: no such directory`, 'create the directory or choose another --out', {
      cause: err,
    });
  }
  const existing = await stat(out).catch(() => undefined);
  if (existing?.isDirectory()) {
    throw new UsageError(
      `cannot write ${out}: it is a directory`,
      'give --out a file name, e.g. --out DIR/inventory.json',
    );
  }
  const params = paramsFile ? await stat(paramsFile).catch(() => undefined) : undefined;
  if (existing && params && existing.dev === params.dev && existing.ino === params.ino) {
    throw new UsageError(
      `--out ${out} is the --params file (it would be overwritten by the inventory)`,
      'choose another --out',
    );
  }
}

/** Runs a read of the account, explaining an account that cannot be read at all. */
async function readingAccount<T>(accessOptions: AccessOptions, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    const { AccountAccessError } = await core();
    if (err instanceof AccountAccessError) throw (await aws()).accessFailure(err, accessOptions);
    throw err;
  }
}

/** The profile's own settings (endpoint_url, retries...) apply to the grade's clients too. */
function clientConfig(access: AccessOptions): { clientConfig?: Record<string, unknown> } {
  return access.profile ? { clientConfig: { profile: access.profile } } : {};
}

/**
 * When every source of the lab (other than who the caller is) failed or is missing, nothing was
 * graded: returns a summary of why, else undefined.
 */
/**
 * An inventory file graded as another lab would grade nothing honestly (every check `error`):
 * refused, saying which lab it was recorded for (`labgrader inventory` writes the lab's id).
 */
function requireRecordedFor(lab: LabDefinition, inventory: Inventory, file: string): void {
  if (inventory.lab !== undefined && inventory.lab !== lab.id) {
    throw new UsageError(
      `${file} was recorded for lab ${inventory.lab}, not lab ${lab.id}`,
      `grade it with 'labgrader grade ${inventory.lab} --inventory ${file}', or record one with 'labgrader inventory ${lab.id} --out FILE'`,
    );
  }
}

function unreadSources(sources: readonly string[], inventory: Inventory): string | undefined {
  const keys = sources.filter((k) => k !== 'sts.callerIdentity');
  if (keys.length === 0) return undefined;
  const codes = new Set<string>();
  for (const key of keys) {
    const source = inventory.sources[key as keyof Inventory['sources']];
    if (source && !source.error) return undefined;
    codes.add(source?.error?.code ?? 'NotCollected');
  }
  return [...codes].join(', ');
}

const COURSE_KEYS = new Set(['params', 'points', 'disabled']);

/**
 * A --params file: the lab's parameters (`{"vpcPrefixLength": null}`), or a course's tailoring of
 * the lab (`{"params": {...}, "points": {"vpc.tags": 0}, "disabled": ["vpc.nat-ha"]}`).
 */
async function readParams(file: string, lab: LabDefinition): Promise<Tailoring> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`params file ${file}: ${(await files()).unreadableReason(err)}`, 'check the --params path', {
      cause: err,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`params file ${file}: not valid JSON (${(err as Error).message})`, 'fix the file', {
      cause: err,
    });
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new UsageError(
      `params file ${file}: expected a JSON object of lab parameters`,
      'e.g. {"vpcPrefixLength": null} or {"params": {...}, "disabled": ["vpc.tags"]}',
    );
  }
  // The same schema as a course's lab in the API (checks/tailoring.ts): same file, same verdict.
  const keys = Object.keys(json);
  const tailoring = keys.length > 0 && keys.every((k) => COURSE_KEYS.has(k)) ? json : { params: json };
  const parsed = tailoringSchema(lab).safeParse(tailoring);
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error);
    const where = field.startsWith('params.') ? `lab ${lab.id} parameter ${field.slice('params.'.length)}` : field;
    throw new UsageError(
      `params file ${file}: ${where ? `${where}: ` : ''}${message}`,
      'fix the file (see --help for its two shapes)',
    );
  }
  return parsed.data;
}

/**
 * One line and an exit code for anything that stopped the command. Errors of the grade core are
 * recognised by name, so that recognising them does not load the core.
 */
function describeFailure(err: unknown): { line: string; exitCode: 1 | 2 } {
  // One line, and nothing in it that a terminal would act on (an escape sequence in a file name).
  const oneLine = (text: string) => escapeControls(text.replace(/\s*\n\s*/g, ' ').trim());
  const withRemedy = (message: string, remedy: string) => (message.includes(';') ? message : `${message}; ${remedy}`);
  if (err instanceof CliError) return { line: oneLine(err.message), exitCode: err.exitCode };
  if (err instanceof LabParamsError) {
    return { line: oneLine(withRemedy(err.message, 'fix that parameter in the --params file')), exitCode: 2 };
  }
  if (err instanceof ZodError) {
    const { field, message } = firstIssue(err);
    return {
      line: oneLine(`invalid input: ${field ? `field ${field}: ` : ''}${message}; fix it and try again`),
      exitCode: 2,
    };
  }
  const name = err instanceof Error ? err.name : '';
  const message = err instanceof Error ? err.message : String(err);
  switch (name) {
    case 'UnknownLabError':
      return { line: oneLine(`${message} (see 'labgrader labs')`), exitCode: 2 };
    case 'CourseNotFoundError':
      return { line: oneLine(`${message} in the local data; check --course (and --data-dir)`), exitCode: 2 };
    case 'NotEnrolledError':
      return { line: oneLine(withRemedy(message, 'regrade a lab the course grades')), exitCode: 2 };
    case 'InventoryFileError':
      return {
        line: oneLine(withRemedy(message, "pass an inventory written by 'labgrader inventory <lab> --out FILE'")),
        exitCode: 2,
      };
    case 'AccountAccessError':
      return { line: oneLine(withRemedy(message, 'check the AWS credentials')), exitCode: 1 };
  }
  return {
    line: oneLine(
      `unexpected error: ${message.split('\n')[0]}; this is a labgrader bug, please report it (LABGRADER_DEBUG=1 shows details)`,
    ),
    exitCode: 1,
  };
}

async function main(): Promise<void> {
  const env = process.env;
  // The SDK's multi-line notice about future Node versions would break the one-line contract of
  // stderr; package.json's `engines` is where the supported Node versions are stated.
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // A closed pipe (`labgrader labs | head`) is not an error worth a line; any other failure to
  // write the answer (a full disk, `> /dev/full`) is: the answer was lost.
  const writeFailed = (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    process.stderr.write(
      `labgrader: cannot write the output (${err.code ?? err.message}); the output is lost or incomplete\n`,
    );
    process.exit(1);
  };
  process.stdout.on('error', writeFailed);
  const io: Io = {
    env,
    out: (text) => {
      try {
        process.stdout.write(text);
      } catch (err) {
        writeFailed(err as NodeJS.ErrnoException);
      }
    },
    color: colorWanted(process.stdout, env),
  };
  let exitCode: number;
  try {
    exitCode = await run(process.argv.slice(2), io);
  } catch (err) {
    const failure = describeFailure(err);
    process.stderr.write(`labgrader: ${failure.line}\n`);
    if (env.LABGRADER_DEBUG) process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    exitCode = failure.exitCode;
  }
  // SDK sockets (the role's STS client) may linger; the answer is already written.
  process.stdout.write('', (err) => (err ? writeFailed(err) : process.exit(exitCode)));
}

await main();
