/**
 * What a security group *admits*: ingress rules parsed once per permission list, openness to the
 * world, who may come in on some ports, and security-group chains.
 */
import type { IpPermission, SecurityGroup } from '@aws-sdk/client-ec2';
import { ANY_IPV4, ANY_IPV6 } from './cidr.js';

/** One ingress permission, flattened: a protocol/port range and its sources. */
export interface IngressRule {
  protocol: string;
  fromPort: number;
  toPort: number;
  cidrs: readonly string[];
  groupIds: readonly string[];
  prefixListIds: readonly string[];
}

/** Parsed rules by permission list: several checks of one grade ask about the same group. */
const parsedRules = new WeakMap<IpPermission[], readonly IngressRule[]>();

/** The group's ingress rules, parsed once per permission list (shared: do not modify them). */
export function ingressRules(sg: SecurityGroup | undefined): readonly IngressRule[] {
  const permissions = sg?.IpPermissions;
  if (!permissions) return [];
  let rules = parsedRules.get(permissions);
  if (!rules) {
    rules = permissions.map(toRule);
    parsedRules.set(permissions, rules);
  }
  return rules;
}

/** The source list of a rule that has none of that kind: shared, as parsed rules are read-only. */
const NONE: readonly string[] = Object.freeze([]);

function toRule(p: IpPermission): IngressRule {
  const protocol = normalizeProtocol(p.IpProtocol);
  const all = protocol === 'all';
  // No array for a kind of source the rule lacks (most rules have one kind), exact-size arrays
  // for the others: an account's 10,000 rules are parsed in every grade, so allocations count.
  const ipv4 = sourceIds(p.IpRanges, (r) => r.CidrIp);
  const ipv6 = sourceIds(p.Ipv6Ranges, (r) => r.CidrIpv6);
  return {
    protocol,
    fromPort: all || p.FromPort === undefined || p.FromPort === -1 ? 0 : p.FromPort,
    toPort: all || p.ToPort === undefined || p.ToPort === -1 ? 65535 : p.ToPort,
    cidrs: ipv6.length === 0 ? ipv4 : ipv4.length === 0 ? ipv6 : [...ipv4, ...ipv6],
    groupIds: sourceIds(p.UserIdGroupPairs, (g) => g.GroupId),
    prefixListIds: sourceIds(p.PrefixListIds, (g) => g.PrefixListId),
  };
}

/** The non-empty ids of a rule's sources, in order (the shared `NONE` when there are none). */
function sourceIds<T>(items: readonly T[] | undefined, id: (item: T) => string | undefined): readonly string[] {
  if (!items?.length) return NONE;
  let count = 0;
  for (let i = 0; i < items.length; i += 1) if (id(items[i] as T)) count += 1;
  if (count === 0) return NONE;
  const ids = new Array<string>(count);
  let at = 0;
  for (let i = 0; i < items.length; i += 1) {
    const value = id(items[i] as T);
    if (value) ids[at++] = value;
  }
  return ids;
}

/** "-1" and "all" mean every protocol; "6" is TCP (IANA numbers appear as strings). */
function normalizeProtocol(protocol: string | undefined): string {
  if (protocol === undefined || protocol === '-1' || protocol === 'all') return 'all';
  if (protocol === '6') return 'tcp';
  if (protocol === '17') return 'udp';
  return protocol.toLowerCase();
}

/** Does the rule let TCP traffic to `port` in? */
export function coversTcpPort(rule: IngressRule, port: number): boolean {
  return (rule.protocol === 'all' || rule.protocol === 'tcp') && rule.fromPort <= port && port <= rule.toPort;
}

export function isAnywhere(cidr: string): boolean {
  return cidr === ANY_IPV4 || cidr === ANY_IPV6;
}

/*
 * The questions below are answered straight from the group's `IpPermissions`, with what `toRule`
 * would make of each permission but without building it: an account's 10,000 rules are asked
 * about by every candidate VPC's checks, and almost none of them is open to the world.
 */

