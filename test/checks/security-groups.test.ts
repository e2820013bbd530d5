/**
 * `isOpenToWorld`, `openToWorld` and `admission` read a group's `IpPermissions` directly, without
 * parsing every rule: they must answer exactly what the parsed rules (`ingressRules`, the
 * documented meaning of a permission) say, on the recorded account, every scenario's groups and
 * the edge cases of the permission format.
 */
import { readFileSync } from 'node:fs';
import type { IpPermission, SecurityGroup } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../checks/inventory.js';
import {
  admission,
  admitsAddresses,
  admitsGroupFrom,
  coversTcpPort,
  type IngressRule,
  ingressRules,
  isAnywhere,
  isOpenToWorld,
  openToWorld,
} from '../../checks/network.js';
import { scenarioModules } from '../support/examples.js';

const PORTS = [0, 21, 22, 23, 79, 80, 81, 443, 3389, 8080, 65535];

/** The answers as the parsed rules give them. */
function parsedOpen(sg: SecurityGroup, ports: readonly number[]): IngressRule[] {
  return ingressRules(sg).filter((r) => ports.some((p) => coversTcpPort(r, p)) && r.cidrs.some(isAnywhere));
}

function parsedAdmission(sg: SecurityGroup, ports?: readonly number[]) {
  const groupSources: string[] = [];
  const cidrSources: string[] = [];
  const prefixListSources: string[] = [];
  const add = (to: string[], from: readonly string[]) => {
    for (const id of from) if (!to.includes(id)) to.push(id);
  };
  for (const r of ingressRules(sg)) {
    if (ports && !ports.some((p) => coversTcpPort(r, p))) continue;
    add(groupSources, r.groupIds);
    add(cidrSources, r.cidrs);
    add(prefixListSources, r.prefixListIds);
  }
  return { groupSources, cidrSources, prefixListSources };
}

/** Where the raw answers differ from the parsed rules' (none expected), for one failure message. */
function disagreements(sg: SecurityGroup): string[] {
  const out: string[] = [];
  const same = (what: string, raw: unknown, parsed: unknown) => {
    if (JSON.stringify(raw) !== JSON.stringify(parsed)) {
      out.push(`${sg.GroupId} ${what}: raw ${JSON.stringify(raw)}, parsed ${JSON.stringify(parsed)}`);
    }
  };
  for (const port of PORTS) {
    same(`open on ${port}`, isOpenToWorld(sg, [port]), parsedOpen(sg, [port]).length > 0);
    same(`open rules on ${port}`, openToWorld(sg, port), parsedOpen(sg, [port]));
    same(`admission on ${port}`, admission(sg, [port]), parsedAdmission(sg, [port]));
  }
  for (const ports of [[80, 443], [22, 3389], []]) {
    same(`open on ${ports}`, isOpenToWorld(sg, ports), parsedOpen(sg, ports).length > 0);
    same(`admission on ${ports}`, admission(sg, ports), parsedAdmission(sg, ports));
  }
  same('admission on every port', admission(sg), parsedAdmission(sg));
  const every = parsedAdmission(sg);
  const sources = every.groupSources;
  for (const groups of [sources, sources.slice(0, 1), sources.slice(1), ['sg-web', 'sg-other'], []]) {
    const set = new Set(groups);
    same(
      `admits a group of ${groups}`,
      admitsGroupFrom(sg, set),
      every.groupSources.some((g) => set.has(g)),
    );
  }
  same('admits addresses', admitsAddresses(sg), every.cidrSources.length + every.prefixListSources.length > 0);
  return out;
}

