import { describe, expect, it } from 'vitest';
import { ANY_VALUE, type EventObject, matchesEc2StateChange, matchesPattern } from '../../checks/facts/events.js';

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
