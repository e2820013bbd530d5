/**
 * Linking an LMS user to a roster student while the student is removed, or linked again: no link may
 * outlive the student (the launch would land the LMS user in a student id no longer theirs, and the score
 * poster would post for it). Each case runs one caller exactly in the other's gap, between its read
 * of the roster entry and what it writes after (the store's read hands over before answering). A
 * link written before the removal's cleanup goes with the student; a link written after it is
 * refused with the 404 naming studentId that a link of a student not on the roster gets. Two links
 * at one moment (their reads of the links wait for each other) end as if made one after the other:
 * one LMS user per student and one student per LMS user. On DynamoDB Local.
 */
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { errorReply } from '../../functions/api/errors.js';
import { LtiStore, ltiKeys } from '../../functions/lti/lti-store.js';
import type { UserLink } from '../../functions/lti/records.js';
import { linkStudent, registerPlatform } from '../../functions/lti/registration.js';
import { registerCourse, registerStudent, removeStudent } from '../../functions/service/roster.js';
import type { GradeStore } from '../../functions/store/grade-store.js';
import { withCallInGap } from '../support/call-in-gap.js';
import { useTables } from '../support/dynamodb.js';
import { meetingPoint } from '../support/meeting-point.js';

const tables = useTables('student-link-race');
const NOW = new Date('2026-03-10T09:00:00.000Z');
const ISSUER = 'https://lms.example.edu';
const COURSE = 'link-race';
const role = (account: string) => ({
  accountId: account,
  roleArn: `arn:aws:iam::${account}:role/labgrader-access`,
  externalId: 'ext-link-race',
});

/** The store, but `meanwhile` runs after its first read of a roster entry, before that read answers. */
const withCallAfterRead = (store: GradeStore, meanwhile: () => Promise<unknown>) =>
  withCallInGap(store, { after: ['getRosterEntry'] }, meanwhile);

const lti = () => new LtiStore(tables.store.doc, tables.store.table);

/** Both directions of a student's link as stored: by student id, and by LMS user id. */
async function storedLink(studentId: string, sub: string) {
  const [byStudent, bySub] = await Promise.all([
    lti().getUserLinkByStudent(COURSE, studentId),
    lti().getUserLinkBySub(COURSE, ISSUER, sub),
  ]);
  return { byStudent, bySub };
}

beforeAll(async () => {
  await registerPlatform(
    lti(),
    {
      issuer: ISSUER,
      clientId: 'client-1',
      deploymentIds: ['dep-1'],
      jwksUrl: `${ISSUER}/jwks`,
      authUrl: `${ISSUER}/auth`,
      tokenUrl: `${ISSUER}/token`,
    },
    NOW,
  );
  await registerCourse(tables.store, COURSE, { region: 'us-east-1', labs: [{ lab: 'vpc' }] }, NOW);
});

describe('an instructor links an LMS user while another removes the student', () => {
  it('the removal first: the link is refused with 404 naming studentId, and no link is left', async () => {
    await registerStudent(tables.store, COURSE, 'gone', role('111111111111'), NOW);
    const store = withCallAfterRead(tables.store, () => removeStudent(tables.store, COURSE, 'gone'));

    const err = await linkStudent(store, lti(), COURSE, 'gone', { issuer: ISSUER, sub: 'lms-user-1' }, NOW).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(await tables.store.getRosterEntry(COURSE, 'gone')).toBeUndefined();
    expect(await storedLink('gone', 'lms-user-1')).toEqual({ byStudent: undefined, bySub: undefined });
    expect(errorReply(err, 'req-1')).toMatchObject({
      statusCode: 404,
      body: { error: { code: 'not_found', field: 'studentId' } },
    });
  });

  it('the link first: it is answered, then removed with the student', async () => {
    await registerStudent(tables.store, COURSE, 'left', role('222222222222'), NOW);
    let linked: unknown;
    const store = withCallAfterRead(tables.store, async () => {
      linked = await linkStudent(tables.store, lti(), COURSE, 'left', { issuer: ISSUER, sub: 'lms-user-2' }, NOW);
    });

    await removeStudent(store, COURSE, 'left');

    expect(linked).toMatchObject({ studentId: 'left', sub: 'lms-user-2' });
    expect(await tables.store.getRosterEntry(COURSE, 'left')).toBeUndefined();
    expect(await storedLink('left', 'lms-user-2')).toEqual({ byStudent: undefined, bySub: undefined });
  });

  it('a student registered again meanwhile under the same id is linked (as if the link came last)', async () => {
    await registerStudent(tables.store, COURSE, 'back', role('333333333333'), NOW);
    const store = withCallAfterRead(tables.store, async () => {
      await removeStudent(tables.store, COURSE, 'back');
      await registerStudent(tables.store, COURSE, 'back', role('444444444444'), NOW);
    });

    const link = await linkStudent(store, lti(), COURSE, 'back', { issuer: ISSUER, sub: 'lms-user-3' }, NOW);

    expect(link).toMatchObject({ studentId: 'back', sub: 'lms-user-3' });
    const stored = await storedLink('back', 'lms-user-3');
    expect(stored.byStudent?.sub).toBe('lms-user-3');
    expect(stored.bySub?.studentId).toBe('back');
  });
});

