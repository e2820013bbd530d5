/**
 * What a subnet *is* (public or private, by routing) and what a security group *admits*: the one
 * implementation every lab uses (VPC, DB, ALB/ASG). Built once per inventory and memoized, so a
 * grade with many candidates and checks indexes the account once.
 */
import type {
  Instance,
  InternetGateway,
  IpPermission,
  NatGateway,
  Route,
  RouteTable,
  SecurityGroup,
  Subnet,
  Tag,
  Vpc,
} from '@aws-sdk/client-ec2';
import { type Inventory, read } from './inventory.js';

export type Tier = 'public' | 'private';

/** Value of the Name tag, if any. */
export function nameOf(tags: Tag[] | undefined): string | undefined {
  const value = tags?.find((t) => t.Key === 'Name')?.Value;
  return value === undefined || value === '' ? undefined : value;
}

/** `subnet-0ab (private-a)`: an id with its Name, for messages. */
export function label(id: string | undefined, tags?: Tag[]): string {
  const name = nameOf(tags);
  return name ? `${id} (${name})` : `${id}`;
}

const ANY_IPV4 = '0.0.0.0/0';
const ANY_IPV6 = '::/0';

/** The route a subnet's traffic to the internet takes (0.0.0.0/0), if active. */
export function defaultRoute(table: RouteTable | undefined): Route | undefined {
  return table?.Routes?.find((r) => r.DestinationCidrBlock === ANY_IPV4 && r.State !== 'blackhole');
}

/** The target id of a route, whatever kind of target it is. */
export function routeTarget(route: Route | undefined): string | undefined {
  if (!route) return undefined;
  return (
    route.GatewayId ??
    route.NatGatewayId ??
    route.EgressOnlyInternetGatewayId ??
    route.TransitGatewayId ??
    route.InstanceId ??
    route.NetworkInterfaceId ??
    route.VpcPeeringConnectionId ??
    route.LocalGatewayId ??
    route.CarrierGatewayId ??
    route.CoreNetworkArn
  );
}

/**
 * An internet gateway target. Egress-only gateways (`eigw-`) and virtual private gateways (`vgw-`)
 * also appear in `GatewayId` but do not make a subnet public.
 */
export function isInternetGatewayId(id: string | undefined): boolean {
  return id?.startsWith('igw-') ?? false;
}

export function isNatGatewayId(id: string | undefined): boolean {
  return id?.startsWith('nat-') ?? false;
}

export interface EffectiveRouteTable {
  table: RouteTable | undefined;
  /** False when the subnet has no explicit association and so uses the VPC's main route table. */
  explicit: boolean;
}

/** The network of one inventory, indexed. */
export interface Network {
  vpcs: Vpc[];
  vpc(id: string | undefined): Vpc | undefined;
  subnet(id: string | undefined): Subnet | undefined;
  subnetsOf(vpcId: string): Subnet[];
  /** A subnet's explicit association, else its VPC's main route table. */
  effectiveRouteTable(subnet: Subnet): EffectiveRouteTable;
  mainRouteTable(vpcId: string): RouteTable | undefined;
  /** Every route table of the VPC, in inventory order. */
  routeTablesOf(vpcId: string): RouteTable[];
  /** Public by routing: the effective route table sends 0.0.0.0/0 to an internet gateway. */
  tierOf(subnet: Subnet): Tier;
  isPublic(subnetId: string | undefined): boolean;
  /** Internet gateways attached to the VPC. */
  internetGatewaysOf(vpcId: string): InternetGateway[];
  natGatewaysOf(vpcId: string): NatGateway[];
  securityGroup(id: string | undefined): SecurityGroup | undefined;
  securityGroupsOf(vpcId: string): SecurityGroup[];
  instancesOf(vpcId: string): Instance[];
}

const cache = new WeakMap<Inventory, Network>();

/** DescribeInternetGateways reports an attached gateway as "available" (documented as "attached"). */
const ATTACHED = new Set(['available', 'attached']);

/**
 * The indexed network of an inventory (memoized). Reading it requires the EC2 sources it
 * indexes lazily: a failed `ec2.routeTables` only breaks the checks that ask about routing.
 */
