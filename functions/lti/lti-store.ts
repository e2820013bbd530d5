/**
 * DynamoDB access of the LTI tool, in the grades table (single-table design, docs/data-model.md).
 * Ids coming from an LMS (issuer URLs, context ids, user ids) are URI-encoded inside keys, so a `#`
 * in them can never forge another key.
 */
import { createHash } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { keys } from '../store/grade-keys.js';
import {
  conditionalWrite,
  firstConditionalWrite,
  IF_ABSENT,
  IF_PRESENT,
  indexPartition,
  partition,
  stripKeys,
  TableItems,
} from '../store/items.js';
import { KEY } from '../store/tables.js';
import type { ContextLink, LineItemRecord, LoginState, PlatformRegistration, UserLink } from './records.js';

const enc = encodeURIComponent;
const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

export const ltiKeys = {
  platform: (issuer: string, clientId: string) => ({
    [KEY.pk]: `LTI#PLATFORM#${enc(issuer)}`,
    [KEY.sk]: `CLIENT#${enc(clientId)}`,
  }),
  platformIndex: (issuer: string, clientId: string) => ({
    [KEY.gsi1pk]: 'LTI#PLATFORMS',
    [KEY.gsi1sk]: `${enc(issuer)}#${enc(clientId)}`,
  }),
  /** Who registered an issuer first (its registrations' `registeredBy`): the item their writes are conditional on. */
  issuer: (issuer: string) => ({ [KEY.pk]: `LTI#ISSUER#${enc(issuer)}`, [KEY.sk]: '#REGISTRANT' }),
  context: (issuer: string, contextId: string) => ({
    [KEY.pk]: `LTI#CONTEXT#${enc(issuer)}`,
    [KEY.sk]: `CONTEXT#${enc(contextId)}`,
  }),
  /** Which student an LMS user is, in a course. */
  userBySub: (courseId: string, issuer: string, sub: string) => ({
    [KEY.pk]: `COURSE#${courseId}`,
    [KEY.sk]: `LTISUB#${enc(issuer)}#${enc(sub)}`,
  }),
  /** Which LMS user a student is, in a course (the score poster's lookup). */
  userByStudent: (courseId: string, studentId: string) => ({
    [KEY.pk]: `COURSE#${courseId}`,
    [KEY.sk]: `LTISTUDENT#${studentId}`,
  }),
  lineItem: (courseId: string, lab: string, lineItemsUrl: string) => ({
    [KEY.pk]: `COURSE#${courseId}`,
    [KEY.sk]: `LTILINEITEM#${lab}#${hash(lineItemsUrl)}`,
  }),
  state: (state: string) => ({ [KEY.pk]: `LTI#STATE#${state}`, [KEY.sk]: '#STATE' }),
  nonce: (issuer: string, nonce: string) => ({
    [KEY.pk]: `LTI#NONCE#${enc(issuer)}#${enc(nonce)}`,
    [KEY.sk]: '#NONCE',
  }),
};

export class LtiStore {
  private readonly items: TableItems;

  constructor(
    readonly doc: DynamoDBDocumentClient,
    readonly table: string,
  ) {
    this.items = new TableItems(doc, table);
  }

