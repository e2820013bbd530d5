import { describe, expect, it } from 'vitest';
import {
  ANY_VALUE,
  type EventObject,
  matchesEc2StateChange,
  matchesPattern,
  wildcardMatches,
} from '../../checks/facts/events.js';

const stateChange = (extra: object) =>
  JSON.stringify({ source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], ...extra });

describe('does an event pattern match EC2 instance state-change notifications?', () => {
  it.each([
    ['the console pattern', stateChange({}), true],
    ['every aws.ec2 event', JSON.stringify({ source: ['aws.ec2'] }), true],
    ['only the detail-type', JSON.stringify({ 'detail-type': ['EC2 Instance State-change Notification'] }), true],
    ['some states', stateChange({ detail: { state: ['stopped', 'terminated'] } }), true],
    ['one instance', stateChange({ detail: { 'instance-id': ['i-0abc'] } }), true],
    ['a prefix on the detail-type', JSON.stringify({ 'detail-type': [{ prefix: 'EC2 Instance' }] }), true],
    ['case-insensitive source', JSON.stringify({ source: [{ 'equals-ignore-case': 'AWS.EC2' }] }), true],
    ['a wildcard', JSON.stringify({ 'detail-type': [{ wildcard: 'EC2 Instance *' }] }), true],
    ['anything but running', stateChange({ detail: { state: [{ 'anything-but': 'running' }] } }), true],
    ['$or of s3 and ec2', JSON.stringify({ $or: [{ source: ['aws.s3'] }, { source: ['aws.ec2'] }] }), true],
    ['resources must exist', stateChange({ resources: [{ exists: true }] }), true],
    ['spot interruptions', JSON.stringify({ 'detail-type': ['EC2 Spot Instance Interruption Warning'] }), false],
    ['another source', JSON.stringify({ source: ['aws.s3'] }), false],
    ['a state that does not exist', stateChange({ detail: { state: ['rebooting'] } }), false],
    [
      'anything but every state',
      stateChange({
        detail: {
          state: [{ 'anything-but': ['pending', 'running', 'stopping', 'stopped', 'shutting-down', 'terminated'] }],
        },
      }),
      false,
    ],
    ['a field the event lacks', stateChange({ detail: { 'error-code': ['x'] } }), false],
    ['a field that must be absent but is there', stateChange({ detail: { state: [{ exists: false }] } }), false],
    ['numeric on a string', stateChange({ detail: { state: [{ numeric: ['>', 0] }] } }), false],
    ['a schedule (no pattern)', undefined, false],
    ['malformed JSON', '{source: aws.ec2', false],
  ])('%s: %s', (_name, pattern, expected) => {
    expect(matchesEc2StateChange(pattern)).toBe(expected);
  });

  it('matches numeric ranges, CIDRs, suffixes and arrays in the event', () => {
    const event: EventObject = {
      detail: { size: 10, ip: '10.0.1.5', key: 'logs/a.gz', tags: ['x', 'y'] },
      id: ANY_VALUE,
    };
    expect(matchesPattern({ detail: { size: [{ numeric: ['>=', 10, '<', 20] }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { size: [{ numeric: ['>', 10] }] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { ip: [{ cidr: '10.0.0.0/16' }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { ip: [{ cidr: '10.1.0.0/16' }] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { key: [{ suffix: '.gz' }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { tags: ['y'] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { tags: ['z'] } }, event)).toBe(false);
    expect(matchesPattern({ id: [{ exists: false }] }, event)).toBe(false);
  });
});

describe('wildcard matching', () => {
  /** Every string of `alphabet` up to `max` characters long. */
  const strings = (alphabet: string[], max: number): string[] => {
    let level = [''];
    const all = [''];
    for (let n = 1; n <= max; n += 1) {
      level = level.flatMap((s) => alphabet.map((c) => s + c));
      all.push(...level);
    }
    return all;
  };
  /** What `*` means in EventBridge, spelled as a regular expression: the definition the matcher keeps. */
  const byRegExp = (pattern: string, value: string) =>
    new RegExp(
      `^${pattern
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
      's',
    ).test(value);

  it('answers as the regular expression would, for every pattern and value of up to 5 characters over a, b (and *)', () => {
    const values = strings(['a', 'b'], 5);
    const differ: string[] = [];
    for (const pattern of strings(['a', 'b', '*'], 5)) {
      for (const value of values) {
        if (wildcardMatches(pattern, value) !== byRegExp(pattern, value)) differ.push(`${pattern} ~ ${value}`);
      }
    }
    expect(differ).toEqual([]);
  });

  it('takes regular-expression characters literally', () => {
    expect(wildcardMatches('EC2 (Instance).*', 'EC2 (Instance).x')).toBe(true);
    expect(wildcardMatches('EC2 (Instance).*', 'EC2 Instance x')).toBe(false);
  });

  it("a student's run of stars is decided at once, not by minutes of backtracking", () => {
    // As a regular expression, 60 stars and one letter the detail type lacks take about 4 minutes.
    const stars = '*'.repeat(60);
    expect(matchesEc2StateChange(JSON.stringify({ 'detail-type': [{ wildcard: `${stars}X` }] }))).toBe(false);
    expect(matchesEc2StateChange(JSON.stringify({ 'detail-type': [{ wildcard: `${stars}n${stars}` }] }))).toBe(true);
  });
});
