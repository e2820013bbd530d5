/**
 * `labgrader token` signs with the local service's own secret (its data folder's), wherever it is
 * run from, or refuses with one line naming the folder it expected; never a secret of its own.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { verifyDevToken } from '../../functions/local/dev-token.js';
import { type LocalService, startLocalService } from '../../functions/local/service.js';
import { buildCli, expectOneLineError, runCli } from './labgrader.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'cli/main.ts');
const TSX = import.meta.resolve('tsx');

function token(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.LABGRADER_DATA_DIR;
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, CLI, 'token', ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('labgrader token and the local service share one secret', () => {
  let elsewhere: string;
  let dataDir: string;
  let service: LocalService;

  beforeAll(async () => {
    elsewhere = await mkdtemp(join(tmpdir(), 'labgrader-elsewhere-'));
    dataDir = await mkdtemp(join(tmpdir(), 'labgrader-token-data-'));
    const suffix = randomBytes(4).toString('hex');
    service = await startLocalService({
      dataDir,
      port: 0,
      dynamodbEndpoint: inject('dynamodbEndpoint'),
      tables: { grades: `token-grades-${suffix}`, idempotency: `token-idem-${suffix}` },
      scheduleMinutes: 0,
      demo: false,
      logLevel: 'SILENT',
    });
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    await rm(elsewhere, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  it("outside the project, uses the project's data folder and writes nothing where it runs", async () => {
    const run = await token(['--instructor', 'teacher'], elsewhere);
    expect(existsSync(join(elsewhere, '.labgrader')), 'a secret written in the current folder').toBe(false);
    const projectData = join(ROOT, '.labgrader');
    if (run.code === 0) {
      // The project's service has run here before: the token is signed with its secret.
      const secret = Buffer.from((await readFile(join(projectData, 'dev-token.secret'), 'utf8')).trim(), 'hex');
      expect(verifyDevToken(secret, run.stdout.trim()).sub).toBe('teacher');
    } else {
      expect(run.code).toBe(1);
      expect(run.stderr.trim().split('\n')).toEqual([
        expect.stringContaining(`no local service data in ${projectData}`),
      ]);
    }
  });

  it('refuses, naming the folder, when the data folder has no service', async () => {
    const run = await token(['--student', 's1', '--data-dir', elsewhere], ROOT);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      `labgrader: no local service data in ${elsewhere} (no dev-token.secret); start the local service (npm start) first, or pass --data-dir with the folder it prints`,
    ]);
    expect(existsSync(join(elsewhere, 'dev-token.secret'))).toBe(false);
  });

  it("prints a token the running service accepts, from any folder, and the service's refusal names the command", async () => {
    // A relative --data-dir, from the data folder's parent.
    const run = await token(['--student', 's1', '--data-dir', basename(dataDir)], dirname(dataDir));
    expect(run.code, run.stderr).toBe(0);
    const me = await fetch(`${service.url}/me`, { headers: { authorization: `Bearer ${run.stdout.trim()}` } });
    expect(me.status).toBe(200);

    const refused = await fetch(`${service.url}/me`, {
      headers: { authorization: `Bearer ${service.token({ subject: 's1' }).slice(0, -4)}AAAA` },
    });
    expect(refused.status).toBe(401);
    const body = (await refused.json()) as { error: { message: string } };
    expect(body.error.message).toContain(`labgrader token --data-dir ${dataDir} --student ID`);
  });
});

describe('the built labgrader token', () => {
  it("the built command (npx labgrader) uses the project's data folder, as npm start does, not one in dist/", async () => {
    await buildCli();
    const env = { PATH: process.env.PATH, HOME: tmpdir() };
    const run = await runCli(['token', '--student', 's1'], env);
    const projectData = join(ROOT, '.labgrader');
    if (run.code !== 0) expectOneLineError(run, 1, new RegExp(`no local service data in ${projectData} `));
    else expect(existsSync(join(projectData, 'dev-token.secret'))).toBe(true);
  }, 120_000);
});

describe('labgrader token refuses what it cannot sign honestly, in one line', () => {
  let elsewhere: string;
  let aFile: string;

  beforeAll(async () => {
    elsewhere = await mkdtemp(join(tmpdir(), 'labgrader-token-bad-'));
    aFile = join(elsewhere, 'not-a-folder');
    await writeFile(aFile, 'x');
  });
  afterAll(async () => {
    await rm(elsewhere, { recursive: true, force: true });
  });

  it.each([
    { args: ['--hours', '0x10'], says: /--hours '0x10' is not a number of hours/ },
    { args: ['--hours', ' 5 '], says: /--hours ' 5 ' is not a number of hours/ },
    { args: ['--hours', '1e-9'], says: /--hours '1e-9' is not a number of hours/ },
    { args: ['--hours', '0.001'], says: /--hours '0.001' is not a number of hours/ },
    { args: ['--hours', '721'], says: /--hours '721' is not a number of hours/ },
    { args: ['--student', 's2'], says: /--student given twice \('s1', 's2'\)/ },
    { args: ['--studnt', 's2'], says: /^labgrader: unknown option --studnt;/ },
    { args: ['--data-dir', ''], says: /--data-dir is empty/ },
  ])('--student s1 $args: exit 2 with one line saying so, before anything is read', async ({ args, says }) => {
    const dataDir = args.includes('--data-dir') ? [] : ['--data-dir', elsewhere];
    const run = await token(['--student', 's1', ...dataDir, ...args], ROOT);
    expect(run.stdout).toBe('');
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(says)]);
  });

  it('a --data-dir that is a file: exit 1, the line names the folder, not a labgrader bug', async () => {
    const run = await token(['--student', 's1', '--data-dir', aFile], ROOT);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining(`no local service data in ${aFile}`)]);
    expect(run.stderr).not.toMatch(/bug/);
  });
});
