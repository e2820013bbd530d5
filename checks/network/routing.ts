/**
 * What a subnet *is* (public or private, by routing): the one implementation every lab uses (VPC,
 * DB, ALB/ASG), over an index of the account's network built once per inventory and memoized, so
 * a grade with many candidates and checks indexes the account once.
 */
import type {
  Instance,
  InternetGateway,
  NatGateway,
  Route,
  RouteTable,
  SecurityGroup,
  Subnet,
  Tag,
  Vpc,
} from '@aws-sdk/client-ec2';
import { nameOf } from '../facts/tags.js';
import { type Inventory, read } from '../inventory.js';
import { ANY_IPV4 } from './cidr.js';

export type Tier = 'public' | 'private';

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
