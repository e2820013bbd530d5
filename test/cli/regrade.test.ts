/**
 * `labgrader regrade <lab> --course ID` against a local data folder, as users run it (a child
 * process). The folder is a real local service's (its own DynamoDB Local on the folder's files),
 * whose demo class was first graded by the current grader and then regraded by a test-only older
 * grader that passed `vpc.dns` whatever the DNS attributes said. Regrading with the current grader
 * must give back exactly that check: first through the running service (the folder is its own),
 * as a dry run, then on the folder itself once the service is stopped, for real.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findLab } from '../../checks/labs/index.js';
import { type LabDefinition, pass, text } from '../../checks/model.js';
import type { RegradeResponse } from '../../functions/api/contract.js';
import { type LocalService, startLocalService } from '../../functions/local/service.js';
import { regradeRegistration } from '../../functions/service/regrade.js';
import { LocalInventoryStore } from '../../functions/store/inventory-store.js';
import { GRADER_VERSION } from '../../functions/version.js';
import { recordingLog } from '../service/helpers.js';
import { buildCli, expectOneLineError, ROOT, runCli } from './labgrader.js';

const COURSE = 'demo-vpc';
const LENIENT_VERSION = '0.0.1-lenient-dns';
const vpc = findLab('vpc') as LabDefinition;
const DNS_POINTS = vpc.checks.find((c) => c.id === 'vpc.dns')?.points as number;

/** The older grader: `vpc.dns` passed every lab VPC, DNS hostnames on or off. */
const lenient = {
  version: LENIENT_VERSION,
  lab: (): LabDefinition => ({
    ...vpc,
    checks: vpc.checks.map((c) =>
      c.id === 'vpc.dns'
        ? { ...c, evaluate: (t: { vpcId: string }) => pass(text('DNS looks fine', 'DNS 정상'), [t.vpcId]) }
        : c,
    ) as LabDefinition['checks'],
  }),
};

let dataDir: string;
let service: LocalService | undefined;
let env: NodeJS.ProcessEnv;
const regrade = (...args: string[]) =>
  runCli(['regrade', 'vpc', '--course', COURSE, '--data-dir', dataDir, ...args], env);

// Each case starts node processes and, on the folder itself, DynamoDB Local: seconds on a busy machine.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 300_000 });

beforeAll(async () => {
  await buildCli();
  dataDir = await mkdtemp(join(tmpdir(), 'labgrader-cli-regrade-'));
  env = { PATH: process.env.PATH, HOME: dataDir, LANG: 'C.UTF-8', AWS_EC2_METADATA_DISABLED: 'true' };
  const examplesDir = join(dataDir, 'examples');
  await mkdir(join(examplesDir, 'vpc'), { recursive: true });
  for (const name of ['complete', 'dns-hostnames-off']) {
    await copyFile(join(ROOT, 'examples/vpc', `${name}.json`), join(examplesDir, 'vpc', `${name}.json`));
  }
  // The service as npm start runs it: DynamoDB Local on the folder's files, the default tables.
  service = await startLocalService({
    dataDir,
    examplesDir,
    port: 0,
    scheduleMinutes: 0,
    logLevel: 'SILENT',
    dashboardDir: join(dataDir, 'no-dashboard'),
  });
  const course = (await service.store.getCourse(COURSE))!;
  for (const entry of await service.store.listRoster(COURSE)) {
    await regradeRegistration(
      { course, entry, lab: 'vpc', runId: 'older-grader', dryRun: false },
      {
        store: service.store,
        inventories: new LocalInventoryStore(join(dataDir, 'inventories')),
        log: recordingLog(),
        now: () => new Date(),
        grader: lenient,
      },
    );
  }
});

