import type { SecurityGroup } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import {
  chainFrom,
  cidrContains,
  cidrsOverlap,
  intendedTier,
  isPrivateRange,
  networkOf,
  openToWorld,
  parseCidr,
} from '../../checks/network.js';
import { ingress, inventoryOf, routeTable, subnet } from '../scenarios/ec2-builders.js';

const sg = (rules: SecurityGroup['IpPermissions']): SecurityGroup => ({ GroupId: 'sg-1', IpPermissions: rules });

describe('CIDR arithmetic', () => {
  it.each([
    ['10.0.0.0/16', '10.0.1.0/24', true],
    ['10.0.0.0/16', '10.1.0.0/24', false],
    ['10.0.0.0/16', '10.0.0.0/8', false],
    ['172.16.0.0/12', '172.31.255.0/24', true],
  ])('%s contains %s: %s', (outer, inner, expected) => {
    expect(cidrContains(parseCidr(outer)!, parseCidr(inner)!)).toBe(expected);
  });
  it('finds overlaps and private ranges; rejects malformed CIDRs', () => {
    expect(cidrsOverlap(parseCidr('10.0.0.0/23')!, parseCidr('10.0.1.0/24')!)).toBe(true);
    expect(cidrsOverlap(parseCidr('10.0.0.0/24')!, parseCidr('10.0.1.0/24')!)).toBe(false);
    expect(isPrivateRange(parseCidr('192.168.10.0/24')!)).toBe(true);
    expect(isPrivateRange(parseCidr('172.32.0.0/16')!)).toBe(false);
    expect(parseCidr('10.0.0.300/16')).toBeUndefined();
    expect(parseCidr('10.0.0.0')).toBeUndefined();
  });
});

describe('security groups', () => {
  it('counts "-1" (all traffic) and port ranges as opening a port; IPv6 ::/0 is the world too', () => {
    expect(openToWorld(sg([{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]), 22)).toHaveLength(1);
    expect(openToWorld(sg([ingress('tcp', 0, 1024, ['::/0'])]), 22)).toHaveLength(1);
    expect(openToWorld(sg([ingress('tcp', 80, 80, ['0.0.0.0/0'])]), 22)).toHaveLength(0);
    expect(openToWorld(sg([ingress('udp', 22, 22, ['0.0.0.0/0'])]), 22)).toHaveLength(0);
    expect(openToWorld(sg([ingress('6', 22, 22, ['0.0.0.0/0'])]), 22)).toHaveLength(1);
  });
  it('a chain needs a rule from an allowed group and no CIDR source on those ports', () => {
    expect(chainFrom(sg([ingress('tcp', 8080, 8080, ['sg-web'])]), [8080], ['sg-web']).ok).toBe(true);
    expect(chainFrom(sg([ingress('tcp', 8080, 8080, ['sg-web', '10.0.0.0/16'])]), [8080], ['sg-web']).ok).toBe(false);
    expect(chainFrom(sg([ingress('tcp', 8080, 8080, ['sg-other'])]), [8080], ['sg-web'])).toMatchObject({
      ok: false,
      otherGroups: ['sg-other'],
    });
  });
});

describe('routing', () => {
  it('a subnet without an explicit association uses the main route table', () => {
    const inv = inventoryOf({
      'ec2.subnets': [
        subnet('subnet-a', 'vpc-1', '10.0.1.0/24', 'us-east-1a'),
        subnet('subnet-b', 'vpc-1', '10.0.2.0/24', 'us-east-1b'),
      ],
      'ec2.routeTables': [
        routeTable('rtb-main', 'vpc-1', {
          main: true,
          routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1', State: 'active' }],
        }),
        routeTable('rtb-private', 'vpc-1', { subnets: ['subnet-b'], routes: [] }),
      ],
    });
    const n = networkOf(inv);
    expect(n.effectiveRouteTable(n.subnet('subnet-a')!)).toMatchObject({
      explicit: false,
      table: { RouteTableId: 'rtb-main' },
    });
    expect(n.isPublic('subnet-a')).toBe(true);
    expect(n.isPublic('subnet-b')).toBe(false);
  });
  it('reads intent from the Name, then from other tags, ignoring stack-wide aws: tags', () => {
    const pats = { public: /pub(lic)?/i, private: /priv(ate)?/i };
    expect(intendedTier([{ Key: 'Name', Value: 'lab-public-a' }], pats)).toBe('public');
    expect(intendedTier([{ Key: 'Tier', Value: 'private' }], pats)).toBe('private');
    expect(intendedTier([{ Key: 'aws:cloudformation:stack-name', Value: 'private-stack' }], pats)).toBeUndefined();
    expect(intendedTier([{ Key: 'aws:cloudformation:logical-id', Value: 'PublicSubnet1' }], pats)).toBe('public');
    expect(intendedTier([{ Key: 'Name', Value: 'web-a' }], pats)).toBeUndefined();
  });
});
