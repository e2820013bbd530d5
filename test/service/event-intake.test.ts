/**
 * Live regrade's intake and debounce, against DynamoDB Local (SQS mocked), fed the EventBridge
 * envelopes of CloudTrail API calls in test/fixtures/cloudtrail: which labs an event of each
 * service regrades, one grade per burst, two for two bursts, and what is dropped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type IntakeDeps, takeEvent } from '../../functions/service/event-intake.js';
import { gradeJobSchema } from '../../functions/service/grade-job.js';
import { LiveEventError, parseLiveEvent } from '../../functions/service/live-events.js';
import { registerCourse, registerStudent } from '../../functions/service/roster.js';
import { LiveStore } from '../../functions/store/live-store.js';
import { PROJECT_ROOT } from '../../infra/grader-stack.js';
import { useTables } from '../support/dynamodb.js';
import { recordingLog } from './helpers.js';

const tables = useTables('intake');
const sqs = mockClient(SQSClient);
const QUEUE = 'https://sqs.ap-northeast-2.amazonaws.com/999988887777/grade-jobs';
const T0 = Date.parse('2026-03-20T01:00:05Z');

function fixture(name: string): Record<string, any> {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/fixtures/cloudtrail', `${name}.json`), 'utf8'));
}

let clock = T0;
function deps(): IntakeDeps {
  return {
    store: tables.store,
    live: new LiveStore(tables.store),
    sqs: new SQSClient({ region: 'ap-northeast-2' }),
    queueUrl: QUEUE,
    now: () => new Date(clock),
    log: recordingLog(),
  };
}

function sent(): SendMessageBatchRequestEntry[] {
  return sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries ?? []);
}

/** A fresh student (own course, own account) so each test's windows start closed. */
let n = 0;
async function student(labs: string[], liveGrading?: Record<string, unknown>) {
  n += 1;
  const courseId = `live-${n}`;
  const account = String(300000000000 + n);
  await registerCourse(
    tables.store,
    courseId,
    { region: 'ap-northeast-2', labs: labs.map((lab) => ({ lab })), ...(liveGrading ? { liveGrading } : {}) },
    new Date(T0),
  );
  await registerStudent(
    tables.store,
    courseId,
    'kim',
    { accountId: account, roleArn: `arn:aws:iam::${account}:role/labgrader/Read`, externalId: `ext-${n}` },
    new Date(T0),
  );
  return { courseId, account };
}

function from(account: string, name: string, at = clock): Record<string, any> {
  const event = fixture(name);
  return {
    ...event,
    account,
    time: new Date(at).toISOString(),
    detail: { ...event.detail, recipientAccountId: account },
  };
}

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: 'job0', MessageId: 'm', MD5OfMessageBody: '' }] });
  clock = T0;
});

describe('which labs an event regrades (one fixture per service)', () => {
  const ALL = ['vpc', 'alb', 'db', 'iam', 's3'];
  let account: string;
  let hours = 0;
  beforeAll(async () => {
    ({ account } = await student(ALL));
  });

  it.each([
    ['ec2-create-vpc', ['vpc', 'alb', 'db', 'iam']],
    ['rds-create-db-instance', ['db']],
    ['elasticloadbalancing-create-load-balancer', ['alb']],
    ['autoscaling-create-auto-scaling-group', ['alb']],
    ['monitoring-put-metric-alarm', ['alb']],
    ['iam-create-user', ['iam']],
    ['s3-create-bucket', ['s3']],
  ])('%s → a delayed grade job per affected lab: %j', async (name, labs) => {
    hours += 1;
    clock = T0 + hours * 3_600_000; // past every earlier window
    const outcome = await takeEvent(from(account, name), deps());
    expect(outcome.status).toBe('accepted');
    const jobs = sent().map((e) => gradeJobSchema.parse(JSON.parse(e.MessageBody ?? '')));
    expect(jobs.map((j) => j.lab).sort()).toEqual([...labs].sort());
    expect(jobs.every((j) => j.trigger === 'event' && j.studentId === 'kim')).toBe(true);
    expect(sent().every((e) => e.DelaySeconds === 60)).toBe(true);
  });

  it.each([
    'cloudformation-create-stack',
    'cloudtrail-create-trail',
    'logs-create-log-group',
    'events-put-rule',
    'sns-create-topic',
  ])('%s is forwarded but no lab of today reads that service: dropped as irrelevant', async (name) => {
    expect(await takeEvent(from(account, name), deps())).toMatchObject({ status: 'irrelevant' });
    expect(sent()).toEqual([]);
  });
});

