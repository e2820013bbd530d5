/**
 * The schedule's fan-out: roster in DynamoDB Local, SQS mocked. One message per (student, lab),
 * ten per SendMessageBatch, deadlines honoured when the course says so.
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { SendMessageBatchCommand, type SendMessageBatchCommandInput, SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch } from '../../functions/handlers/dispatch.js';
import { type DispatchDeps, DispatchError, dispatchGrades } from '../../functions/service/dispatch.js';
import { gradeJobSchema } from '../../functions/service/grade-job.js';
import { registerCourse, registerStudent, registerStudents } from '../../functions/service/roster.js';
import { useTables } from '../support/dynamodb.js';
import { recordingLog } from './helpers.js';

const tables = useTables('dispatch');
const sqs = mockClient(SQSClient);
const NOW = new Date('2026-03-20T01:00:00.000Z');
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/grade-jobs';

function deps(): DispatchDeps {
  return {
    store: tables.store,
    sqs: new SQSClient({ region: 'us-east-1' }),
    queueUrl: QUEUE,
    now: () => NOW,
    log: recordingLog(),
  };
}

function sentBatches(): SendMessageBatchCommandInput[] {
  return sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
}

function student(i: number) {
  const account = String(100000000000 + i);
  return { accountId: account, roleArn: `arn:aws:iam::${account}:role/LabGrader`, externalId: `ext-${i}` };
}

beforeAll(async () => {
  await registerCourse(tables.store, 'big-class', { region: 'us-east-1', labs: [{ lab: 'vpc' }] }, NOW);
  const roster = Array.from({ length: 1000 }, (_, n) => ({ studentId: `st${n}`, ...student(n) }));
  await registerStudents(tables.store, 'big-class', roster, NOW);
  await registerCourse(
    tables.store,
    'deadlines',
    {
      region: 'us-east-1',
      labs: [
        { lab: 'vpc', deadline: '2026-03-19T00:00:00Z' },
        { lab: 'db', deadline: '2026-03-27T00:00:00Z' },
      ],
      skipPastDeadline: true,
    },
    NOW,
  );
  await registerStudent(tables.store, 'deadlines', 'on-time', student(1), NOW);
  await registerStudent(
    tables.store,
    'deadlines',
    'extended',
    { ...student(2), deadlines: { vpc: '2026-03-22T00:00:00Z' } },
    NOW,
  );
}, 120_000);

afterEach(() => {
  sqs.reset();
});

describe('dispatch', () => {
  it('enqueues one message per student of a 1,000-student roster, ten per batch', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const summary = await dispatchGrades({ courseId: 'big-class', scheduledAt: '2026-03-20T01:00:00Z' }, deps());

    expect(summary).toEqual({ courses: 1, enqueued: 1000, skippedPastDeadline: 0, skippedUnchanged: 0, batches: 100 });
    const batches = sentBatches();
    expect(batches).toHaveLength(100);
    expect(batches.every((b) => b.QueueUrl === QUEUE && b.Entries?.length === 10)).toBe(true);
    const jobs = batches
      .flatMap((b) => b.Entries ?? [])
      .map((e) => gradeJobSchema.parse(JSON.parse(e.MessageBody ?? '')));
    expect(new Set(jobs.map((j) => j.studentId)).size).toBe(1000);
    expect(new Set(jobs.map((j) => j.jobId)).size).toBe(1000);
    expect(jobs[0]).toMatchObject({ courseId: 'big-class', lab: 'vpc', trigger: 'schedule' });
    // Entry ids are unique within each batch, as SQS requires.
    for (const b of batches) expect(new Set(b.Entries?.map((e) => e.Id)).size).toBe(b.Entries?.length);
    // No credentials travel in the queue.
    expect(JSON.stringify(batches)).not.toMatch(/ext-\d|roleArn|externalId/);
  });

  it('derives job ids from the schedule tick, so a re-run dispatch of the same tick enqueues the same jobs', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Failed: [] });
    await dispatchGrades({ courseId: 'deadlines', scheduledAt: '2026-03-20T01:00:00Z' }, deps());
    await dispatchGrades({ courseId: 'deadlines', scheduledAt: '2026-03-20T01:00:00Z' }, deps());
    const ids = sentBatches().map((b) => (b.Entries ?? []).map((e) => JSON.parse(e.MessageBody ?? '').jobId).sort());
    expect(ids[0]).toEqual(ids[1]);
  });

  it('skips students whose deadline has passed when the course says so, honouring extensions', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Failed: [] });
    const summary = await dispatchGrades({ courseId: 'deadlines' }, deps());
    const jobs = sentBatches()
      .flatMap((b) => b.Entries ?? [])
      .map((e) => JSON.parse(e.MessageBody ?? ''))
      .map((j) => `${j.studentId}/${j.lab}`)
      .sort();
    expect(jobs).toEqual(['extended/db', 'extended/vpc', 'on-time/db']);
    expect(summary.skippedPastDeadline).toBe(1);
  });

  it('grades past the deadline when the course does not skip', async () => {
    await registerCourse(
      tables.store,
      'no-skip',
      { region: 'us-east-1', labs: [{ lab: 'vpc', deadline: '2026-03-01T00:00:00Z' }] },
      NOW,
    );
    await registerStudent(tables.store, 'no-skip', 'late', student(3), NOW);
    sqs.on(SendMessageBatchCommand).resolves({ Failed: [] });
    expect(await dispatchGrades({ courseId: 'no-skip' }, deps())).toMatchObject({
      enqueued: 1,
      skippedPastDeadline: 0,
    });
  });

  it('resends the entries SQS failed, and only those', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Failed: [{ Id: 'job1', Code: 'InternalError', SenderFault: false }] })
      .resolves({ Failed: [] });
    await dispatchGrades({ courseId: 'deadlines' }, deps());
    const batches = sentBatches();
    expect(batches).toHaveLength(2);
    expect(batches[1]?.Entries).toEqual([batches[0]?.Entries?.[1]]);
  });

  it('fails (so the schedule retries) when messages cannot be enqueued', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Failed: [{ Id: 'job0', Code: 'KMS.AccessDenied', SenderFault: true }] });
    await expect(dispatchGrades({ courseId: 'deadlines' }, deps())).rejects.toBeInstanceOf(DispatchError);
  });

  it('runs from the schedule event through the Lambda handler', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Failed: [] });
    const handler = createDispatch(deps(), new Logger({ logLevel: 'SILENT' }));
    const summary = await handler({ courseId: 'deadlines', time: '2026-03-20T01:00:00Z', source: 'aws.scheduler' }, {
      functionName: 'dispatch',
      awsRequestId: 'r1',
    } as Context);
    expect(summary.enqueued).toBe(3);
    const job = JSON.parse(sentBatches()[0]?.Entries?.[0]?.MessageBody ?? '');
    expect(job.jobId.startsWith('2026-03-20T01:00:00Z/deadlines/')).toBe(true);
    await expect(
      handler({ courseId: 42 }, { functionName: 'dispatch', awsRequestId: 'r2' } as Context),
    ).rejects.toThrow(/courseId/);
  });
});