describe('a student whose roster entry changes at every write of the link', () => {
  it('is given up after three tries with a 409 naming studentId that says to try again', async () => {
    await registerStudent(tables.store, COURSE, 'busy', role('555555555555'), NOW);
    const store = lti();
    const writes = vi.spyOn(store, 'putUserLink').mockResolvedValue(false);
    const err = await linkStudent(
      tables.store,
      store,
      COURSE,
      'busy',
      { issuer: ISSUER, sub: 'lms-user-5' },
      NOW,
    ).catch((e: unknown) => e);
    expect(writes).toHaveBeenCalledTimes(3);
    expect(errorReply(err, 'req-2')).toMatchObject({
      statusCode: 409,
      body: { error: { code: 'conflict', field: 'studentId', message: expect.stringMatching(/try again$/) } },
    });
  });
});

/** An LtiStore whose first `readers` reads of an LMS user's link (the last read before a link is written) wait for one another. */
class LinksReadTogether extends LtiStore {
  private readonly meet: () => Promise<void>;
  constructor(doc: DynamoDBDocumentClient, table: string, readers: number) {
    super(doc, table);
    this.meet = meetingPoint(readers);
  }

  override async getUserLinkBySub(courseId: string, issuer: string, sub: string): Promise<UserLink | undefined> {
    const link = await super.getUserLinkBySub(courseId, issuer, sub);
    await this.meet();
    return link;
  }
}

/** Instructors linking (each `[studentId, sub]`) at the same moment. */
async function linkAtOnce(links: [string, string][]) {
  const together = new LinksReadTogether(tables.store.doc, tables.store.table, links.length);
  return Promise.allSettled(
    links.map(([studentId, sub]) =>
      linkStudent(tables.store, together, COURSE, studentId, { issuer: ISSUER, sub }, NOW),
    ),
  );
}