  /**
   * Writes a platform registration only if its issuer's registrant is still `p.registeredBy` as
   * the caller read it (or the issuer has none yet), so two instructors registering one new issuer
   * at once cannot both win (the later one adding its client id, or replacing the registration,
   * unseen). The registrant is kept in an item of its own, written with the registration in one
   * transaction. False when the registrant changed meanwhile: nothing is written.
   */
  async putPlatform(p: PlatformRegistration): Promise<boolean> {
    const registrant = ltiKeys.issuer(p.issuer);
    const Item = {
      ...ltiKeys.platform(p.issuer, p.clientId),
      ...ltiKeys.platformIndex(p.issuer, p.clientId),
      kind: 'lti-platform',
      ...p,
    };
    const claim =
      p.registeredBy === undefined
        ? { ConditionCheck: { TableName: this.table, Key: registrant, ...IF_ABSENT } }
        : {
            Put: {
              TableName: this.table,
              Item: { ...registrant, kind: 'lti-issuer', issuer: p.issuer, registeredBy: p.registeredBy },
              ConditionExpression: 'attribute_not_exists(#pk) OR #by = :by',
              ExpressionAttributeNames: { '#pk': KEY.pk, '#by': 'registeredBy' },
              ExpressionAttributeValues: { ':by': p.registeredBy },
            },
          };
    // Two instructors registering the issuer at once can also conflict; registerPlatform reads again.
    const written = await firstConditionalWrite(
      this.doc.send(new TransactWriteCommand({ TransactItems: [claim, { Put: { TableName: this.table, Item } }] })),
      { conflictIsLost: true },
    );
    return written !== undefined;
  }

  async getPlatform(issuer: string, clientId: string): Promise<PlatformRegistration | undefined> {
    return this.items.get<PlatformRegistration>(ltiKeys.platform(issuer, clientId));
  }

  /**
   * Every registration of one issuer (a login without `client_id` needs exactly one). Read
   * consistently: registerPlatform reads again after a lost write and must see the winner's.
   */
  async platformsOf(issuer: string): Promise<PlatformRegistration[]> {
    return this.items.query<PlatformRegistration>({
      ...partition(ltiKeys.platform(issuer, '')[KEY.pk]),
      ConsistentRead: true,
    });
  }

  async listPlatforms(): Promise<PlatformRegistration[]> {
    return this.items.query<PlatformRegistration>(indexPartition('LTI#PLATFORMS'));
  }

  /**
   * Writes a context link only if it is still as the caller read it (`read`: none, or a link to
   * that course), so two instructors linking one LMS course at once cannot both win (the later
   * write replacing the earlier unseen). False when it changed meanwhile: nothing is written.
   */
  async putContextLink(link: ContextLink, read: ContextLink | undefined): Promise<boolean> {
    const condition = read
      ? {
          ConditionExpression: '#course = :course',
          ExpressionAttributeNames: { '#course': 'courseId' },
          ExpressionAttributeValues: { ':course': read.courseId },
        }
      : IF_ABSENT;
    const Item = { ...ltiKeys.context(link.issuer, link.contextId), kind: 'lti-context', ...link };
    const written = await conditionalWrite(
      this.doc.send(new PutCommand({ TableName: this.table, Item, ...condition })),
    );
    return written !== undefined;
  }

  async getContextLink(issuer: string, contextId: string): Promise<ContextLink | undefined> {
    return this.items.get<ContextLink>(ltiKeys.context(issuer, contextId));
  }

