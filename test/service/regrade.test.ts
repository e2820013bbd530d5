/**
 * Regrade after a checker fix, through the grade worker (SQS events, Powertools idempotency) on
 * DynamoDB Local: stored inventories are replayed by a test-only grader whose `vpc.dns` check no
 * longer requires DNS hostnames, and the diff per student is exactly that check's.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inventory } from '../../checks/inventory.js';
import { findLab } from '../../checks/labs/index.js';
import { fail, type LabDefinition, pass, text } from '../../checks/model.js';
import { grade } from '../../functions/grade.js';
import { createGradeWorker } from '../../functions/handlers/grade-worker.js';
import { parseInventory } from '../../functions/inventory/io.js';
import { AesGcmEncryptor } from '../../functions/service/credentials.js';
import { type GradeJob, type GradeJobDeps, runGradeJob } from '../../functions/service/grade-job.js';
import { startRegrade } from '../../functions/service/regrade.js';
import { registerCourse, registerStudent } from '../../functions/service/roster.js';
import { LocalInventoryStore } from '../../functions/store/inventory-store.js';
import type { RegradeRun, StudentRegrade } from '../../functions/store/records.js';
import { GRADER_VERSION } from '../../functions/version.js';
import { useTables } from '../support/dynamodb.js';
import { recordingLog } from './helpers.js';

const tables = useTables('regrade');
const COURSE = 'fix101';
const FIXED_VERSION = `${GRADER_VERSION}+dns-fix`;
const ACCOUNTS = { ann: '111111111111', ben: '222222222222' };
/** What each student built: ann the whole lab; ben first without DNS hostnames, then the whole lab. */
const BUILDS = { ann: ['complete'], ben: ['dns-hostnames-off', 'single-az'] };

/** The fixed grader: `vpc.dns` asks for DNS resolution only (DNS hostnames no longer required). */
function fixedGrader(): { version: string; lab(id: string): LabDefinition } {
  const vpc = findLab('vpc') as LabDefinition;
  const fixed: LabDefinition = {
    ...vpc,
    checks: vpc.checks.map((c) =>
      c.id !== 'vpc.dns'
        ? c
        : {
            ...c,
            evaluate: (t: { vpcId: string }, _p: unknown, inventory: Inventory) => {
              const dns = inventory.sources['ec2.vpcDnsAttributes']?.data as
                | Record<string, { enableDnsSupport?: boolean }>
                | undefined;
              const attrs = dns?.[t.vpcId];
              return attrs?.enableDnsSupport === true
                ? pass(text('DNS resolution on', 'DNS 확인 켜짐'), [t.vpcId])
                : fail(text('DNS resolution off', 'DNS 확인 꺼짐'), [t.vpcId]);
            },
          },
    ) as LabDefinition['checks'],
  };
  return { version: FIXED_VERSION, lab: (id) => (id === 'vpc' ? fixed : (findLab(id) as LabDefinition)) };
}

/** A recorded example as if read from `account`. */
async function recorded(name: string, account: string): Promise<Inventory> {
  const file = join('examples/vpc', `${name}.json`);
  const inventory = parseInventory(JSON.parse(await readFile(file, 'utf8')), file);
  return {
    ...inventory,
    accountId: account,
    sources: { ...inventory.sources, 'sts.callerIdentity': { data: { Account: account } } },
  };
}

let inventoryDir: string;
let deps: GradeJobDeps;
let seq = 0;

function record(job: GradeJob): SQSRecord {
  seq += 1;
  return {
    messageId: `m${seq}`,
    receiptHandle: `r${seq}`,
    body: JSON.stringify(job),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: 'x',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: 'x',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:grade-jobs',
    awsRegion: 'us-east-1',
  };
}

