import { describe, expect, it } from 'vitest';
import { matchesEc2StateChange } from '../../checks/facts/events.js';
import { globMatch } from '../../checks/glob.js';
import { coversAction, coversResource } from '../../checks/policy.js';

/** Every string over `alphabet` of at most `max` characters. */
function strings(alphabet: string[], max: number): string[] {
  let level = [''];
  const all = [''];
  for (let n = 1; n <= max; n += 1) {
    level = level.flatMap((s) => alphabet.map((c) => s + c));
    all.push(...level);
  }
  return all;
}

/** The definition the matcher keeps: the pattern as an anchored regular expression. */
function asRegExp(pattern: string, questionMark: boolean, ignoreCase: boolean): RegExp {
  let source = pattern.replace(questionMark ? /[.+^${}()|[\]\\]/g : /[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  if (questionMark) source = source.replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
}

function differences(patterns: string[], values: string[], questionMark: boolean, ignoreCase: boolean): string[] {
  const differ: string[] = [];
  for (const pattern of patterns) {
    const expected = asRegExp(pattern, questionMark, ignoreCase);
    for (const value of values) {
      const got = globMatch(pattern, value, { questionMark, ignoreCase });
      if (got !== expected.test(value)) differ.push(`${pattern} ~ ${value}: ${got}`);
    }
  }
  return differ;
}

describe('wildcard patterns', () => {
  it("EventBridge's: the regular expression's answer for every pattern over a, b, ?, * and value over a, b, ? (up to 5)", () => {
    expect(differences(strings(['a', 'b', '?', '*'], 5), strings(['a', 'b', '?'], 5), false, false)).toEqual([]);
  });

  it("IAM's: the same, with ? for one character", () => {
    expect(differences(strings(['a', 'b', '?', '*'], 5), strings(['a', 'b', '?'], 5), true, false)).toEqual([]);
  });

  it('case-insensitive as the regular expression is, non-ASCII letters included', () => {
    const values = [
      '',
      's3:getobject',
      'S3:GETOBJECT',
      'ſ',
      'S',
      's',
      'İ',
      'i',
      'ß',
      'SS',
      'ǅ',
      'ǆ',
      'Ω',
      'ω',
      'K',
      'k',
      'K',
    ];
    const patterns = ['*', 's3:Get*', 'S3:?ETOBJECT', ...values, ...values.map((v) => `${v}*`)];
    expect(differences(patterns, values, true, true)).toEqual([]);
  });

  it('takes regular-expression characters literally', () => {
    expect(globMatch('EC2 (Instance).*', 'EC2 (Instance).x', { questionMark: false })).toBe(true);
    expect(globMatch('EC2 (Instance).*', 'EC2 Instance x', { questionMark: false })).toBe(false);
    expect(globMatch('a?c', 'abc', { questionMark: false })).toBe(false);
    expect(globMatch('a?c', 'abc', { questionMark: true })).toBe(true);
  });

  // As regular expressions, each of these takes minutes (60 stars and a letter the value lacks: 242 s).
  const stars = '*'.repeat(60);
  it("a student's event pattern with a run of stars is decided at once", () => {
    expect(matchesEc2StateChange(JSON.stringify({ 'detail-type': [{ wildcard: `${stars}X` }] }))).toBe(false);
    expect(matchesEc2StateChange(JSON.stringify({ 'detail-type': [{ wildcard: `${stars}n${stars}` }] }))).toBe(true);
  });

  it("a student's policy with a run of stars is decided at once", () => {
    const statement = { Effect: 'Allow', Action: `s3:${stars}X`, Resource: `arn:aws:s3:::${stars}X` };
    expect(coversAction(statement, 's3:GetObjectVersionAttributes')).toBe(false);
    expect(coversResource(statement, 'arn:aws:s3:::course-bucket-with-a-long-name/objects')).toBe(false);
    expect(coversResource({ ...statement, Resource: `arn:aws:s3:::${stars}s` }, 'arn:aws:s3:::b/objects')).toBe(true);
  });
});
