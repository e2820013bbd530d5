/**
 * The grade worker end to end: SQS events into the Lambda handler, DynamoDB Local for results and
 * idempotency, a fake AWS endpoint standing in for the students' accounts (it answers
 * GetCallerIdentity with the account of the key that signed the request).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { grade } from '../../functions/grade.js';
import { createGradeWorker } from '../../functions/handlers/grade-worker.js';
import { AesGcmEncryptor, sealCredentials } from '../../functions/service/credentials.js';
import { type GradeJob, type GradeJobDeps, runGradeJob } from '../../functions/service/grade-job.js';
import {
  registerCourse,
  registerStudent,
  removeStudent,
  submitSessionCredentials,
} from '../../functions/service/roster.js';
import { GradeStore } from '../../functions/store/grade-store.js';
import { LocalInventoryStore } from '../../functions/store/inventory-store.js';
import type { Attempt, Standing } from '../../functions/store/records.js';
import { useTables } from '../support/dynamodb.js';
import { fakeAws, type RecordedLog, recordingLog } from './helpers.js';

const tables = useTables('worker');
const encryptor = new AesGcmEncryptor(Buffer.alloc(32, 3));
const COURSE = 'w101';

const SESSIONS = {
  ann: {
    account: '111111111111',
    accessKeyId: 'ASIAANNANNANNANNANN1',
    secretAccessKey: 'ann-secret-key-aaaaaaaaaaaaaaaaaaaaaaaaa',
    sessionToken: 'ann-session-token-AAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  },
  ben: {
    account: '222222222222',
    accessKeyId: 'ASIABENBENBENBENBEN2',
    secretAccessKey: 'ben-secret-key-bbbbbbbbbbbbbbbbbbbbbbbbb',
    sessionToken: 'ben-session-token-BBBBBBBBBBBBBBBBBBBBBBBBBBBB',
  },
};
/** The session credentials a student submits (without the test's note of their account). */
function keysOf({ account: _account, ...keys }: (typeof SESSIONS)['ann']) {
  return keys;
}
const ASSUMABLE_ROLE = 'arn:aws:iam::333333333333:role/LabGraderReadOnly';
const SECRETS = Object.values(SESSIONS).flatMap((s) => [s.secretAccessKey, s.sessionToken]);

const fake = fakeAws({
  accounts: { [SESSIONS.ann.accessKeyId]: SESSIONS.ann.account, [SESSIONS.ben.accessKeyId]: SESSIONS.ben.account },
  roles: { [ASSUMABLE_ROLE]: '333333333333' },
  delayMs: 5,
});

let inventoryDir: string;
let log: RecordedLog;

/** Session credentials' expiration an hour from the test's clock (AWS issues none for longer than 36 hours). */
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

function workerDeps(overrides: Partial<GradeJobDeps> = {}): GradeJobDeps {
  return {
    store: tables.store,
    inventories: new LocalInventoryStore(inventoryDir),
    encryptor,
    log,
    now: () => new Date(),
    graderCredentials: { accessKeyId: 'AKIAGRADERGRADER0001', secretAccessKey: 'grader-secret' },
    stsClientConfig: { requestHandler: fake },
    clientConfig: { requestHandler: fake, maxAttempts: 1 },
    ...overrides,
  };
}

function worker(overrides: Partial<GradeJobDeps> = {}) {
  return createGradeWorker({
    deps: workerDeps(overrides),
    idempotency: { client: tables.client, table: tables.names.idempotency },
    logger: new Logger({ logLevel: 'SILENT' }),
  });
}

let seq = 0;
function job(studentId: string, jobId = `job-${studentId}-${++seq}`): GradeJob {
  return { jobId, courseId: COURSE, studentId, lab: 'vpc', trigger: 'schedule' };
}

function record(body: unknown, messageId = `msg-${++seq}`): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1767225600000',
      SenderId: 'dispatch',
      ApproximateFirstReceiveTimestamp: '1767225600000',
    },
    messageAttributes: {},
    md5OfBody: 'x',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:grade-jobs',
    awsRegion: 'us-east-1',
  };
}