describe('debounce', () => {
  it('gives one grade, after the window, for a burst of 50 events', async () => {
    const { courseId, account } = await student(['vpc']);
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        clock = T0 + i * 500; // 25 s of clicking
        return takeEvent(from(account, 'ec2-create-vpc'), deps());
      }),
    );
    expect(sent()).toHaveLength(1);
    const [entry] = sent();
    expect(entry?.DelaySeconds).toBeGreaterThanOrEqual(35);
    expect(JSON.parse(entry?.MessageBody ?? '')).toMatchObject({ courseId, lab: 'vpc', trigger: 'event' });
    const coalesced = outcomes.reduce((sum, o) => sum + (o.status === 'accepted' ? o.coalesced : 0), 0);
    expect(coalesced).toBe(49);
    expect(await new LiveStore(tables.store).stats(courseId)).toEqual({
      eventsReceived: 50,
      eventsCoalesced: 49,
      gradesTriggered: 1,
      gradesSkippedUnchanged: 0,
    });
  });

  it('gives two grades for two bursts further apart than the window, with different job ids', async () => {
    const { account } = await student(['vpc'], { debounceSeconds: 30 });
    for (let i = 0; i < 5; i += 1) {
      clock = T0 + i * 1000;
      await takeEvent(from(account, 'ec2-create-vpc'), deps());
    }
    for (let i = 0; i < 5; i += 1) {
      clock = T0 + 31_000 + i * 1000;
      await takeEvent(from(account, 'ec2-create-vpc'), deps());
    }
    const ids = sent().map((e) => JSON.parse(e.MessageBody ?? '').jobId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect(sent().map((e) => e.DelaySeconds)).toEqual([30, 30]);
  });

  it('hands over the job again when the opener failed to (same job id: the worker stores it once)', async () => {
    const { account } = await student(['s3']);
    sqs
      .on(SendMessageBatchCommand)
      .rejectsOnce(new Error('network down'))
      .resolves({ Successful: [{ Id: 'job0', MessageId: 'm', MD5OfMessageBody: '' }] });
    await expect(takeEvent(from(account, 's3-create-bucket'), deps())).rejects.toThrow(/network down/);
    clock += 2000; // the opener may still be at it: no second job yet
    await takeEvent(from(account, 's3-create-bucket'), deps());
    expect(sent()).toHaveLength(1);
    clock += 10_000;
    await takeEvent(from(account, 's3-create-bucket'), deps());
    clock += 2000;
    await takeEvent(from(account, 's3-create-bucket'), deps());
    const ids = sent().map((e) => JSON.parse(e.MessageBody ?? '').jobId);
    // The failed send, the retry by the first event past the grace, and nothing more.
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(1);
  });
});

describe('what is dropped', () => {
  it('drops an event from an account no student registered, and counts it', async () => {
    await student(['vpc']);
    expect(await takeEvent(from('123456789012', 'ec2-create-vpc'), deps())).toEqual({
      status: 'unknown-account',
      account: '123456789012',
    });
    expect(sent()).toEqual([]);
  });

  it('ignores a read-only call and a refused call', async () => {
    const { account } = await student(['vpc']);
    expect(await takeEvent(from(account, 'ec2-describe-vpcs'), deps())).toEqual({
      status: 'irrelevant',
      reason: 'read-only call',
    });
    expect(await takeEvent(from(account, 'ec2-create-vpc-denied'), deps())).toEqual({
      status: 'irrelevant',
      reason: 'failed call (Client.UnauthorizedOperation)',
    });
    expect(sent()).toEqual([]);
  });

  it("drops events of a student's old account after they re-register under a new one", async () => {
    const { courseId, account } = await student(['vpc']);
    await registerStudent(tables.store, courseId, 'kim', {
      accountId: '444455556666',
      roleArn: 'arn:aws:iam::444455556666:role/labgrader/Read',
      externalId: 'ext-new',
    });
    expect(await takeEvent(from(account, 'ec2-create-vpc'), deps())).toMatchObject({ status: 'unknown-account' });
    expect(await takeEvent(from('444455556666', 'ec2-create-vpc'), deps())).toMatchObject({ status: 'accepted' });
  });

  it('refuses something that is not an EventBridge envelope, naming the field', async () => {
    const { account } = await student(['vpc']);
    const { detail: _detail, ...noDetail } = from(account, 'ec2-create-vpc');
    await expect(takeEvent(noDetail, deps())).rejects.toThrow(LiveEventError);
    await expect(takeEvent({ ...from(account, 'ec2-create-vpc'), account: '12' }, deps())).rejects.toThrow(/^account:/);
  });
});

describe('the envelope of a region in another partition', () => {
  it.each(['us-gov-west-1', 'cn-north-1', 'eusc-de-east-1'])(
    'reads an event from %s as an event, not a malformed envelope',
    (region) => {
      expect(parseLiveEvent({ ...from('111122223333', 'ec2-create-vpc'), region }).region).toBe(region);
    },
  );
});

describe('event times', () => {
  it('are kept in UTC, so the change times the live store compares as strings sort in time order', () => {
    const event = from('111122223333', 'ec2-create-vpc');
    const offset = parseLiveEvent({
      ...event,
      time: '2026-03-20T10:00:05+09:00',
      detail: { ...event.detail, eventTime: '2026-03-20T10:00:03+09:00' },
    });
    expect(offset.time).toBe('2026-03-20T01:00:05.000Z');
    expect(offset.detail.eventTime).toBe('2026-03-20T01:00:03.000Z');
    // Earlier than a change at 01:30 UTC, as a string too (the offset form sorted after it).
    expect((offset.detail.eventTime ?? '') < '2026-03-20T01:30:00Z').toBe(true);
    // CloudTrail's own UTC times are kept as sent.
    expect(parseLiveEvent(event).detail.eventTime).toBe('2026-03-20T01:00:03Z');
  });
});

