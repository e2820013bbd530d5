/** The small pieces under the API: claims as API Gateway hands them, CSV cells, development tokens, the local queue. */
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { groupsOf, identify } from '../../functions/api/auth.js';
import { csvCell, toCsv } from '../../functions/api/csv.js';
import { DevTokenError, signDevToken, verifyDevToken } from '../../functions/local/dev-token.js';
import { InProcessQueue } from '../../functions/local/queue.js';

describe('claims from the JWT authorizer', () => {
  it.each([
    ['[instructors admins]', ['instructors', 'admins']],
    ['["instructors"]', ['instructors']],
    ['instructors,tas', ['instructors', 'tas']],
    [['instructors'], ['instructors']],
    [undefined, []],
  ])('groups %j', (claim, groups) => {
    expect(groupsOf(claim)).toEqual(groups);
  });

  it('an instructor is a member of the instructor group; a student id can come from another claim', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    expect(identify({ sub: 'u1', 'cognito:groups': '[instructors]' }, now).role).toBe('instructor');
    expect(identify({ sub: 'u1', 'cognito:groups': '[instructors]' }, now).admin).toBe(false);
    // An operator of the admin group is an instructor of every course, in or out of the instructors group.
    expect(identify({ sub: 'op', 'cognito:groups': '[admins]' }, now)).toMatchObject({
      role: 'instructor',
      admin: true,
    });
    expect(identify({ sub: 'op', 'cognito:groups': 'ops' }, now, { adminGroup: 'ops' }).admin).toBe(true);
    const who = identify({ sub: 'u2', 'custom:studentId': 's-42' }, now, { studentIdClaim: 'custom:studentId' });
    expect(who).toMatchObject({ role: 'student', studentId: 's-42' });
    expect(() => identify({ sub: 'u3', exp: now.getTime() / 1000 - 1 }, now)).toThrow(/expired/);
    expect(() => identify({}, now)).toThrow(/no identity/);
  });
});

describe('CSV cells', () => {
  it('quotes what RFC 4180 requires and keeps spreadsheet formulas inert', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-5)).toBe('-5');
    expect(toCsv([['a'], ['b']])).toBe('\uFEFFa\r\nb\r\n');
  });
});

describe('development tokens', () => {
  const secret = Buffer.alloc(32, 7);
  it('verifies its own tokens and refuses tampered, unsigned and expired ones', () => {
    const token = signDevToken(secret, { subject: 'ann', groups: ['instructors'] });
    expect(verifyDevToken(secret, token)).toMatchObject({ sub: 'ann', 'cognito:groups': ['instructors'] });
    const [, payload] = token.split('.');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    expect(() => verifyDevToken(secret, none)).toThrow(DevTokenError);
    expect(() => verifyDevToken(Buffer.alloc(32, 8), token)).toThrow(/not signed by this/);
    const old = signDevToken(secret, { subject: 'ann' }, { now: new Date(Date.now() - 86_400_000), ttlSeconds: 60 });
    expect(() => verifyDevToken(secret, old)).toThrow(/expired/);
  });
});

describe('the local grade queue', () => {
  it('grades in batches of ten, retries failed records, and stops without hanging on jobs sent after it stopped', async () => {
    const seen: string[][] = [];
    const tries = new Map<string, number>();
    const queue = new InProcessQueue({
      concurrency: 2,
      worker: async (event) => {
        seen.push(event.Records.map((r) => r.body));
        await new Promise((r) => setTimeout(r, 20));
        const failures = event.Records.filter((r) => {
          tries.set(r.body, (tries.get(r.body) ?? 0) + 1);
          return r.body === 'flaky' && (tries.get(r.body) ?? 0) < 2;
        });
        return { batchItemFailures: failures.map((r) => ({ itemIdentifier: r.messageId })) };
      },
    });
    const send = (bodies: string[]) =>
      queue.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queue.queueUrl,
          Entries: bodies.map((b, i) => ({ Id: `m${i}`, MessageBody: b })),
        }),
      );
    await send(Array.from({ length: 10 }, (_, i) => `job${i}`));
    await send(['flaky', 'job10']);
    await queue.drain();
    expect(seen[0]).toHaveLength(10);
    expect(tries.get('flaky')).toBe(2);
    expect(queue.deadLetters).toEqual([]);

    await send(['late1', 'late2']);
    await queue.stop();
    const after = await send(['too-late']);
    expect(after.Failed?.map((f) => f.Code)).toEqual(['QueueStopped']);
    await queue.drain();
  });
});
