/**
 * The grader's event bus admits exactly the registered students' accounts: the policy built from
 * the account index (pure), its limit, and the sync against DynamoDB Local with EventBridge mocked
 * (a student registered, one removed, a class too large for the quota).
 */
import {
  EventBridgeClient,
  PutPermissionCommand,
  RemovePermissionCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  BusPolicyTooLargeError,
  busPolicyDocument,
  busPolicyText,
  DEFAULT_BUS_POLICY_MAX_CHARS,
  syncBusPolicy,
} from '../../functions/service/bus-policy.js';
import { registerCourse, registerStudent, registerStudents, removeStudent } from '../../functions/service/roster.js';
import { LiveStore } from '../../functions/store/live-store.js';
import { useTables } from '../support/dynamodb.js';
import { recordingLog } from './helpers.js';

const BUS = 'arn:aws:events:ap-northeast-2:999988887777:event-bus/Labgrader-live-events';
const account = (i: number) => String(100000000000 + i);

describe('the bus policy (pure)', () => {
  it('lets exactly the listed accounts put events on this one bus, each once, sorted', () => {
    expect(busPolicyDocument(BUS, ['222233334444', '111122223333', '222233334444'])).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'RegisteredStudentAccounts',
          Effect: 'Allow',
          Principal: '*',
          Action: 'events:PutEvents',
          Resource: BUS,
          Condition: { StringEquals: { 'aws:PrincipalAccount': ['111122223333', '222233334444'] } },
        },
      ],
    });
  });

  it('admits nobody (no policy) when no account is registered', () => {
    expect(busPolicyDocument(BUS, [])).toBeNull();
    expect(busPolicyText(BUS, [])).toBeNull();
  });

  it('admits the organization instead of accounts when one is configured', () => {
    expect(busPolicyDocument(BUS, [], { organizationId: 'o-a1b2c3d4e5' })?.Statement).toEqual([
      expect.objectContaining({ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }),
    ]);
  });

  it('refuses anything that is not an account id (it would widen or break the policy)', () => {
    expect(() => busPolicyDocument(BUS, ['*'])).toThrow(/not an AWS account id: "\*"/);
    expect(() => busPolicyDocument(BUS, ['12345'])).toThrow(/not an AWS account id/);
  });

  it('fits a class of 600 accounts in the default 10,240-character quota, and refuses past it with the numbers', () => {
    const fits = Array.from({ length: 600 }, (_, i) => account(i));
    expect(busPolicyText(BUS, fits)!.length).toBeLessThanOrEqual(DEFAULT_BUS_POLICY_MAX_CHARS);
    const tooMany = Array.from({ length: 700 }, (_, i) => account(i));
    let error: unknown;
    try {
      busPolicyText(BUS, tooMany);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(BusPolicyTooLargeError);
    expect((error as Error).message).toMatch(
      /^the event bus policy for 700 registered accounts is \d+ characters, over the quota of 10240: raise .*liveEventsOrganizationId/,
    );
    // A raised quota takes them.
    expect(busPolicyText(BUS, tooMany, { maxChars: 20_480 })).not.toBeNull();
  });
});

describe('syncBusPolicy (DynamoDB Local, EventBridge mocked)', () => {
  const tables = useTables('buspolicy');
  const events = mockClient(EventBridgeClient);
  let n = 0;

  beforeEach(() => {
    events.reset();
    events.on(PutPermissionCommand).resolves({});
    events.on(RemovePermissionCommand).resolves({});
  });

  const deps = (options = {}) => ({
    live: new LiveStore(tables.store),
    events: new EventBridgeClient({ region: 'ap-northeast-2' }),
    busName: 'Labgrader-live-events',
    busArn: BUS,
    options,
    log: recordingLog(),
  });
  const admitted = () => {
    const calls = events.commandCalls(PutPermissionCommand);
    const policy = JSON.parse(calls.at(-1)!.args[0].input.Policy!);
    return policy.Statement[0].Condition.StringEquals['aws:PrincipalAccount'] as string[];
  };

  it('removes the policy while nobody is registered (a missing policy is fine)', async () => {
    events.on(RemovePermissionCommand).rejects(new ResourceNotFoundException({ message: 'no policy', $metadata: {} }));
    await expect(syncBusPolicy(deps())).resolves.toEqual({ accounts: 0, chars: 0, mode: 'none' });
    expect(events.commandCalls(RemovePermissionCommand)[0]?.args[0].input).toEqual({
      EventBusName: 'Labgrader-live-events',
      RemoveAllPermissions: true,
    });
  });

  it("follows the roster: a registered student's account is admitted, a removed one's is not", async () => {
    n += 1;
    const courseId = `bus-${n}`;
    await registerCourse(tables.store, courseId, { region: 'ap-northeast-2', labs: [{ lab: 'vpc' }] });
    for (const [studentId, accountId] of [
      ['kim', '111122223333'],
      ['lee', '444455556666'],
    ]) {
      await registerStudent(tables.store, courseId, studentId!, {
        accountId,
        roleArn: `arn:aws:iam::${accountId}:role/labgrader/Read`,
        externalId: `ext-${studentId}`,
      });
    }
    await syncBusPolicy(deps());
    expect(admitted()).toEqual(['111122223333', '444455556666']);
    expect(events.commandCalls(PutPermissionCommand)[0]?.args[0].input.EventBusName).toBe('Labgrader-live-events');

    await removeStudent(tables.store, courseId, 'lee');
    await syncBusPolicy(deps());
    expect(admitted()).toEqual(['111122223333']);
  });

  it('leaves the policy in force when the accounts no longer fit, and says so', async () => {
    await expect(syncBusPolicy(deps({ maxChars: 1024 }))).resolves.toBeDefined();
    events.reset();
    n += 1;
    const courseId = `bus-${n}`;
    await registerCourse(tables.store, courseId, { region: 'ap-northeast-2', labs: [{ lab: 'vpc' }] });
    await registerStudents(
      tables.store,
      courseId,
      Array.from({ length: 70 }, (_, i) => ({
        studentId: `s${i}`,
        accountId: account(5000 + i),
        roleArn: `arn:aws:iam::${account(5000 + i)}:role/labgrader/Read`,
        externalId: `ext-${i}`,
      })),
    );
    await expect(syncBusPolicy(deps({ maxChars: 1024 }))).rejects.toBeInstanceOf(BusPolicyTooLargeError);
    expect(events.commandCalls(PutPermissionCommand)).toEqual([]);
    expect(events.commandCalls(RemovePermissionCommand)).toEqual([]);
  });
});