describe('two instructors linking at the same moment', () => {
  it('one student to two LMS users: the student is one of them, and the other LMS user finds no student', async () => {
    await registerStudent(tables.store, COURSE, 'twice', role('666666666666'), NOW);
    const settled = await linkAtOnce([
      ['twice', 'lms-user-6a'],
      ['twice', 'lms-user-6b'],
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);

    const sub = (await lti().getUserLinkByStudent(COURSE, 'twice'))?.sub as string;
    expect(['lms-user-6a', 'lms-user-6b']).toContain(sub);
    const other = sub === 'lms-user-6a' ? 'lms-user-6b' : 'lms-user-6a';
    expect((await lti().getUserLinkBySub(COURSE, ISSUER, sub))?.studentId).toBe('twice');
    expect(await lti().getUserLinkBySub(COURSE, ISSUER, other)).toBeUndefined();
  });

  it('two students to one LMS user: that user is one of them, and the other student has no link', async () => {
    await registerStudent(tables.store, COURSE, 'ann', role('777777777777'), NOW);
    await registerStudent(tables.store, COURSE, 'ben', role('888888888888'), NOW);
    const settled = await linkAtOnce([
      ['ann', 'lms-user-7'],
      ['ben', 'lms-user-7'],
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);

    const studentId = (await lti().getUserLinkBySub(COURSE, ISSUER, 'lms-user-7'))?.studentId as string;
    expect(['ann', 'ben']).toContain(studentId);
    const other = studentId === 'ann' ? 'ben' : 'ann';
    expect((await lti().getUserLinkByStudent(COURSE, studentId))?.sub).toBe('lms-user-7');
    expect(await lti().getUserLinkByStudent(COURSE, other)).toBeUndefined();
  });
});

/**
 * One direction of a link as an item, written alone (`from -> to`; `from` an LMS user, lms-user-*,
 * for the LMS user's item): the pairs the race before f12bb9c could leave, two students' items
 * naming one LMS user or two LMS users' items naming one student.
 */
async function storeOneDirection(item: string) {
  const [from, to] = item.split(' -> ') as [string, string];
  const bySub = from.startsWith('lms-user-');
  const [studentId, sub] = bySub ? [to, from] : [from, to];
  const link: UserLink = {
    courseId: COURSE,
    studentId,
    issuer: ISSUER,
    clientId: 'client-1',
    deploymentId: 'dep-1',
    sub,
    linkedBy: 'instructor',
    linkedAt: NOW.toISOString(),
  };
  const Item = bySub
    ? { ...ltiKeys.userBySub(COURSE, ISSUER, sub), kind: 'lti-sub', ...link }
    : { ...ltiKeys.userByStudent(COURSE, studentId), kind: 'lti-user', ...link };
  await tables.store.doc.send(new PutCommand({ TableName: tables.store.table, Item }));
}

describe('a link over a pair left inconsistent by the race before f12bb9c', () => {
  it.each([
    {
      case: "a student whose LMS user's item names another student, to a new LMS user",
      stored: ['cat -> lms-user-8', 'dan -> lms-user-8', 'lms-user-8 -> dan'],
      link: ['cat', 'lms-user-8b', '121212121212'],
      kept: ['dan', 'lms-user-8', '131313131313'],
    },
    {
      case: "an LMS user whose student's item names another LMS user, to a new student",
      stored: ['eve -> lms-user-9b', 'lms-user-9 -> eve', 'lms-user-9b -> eve'],
      link: ['fay', 'lms-user-9', '141414141414'],
      kept: ['eve', 'lms-user-9b', '151515151515'],
    },
  ] as const)('linking $case: done, and the other pair is left as it was', async ({ stored, link, kept }) => {
    for (const [studentId, , account] of [link, kept]) {
      await registerStudent(tables.store, COURSE, studentId, role(account), NOW);
    }
    for (const item of stored) await storeOneDirection(item);

    const [studentId, sub] = link;
    const linked = await linkStudent(tables.store, lti(), COURSE, studentId, { issuer: ISSUER, sub }, NOW);

    expect(linked).toMatchObject({ studentId, sub });
    for (const [s, u] of [link, kept]) {
      expect(await storedLink(s, u)).toMatchObject({ byStudent: { sub: u }, bySub: { studentId: s } });
    }
  });
});

describe("a student's removal while their LMS user is linked again", () => {
  /** Removes `studentId`, with `meanwhile` run after the removal has read the student's link, before it deletes it. */
  const removeWithCallAfterLinkRead = (studentId: string, meanwhile: () => Promise<unknown>) =>
    removeStudent(
      tables.store,
      COURSE,
      studentId,
      withCallInGap(lti(), { after: ['getUserLinkByStudent'] }, meanwhile),
    );

  it('to another student: the new pair is kept whole, and the removed student has no link', async () => {
    await registerStudent(tables.store, COURSE, 'gil', role('171717171717'), NOW);
    await registerStudent(tables.store, COURSE, 'hal', role('181818181818'), NOW);
    await linkStudent(tables.store, lti(), COURSE, 'gil', { issuer: ISSUER, sub: 'lms-user-10' }, NOW);

    await removeWithCallAfterLinkRead('gil', () =>
      linkStudent(tables.store, lti(), COURSE, 'hal', { issuer: ISSUER, sub: 'lms-user-10' }, NOW),
    );

    expect(await storedLink('hal', 'lms-user-10')).toMatchObject({
      byStudent: { sub: 'lms-user-10' },
      bySub: { studentId: 'hal' },
    });
    expect(await lti().getUserLinkByStudent(COURSE, 'gil')).toBeUndefined();
  });

  it('the student registered again under the id and linked to another LMS user: that link is kept whole', async () => {
    await registerStudent(tables.store, COURSE, 'ivy', role('191919191919'), NOW);
    await linkStudent(tables.store, lti(), COURSE, 'ivy', { issuer: ISSUER, sub: 'lms-user-11' }, NOW);

    await removeWithCallAfterLinkRead('ivy', async () => {
      await registerStudent(tables.store, COURSE, 'ivy', role('202020202020'), NOW);
      await linkStudent(tables.store, lti(), COURSE, 'ivy', { issuer: ISSUER, sub: 'lms-user-11b' }, NOW);
    });

    expect(await storedLink('ivy', 'lms-user-11b')).toMatchObject({
      byStudent: { sub: 'lms-user-11b' },
      bySub: { studentId: 'ivy' },
    });
    expect(await lti().getUserLinkBySub(COURSE, ISSUER, 'lms-user-11')).toBeUndefined();
  });
});

describe("a removal whose delete of a link item meets a link's transaction on it", () => {
  it('deletes it again, and the removal succeeds', async () => {
    const link = { courseId: COURSE, studentId: 'jo', issuer: ISSUER, sub: 'lms-user-12' };
    const conflict = Object.assign(new Error('Transaction is ongoing for the item'), {
      name: 'TransactionConflictException',
    });
    const send = vi.fn().mockResolvedValueOnce({ Item: link }).mockRejectedValueOnce(conflict).mockResolvedValue({});
    const store = new LtiStore({ send } as unknown as DynamoDBDocumentClient, 'grades');

    await store.deleteUserLink(COURSE, 'jo');

    const byStudent = ltiKeys.userByStudent(COURSE, 'jo');
    const bySub = ltiKeys.userBySub(COURSE, ISSUER, 'lms-user-12');
    const deleted = send.mock.calls.slice(1).map(([command]) => command.input.Key);
    expect(deleted).toEqual([byStudent, bySub, byStudent]);
  });
});
