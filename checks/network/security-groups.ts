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

/** The rules of `sg` that admit TCP `port` from anywhere (0.0.0.0/0 or ::/0). */
export function openToWorld(sg: SecurityGroup | undefined, port: number): IngressRule[] {
  return ingressRules(sg).filter((r) => coversTcpPort(r, port) && r.cidrs.some(isAnywhere));
}

/** Does `sg` admit TCP on any of `ports` from anywhere? (`openToWorld` without building its list.) */
export function isOpenToWorld(sg: SecurityGroup | undefined, ports: readonly number[]): boolean {
  const rules = ingressRules(sg);
  for (let i = 0; i < rules.length; i += 1) {
    const rule = rules[i] as IngressRule;
    if (rule.cidrs.some(isAnywhere) && ports.some((port) => coversTcpPort(rule, port))) return true;
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
export function admission(sg: SecurityGroup | undefined, ports?: number[]): Admission {
  // Each source once, in rule order. Arrays rather than Sets: a group holds a few dozen sources
  // (60 inbound rules by default), and this runs for every group of every candidate.
  const groups: string[] = [];
  const cidrs: string[] = [];
  const prefixLists: string[] = [];
  // Index loops: no iterator objects in what runs for every group of every candidate.
  const rules = ingressRules(sg);
  for (let i = 0; i < rules.length; i += 1) {
    const rule = rules[i] as IngressRule;
    if (ports && !ports.some((p) => coversTcpPort(rule, p))) continue;
    addNew(groups, rule.groupIds);
    addNew(cidrs, rule.cidrs);
    addNew(prefixLists, rule.prefixListIds);
  }
  return { groupSources: groups, cidrSources: cidrs, prefixListSources: prefixLists };
}

/** Appends the items of `from` that `to` does not hold yet. */
function addNew(to: string[], from: readonly string[]): void {
  for (let i = 0; i < from.length; i += 1) {
    const item = from[i] as string;
    if (!to.includes(item)) to.push(item);
  }
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

export function chainFrom(sg: SecurityGroup | undefined, ports: number[], allowed: Iterable<string>): ChainVerdict {
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