export function networkOf(inventory: Inventory): Network {
  let network = cache.get(inventory);
  if (!network) {
    network = buildNetwork(inventory);
    cache.set(inventory, network);
  }
  return network;
}

function lazy<T>(make: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = make();
      done = true;
    }
    return value;
  };
}

function groupBy<T>(items: T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function buildNetwork(inventory: Inventory): Network {
  const vpcs = lazy(() => read(inventory, 'ec2.vpcs'));
  const vpcById = lazy(() => new Map(vpcs().map((v) => [v.VpcId ?? '', v])));
  const subnets = lazy(() => read(inventory, 'ec2.subnets'));
  const subnetById = lazy(() => new Map(subnets().map((s) => [s.SubnetId ?? '', s])));
  const subnetsByVpc = lazy(() => groupBy(subnets(), (s) => s.VpcId));
  const routing = lazy(() => {
    const explicit = new Map<string, RouteTable>();
    const main = new Map<string, RouteTable>();
    for (const table of read(inventory, 'ec2.routeTables')) {
      for (const assoc of table.Associations ?? []) {
        if (assoc.AssociationState?.State && assoc.AssociationState.State !== 'associated') continue;
        if (assoc.Main) {
          if (table.VpcId) main.set(table.VpcId, table);
        } else if (assoc.SubnetId) {
          explicit.set(assoc.SubnetId, table);
        }
      }
    }
    return { explicit, main };
  });
  const routeTablesByVpc = lazy(() => groupBy(read(inventory, 'ec2.routeTables'), (t) => t.VpcId));
  const tiers = new Map<string, Tier>();
  const igwsByVpc = lazy(() => {
    const map = new Map<string, InternetGateway[]>();
    for (const igw of read(inventory, 'ec2.internetGateways')) {
      for (const a of igw.Attachments ?? []) {
        // Attached gateways report "available" (EC2) or "attached"; "detaching"/"detached" do not route.
        if (!a.VpcId || !ATTACHED.has(a.State ?? '')) continue;
        const list = map.get(a.VpcId) ?? [];
        list.push(igw);
        map.set(a.VpcId, list);
      }
    }
    return map;
  });
  const natsByVpc = lazy(() => groupBy(read(inventory, 'ec2.natGateways'), (n) => n.VpcId));
  const sgs = lazy(() => read(inventory, 'ec2.securityGroups'));
  const sgById = lazy(() => new Map(sgs().map((g) => [g.GroupId ?? '', g])));
  const sgsByVpc = lazy(() => groupBy(sgs(), (g) => g.VpcId));
  const instancesByVpc = lazy(() => groupBy(read(inventory, 'ec2.instances'), (i) => i.VpcId));

  const network: Network = {
    get vpcs() {
      return vpcs();
    },
    vpc: (id) => (id ? vpcById().get(id) : undefined),
    subnet: (id) => (id ? subnetById().get(id) : undefined),
    subnetsOf: (vpcId) => subnetsByVpc().get(vpcId) ?? [],
    mainRouteTable: (vpcId) => routing().main.get(vpcId),
    routeTablesOf: (vpcId) => routeTablesByVpc().get(vpcId) ?? [],
    effectiveRouteTable(subnet) {
      const explicit = routing().explicit.get(subnet.SubnetId ?? '');
      if (explicit) return { table: explicit, explicit: true };
      return { table: routing().main.get(subnet.VpcId ?? ''), explicit: false };
    },
    tierOf(subnet) {
      const id = subnet.SubnetId ?? '';
      let tier = tiers.get(id);
      if (!tier) {
        const effective = network.effectiveRouteTable(subnet);
        const route = defaultRoute(effective.table);
        tier =
          isInternetGatewayId(route?.GatewayId) || isUnroutedDefaultSubnet(subnet, effective) ? 'public' : 'private';
        tiers.set(id, tier);
      }
      return tier;
    },
    isPublic(subnetId) {
      const subnet = network.subnet(subnetId);
      return subnet ? network.tierOf(subnet) === 'public' : false;
    },
    internetGatewaysOf: (vpcId) => igwsByVpc().get(vpcId) ?? [],
    natGatewaysOf: (vpcId) => natsByVpc().get(vpcId) ?? [],
    securityGroup: (id) => (id ? sgById().get(id) : undefined),
    securityGroupsOf: (vpcId) => sgsByVpc().get(vpcId) ?? [],
    instancesOf: (vpcId) => instancesByVpc().get(vpcId) ?? [],
  };
  return network;
}

/**
 * A default subnet (DefaultForAz) on its default VPC's main route table when that table has no
 * 0.0.0.0/0 route at all. AWS creates every default VPC with an internet gateway and that route,
 * so its default subnets are public; an inventory without them (an emulator's default VPC) is read
 * as AWS would route it. A subnet the student associated with a table of their own is judged by it.
 */
export function isUnroutedDefaultSubnet(subnet: Subnet, effective: EffectiveRouteTable): boolean {
  return (
    subnet.DefaultForAz === true &&
    !effective.explicit &&
    !(effective.table?.Routes ?? []).some((r) => r.DestinationCidrBlock === ANY_IPV4)
  );
}

/** Subnets that a Name (or other) tag says are meant to be public or private. */
export function intendedTier(tags: Tag[] | undefined, patterns: { public: RegExp; private: RegExp }): Tier | undefined {
  const name = nameOf(tags);
  const fromText = (value: string): Tier | undefined => {
    const pub = patterns.public.test(value);
    const priv = patterns.private.test(value);
    if (pub === priv) return undefined;
    return pub ? 'public' : 'private';
  };
  if (name) {
    const tier = fromText(name);
    if (tier) return tier;
  }
  // Other tags (Tier=public, a CloudFormation logical id "PublicSubnet1"), but not stack-wide ones.
  for (const tag of tags ?? []) {
    if (!tag.Key || !tag.Value || tag.Key === 'Name') continue;
    if (tag.Key.startsWith('aws:') && tag.Key !== 'aws:cloudformation:logical-id') continue;
    const tier = fromText(tag.Value);
    if (tier) return tier;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Security groups

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

/** Security group ids attached to an instance (its own list and its network interfaces'). */
export function instanceGroupIds(instance: Instance): string[] {
  // An array, not a Set: an instance has a handful of groups, listed again on each interface.
  const ids: string[] = [];
  for (const g of instance.SecurityGroups ?? []) if (g.GroupId && !ids.includes(g.GroupId)) ids.push(g.GroupId);
  for (const eni of instance.NetworkInterfaces ?? [])
    for (const g of eni.Groups ?? []) if (g.GroupId && !ids.includes(g.GroupId)) ids.push(g.GroupId);
  return ids;
}

export function isRunning(instance: Instance): boolean {
  return instance.State?.Name === 'running';
}

/** A public IPv4 address on the instance (its own, or an Elastic IP on its primary interface). */
export function publicIpOf(instance: Instance): string | undefined {
  if (instance.PublicIpAddress) return instance.PublicIpAddress;
  for (const eni of instance.NetworkInterfaces ?? []) {
    if (eni.Association?.PublicIp) return eni.Association.PublicIp;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// CIDR arithmetic (IPv4)

export interface Cidr {
  base: number;
  prefix: number;
}

export function parseCidr(cidr: string | undefined): Cidr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr ?? '');
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const ip =
    (octets[0] as number) * 2 ** 24 +
    (octets[1] as number) * 2 ** 16 +
    (octets[2] as number) * 2 ** 8 +
    (octets[3] as number);
  const size = 2 ** (32 - prefix);
  return { base: ip - (ip % size), prefix };
}

function size(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return (
    inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + size(inner) <= outer.base + size(outer)
  );
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + size(b) && b.base < a.base + size(a);
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => parseCidr(c) as Cidr);

/** Inside RFC 1918 private address space. */
export function isPrivateRange(cidr: Cidr): boolean {
  return PRIVATE_RANGES.some((r) => cidrContains(r, cidr));
}