const context = { awsRequestId: 'req', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

/** Starts a regrade whose jobs go through the worker handler (each delivered `deliveries` times). */
async function regrade(
  dryRun: boolean,
  deliveries = 1,
): Promise<{ run: RegradeRun; parts: Map<string, StudentRegrade> }> {
  const worker = createGradeWorker({
    deps: { ...deps, grader: fixedGrader() },
    idempotency: { client: tables.client, table: tables.names.idempotency },
    logger: new Logger({ logLevel: 'SILENT' }),
  });
  const run = await startRegrade(
    { courseId: COURSE, lab: 'vpc', dryRun, requestedBy: 'teacher' },
    {
      store: tables.store,
      now: () => new Date(),
      graderVersion: FIXED_VERSION,
      enqueue: async (jobs) => {
        for (let i = 0; i < deliveries; i += 1) {
          const out = await worker({ Records: jobs.map(record) }, context);
          expect(out.batchItemFailures).toEqual([]);
        }
      },
    },
  );
  const back = await tables.store.getRegrade(COURSE, 'vpc', run.runId);
  return { run: back?.run as RegradeRun, parts: new Map(back?.students.map((s) => [s.studentId, s])) };
}

async function stateOf(studentId: keyof typeof ACCOUNTS) {
  const where = { courseId: COURSE, studentId, accountId: ACCOUNTS[studentId], lab: 'vpc' };
  return {
    attempts: await tables.store.listAllAttempts(where),
    standing: await tables.store.getStanding(COURSE, studentId, 'vpc', ACCOUNTS[studentId]),
  };
}

beforeAll(async () => {
  inventoryDir = await mkdtemp(join(tmpdir(), 'labgrader-regrade-'));
  const replay = new Map<string, Inventory>();
  deps = {
    store: tables.store,
    inventories: new LocalInventoryStore(inventoryDir),
    encryptor: new AesGcmEncryptor(Buffer.alloc(32, 5)),
    log: recordingLog(),
    now: () => new Date(),
    // The students' accounts as recorded: each grade reads the build the student had then.
    grade: async (req) => grade({ ...req, inventory: replay.get(req.studentId as string) as Inventory }),
  };
  await registerCourse(tables.store, COURSE, { region: 'us-east-1', labs: [{ lab: 'vpc' }], scoringPolicy: 'best' });
  for (const [studentId, account] of Object.entries(ACCOUNTS)) {
    // Role access: the recorded grade never calls AWS, so the role is never assumed.
    await registerStudent(tables.store, COURSE, studentId, {
      accountId: account,
      roleArn: `arn:aws:iam::${account}:role/LabGraderReadOnly`,
      externalId: `ext-${studentId}`,
    });
    for (const [i, build] of BUILDS[studentId as keyof typeof BUILDS].entries()) {
      replay.set(studentId, await recorded(build, account));
      await runGradeJob(
        { jobId: `seed-${studentId}-${i}`, courseId: COURSE, studentId, lab: 'vpc', trigger: 'schedule' },
        deps,
      );
    }
  }
});

afterAll(async () => {
  await rm(inventoryDir, { recursive: true, force: true });
});

describe('regrade after a checker fix', () => {
  let before: Awaited<ReturnType<typeof stateOf>>;

  it('dry run: shows who gains what and why, and stores nothing', async () => {
    before = await stateOf('ben');
    const [first] = before.attempts;
    expect(first?.result.checks.find((c) => c.id === 'vpc.dns')?.status).toBe('fail');
    const { run, parts } = await regrade(true);
    expect(run).toMatchObject({ dryRun: true, total: 2, done: 2, graderVersion: FIXED_VERSION });

    // ben's first attempt gains vpc.dns; ann's and ben's later attempt are unchanged.
    const ben = parts.get('ben');
    expect(ben?.changed).toEqual([
      {
        attemptId: first?.attemptId,
        startedAt: first?.result.startedAt,
        checks: [{ id: 'vpc.dns', before: 'fail', after: 'pass' }],
      },
    ]);
    expect(ben).toMatchObject({ attempts: 2, replayed: 2, notReplayable: 0, stored: false });
    expect(ben?.before).toEqual(before.standing?.counted.attempt);
    const ann = parts.get('ann');
    expect(ann).toMatchObject({ changed: [], delta: 0, stored: false });
    expect(ann?.after?.score).toBe(ann?.before?.score);

    // Nothing stored.
    expect(await stateOf('ben')).toEqual(before);
  });

  it('real run: stores regrade attempts with both grader versions and recomputes the counted score', async () => {
    const dry = (await regrade(true)).parts.get('ben');
    const { parts } = await regrade(false);
    const ben = parts.get('ben');
    expect(ben).toMatchObject({ stored: true, changed: dry?.changed, delta: dry?.delta });
    expect(ben?.after?.score).toBe(dry?.after?.score);

    const after = await stateOf('ben');
    const regrades = after.attempts.filter((a) => a.regradeOf);
    expect(regrades).toHaveLength(2);
    for (const r of regrades) {
      expect(r.result.trigger).toBe('regrade');
      expect(r.graderVersions).toEqual({ before: GRADER_VERSION, after: FIXED_VERSION });
      expect(r.result.graderVersion).toBe(FIXED_VERSION);
      // When the account was read stays the original attempt's: deadlines judge that.
      expect(r.result.startedAt).toBe(before.attempts.find((a) => a.attemptId === r.regradeOf)?.result.startedAt);
    }
    const firstRegrade = regrades.find((r) => r.regradeOf === before.attempts[0]?.attemptId);
    expect(firstRegrade?.changes).toMatchObject({ newlyPassing: ['vpc.dns'], scoreDelta: 5 });
    expect(after.standing?.counted.attempt?.score).toBe(ben?.after?.score);
    expect(after.standing?.attempts).toBe(2);
  });

  it('is idempotent: a redelivered job and a second run by the same grader store nothing new', async () => {
    const stored = await stateOf('ben');
    const { run, parts } = await regrade(false, 2);
    expect(run.done).toBe(run.total);
    expect(parts.get('ben')).toMatchObject({ changed: [], delta: 0, replayed: 2 });
    const again = await stateOf('ben');
    expect(again.attempts.map((a) => a.attemptId)).toEqual(stored.attempts.map((a) => a.attemptId));
    expect(again.standing?.counted).toEqual(stored.standing?.counted);
  });
});
