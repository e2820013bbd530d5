/**
 * Registration: bad input is rejected naming the field; session credentials are sealed at rest,
 * bound to their student, kept until they expire, and never echoed in errors.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AesGcmEncryptor,
  KmsEncryptor,
  openCredentials,
  sealCredentials,
} from '../../functions/service/credentials.js';
import { setExtension } from '../../functions/service/deadlines.js';
import { RegistrationError } from '../../functions/service/registration-input.js';
import {
  AccountInUseError,
  CourseNotFoundError,
  registerCourse,
  registerStudent,
  registerStudents,
  submitSessionCredentials,
} from '../../functions/service/roster.js';
import type { GradeStore } from '../../functions/store/grade-store.js';
import { LiveStore } from '../../functions/store/live-store.js';
import { useTables } from '../support/dynamodb.js';

const tables = useTables('registration');
const NOW = new Date('2026-03-10T09:00:00.000Z');
const encryptor = new AesGcmEncryptor(Buffer.alloc(32, 7));

const COURSE = {
  region: 'ap-northeast-2',
  labs: [{ lab: 'vpc', deadline: '2026-04-01T23:59:00+09:00' }],
  scoringPolicy: 'best-before-deadline',
};
const ROLE_STUDENT = {
  accountId: '111122223333',
  roleArn: 'arn:aws:iam::111122223333:role/LabGraderReadOnly',
  externalId: 'lg-ext-0001',
};
const SECRET = {
  accessKeyId: 'ASIAXEXAMPLEKEY00001',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY1',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN//////////wEaCXVzLWVhc3QtMSJHMEUCIQ',
  expiration: '2026-03-10T13:00:00.000Z',
};

async function rejection(promise: Promise<unknown>): Promise<RegistrationError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RegistrationError);
  return err as RegistrationError;
}

beforeAll(async () => {
  await registerCourse(tables.store, 'aws-101', COURSE, NOW);
  await registerStudent(tables.store, 'aws-101', 'learner', { accountId: '444455556666', access: 'session' }, NOW);
});

describe('registering a course', () => {
  it('stores the course with its policy, deadlines and defaults', async () => {
    const course = await tables.store.getCourse('aws-101');
    expect(course).toMatchObject({
      courseId: 'aws-101',
      region: 'ap-northeast-2',
      lang: 'ko',
      scoringPolicy: 'best-before-deadline',
      skipPastDeadline: false,
      labs: [{ lab: 'vpc', deadline: '2026-04-01T23:59:00+09:00' }],
    });
  });

  it.each([
    ['an unknown lab', { ...COURSE, labs: [{ lab: 'kubernetes' }] }, 'labs[0].lab'],
    [
      'a lab listed twice',
      { ...COURSE, labs: [{ lab: 'vpc', deadline: COURSE.labs[0]?.deadline }, { lab: 'vpc' }] },
      'labs[1].lab',
    ],
    [
      'a deadline that is not a date',
      { ...COURSE, labs: [{ lab: 'vpc', deadline: 'next friday' }] },
      'labs[0].deadline',
    ],
    ['best-before-deadline without a deadline', { ...COURSE, labs: [{ lab: 'vpc' }] }, 'labs[0].deadline'],
    [
      'points for a check the lab does not have',
      { ...COURSE, labs: [{ ...COURSE.labs[0], points: { 'vpc.nope': 3 } }] },
      'labs[0].points.vpc.nope',
    ],
    ['an unknown scoring policy', { ...COURSE, scoringPolicy: 'average' }, 'scoringPolicy'],
    ['a region that is not one', { ...COURSE, region: 'seoul' }, 'region'],
    // Shaped like a region, but none: every grade of the course would fail to reach AWS.
    ['a region AWS does not have', { ...COURSE, region: 'zz-nowhere-9' }, 'region'],
    // Several wrong fields: the first in the body's order, whichever lab's import ends first.
    [
      'a bad parameter and a bad end date',
      { ...COURSE, labs: [{ ...COURSE.labs[0], params: { bogus: 1 } }], endsAt: 'bad' },
      'labs[0].params.bogus',
    ],
    [
      'unknown checks in two labs',
      {
        ...COURSE,
        scoringPolicy: 'best',
        labs: [
          { lab: 'iac', disabled: ['zzz'] },
          { lab: 'vpc', disabled: ['yyy'] },
        ],
      },
      'labs[0].disabled[0]',
    ],
  ])('rejects %s, naming the field', async (_what, input, field) => {
    const err = await rejection(registerCourse(tables.store, 'bad-course', input, NOW));
    expect(err.field).toBe(field);
    expect(await tables.store.getCourse('bad-course')).toBeUndefined();
  });

  it('accepts every region the CLI grades in (one list)', async () => {
    const course = await registerCourse(tables.store, 'eusc-course', { ...COURSE, region: 'eusc-de-east-1' }, NOW);
    expect(course.region).toBe('eusc-de-east-1');
  });

  it('registers a role-access student of a course in the European Sovereign Cloud (partition aws-eusc)', async () => {
    await registerCourse(tables.store, 'in-eusc', { ...COURSE, region: 'eusc-de-east-1' }, NOW);
    const roleArn = 'arn:aws-eusc:iam::111122223333:role/LabGraderReadOnly';
    const entry = await registerStudent(tables.store, 'in-eusc', 'kim', { ...ROLE_STUDENT, roleArn }, NOW);
    expect(entry.access).toMatchObject({ mode: 'role', roleArn });
  });

  // Regions of the other partitions, for a course and for a student.
  it.each(['us-gov-west-1', 'cn-north-1', 'ap-southeast-5', 'eusc-de-east-1'])(
    'registers a course and a student in %s',
    async (region) => {
      const courseId = `in-${region}`;
      await registerCourse(tables.store, courseId, { ...COURSE, region }, NOW);
      await registerStudent(tables.store, courseId, 'learner', { ...ROLE_STUDENT, region }, NOW);
      expect(await tables.store.getCourse(courseId)).toMatchObject({ region });
    },
  );

  it('rejects a course id that cannot be part of a key', async () => {
    expect((await rejection(registerCourse(tables.store, 'a#b', COURSE, NOW))).field).toBe('courseId');
  });
});

describe('registering a student', () => {
  it('stores a role-access entry', async () => {
    const entry = await registerStudent(tables.store, 'aws-101', 'kim', ROLE_STUDENT, NOW);
    expect(entry.access).toEqual({ mode: 'role', roleArn: ROLE_STUDENT.roleArn, externalId: 'lg-ext-0001' });
    expect(await tables.store.getRosterEntry('aws-101', 'kim')).toEqual(entry);
  });

  it.each([
    ['an account id with 11 digits', { ...ROLE_STUDENT, accountId: '11112222333' }, 'accountId'],
    ['an account id with letters', { ...ROLE_STUDENT, accountId: '1111-2222-3333' }, 'accountId'],
    ['a user ARN instead of a role ARN', { ...ROLE_STUDENT, roleArn: 'arn:aws:iam::111122223333:user/kim' }, 'roleArn'],
    ['a role ARN with no name', { ...ROLE_STUDENT, roleArn: 'arn:aws:iam::111122223333:role/' }, 'roleArn'],
    [
      'a role in another account',
      { ...ROLE_STUDENT, roleArn: 'arn:aws:iam::999988887777:role/LabGraderReadOnly' },
      'roleArn',
    ],
    ['no role ARN', { accountId: '111122223333', externalId: 'lg-ext-0001' }, 'roleArn'],
    ['no external id', { accountId: '111122223333', roleArn: ROLE_STUDENT.roleArn }, 'externalId'],
    ['an external id with spaces', { ...ROLE_STUDENT, externalId: 'my id' }, 'externalId'],
    [
      'an extension for a lab the course does not run',
      { ...ROLE_STUDENT, deadlines: { db: '2026-04-02T00:00:00Z' } },
      'deadlines.db',
    ],
  ])('rejects %s, naming the field', async (_what, input, field) => {
    const err = await rejection(registerStudent(tables.store, 'aws-101', 'rejected', input, NOW));
    expect(err.field).toBe(field);
    expect(err.message.startsWith(`${field}:`)).toBe(true);
    expect(await tables.store.getRosterEntry('aws-101', 'rejected')).toBeUndefined();
  });

  // What LMSs and SIS exports hold: internationalized addresses (RFC 6531) and IDN domains, in Unicode or punycode.
  it.each([
    'kim.minsu+aws@snu.ac.kr',
    'user@xn--9n2bp8q.xn--3e0b707e',
    'user@예시.한국',
    '홍길동@example.com',
    'josé@example.com',
  ])('stores the email %s', async (email) => {
    const entry = await registerStudent(
      tables.store,
      'aws-101',
      'mailer',
      { accountId: '555566667777', access: 'session', email },
      NOW,
    );
    expect(entry.email).toBe(email);
  });

  it.each(['kim', 'kim@', '@snu.ac.kr', 'kim @snu.ac.kr', 'kim@snu.ac.kr\u001b[2J', 'kim\u202e@snu.ac.kr'])(
    'rejects the email %j, naming it',
    async (email) => {
      const err = await rejection(
        registerStudent(
          tables.store,
          'aws-101',
          'rejected',
          { accountId: '555566667778', access: 'session', email },
          NOW,
        ),
      );
      expect(err.field).toBe('email');
    },
  );

  it('registers a roster at once, or rejects it naming the entry and field and writing nothing', async () => {
    const roster = [
      // One account per student: not kim's.
      { studentId: 'bulk-1', ...ROLE_STUDENT, accountId: '111122225555', roleArn: 'arn:aws:iam::111122225555:role/G' },
      { studentId: 'bulk-2', accountId: '444455557777', access: 'session' },
    ];
    await registerStudents(tables.store, 'aws-101', roster, NOW);
    expect((await tables.store.getRosterEntry('aws-101', 'bulk-2'))?.access).toEqual({ mode: 'session' });

    const bad = [
      { studentId: 'bulk-3', ...ROLE_STUDENT },
      { studentId: 'bulk-4', ...ROLE_STUDENT, accountId: '12' },
    ];
    const err = await rejection(registerStudents(tables.store, 'aws-101', bad, NOW));
    expect(err.field).toBe('[1].accountId');
    expect(await tables.store.getRosterEntry('aws-101', 'bulk-3')).toBeUndefined();
  });

  it("keeps a student's extension and first registration through a roster import that does not state deadlines", async () => {
    const later = new Date(NOW.getTime() + 86_400_000);
    await registerStudent(tables.store, 'aws-101', 'ext-1', { accountId: '777788889991', access: 'session' }, NOW);
    await setExtension(tables.store, 'aws-101', 'ext-1', 'vpc', '2026-04-08T23:59:00+09:00', NOW);
    await registerStudents(
      tables.store,
      'aws-101',
      [{ studentId: 'ext-1', accountId: '777788889992', access: 'session' }],
      later,
    );
    expect(await tables.store.getRosterEntry('aws-101', 'ext-1')).toMatchObject({
      accountId: '777788889992',
      deadlines: { vpc: '2026-04-08T23:59:00+09:00' },
      registeredAt: NOW.toISOString(),
      updatedAt: later.toISOString(),
    });
    // An import that states deadlines sets them.
    const stated = { studentId: 'ext-1', accountId: '777788889992', access: 'session', deadlines: {} };
    await registerStudents(tables.store, 'aws-101', [stated], later);
    expect((await tables.store.getRosterEntry('aws-101', 'ext-1'))?.deadlines).toEqual({});
  });

  it('keeps what another writer puts in the entry between the registration’s read and its write', async () => {
    await registerStudent(tables.store, 'aws-101', 'gap-1', { accountId: '777788889993', access: 'session' }, NOW);
    // The store, but the extension route and the event intake write the entry right after it is read.
    const store: GradeStore = Object.create(tables.store);
    store.getRosterEntry = async (courseId, studentId) => {
      const read = await tables.store.getRosterEntry(courseId, studentId);
      await setExtension(tables.store, courseId, studentId, 'vpc', '2026-04-09T00:00:00Z', NOW);
      await new LiveStore(tables.store).markLive(courseId, studentId, NOW.toISOString(), true);
      return read;
    };
    const later = new Date(NOW.getTime() + 60_000);
    const answered = await registerStudent(
      store,
      'aws-101',
      'gap-1',
      { accountId: '777788889993', access: 'session', name: 'Gap' },
      later,
    );
    const expected = {
      name: 'Gap',
      deadlines: { vpc: '2026-04-09T00:00:00Z' },
      liveSince: NOW.toISOString(),
      liveGlobalAt: NOW.toISOString(),
      registeredAt: NOW.toISOString(),
      updatedAt: later.toISOString(),
    };
    expect(answered).toMatchObject(expected);
    expect(await tables.store.getRosterEntry('aws-101', 'gap-1')).toMatchObject(expected);
  });

  it('rejects a student of a course that does not exist', async () => {
    await expect(registerStudent(tables.store, 'no-course', 'kim', ROLE_STUDENT, NOW)).rejects.toBeInstanceOf(
      CourseNotFoundError,
    );
  });
});

describe('one account per student', () => {
  const account = (id: string) => ({ accountId: id, access: 'session' });

  it("refuses another student's account (naming the student), also within an import", async () => {
    await registerCourse(tables.store, 'solo', { ...COURSE, scoringPolicy: 'best' }, NOW);
    await registerStudent(tables.store, 'solo', 'ann', account('500000000001'), NOW);
    const err = await registerStudent(tables.store, 'solo', 'ben', account('500000000001'), NOW).catch((e) => e);
    expect(err).toBeInstanceOf(AccountInUseError);
    expect(err).toMatchObject({ field: 'accountId', otherStudentId: 'ann' });
    expect(err.message).toMatch(/account 500000000001 is already registered for student ann in course solo/);
    expect(await tables.store.getRosterEntry('solo', 'ben')).toBeUndefined();
    // The student's own account again (an update) is fine.
    await registerStudent(tables.store, 'solo', 'ann', { ...account('500000000001'), name: 'Ann' }, NOW);

    const twice = [
      { studentId: 'cat', ...account('500000000002') },
      { studentId: 'dan', ...account('500000000002') },
    ];
    const batch = await registerStudents(tables.store, 'solo', twice, NOW).catch((e) => e);
    expect(batch).toMatchObject({ name: 'AccountInUseError', field: '[1].accountId', otherStudentId: 'cat' });
    expect(await tables.store.getRosterEntry('solo', 'cat')).toBeUndefined();
    // An import may move accounts between its own students (ann takes a new one, eve takes ann's).
    await registerStudents(
      tables.store,
      'solo',
      [
        { studentId: 'ann', ...account('500000000003') },
        { studentId: 'eve', ...account('500000000001') },
      ],
      NOW,
    );
  });

  it('lets the students of a team-based course share their team account, and keeps it so', async () => {
    await registerCourse(tables.store, 'teams', { ...COURSE, scoringPolicy: 'best', teamBased: true }, NOW);
    await registerStudent(tables.store, 'teams', 'ann', account('600000000001'), NOW);
    await registerStudent(tables.store, 'teams', 'ben', account('600000000001'), NOW);
    expect((await tables.store.listRoster('teams')).map((e) => e.accountId)).toEqual(['600000000001', '600000000001']);
    // Leaving team mode while a team shares an account is refused.
    const err = await registerCourse(tables.store, 'teams', { ...COURSE, scoringPolicy: 'best' }, NOW).catch((e) => e);
    expect(err).toMatchObject({ name: 'AccountInUseError', field: 'teamBased', otherStudentId: 'ann' });
    expect((await tables.store.getCourse('teams'))?.teamBased).toBe(true);
  });
});

describe('session credentials (Learner Lab)', () => {
  it('are stored encrypted: no part of the secret is in the item, and a TTL removes it at expiry', async () => {
    const { expiration } = await submitSessionCredentials(tables.store, encryptor, 'aws-101', 'learner', SECRET, NOW);
    expect(expiration).toBe(SECRET.expiration);

    const raw = await tables.client.send(
      new GetItemCommand({
        TableName: tables.names.grades,
        Key: { PK: { S: 'COURSE#aws-101' }, SK: { S: 'CREDENTIALS#learner' } },
      }),
    );
    const bytes = JSON.stringify(raw.Item);
    for (const secret of [
      SECRET.accessKeyId,
      SECRET.secretAccessKey,
      SECRET.sessionToken,
      'SECRETKEY',
      'SESSIONTOKEN',
    ]) {
      expect(bytes).not.toContain(secret);
      expect(Buffer.from(raw.Item?.ciphertext?.B ?? []).toString('latin1')).not.toContain(secret);
    }
    expect(raw.Item?.expiresAt?.N).toBe(String(Date.parse(SECRET.expiration) / 1000));

    const sealed = await tables.store.getSealedCredentials('aws-101', 'learner');
    expect(await openCredentials(encryptor, sealed!)).toEqual(SECRET);
  });

  it("cannot be opened as another student's credentials (the encryption context binds them)", async () => {
    const sealed = await sealCredentials(encryptor, 'aws-101', 'learner', SECRET, NOW);
    await expect(openCredentials(encryptor, { ...sealed, studentId: 'someone-else' })).rejects.toThrow();
    await expect(openCredentials(new AesGcmEncryptor(Buffer.alloc(32, 8)), sealed)).rejects.toThrow();
  });

  it.each([
    ['credentials that already expired', { ...SECRET, expiration: '2026-03-10T08:00:00.000Z' }, 'expiration'],
    // NOW + 36 h is 2026-03-11T21:00Z; five minutes of clock skew are allowed.
    [
      'credentials expiring more than 36 hours ahead',
      { ...SECRET, expiration: '2026-03-11T21:06:00.000Z' },
      'expiration',
    ],
    ['credentials expiring in 2099', { ...SECRET, expiration: '2099-01-01T00:00:00.000Z' }, 'expiration'],
    ['a long-term access key', { ...SECRET, accessKeyId: 'AKIAXEXAMPLEKEY00001' }, 'accessKeyId'],
    ['no session token', { ...SECRET, sessionToken: undefined }, 'sessionToken'],
  ])('rejects %s without echoing the secret', async (_what, input, field) => {
    const err = await rejection(submitSessionCredentials(tables.store, encryptor, 'aws-101', 'learner', input, NOW));
    expect(err.field).toBe(field);
    expect(`${err.message} ${JSON.stringify(err)}`).not.toContain(SECRET.secretAccessKey);
  });

  it('are accepted expiring 36 hours ahead, and a few minutes more for clock skew', async () => {
    for (const expiration of ['2026-03-11T21:00:00.000Z', '2026-03-11T21:04:00.000Z']) {
      const input = { ...SECRET, expiration };
      expect(await submitSessionCredentials(tables.store, encryptor, 'aws-101', 'learner', input, NOW)).toEqual({
        expiration,
      });
    }
  });

  it('are refused for a student registered for role access', async () => {
    // One account per student: not bulk-1's.
    await registerStudent(
      tables.store,
      'aws-101',
      'role-user',
      { ...ROLE_STUDENT, accountId: '111122224444', roleArn: 'arn:aws:iam::111122224444:role/LabGraderReadOnly' },
      NOW,
    );
    const err = await rejection(submitSessionCredentials(tables.store, encryptor, 'aws-101', 'role-user', SECRET, NOW));
    expect(err.field).toBe('access');
  });

  it('are sealed with KMS under the (course, student) encryption context in AWS', async () => {
    const kms = mockClient(KMSClient);
    kms.on(EncryptCommand).resolves({ CiphertextBlob: new Uint8Array([1, 2, 3]) });
    kms.on(DecryptCommand).resolves({ Plaintext: Buffer.from(JSON.stringify(SECRET)) });
    const sealer = new KmsEncryptor(new KMSClient({ region: 'us-east-1' }), 'alias/labgrader');
    const sealed = await sealCredentials(sealer, 'aws-101', 'learner', SECRET, NOW);
    expect(sealed.sealedBy).toBe('kms');
    await openCredentials(sealer, sealed);
    const context = { purpose: 'labgrader-session-credentials', courseId: 'aws-101', studentId: 'learner' };
    expect(kms.commandCalls(EncryptCommand)[0]?.args[0].input).toMatchObject({
      KeyId: 'alias/labgrader',
      EncryptionContext: context,
    });
    expect(kms.commandCalls(DecryptCommand)[0]?.args[0].input).toMatchObject({ EncryptionContext: context });
    kms.restore();
  });
});
