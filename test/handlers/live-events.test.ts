/**
 * The live-grading Lambdas as the event bus and the stream call them: the intake counts what
 * became of each event (received, dropped and why, coalesced, grades triggered) and never retries
 * a malformed one; the bus-policy function counts a class too large for the policy quota instead
 * of failing forever.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { EventBridgeClient, PutPermissionCommand } from '@aws-sdk/client-eventbridge';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createBusPolicySync } from '../../functions/handlers/bus-policy.js';
import { createEventIntake } from '../../functions/handlers/event-intake.js';
import { registerCourse, registerStudent } from '../../functions/service/roster.js';
import { LiveStore } from '../../functions/store/live-store.js';
import { PROJECT_ROOT } from '../../infra/grader-stack.js';
import { recordingLog } from '../service/helpers.js';
import { useTables } from '../support/dynamodb.js';

const tables = useTables('livefns');
const sqs = mockClient(SQSClient);
const bridge = mockClient(EventBridgeClient);
const context = { functionName: 'labgrader-event-intake', awsRequestId: 'req-1' } as Context;
const T0 = Date.parse('2026-03-20T01:00:05Z');

function metricsSpy() {
  const metrics = new Metrics({ namespace: 'labgrader', serviceName: 'test' });
  const added: Record<string, number> = {};
  vi.spyOn(metrics, 'addMetric').mockImplementation((name, _unit, value) => {
    added[name] = (added[name] ?? 0) + value;
    return metrics;
  });
  vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
  return { metrics, added };
}

const logger = new Logger({ logLevel: 'SILENT' });
const vpcEvent = (account: string) => {
  const e = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/fixtures/cloudtrail/ec2-create-vpc.json'), 'utf8'));
  return { ...e, account, time: new Date(T0).toISOString(), detail: { ...e.detail, recipientAccountId: account } };
};

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: 'job0', MessageId: 'm', MD5OfMessageBody: '' }] });
  bridge.reset();
  bridge.on(PutPermissionCommand).resolves({});
});

describe('the event-intake function', () => {
  const intake = (metrics: Metrics) =>
    createEventIntake(
      {
        store: tables.store,
        live: new LiveStore(tables.store),
        sqs: new SQSClient({ region: 'ap-northeast-2' }),
        queueUrl: 'https://sqs.ap-northeast-2.amazonaws.com/999988887777/grade-jobs',
        now: () => new Date(T0),
        log: recordingLog(),
      },
      logger,
      metrics,
    );

  it('drops an event that is not a CloudTrail envelope, naming the field, without a retry', async () => {
    const { metrics, added } = metricsSpy();
    await expect(intake(metrics)({ 'detail-type': 'x' }, context)).resolves.toEqual({
      status: 'malformed',
      field: 'id',
    });
    expect(added).toEqual({ EventsReceived: 1, EventsDroppedMalformed: 1 });
  });

  it('counts an event from an account no student is registered with as dropped', async () => {
    const { metrics, added } = metricsSpy();
    await expect(intake(metrics)(vpcEvent('777788889999'), context)).resolves.toMatchObject({
      status: 'unknown-account',
    });
    expect(added).toEqual({ EventsReceived: 1, EventsDroppedUnknownAccount: 1 });
  });

  it('counts the grade a first event triggers, then the events its window coalesces', async () => {
    await registerCourse(tables.store, 'livefn', { region: 'ap-northeast-2', labs: [{ lab: 'vpc' }] }, new Date(T0));
    await registerStudent(
      tables.store,
      'livefn',
      'kim',
      { accountId: '123412341234', roleArn: 'arn:aws:iam::123412341234:role/labgrader/Read', externalId: 'ext-kim' },
      new Date(T0),
    );
    const first = metricsSpy();
    await intake(first.metrics)(vpcEvent('123412341234'), context);
    expect(first.added).toEqual({ EventsReceived: 1, GradesTriggered: 1 });
    const second = metricsSpy();
    await intake(second.metrics)(vpcEvent('123412341234'), context);
    expect(second.added).toEqual({ EventsReceived: 1, EventsCoalesced: 1 });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
  });
});

describe('the bus-policy function', () => {
  const run = (accounts: string[], maxChars: number, metrics: Metrics) =>
    createBusPolicySync(
      {
        live: { registeredAccounts: async () => accounts } as unknown as LiveStore,
        events: new EventBridgeClient({ region: 'ap-northeast-2' }),
        busName: 'Labgrader-live-events',
        busArn: 'arn:aws:events:ap-northeast-2:999988887777:event-bus/Labgrader-live-events',
        options: { maxChars },
        log: recordingLog(),
      },
      logger,
      metrics,
    )({}, context);

  it('writes the policy and counts the admitted accounts', async () => {
    const { metrics, added } = metricsSpy();
    await expect(run(['111122223333'], 10_240, metrics)).resolves.toMatchObject({ accounts: 1, mode: 'accounts' });
    expect(added).toEqual({ BusPolicyAccounts: 1 });
  });

  it('past the quota keeps the policy in force, answers over-limit and counts it (the alarm watches)', async () => {
    const { metrics, added } = metricsSpy();
    const many = Array.from({ length: 100 }, (_, i) => String(200000000000 + i));
    await expect(run(many, 1024, metrics)).resolves.toMatchObject({
      status: 'over-limit',
      accounts: 100,
      maxChars: 1024,
    });
    expect(added).toEqual({ BusPolicyOverLimit: 1 });
    expect(bridge.commandCalls(PutPermissionCommand)).toEqual([]);
  });
});