/** Every combination of the format's edge cases, one permission per group. */
function edgeCases(): SecurityGroup[] {
  const protocols = [undefined, '-1', 'all', 'ALL', 'tcp', 'TCP', '6', 'udp', '17', 'icmp', '58', 'icmpv6'];
  const ranges: [number | undefined, number | undefined][] = [
    [undefined, undefined],
    [-1, -1],
    [22, 22],
    [80, 80],
    [0, 65535],
    [20, 25],
    [79, 443],
    [3389, 3389],
    [-1, 443],
  ];
  const sources: Partial<IpPermission>[] = [
    { IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
    { Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
    { IpRanges: [{ CidrIp: '::/0' }] },
    { IpRanges: [{ CidrIp: '10.0.0.0/16' }, { CidrIp: '0.0.0.0/0', Description: 'world' }] },
    { IpRanges: [{ CidrIp: '203.0.113.7/32' }], Ipv6Ranges: [{ CidrIpv6: '2001:db8::/32' }] },
    { IpRanges: [{}, { CidrIp: '' }], Ipv6Ranges: [{}] },
    { IpRanges: [], Ipv6Ranges: [], UserIdGroupPairs: [], PrefixListIds: [] },
    { UserIdGroupPairs: [{ GroupId: 'sg-web' }, { UserId: '123456789012' }, { GroupId: 'sg-web' }] },
    { PrefixListIds: [{ PrefixListId: 'pl-0123' }, {}] },
    {
      IpRanges: [{ CidrIp: '0.0.0.0/0' }],
      Ipv6Ranges: [{ CidrIpv6: '::/0' }],
      UserIdGroupPairs: [{ GroupId: 'sg-app' }],
      PrefixListIds: [{ PrefixListId: 'pl-0123' }],
    },
  ];
  const groups: SecurityGroup[] = [{ GroupId: 'sg-none' }, { GroupId: 'sg-empty', IpPermissions: [] }];
  for (const IpProtocol of protocols) {
    for (const [FromPort, ToPort] of ranges) {
      for (const source of sources) {
        const p: IpPermission = { IpProtocol, ...source };
        if (FromPort !== undefined) p.FromPort = FromPort;
        if (ToPort !== undefined) p.ToPort = ToPort;
        groups.push({ GroupId: `sg-${groups.length}`, IpPermissions: [p] });
      }
    }
  }
  return groups;
}

describe('security-group questions answered from the raw permissions', () => {
  it('agree with the parsed rules on every edge case of the format (IPv6 ::/0, port ranges, -1, prefix lists)', () => {
    const groups = edgeCases();
    // And with several permissions in one group, so order and de-duplication count.
    for (let i = 2; i + 3 < groups.length; i += 7) {
      groups.push({
        GroupId: `sg-mix-${i}`,
        IpPermissions: groups.slice(i, i + 4).flatMap((g) => g.IpPermissions ?? []),
      });
    }
    expect(groups.flatMap(disagreements)).toEqual([]);
    // The cases do reach both answers.
    expect(groups.filter((g) => isOpenToWorld(g, [22])).length).toBeGreaterThan(50);
    expect(groups.filter((g) => !isOpenToWorld(g, [22])).length).toBeGreaterThan(50);
  });

  it('agree with the parsed rules on the recorded account, inbound and outbound permissions alike', () => {
    const file = new URL(
      '../fixtures/recorded/reference-3az/us-east-1/ec2/DescribeSecurityGroups.json',
      import.meta.url,
    );
    const recorded = JSON.parse(readFileSync(file, 'utf8')) as { SecurityGroups: SecurityGroup[] };
    expect(recorded.SecurityGroups.length).toBeGreaterThan(0);
    const groups = recorded.SecurityGroups.flatMap((sg) => [
      sg,
      { GroupId: `${sg.GroupId}-egress`, IpPermissions: sg.IpPermissionsEgress ?? [] },
    ]);
    expect(groups.flatMap(disagreements)).toEqual([]);
  });

  it("agree with the parsed rules on every scenario's security groups", async () => {
    // Each distinct group once (scenarios share most of theirs).
    const groups = new Map<string, SecurityGroup>();
    for (const { scenarios } of await scenarioModules()) {
      for (const s of scenarios) {
        for (const sg of (s.inventory as Inventory).sources['ec2.securityGroups']?.data ?? []) {
          groups.set(JSON.stringify(sg.IpPermissions), sg);
        }
      }
    }
    expect(groups.size).toBeGreaterThan(10);
    expect([...groups.values()].flatMap(disagreements)).toEqual([]);
  });

  it('a group open to the world is reported with its open rules, a closed one without parsing', () => {
    const open: SecurityGroup = {
      GroupId: 'sg-open',
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
        { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
      ],
    };
    expect(openToWorld(open, 22)).toEqual([
      { protocol: 'all', fromPort: 0, toPort: 65535, cidrs: ['::/0'], groupIds: [], prefixListIds: [] },
    ]);
    expect(isOpenToWorld(open, [3389])).toBe(true);
    expect(
      isOpenToWorld(
        {
          GroupId: 'sg-udp',
          IpPermissions: [{ IpProtocol: 'udp', FromPort: 0, ToPort: 65535, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
        },
        [53],
      ),
    ).toBe(false);
  });
});