const context = {
  functionName: 'grade-worker',
  functionVersion: '1',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:grade-worker',
  memoryLimitInMB: '512',
  awsRequestId: 'req-1',
  logGroupName: '/aws/lambda/grade-worker',
  logStreamName: 's',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 60_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} as Context;

function event(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

async function attemptsOf(studentId: string): Promise<Attempt[]> {
  return (await tables.store.listAttempts({ courseId: COURSE, studentId, lab: 'vpc', limit: 100 })).items;
}

async function standingOf(studentId: string): Promise<Standing | undefined> {
  const entry = await tables.store.getRosterEntry(COURSE, studentId);
  return entry && tables.store.getStanding(COURSE, studentId, 'vpc', entry.accountId);
}

beforeAll(async () => {
  inventoryDir = await mkdtemp(join(tmpdir(), 'labgrader-inventories-'));
  log = recordingLog();
  const now = new Date();
  await registerCourse(
    tables.store,
    COURSE,
    // Team-based: several students below are graded on ann's account.
    { region: 'us-east-1', labs: [{ lab: 'vpc' }], scoringPolicy: 'best', teamBased: true },
    now,
  );
  for (const [name, s] of Object.entries(SESSIONS)) {
    await registerStudent(tables.store, COURSE, name, { accountId: s.account, access: 'session' }, now);
    await submitSessionCredentials(
      tables.store,
      encryptor,
      COURSE,
      name,
      {
        accessKeyId: s.accessKeyId,
        secretAccessKey: s.secretAccessKey,
        sessionToken: s.sessionToken,
        expiration: inAnHour(),
      },
      now,
    );
  }
  await registerStudent(
    tables.store,
    COURSE,
    'cat',
    { accountId: '333333333333', roleArn: ASSUMABLE_ROLE, externalId: 'cat-ext-1' },
    now,
  );
  await registerStudent(
    tables.store,
    COURSE,
    'dan',
    { accountId: '444444444444', roleArn: 'arn:aws:iam::444444444444:role/Missing', externalId: 'dan-ext-1' },
    now,
  );
  await registerStudent(tables.store, COURSE, 'eve', { accountId: '555555555555', access: 'session' }, now);
  // Sealed directly: submission refuses expired credentials, but stored ones expire while they wait.
  await tables.store.putSealedCredentials(
    await sealCredentials(
      encryptor,
      COURSE,
      'eve',
      {
        accessKeyId: 'ASIAEVEEVEEVEEVEEVE5',
        secretAccessKey: 'eve-secret-key-eeeeeeeeeeeeeeee',
        sessionToken: 'eve-token-EEEEEEEEEEEEEEEE',
        expiration: '2020-01-01T00:00:00Z',
      },
      new Date('2019-12-31T20:00:00Z'),
    ),
  );
  for (const name of ['flaky', 'gone', 'lost', 'dup', 'dup2']) {
    await registerStudent(tables.store, COURSE, name, { accountId: SESSIONS.ann.account, access: 'session' }, now);
    await submitSessionCredentials(
      tables.store,
      encryptor,
      COURSE,
      name,
      { ...keysOf(SESSIONS.ann), expiration: inAnHour() },
      now,
    );
  }
});

afterAll(async () => {
  await rm(inventoryDir, { recursive: true, force: true });
});

describe('grade worker', () => {
  it('grades two students in one warm process, each with their own credentials only', async () => {
    const handler = worker();
    const first = await handler(event(record(job('ann')), record(job('ben'))), context);
    expect(first.batchItemFailures).toEqual([]);
    // Same warm handler, the other order.
    await handler(event(record(job('ben')), record(job('ann'))), context);

    for (const name of ['ann', 'ben'] as const) {
      const attempts = await attemptsOf(name);
      expect(attempts).toHaveLength(2);
      for (const a of attempts) expect(a.result.accountId).toBe(SESSIONS[name].account);
    }
    const callerChecks = fake.seen.filter((r) => r.action === 'GetCallerIdentity');
    expect(new Set(callerChecks.map((r) => r.key))).toEqual(
      new Set([SESSIONS.ann.accessKeyId, SESSIONS.ben.accessKeyId]),
    );
  });

  it('counts each outcome as a CloudWatch metric, a redelivered message once', async () => {
    const metrics = new Metrics({ namespace: 'labgrader-test', serviceName: 'grade-worker' });
    const counted = vi.spyOn(metrics, 'addMetric');
    vi.spyOn(metrics, 'publishStoredMetrics').mockReturnValue(metrics);
    const handler = createGradeWorker({
      deps: workerDeps(),
      idempotency: { client: tables.client, table: tables.names.idempotency },
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics,
    });
    const once = record(job('ann'));
    await handler(event(once), context);
    await handler(event(record(JSON.parse(once.body))), context);
    await handler(event(record(job('nobody-registered'))), context);
    expect(counted.mock.calls.map(([name, unit, value]) => [name, unit, value])).toEqual([
      ['GradesStored', 'Count', 1],
      ['GradesSkipped', 'Count', 1],
    ]);
  });

  it('never puts credentials in logs, results or stored inventories', async () => {
    const everything = [log.text()];
    for (const name of ['ann', 'ben']) {
      everything.push(JSON.stringify(await attemptsOf(name)), JSON.stringify(await standingOf(name)));
    }
    const files = await readdir(inventoryDir, { recursive: true });
    expect(files.some((f) => f.endsWith('.json.gz'))).toBe(true);
    for (const secret of SECRETS) for (const text of everything) expect(text).not.toContain(secret);
  });

  it('stores the full inventory of each attempt and references it, so the grade can be replayed', async () => {
    const [latest] = await attemptsOf('ann');
    expect(latest?.inventoryRef).toMatch(new RegExp(`^file:courses/${COURSE}/students/ann/vpc/.+\\.json\\.gz$`));
    const inventory = await new LocalInventoryStore(inventoryDir).get(latest!.inventoryRef!);
    expect(inventory.accountId).toBe(SESSIONS.ann.account);
    const replay = await grade({ lab: 'vpc', region: 'us-east-1', inventory, trigger: 'cli' });
    expect(replay.result.checks.map((c) => c.status)).toEqual(latest?.result.checks.map((c) => c.status));
  });

  it('assumes the student role with their ExternalId in a session named after the grader', async () => {
    const out = await worker()(event(record(job('cat'))), context);
    expect(out.batchItemFailures).toEqual([]);
    const [attempt] = await attemptsOf('cat');
    expect(attempt?.result.accountId).toBe('333333333333');
    expect(attempt?.accessFailure).toBeUndefined();
    const assume = fake.seen.find((r) => r.action === 'AssumeRole' && r.params.RoleArn === ASSUMABLE_ROLE);
    expect(assume?.params).toMatchObject({ ExternalId: 'cat-ext-1', RoleSessionName: 'labgrader' });
    expect(assume?.key).toBe('AKIAGRADERGRADER0001');
  });

  it('assumes the role once per grade, whatever the number of clients the grade uses', async () => {
    const assumed = () =>
      fake.seen.filter((r) => r.action === 'AssumeRole' && r.params.ExternalId === 'cat-ext-1').length;
    const before = assumed();
    const out = await worker()(event(record(job('cat'))), context);
    expect(out.batchItemFailures).toEqual([]);
    const [attempt] = await attemptsOf('cat');
    expect(attempt?.accessFailure).toBeUndefined();
    // The vpc lab reads STS (caller identity) and EC2: two clients, one role session.
    expect(assumed() - before).toBe(1);
  });

  it('stores a role that cannot be assumed as an attempt of errors with the reason, without retrying', async () => {
    const out = await worker()(event(record(job('dan'))), context);
    expect(out.batchItemFailures).toEqual([]);
    const [attempt] = await attemptsOf('dan');
    expect(attempt?.accessFailure?.code).toBe('AccessDenied');
    expect(attempt?.result.checks.length).toBeGreaterThan(0);
    for (const check of attempt?.result.checks ?? []) {
      expect(check.status).toBe('error');
      expect(check.errorCode).toBe('AccessDenied');
      // The course is taught in Korean; the reason is the grader's own (English) hint.
      expect(check.message).toMatch(
        /계정을 읽지 못했습니다\(AccessDenied\): access denied: the role cannot be assumed/,
      );
    }
    expect(attempt?.inventoryRef).toBeUndefined();
    expect((await standingOf('dan'))?.counted.attempt).toBeNull();
  });

  it('keeps a grade that read another account than the registration, flagged and not counted', async () => {
    // Mallory registered her own account but submitted ann's session credentials.
    await registerStudent(tables.store, COURSE, 'mallory', { accountId: '999999999999', access: 'session' });
    await submitSessionCredentials(tables.store, encryptor, COURSE, 'mallory', {
      ...keysOf(SESSIONS.ann),
      expiration: inAnHour(),
    });
    const outcome = await runGradeJob(job('mallory'), workerDeps());
    expect(outcome).toMatchObject({ status: 'stored', wrongAccount: SESSIONS.ann.account });
    const [attempt] = await attemptsOf('mallory');
    expect(attempt?.accountId).toBe('999999999999');
    expect(attempt?.result.accountId).toBe(SESSIONS.ann.account);
    expect(attempt?.wrongAccount).toEqual({ accountRead: SESSIONS.ann.account, registered: '999999999999' });
    expect(attempt?.accessFailure).toBeUndefined();
    // The grade itself is kept as evidence: the verdicts on ann's account and the inventory it read.
    const [anns] = await attemptsOf('ann');
    expect(attempt?.result.checks.map((c) => [c.id, c.status])).toEqual(
      anns?.result.checks.map((c) => [c.id, c.status]),
    );
    const read = await new LocalInventoryStore(inventoryDir).get(attempt?.inventoryRef as string);
    expect(read.accountId).toBe(SESSIONS.ann.account);
    const standing = await standingOf('mallory');
    expect(standing?.counted.attempt).toBeNull();
    expect(standing?.best).toBeUndefined();
    expect(standing?.wrongAccount).toMatchObject({
      attempts: 1,
      last: { attemptId: attempt?.attemptId, accountRead: SESSIONS.ann.account, registered: '999999999999' },
    });
    expect(log.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', message: expect.stringMatching(/another account/) }),
    );
  });

  it('stores expired session credentials as an attempt of errors, without calling AWS with them', async () => {
    const out = await worker()(event(record(job('eve'))), context);
    expect(out.batchItemFailures).toEqual([]);
    const [attempt] = await attemptsOf('eve');
    expect(attempt?.accessFailure?.code).toBe('ExpiredToken');
    expect(attempt?.accessFailure?.message).toMatch(/expired at 2020-01-01/);
    expect(fake.seen.some((r) => r.key === 'ASIAEVEEVEEVEEVEEVE5')).toBe(false);
  });

  it('stores one attempt when the same message is delivered twice', async () => {
    const handler = worker();
    const message = record(job('dup'));
    await handler(event(message), context);
    await handler(event(message), context);
    expect(await attemptsOf('dup')).toHaveLength(1);
  });

  it('stores one attempt when a re-run dispatch enqueues the same job again', async () => {
    const handler = worker();
    const again = job('dup2');
    await handler(event(record(again)), context);
    await handler(event(record(again)), context);
    expect(await attemptsOf('dup2')).toHaveLength(1);
  });

  it('reports only the failed messages of a batch, and a retried one stores once', async () => {
    let healthy = false;
    const handler = worker({
      grade: async (req) => {
        if (req.studentId === 'flaky' && !healthy) throw new Error('socket hang up');
        return grade(req);
      },
    });
    const good = record(job('ann'));
    const malformed = record('{"jobId": ');
    const flaky = record(job('flaky'));
    const before = (await attemptsOf('ann')).length;

    const out = await handler(event(good, malformed, flaky), context);
    expect(out.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
      [malformed.messageId, flaky.messageId].sort(),
    );
    expect(await attemptsOf('ann')).toHaveLength(before + 1);
    expect(await attemptsOf('flaky')).toHaveLength(0);

    healthy = true;
    expect((await handler(event(flaky), context)).batchItemFailures).toEqual([]);
    expect(await attemptsOf('flaky')).toHaveLength(1);
  });

  it('skips (and logs) a student deleted from the roster while their job was queued', async () => {
    await removeStudent(tables.store, COURSE, 'gone');
    const out = await worker()(event(record(job('gone'))), context);
    expect(out.batchItemFailures).toEqual([]);
    expect(await attemptsOf('gone')).toHaveLength(0);
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: expect.stringMatching(/no longer on the roster/),
        extra: [expect.objectContaining({ studentId: 'gone' })],
      }),
    );
  });

  it('retries a grade whose write was lost without storing it twice', async () => {
    class LosesOneResponse extends GradeStore {
      lost = false;
      override async writeAttempt(...args: Parameters<GradeStore['writeAttempt']>): Promise<void> {
        await super.writeAttempt(...args);
        if (!this.lost) {
          this.lost = true;
          throw Object.assign(new Error('socket closed after the write'), { name: 'TimeoutError' });
        }
      }
    }
    const handler = worker({ store: new LosesOneResponse(tables.client, tables.names.grades) });
    const message = record(job('lost'));
    // A batch whose every record failed is thrown back whole (Powertools' FullBatchFailureError).
    await expect(handler(event(message), context)).rejects.toThrow(/All records failed/);
    expect((await handler(event(message), context)).batchItemFailures).toEqual([]);
    expect(await attemptsOf('lost')).toHaveLength(1);
  });

  it('stores a grade that raced another grade of the same student after it, history chained', async () => {
    class RacedOnce extends GradeStore {
      raced = false;
      override async writeAttempt(...args: Parameters<GradeStore['writeAttempt']>): Promise<void> {
        if (!this.raced) {
          this.raced = true;
          // Another grade of the same student and lab lands between this one's read and write.
          await runGradeJob(job('race'), workerDeps());
        }
        return super.writeAttempt(...args);
      }
    }
    await registerStudent(
      tables.store,
      COURSE,
      'race',
      { accountId: SESSIONS.ann.account, access: 'session' },
      new Date(),
    );
    await submitSessionCredentials(tables.store, encryptor, COURSE, 'race', {
      ...keysOf(SESSIONS.ann),
      expiration: inAnHour(),
    });
    const outcome = await runGradeJob(
      job('race'),
      workerDeps({ store: new RacedOnce(tables.client, tables.names.grades) }),
    );
    expect(outcome.status).toBe('stored');
    const attempts = await attemptsOf('race');
    const mine = attempts.find((a) => outcome.status === 'stored' && a.attemptId === outcome.attemptId);
    const other = attempts.find((a) => a !== mine);
    expect(other?.changes.previousAttemptId).toBeNull();
    // Recomputed against the grade that was stored first, not against the standing it had read.
    expect(mine?.changes.previousAttemptId).toBe(other?.attemptId);
    expect((await standingOf('race'))?.latestAttemptId).toBe(mine?.attemptId);
    expect((await standingOf('race'))?.attempts).toBe(2);
  });

  it('keeps score history across attempts', async () => {
    const attempts = await attemptsOf('ben');
    expect(attempts[0]?.changes.previousAttemptId).toBe(attempts[1]?.attemptId);
    expect(attempts[1]?.changes.previousAttemptId).toBeNull();
    expect((await standingOf('ben'))?.attempts).toBe(2);
  });

  it('writes nothing readable in the inventory folder but gzip JSON', async () => {
    const files = (await readdir(inventoryDir, { recursive: true })).filter((f) => f.endsWith('.gz'));
    const head = (await readFile(join(inventoryDir, files[0]!))).subarray(0, 2);
    expect([...head]).toEqual([0x1f, 0x8b]);
  });
});