afterAll(async () => {
  await service?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function expectDnsFixDiff(body: RegradeResponse, stored: boolean): void {
  expect(body.run).toMatchObject({ courseId: COURSE, lab: 'vpc', graderVersion: GRADER_VERSION, total: 2, done: 2 });
  const [complete, dnsOff] = body.students;
  expect(body.students.map((s) => s.studentId)).toEqual(['vpc-complete', 'vpc-dns-hostnames-off']);
  // The finished lab passes vpc.dns with either grader: nothing changes.
  expect(complete).toMatchObject({ delta: 0, changed: [], replayed: 1, stored });
  expect(complete?.after).toEqual(complete?.before);
  // DNS hostnames off: the older grader's pass was wrong; exactly that check and its points go.
  expect(dnsOff).toMatchObject({ delta: -DNS_POINTS, replayed: 1, notReplayable: 0, stored });
  expect(dnsOff?.after?.score).toBe((dnsOff?.before?.score as number) - DNS_POINTS);
  expect(dnsOff?.changed).toEqual([
    {
      attemptId: expect.any(String),
      startedAt: expect.any(String),
      checks: [{ id: 'vpc.dns', before: 'pass', after: 'fail' }],
    },
  ]);
}

describe('labgrader regrade while the local service runs on the folder', () => {
  it('goes through the service: a dry run shows the per-student diff and stores nothing', async () => {
    const run = await regrade('--dry-run', '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const body = JSON.parse(run.stdout) as RegradeResponse;
    expect(body.run.dryRun).toBe(true);
    expect(body.run.requestedBy).toMatch(/^labgrader-cli-/);
    expectDnsFixDiff(body, false);
    // Nothing stored: the class still counts the older grader's results.
    const results = await service!.store.listLatestResults(COURSE, 'vpc');
    expect(results.map((s) => s.latest.graderVersion)).toEqual([LENIENT_VERSION, LENIENT_VERSION]);
  });

  it('prints a table: each student before → after, the change, and the checks whose status changed', async () => {
    const run = await regrade('--dry-run');
    expect(run.code, run.stderr).toBe(0);
    const row = run.stdout.split('\n').find((l) => l.startsWith('vpc-dns-hostnames-off'));
    const [, before, after, change, checks] = row?.split(/\s{2,}/) ?? [];
    expect(Number(before?.split('/')[0]) - Number(after?.split('/')[0])).toBe(DNS_POINTS);
    expect(change).toBe(`-${DNS_POINTS}`);
    expect(checks).toBe('vpc.dns pass→fail (1 attempt)');
    expect(run.stdout).toContain('2 students: 0 gained, 1 lost, 1 unchanged; 2 attempts replayed, 0 not replayable');
    expect(run.stdout).toContain('Dry run: nothing was stored');
  });

  it('an unknown course is one line and exit 2, as the service answered it', async () => {
    const run = await runCli(['regrade', 'vpc', '--course', 'no-such-course', '--data-dir', dataDir], env);
    expectOneLineError(run, 2, /no course no-such-course/);
  });
});

describe('labgrader regrade on the folder itself (service stopped)', () => {
  it('stores the new results (a second run finds nothing to change) and frees the folder', async () => {
    await service?.stop();
    service = undefined;
    const run = await regrade('--json');
    expect(run.code, run.stderr).toBe(0);
    const body = JSON.parse(run.stdout) as RegradeResponse;
    expect(body.run.dryRun).toBe(false);
    expectDnsFixDiff(body, true);
    // The folder is free again for npm start.
    expect(existsSync(join(dataDir, 'service.lock'))).toBe(false);

    // Stored: regrading again with the same grader changes nothing, and says so in the table.
    const again = await regrade('--dry-run');
    expect(again.code, again.stderr).toBe(0);
    const lines = again.stdout.split('\n');
    expect(lines[0]).toBe(`Regrade of ${COURSE} / vpc by grader ${GRADER_VERSION} (dry run)`);
    const dnsOffRow = lines.find((l) => l.startsWith('vpc-dns-hostnames-off'));
    expect(dnsOffRow?.split(/\s{2,}/)).toEqual([
      'vpc-dns-hostnames-off',
      body.students[1]?.after ? `${body.students[1].after.score}/${body.students[1].after.maxScore}` : '-',
      body.students[1]?.after ? `${body.students[1].after.score}/${body.students[1].after.maxScore}` : '-',
      '0',
      '-',
    ]);
    expect(again.stdout).toContain('2 students: 0 gained, 0 lost, 2 unchanged; 2 attempts replayed');
    expect(again.stdout).toContain('Dry run: nothing was stored');
  });
});

describe.concurrent('labgrader regrade: bad input gets one clear line', () => {
  it('missing --course: exit 2', async () => {
    expectOneLineError(await runCli(['regrade', 'vpc'], env), 2, /missing --course/);
  });
  it('a course id with a slash: exit 2, before anything is opened', async () => {
    expectOneLineError(await runCli(['regrade', 'vpc', '--course', '../x'], env), 2, /not a course id/);
  });
  it('an unknown lab: exit 2, names the known labs', async () => {
    expectOneLineError(await runCli(['regrade', 'nope', '--course', COURSE], env), 2, /unknown lab 'nope'/);
  });
  it('an option of another command: exit 2', async () => {
    expectOneLineError(await runCli(['regrade', 'vpc', '--course', COURSE, '--out', 'x'], env), 2, /--out/);
  });
  it('a folder the local service never used: exit 1, says to start it or pass --data-dir', async () => {
    const empty = join(dataDir, 'never-used');
    expectOneLineError(
      await runCli(['regrade', 'vpc', '--course', COURSE, '--data-dir', empty], env),
      1,
      /no local service data in .*never-used.*npm start/,
    );
  });
});