  /**
   * Writes both directions of a user link at once, only while the student is on the roster: a
   * removal deletes the entry before the link, so a link written after that read would outlive the
   * student. A previous link of the student to another user is dropped, and so is the link of
   * another student to this user: one LMS user is one student. Both are read here, and each item
   * is written only if it is still as read or already as this write leaves it, so two links at once
   * cannot both go through unseen (leaving a user linked to two students, or a student to two
   * users). False when something changed meanwhile: nothing is written, the caller reads again.
   * The other end of a dropped link is read too: one that already names someone else (a pair left
   * inconsistent by the race this closes, before f12bb9c) is not deleted but checked to be still as
   * read, so the link goes through and leaves both pairs consistent instead of failing every try.
   */
  async putUserLink(link: UserLink): Promise<boolean> {
    const T = this.table;
    const { courseId, studentId } = link;
    const [previous, displaced] = await Promise.all([
      this.getUserLinkByStudent(courseId, studentId),
      this.getUserLinkBySub(courseId, link.issuer, link.sub),
    ]);
    const oldUser = previous && !sameUser(previous, link) ? previous : undefined;
    const oldStudent = displaced && displaced.studentId !== studentId ? displaced.studentId : undefined;
    const [oldUserLink, oldStudentLink] = await Promise.all([
      oldUser && this.getUserLinkBySub(courseId, oldUser.issuer, oldUser.sub),
      oldStudent && this.getUserLinkByStudent(courseId, oldStudent),
    ]);
    const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [
      { ConditionCheck: { TableName: T, Key: keys.student(courseId, studentId), ...IF_PRESENT } },
      {
        Put: {
          TableName: T,
          Item: { ...ltiKeys.userByStudent(courseId, studentId), kind: 'lti-user', ...link },
          ...linksUser(previous, link),
        },
      },
      {
        Put: {
          TableName: T,
          Item: { ...ltiKeys.userBySub(courseId, link.issuer, link.sub), kind: 'lti-sub', ...link },
          ...linksStudent(displaced, studentId),
        },
      },
    ];
    // A dropped link's other end that names someone else is kept, checked to be still as read.
    if (oldUser) {
      const Key = ltiKeys.userBySub(courseId, oldUser.issuer, oldUser.sub);
      items.push(
        oldUserLink && oldUserLink.studentId !== studentId
          ? { ConditionCheck: { TableName: T, Key, ...namesStudent(oldUserLink.studentId) } }
          : { Delete: { TableName: T, Key, ...linksStudent(undefined, studentId) } },
      );
    }
    if (oldStudent) {
      const Key = ltiKeys.userByStudent(courseId, oldStudent);
      items.push(
        oldStudentLink && !sameUser(oldStudentLink, link)
          ? { ConditionCheck: { TableName: T, Key, ...namesUser(oldStudentLink) } }
          : { Delete: { TableName: T, Key, ...linksUser(undefined, link) } },
      );
    }
    const written = await firstConditionalWrite(
      this.doc.send(new TransactWriteCommand({ TransactItems: items })),
      // Another link, or a removal or registration of the student, writing these items at that moment.
      { anyCondition: true, conflictIsLost: true },
    );
    return written !== undefined;
  }

  /**
   * Deletes a student's link, both directions (the student left the roster). Each item goes only if
   * it is still as read: one written meanwhile is another link's (another student linked to the LMS
   * user, or the student registered again under this id and linked) and is kept. No link of this
   * student can be written after the removal's read without such a registration, so the removal
   * leaves nothing of theirs.
   */
  async deleteUserLink(courseId: string, studentId: string): Promise<void> {
    const link = await this.getUserLinkByStudent(courseId, studentId);
    if (!link) return;
    const deleteIf = async (Key: Record<string, string>, condition: Condition) => {
      for (let tries = 1; ; tries += 1) {
        try {
          return await conditionalWrite(this.doc.send(new DeleteCommand({ TableName: this.table, Key, ...condition })));
        } catch (err) {
          // A link's transaction on the item at that moment (the SDK does not retry this one): it is
          // done within milliseconds, and the removal cannot be asked again (the student is gone).
          if ((err as Error).name !== 'TransactionConflictException' || tries === 3) throw err;
        }
      }
    };
    await Promise.all([
      deleteIf(ltiKeys.userByStudent(courseId, studentId), namesUser(link)),
      deleteIf(ltiKeys.userBySub(courseId, link.issuer, link.sub), namesStudent(studentId)),
    ]);
  }

  async getUserLinkByStudent(courseId: string, studentId: string): Promise<UserLink | undefined> {
    return this.items.get<UserLink>(ltiKeys.userByStudent(courseId, studentId));
  }

  async getUserLinkBySub(courseId: string, issuer: string, sub: string): Promise<UserLink | undefined> {
    return this.items.get<UserLink>(ltiKeys.userBySub(courseId, issuer, sub));
  }

  /** Every student link of a course (the gradebook exports read them with the roster). */
  async listUserLinks(courseId: string): Promise<UserLink[]> {
    return this.items.query<UserLink>(partition(`COURSE#${courseId}`, 'LTISTUDENT#'));
  }

