/**
 * Linking an LMS course (context) to a labgrader course is checked, then written only if the link
 * is still as checked: two instructors of different courses linking one LMS course at the same
 * moment both pass the check (neither sees a link), and the store's condition lets one win; the
 * other gets the 409 naming contextId that any instructor gets for an LMS course linked elsewhere.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorReply } from '../../functions/api/errors.js';
import { ContextLinkedError } from '../../functions/lti/errors.js';
import { LtiStore } from '../../functions/lti/lti-store.js';
import type { ContextLink } from '../../functions/lti/records.js';
import { linkContext, registerPlatform } from '../../functions/lti/registration.js';
import { registerCourse } from '../../functions/service/roster.js';
import { useTables } from '../support/dynamodb.js';
import { meetingPoint } from '../support/meeting-point.js';

const tables = useTables('context-link');
const NOW = new Date('2026-03-10T09:00:00.000Z');
const ISSUER = 'https://lms.example.edu';

/** An LtiStore whose first `readers` reads of a context link wait for one another, as if at one moment. */
class ReadTogether extends LtiStore {
  private readonly meet: () => Promise<void>;
  constructor(doc: DynamoDBDocumentClient, table: string, readers: number) {
    super(doc, table);
    this.meet = meetingPoint(readers);
  }

  override async getContextLink(issuer: string, contextId: string): Promise<ContextLink | undefined> {
    const link = await super.getContextLink(issuer, contextId);
    await this.meet();
    return link;
  }
}

beforeAll(async () => {
  const lti = new LtiStore(tables.store.doc, tables.store.table);
  const url = (path: string) => `${ISSUER}/${path}`;
  await registerPlatform(
    lti,
    {
      issuer: ISSUER,
      clientId: 'client-1',
      deploymentIds: ['dep-1'],
      jwksUrl: url('jwks'),
      authUrl: url('auth'),
      tokenUrl: url('token'),
    },
    NOW,
  );
  for (const courseId of ['course-a', 'course-b']) {
    await registerCourse(tables.store, courseId, { region: 'us-east-1', labs: [{ lab: 'vpc' }] }, NOW);
  }
});

async function linkAtOnce(contextId: string, courseIds: string[]) {
  const lti = new ReadTogether(tables.store.doc, tables.store.table, courseIds.length);
  const settled = await Promise.allSettled(
    courseIds.map((courseId) => linkContext(tables.store, lti, courseId, { issuer: ISSUER, contextId }, NOW)),
  );
  const stored = await new LtiStore(tables.store.doc, tables.store.table).getContextLink(ISSUER, contextId);
  return { settled, stored };
}

describe('two instructors linking one LMS course at the same moment', () => {
  it('to two courses: one wins, the other gets 409 naming contextId, and the link stays the winner', async () => {
    const { settled, stored } = await linkAtOnce('ctx-race', ['course-a', 'course-b']);
    const won = settled.filter((s) => s.status === 'fulfilled');
    const lost = settled.filter((s) => s.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(stored?.courseId).toBe(won[0]?.value.courseId);

    const err = lost[0]?.reason;
    expect(err).toBeInstanceOf(ContextLinkedError);
    const reply = errorReply(err, 'req-1');
    expect(reply.statusCode).toBe(409);
    expect(reply.body.error).toMatchObject({ code: 'conflict', field: 'contextId' });
  });

  it('to the same course: both are answered with the link', async () => {
    const { settled, stored } = await linkAtOnce('ctx-same', ['course-a', 'course-a']);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(stored?.courseId).toBe('course-a');
  });
});

describe('an LMS course whose link changes at every write', () => {
  it('is given up after three tries with a 409 naming contextId that says to try again', async () => {
    class AlwaysChanged extends LtiStore {
      writes = 0;
      override async putContextLink(): Promise<boolean> {
        this.writes += 1;
        return false;
      }
    }
    const lti = new AlwaysChanged(tables.store.doc, tables.store.table);
    const err = await linkContext(tables.store, lti, 'course-a', { issuer: ISSUER, contextId: 'ctx-busy' }, NOW).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(lti.writes).toBe(3);
    expect(err).toBeInstanceOf(ContextLinkedError);
    const reply = errorReply(err, 'req-2');
    expect(reply.statusCode).toBe(409);
    expect(reply.body.error).toMatchObject({ field: 'contextId', message: expect.stringMatching(/try again$/) });
  });
});
