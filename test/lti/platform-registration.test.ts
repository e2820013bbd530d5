/**
 * Registering an LMS platform is checked (only the instructor who registered the issuer first, or
 * an admin, changes its registrations), then written only if the issuer's registrant is still as
 * checked: two instructors registering one new issuer at the same moment both pass the check
 * (neither sees a registration), and the store's condition lets one win; the other gets the 409
 * naming issuer that any instructor gets for an issuer someone else registered.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import { errorReply } from '../../functions/api/errors.js';
import { PlatformRegisteredError } from '../../functions/lti/errors.js';
import { LtiStore } from '../../functions/lti/lti-store.js';
import type { PlatformRegistration } from '../../functions/lti/records.js';
import { registerPlatform } from '../../functions/lti/registration.js';
import { useTables } from '../support/dynamodb.js';
import { meetingPoint } from '../support/meeting-point.js';

const tables = useTables('platform-registration');
const NOW = new Date('2026-03-10T09:00:00.000Z');

/** An LtiStore whose first `readers` reads of an issuer's registrations wait for one another, as if at one moment. */
class IssuerReadTogether extends LtiStore {
  private readonly meet: () => Promise<void>;
  constructor(doc: DynamoDBDocumentClient, table: string, readers: number) {
    super(doc, table);
    this.meet = meetingPoint(readers);
  }

  override async platformsOf(issuer: string): Promise<PlatformRegistration[]> {
    const registered = await super.platformsOf(issuer);
    await this.meet();
    return registered;
  }
}

function platform(issuer: string, clientId: string) {
  return {
    issuer,
    clientId,
    deploymentIds: ['dep-1'],
    jwksUrl: `${issuer}/jwks`,
    authUrl: `${issuer}/auth`,
    tokenUrl: `${issuer}/token`,
  };
}

/** Instructors (each `[id, clientId]`) registering `issuer` at the same moment. */
async function registerAtOnce(issuer: string, callers: [string, string][]) {
  const lti = new IssuerReadTogether(tables.store.doc, tables.store.table, callers.length);
  const settled = await Promise.allSettled(
    callers.map(([id, clientId]) => registerPlatform(lti, platform(issuer, clientId), NOW, { by: { id } })),
  );
  const stored = await new LtiStore(tables.store.doc, tables.store.table).platformsOf(issuer);
  return { settled, stored };
}

describe('two instructors registering one new issuer at the same moment', () => {
  it.each([
    ['two client ids', 'https://lms-a.example.edu', ['client-ann', 'client-ben']],
    ['one client id', 'https://lms-b.example.edu', ['client-1', 'client-1']],
  ])(
    'with %s: one wins, the other gets 409 naming issuer, and only the winner is registered',
    async (_, issuer, clientIds) => {
      const { settled, stored } = await registerAtOnce(issuer, [
        ['ann', clientIds[0] as string],
        ['ben', clientIds[1] as string],
      ]);
      const won = settled.filter((s) => s.status === 'fulfilled');
      const lost = settled.filter((s) => s.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      const winner = won[0]?.value.platform as PlatformRegistration;
      expect(stored.map((p) => [p.clientId, p.registeredBy])).toEqual([[winner.clientId, winner.registeredBy]]);

      expect(lost[0]?.reason).toBeInstanceOf(PlatformRegisteredError);
      expect(errorReply(lost[0]?.reason, 'req-1')).toMatchObject({
        statusCode: 409,
        body: { error: { code: 'conflict', field: 'issuer' } },
      });
    },
  );

  it('the same instructor twice: both are answered', async () => {
    const issuer = 'https://lms-c.example.edu';
    const { settled, stored } = await registerAtOnce(issuer, [
      ['ann', 'client-1'],
      ['ann', 'client-2'],
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(stored.map((p) => p.registeredBy)).toEqual(['ann', 'ann']);
  });
});

describe('an issuer whose registrant changes at every write', () => {
  it('is given up after three tries with a 409 naming issuer that says to try again', async () => {
    const lti = new LtiStore(tables.store.doc, tables.store.table);
    const writes = vi.spyOn(lti, 'putPlatform').mockResolvedValue(false);
    const refused = registerPlatform(lti, platform('https://lms-d.example.edu', 'client-1'), NOW, {
      by: { id: 'ann' },
    });
    await expect(refused).rejects.toBeInstanceOf(PlatformRegisteredError);
    expect(writes).toHaveBeenCalledTimes(3);
    expect(errorReply(await refused.catch((e: unknown) => e), 'req-2')).toMatchObject({
      statusCode: 409,
      body: { error: { field: 'issuer', message: expect.stringMatching(/try again$/) } },
    });
  });
});