  async getLineItem(courseId: string, lab: string, lineItemsUrl: string): Promise<LineItemRecord | undefined> {
    return this.items.get<LineItemRecord>(ltiKeys.lineItem(courseId, lab, lineItemsUrl));
  }

  async putLineItem(record: LineItemRecord): Promise<void> {
    await this.items.put({
      ...ltiKeys.lineItem(record.courseId, record.lab, record.lineItemsUrl),
      kind: 'lti-line-item',
      ...record,
    });
  }

  async putState(state: LoginState): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        // `expiresAt` is the table's TTL attribute.
        Item: { ...ltiKeys.state(state.state), kind: 'lti-state', ...state },
        ...IF_ABSENT,
      }),
    );
  }

  /** Deletes and returns the login state: a state can be used by one launch only. */
  async takeState(state: string): Promise<LoginState | undefined> {
    const out = await this.doc.send(
      new DeleteCommand({ TableName: this.table, Key: ltiKeys.state(state), ReturnValues: 'ALL_OLD' }),
    );
    return out.Attributes ? stripKeys<LoginState>(out.Attributes) : undefined;
  }

  /** Records a nonce as used until `expiresAt` (epoch s); false if it was used before. */
  async useNonce(issuer: string, nonce: string, expiresAt: number): Promise<boolean> {
    return this.items.putIfAbsent({ ...ltiKeys.nonce(issuer, nonce), kind: 'lti-nonce', [KEY.ttl]: expiresAt });
  }
}

const sameUser = (a: Pick<UserLink, 'issuer' | 'sub'>, b: Pick<UserLink, 'issuer' | 'sub'>) =>
  a.issuer === b.issuer && a.sub === b.sub;

/** A condition on one item of a write. */
interface Condition {
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, string>;
}

/** The condition that a student's link item is to `user`. */
function namesUser(user: Pick<UserLink, 'issuer' | 'sub'>): Condition {
  return {
    ConditionExpression: '#iss = :iss AND #sub = :sub',
    ExpressionAttributeNames: { '#iss': 'issuer', '#sub': 'sub' },
    ExpressionAttributeValues: { ':iss': user.issuer, ':sub': user.sub },
  };
}

/** The condition that an LMS user's link item is to `studentId`. */
function namesStudent(studentId: string): Condition {
  return {
    ConditionExpression: '#student = :student',
    ExpressionAttributeNames: { '#student': 'studentId' },
    ExpressionAttributeValues: { ':student': studentId },
  };
}

/**
 * The condition on a student's link item: to the user read (`read`; none: absent) or to `user`,
 * already as the write leaves it.
 */
function linksUser(read: UserLink | undefined, user: Pick<UserLink, 'issuer' | 'sub'>) {
  const values: Record<string, string> = { ':iss': user.issuer, ':sub': user.sub };
  const was = read ? '(#iss = :readIss AND #sub = :readSub)' : 'attribute_not_exists(#pk)';
  if (read) Object.assign(values, { ':readIss': read.issuer, ':readSub': read.sub });
  return {
    ConditionExpression: `${was} OR (#iss = :iss AND #sub = :sub)`,
    ExpressionAttributeNames: { ...(read ? {} : { '#pk': KEY.pk }), '#iss': 'issuer', '#sub': 'sub' },
    ExpressionAttributeValues: values,
  };
}

/**
 * The condition on an LMS user's link item: to the student read (`read`; none: absent) or to
 * `studentId`, already as the write leaves it.
 */
function linksStudent(read: UserLink | undefined, studentId: string) {
  const was = read ? '#student = :readStudent' : 'attribute_not_exists(#pk)';
  return {
    ConditionExpression: `${was} OR #student = :student`,
    ExpressionAttributeNames: { ...(read ? {} : { '#pk': KEY.pk }), '#student': 'studentId' },
    ExpressionAttributeValues: { ':student': studentId, ...(read ? { ':readStudent': read.studentId } : {}) },
  };
}
