/** The small pure pieces under the API: claims as API Gateway hands them, CSV cells, development tokens. */
import { describe, expect, it } from 'vitest';
import { groupsOf, identify } from '../../functions/api/auth.js';
import { csvCell, toCsv } from '../../functions/api/csv.js';
import { DevTokenError, signDevToken, verifyDevToken } from '../../functions/local/dev-token.js';

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