/** `coversTcpPort` of the permission's parsed rule, read from the permission itself. */
function permissionCoversTcpPort(p: IpPermission, port: number): boolean {
  const protocol = p.IpProtocol;
  // As `normalizeProtocol`: "-1" and "all" (any case) are every protocol, "6" and "tcp" (any case) TCP.
  let all = protocol === undefined || protocol === '-1';
  if (!all && protocol !== 'tcp' && protocol !== '6') {
    const lower = (protocol as string).toLowerCase();
    if (lower === 'all') all = true;
    else if (lower !== 'tcp') return false;
  }
  const from = all || p.FromPort === undefined || p.FromPort === -1 ? 0 : p.FromPort;
  const to = all || p.ToPort === undefined || p.ToPort === -1 ? 65535 : p.ToPort;
  return from <= port && port <= to;
}

/** Does the permission cover TCP on any of `ports`? */
function permissionCoversAny(p: IpPermission, ports: readonly number[]): boolean {
  for (let i = 0; i < ports.length; i += 1) if (permissionCoversTcpPort(p, ports[i] as number)) return true;
  return false;
}

/** Does one of the permission's CIDR sources (IPv4 or IPv6) mean anywhere? */
function permissionFromAnywhere(p: IpPermission): boolean {
  const v4 = p.IpRanges;
  if (v4) for (let i = 0; i < v4.length; i += 1) if (isAnywhere(v4[i]?.CidrIp ?? '')) return true;
  const v6 = p.Ipv6Ranges;
  if (v6) for (let i = 0; i < v6.length; i += 1) if (isAnywhere(v6[i]?.CidrIpv6 ?? '')) return true;
  return false;
}

/** The rules of `sg` that admit TCP `port` from anywhere (0.0.0.0/0 or ::/0). */
export function openToWorld(sg: SecurityGroup | undefined, port: number): IngressRule[] {
  // Rules are parsed only for a group that is open on the port (rare): the answer is usually [].
  if (!isOpenToWorld(sg, [port])) return [];
  return ingressRules(sg).filter((r) => coversTcpPort(r, port) && r.cidrs.some(isAnywhere));
}

/** Does `sg` admit TCP on any of `ports` from anywhere? (`openToWorld` without building its list.) */
export function isOpenToWorld(sg: SecurityGroup | undefined, ports: readonly number[]): boolean {
  const permissions = sg?.IpPermissions;
  if (!permissions) return false;
  for (let i = 0; i < permissions.length; i += 1) {
    const p = permissions[i] as IpPermission;
    if (permissionFromAnywhere(p) && permissionCoversAny(p, ports)) return true;
  }
  return false;
}

/** How a security group admits traffic on some ports: who may come in. */
export interface Admission {
  /** Security groups named as sources of a rule covering the ports. */
  groupSources: string[];
  /** CIDR sources of a rule covering the ports (any CIDR breaks a security-group chain). */
  cidrSources: string[];
  /** Prefix-list sources. */
  prefixListSources: string[];
}

/** Who `sg` admits on any of `ports` (TCP); on any port and protocol when `ports` is omitted. */
export function admission(sg: SecurityGroup | undefined, ports?: readonly number[]): Admission {
  // Each source once, in rule order (a rule's IPv4 ranges before its IPv6 ones, as `toRule` lists
  // them). Arrays rather than Sets: a group holds a few dozen sources (60 inbound rules by
  // default), and this runs for every group of every candidate.
  const groups: string[] = [];
  const cidrs: string[] = [];
  const prefixLists: string[] = [];
  const permissions = sg?.IpPermissions;
  if (permissions) {
    // Index loops: no iterator objects in what runs for every group of every candidate.
    for (let i = 0; i < permissions.length; i += 1) {
      const p = permissions[i] as IpPermission;
      if (ports && !permissionCoversAny(p, ports)) continue;
      const pairs = p.UserIdGroupPairs;
      if (pairs) for (let j = 0; j < pairs.length; j += 1) addNew(groups, pairs[j]?.GroupId);
      const v4 = p.IpRanges;
      if (v4) for (let j = 0; j < v4.length; j += 1) addNew(cidrs, v4[j]?.CidrIp);
      const v6 = p.Ipv6Ranges;
      if (v6) for (let j = 0; j < v6.length; j += 1) addNew(cidrs, v6[j]?.CidrIpv6);
      const lists = p.PrefixListIds;
      if (lists) for (let j = 0; j < lists.length; j += 1) addNew(prefixLists, lists[j]?.PrefixListId);
    }
  }
  return { groupSources: groups, cidrSources: cidrs, prefixListSources: prefixLists };
}