describe('IAM, a global service', () => {
  it('maps an IAM event from us-east-1 to the IAM lab of a student who builds in Seoul, and marks the account as forwarding from there', async () => {
    const { courseId, account } = await student(['vpc', 'iam']);
    const outcome = await takeEvent(from(account, 'iam-create-user'), deps());
    expect(outcome.status === 'accepted' && outcome.triggered.map((j) => j.lab)).toEqual(['iam']);
    const entry = await tables.store.getRosterEntry(courseId, 'kim');
    expect(entry?.liveGlobalAt).toBe(new Date(clock).toISOString());
    expect(entry?.liveSince).toBe(new Date(clock).toISOString());
  });

  it('does not mark global forwarding from a regional event', async () => {
    const { courseId, account } = await student(['vpc', 'iam']);
    await takeEvent(from(account, 'ec2-create-vpc'), deps());
    const entry = await tables.store.getRosterEntry(courseId, 'kim');
    expect(entry?.liveSince).toBeDefined();
    expect(entry?.liveGlobalAt).toBeUndefined();
  });
});

describe('a student switching live grading off', () => {
  const cfn = (account: string, eventName: string, requestParameters: Record<string, unknown>) => {
    const e = from(account, 'cloudformation-create-stack');
    return { ...e, detail: { ...e.detail, eventName, requestParameters } };
  };
  const off = (account: string) =>
    cfn(account, 'UpdateStack', {
      stackName: 'labgrader-access',
      parameters: [
        { parameterKey: 'LiveGrading', parameterValue: 'false' },
        { parameterKey: 'ExternalId', usePreviousValue: true },
      ],
    });

  it('stops trusting the silence of an account whose access stack turns live grading off', async () => {
    const { courseId, account } = await student(['vpc', 'iac']);
    await takeEvent(from(account, 'ec2-create-vpc'), deps());
    expect((await tables.store.getRosterEntry(courseId, 'kim'))?.liveSince).toBeDefined();

    clock += 60_000;
    await takeEvent(off(account), deps());
    expect((await tables.store.getRosterEntry(courseId, 'kim'))?.liveSince).toBeUndefined();

    // Calls the stack update itself makes while the rule still exists do not bring it back...
    clock += 2 * 60_000;
    await takeEvent(from(account, 'ec2-create-vpc'), deps());
    expect((await tables.store.getRosterEntry(courseId, 'kim'))?.liveSince).toBeUndefined();
    // ...an event a quarter of an hour later shows the forwarding works again.
    clock += 20 * 60_000;
    await takeEvent(from(account, 'ec2-create-vpc'), deps());
    expect((await tables.store.getRosterEntry(courseId, 'kim'))?.liveSince).toBe(new Date(clock).toISOString());
  });

  it.each([
    [
      'the rule deleted by hand',
      'events-put-rule',
      'DeleteRule',
      { name: 'labgrader-access-LiveEventsRule-1X2Y3Z' },
      true,
    ],
    ['the rule disabled', 'events-put-rule', 'DisableRule', { name: 'labgrader-access-LiveEventsRule-1X2Y3Z' }, true],
    ["a lab's own rule deleted", 'events-put-rule', 'DeleteRule', { name: 'course-instance-state' }, false],
    ['the trail stopped', 'cloudtrail-create-trail', 'StopLogging', { name: 'labgrader-live-events' }, true],
    ["a lab's own trail stopped", 'cloudtrail-create-trail', 'StopLogging', { name: 'course-trail' }, false],
    ['the access stack deleted', 'cloudformation-create-stack', 'DeleteStack', { stackName: 'labgrader-access' }, true],
    ["a lab's stack deleted", 'cloudformation-create-stack', 'DeleteStack', { stackName: 'course-network' }, false],
    [
      'the access stack updated with live grading on',
      'cloudformation-create-stack',
      'UpdateStack',
      { stackName: 'labgrader-access', parameters: [{ parameterKey: 'LiveGrading', parameterValue: 'true' }] },
      false,
    ],
  ])('%s: forwarding may stop = %s', async (_what, fixtureName, eventName, requestParameters, ends) => {
    const { courseId, account } = await student(['vpc', 'iac', 'mon']);
    await takeEvent(from(account, 'ec2-create-vpc'), deps());
    clock += 60_000;
    const e = from(account, fixtureName as string);
    await takeEvent({ ...e, detail: { ...e.detail, eventName, requestParameters } }, deps());
    const entry = await tables.store.getRosterEntry(courseId, 'kim');
    expect(entry?.liveSince === undefined).toBe(ends);
  });
});