/**
 * Does `sg` admit, on any port and protocol, one of `groups` as a source? (`admission(sg)
 * .groupSources` holds one of them, without building the lists.)
 */
export function admitsGroupFrom(sg: SecurityGroup | undefined, groups: ReadonlySet<string>): boolean {
  const permissions = sg?.IpPermissions;
  if (!permissions) return false;
  for (let i = 0; i < permissions.length; i += 1) {
    const pairs = (permissions[i] as IpPermission).UserIdGroupPairs;
    if (!pairs) continue;
    for (let j = 0; j < pairs.length; j += 1) {
      const id = pairs[j]?.GroupId;
      if (id && groups.has(id)) return true;
    }
  }
  return false;
}

/**
 * Does `sg` admit, on any port and protocol, an address source: a CIDR (IPv4 or IPv6) or a
 * prefix list? (`admission(sg)` has a `cidrSources` or `prefixListSources` entry.)
 */
export function admitsAddresses(sg: SecurityGroup | undefined): boolean {
  const permissions = sg?.IpPermissions;
  if (!permissions) return false;
  for (let i = 0; i < permissions.length; i += 1) {
    // Index loops, no callbacks: this runs for every rule of every app-tier group.
    const p = permissions[i] as IpPermission;
    const v4 = p.IpRanges;
    if (v4) for (let j = 0; j < v4.length; j += 1) if (v4[j]?.CidrIp) return true;
    const v6 = p.Ipv6Ranges;
    if (v6) for (let j = 0; j < v6.length; j += 1) if (v6[j]?.CidrIpv6) return true;
    const lists = p.PrefixListIds;
    if (lists) for (let j = 0; j < lists.length; j += 1) if (lists[j]?.PrefixListId) return true;
  }
  return false;
}

/** Appends a source id that `to` does not hold yet (an empty or missing id is no source). */
function addNew(to: string[], id: string | undefined): void {
  if (id && !to.includes(id)) to.push(id);
}

/**
 * The verdict of a security-group chain: does `sg` admit `ports` only from the `allowed` groups?
 * `ok` needs at least one rule from an allowed group and no CIDR or prefix-list source; a rule
 * from some other group is reported in `otherGroups`.
 */
export interface ChainVerdict {
  ok: boolean;
  fromAllowed: string[];
  otherGroups: string[];
  cidrSources: string[];
  prefixListSources: string[];
}

export function chainFrom(
  sg: SecurityGroup | undefined,
  ports: readonly number[],
  allowed: Iterable<string>,
): ChainVerdict {
  const allowedSet = new Set(allowed);
  const a = admission(sg, ports);
  const fromAllowed = a.groupSources.filter((g) => allowedSet.has(g));
  const otherGroups = a.groupSources.filter((g) => !allowedSet.has(g) && g !== sg?.GroupId);
  return {
    ok: fromAllowed.length > 0 && a.cidrSources.length === 0 && a.prefixListSources.length === 0,
    fromAllowed,
    otherGroups,
    cidrSources: a.cidrSources,
    prefixListSources: a.prefixListSources,
  };
}
