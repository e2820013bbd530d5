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
import { INVENTORY_SCHEMA_VERSION, type Inventory, read } from '../inventory.js';
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
  /** A subnet's explicit association, else its VPC's main route table (shared: do not modify). */
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
    network = new IndexedNetwork(inventory);
    cache.set(inventory, network);
  }
  return network;
}

/** The id of each kind of item (functions made once, not per network). */
const idOf = {
  vpc: (v: Vpc) => v.VpcId,
  subnet: (s: Subnet) => s.SubnetId,
  routeTable: (t: RouteTable) => t.RouteTableId,
  natGateway: (g: NatGateway) => g.NatGatewayId,
  securityGroup: (g: SecurityGroup) => g.GroupId,
  instance: (i: Instance) => i.InstanceId,
};

/** Where a subnet's traffic goes, and so what it is. */
interface SubnetRouting {
  effective: EffectiveRouteTable;
  tier: Tier;
}

type ListSource =
  | 'ec2.vpcs'
  | 'ec2.subnets'
  | 'ec2.routeTables'
  | 'ec2.natGateways'
  | 'ec2.securityGroups'
  | 'ec2.instances';

/** One EC2 source's items, read on first use, and their indexes by id and by VPC, built on first use. */
class SourceIndex<T extends { VpcId?: string }> {
  private list?: T[];
  private byId?: Map<string, T>;
  private byVpc?: Map<string, T[]>;

  constructor(
    private readonly inventory: Inventory,
    private readonly key: ListSource,
    private readonly idOf: (item: T) => string | undefined,
  ) {}

  all(): T[] {
    return this.list ?? this.readAll();
  }

  private readAll(): T[] {
    this.list = read(this.inventory, this.key) as unknown as T[];
    return this.list;
  }

  /** The item with this id (of equal ids, the last). */
  get(id: string | undefined): T | undefined {
    return id ? (this.byId ?? this.indexById()).get(id) : undefined;
  }

  private indexById(): Map<string, T> {
    const map = new Map<string, T>();
    for (const item of this.all()) map.set(this.idOf(item) ?? '', item);
    this.byId = map;
    return map;
  }

  /** The VPC's items, in inventory order. */
  ofVpc(vpcId: string): T[] {
    return (this.byVpc ?? this.groupByVpc()).get(vpcId) ?? [];
  }

  private groupByVpc(): Map<string, T[]> {
    const map = new Map<string, T[]>();
    for (const item of this.all()) {
      const vpcId = item.VpcId;
      if (vpcId === undefined) continue;
      const list = map.get(vpcId);
      if (list) list.push(item);
      else map.set(vpcId, [item]);
    }
    this.byVpc = map;
    return map;
  }
}

/**
 * A class, not an object of closures: a grade builds a new network, and closures made per grade
 * are compiled again by the JIT in every grade, while methods are compiled once.
 *
 * Each index is built on first use, so a failed source breaks only the questions that need it (a
 * failed read throws and leaves the index unbuilt). The lookups, which run for every candidate,
 * call a separate `index...` method to build: a grade's SDK objects are new (parsed or copied),
 * with hidden classes of their own that die with the grade, and compiled code that read their
 * fields would be thrown away and compiled again in every grade. The builders run once per grade
 * and are not inlined into the lookups, which read only the indexes.
 */
class IndexedNetwork implements Network {
  private readonly vpcIndex: SourceIndex<Vpc>;
  private readonly subnets: SourceIndex<Subnet>;
  private readonly routeTables: SourceIndex<RouteTable>;
  private readonly natGateways: SourceIndex<NatGateway>;
  private readonly securityGroups: SourceIndex<SecurityGroup>;
  private readonly instances: SourceIndex<Instance>;
  private routing?: { explicit: Map<string, RouteTable>; main: Map<string, RouteTable> };
  private routed?: Map<Subnet, SubnetRouting>;
  private igwsByVpc?: Map<string, InternetGateway[]>;

  /**
   * A network that lives as long as the class. V8 keeps a hidden class only while some object has
   * it: without this one, the hidden classes of the networks and their indexes would die with each
   * grade's network at a full garbage collection, and the methods compiled for them would be
   * compiled again in the next grade.
   */
  static readonly lasting = new IndexedNetwork({
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    region: '',
    collectedAt: '',
    sources: {},
  });

  constructor(private readonly inventory: Inventory) {
    this.vpcIndex = new SourceIndex(inventory, 'ec2.vpcs', idOf.vpc);
    this.subnets = new SourceIndex(inventory, 'ec2.subnets', idOf.subnet);
    this.routeTables = new SourceIndex(inventory, 'ec2.routeTables', idOf.routeTable);
    this.natGateways = new SourceIndex(inventory, 'ec2.natGateways', idOf.natGateway);
    this.securityGroups = new SourceIndex(inventory, 'ec2.securityGroups', idOf.securityGroup);
    this.instances = new SourceIndex(inventory, 'ec2.instances', idOf.instance);
  }

  get vpcs(): Vpc[] {
    return this.vpcIndex.all();
  }

  vpc(id: string | undefined): Vpc | undefined {
    return this.vpcIndex.get(id);
  }

  subnet(id: string | undefined): Subnet | undefined {
    return this.subnets.get(id);
  }

  subnetsOf(vpcId: string): Subnet[] {
    return this.subnets.ofVpc(vpcId);
  }

  private associations() {
    return this.routing ?? this.indexAssociations();
  }

  private indexAssociations() {
    const explicit = new Map<string, RouteTable>();
    const main = new Map<string, RouteTable>();
    for (const table of this.routeTables.all()) {
      for (const assoc of table.Associations ?? []) {
        if (assoc.AssociationState?.State && assoc.AssociationState.State !== 'associated') continue;
        if (assoc.Main) {
          if (table.VpcId) main.set(table.VpcId, table);
        } else if (assoc.SubnetId) {
          explicit.set(assoc.SubnetId, table);
        }
      }
    }
    this.routing = { explicit, main };
    return this.routing;
  }

  mainRouteTable(vpcId: string): RouteTable | undefined {
    return this.associations().main.get(vpcId);
  }

  routeTablesOf(vpcId: string): RouteTable[] {
    return this.routeTables.ofVpc(vpcId);
  }

  /** Every subnet's effective route table and tier, in one pass, looked up by the subnet object. */
  private routingOf(subnet: Subnet): SubnetRouting {
    return (this.routed ?? this.indexRouting()).get(subnet) ?? this.route(subnet);
  }

  private indexRouting(): Map<Subnet, SubnetRouting> {
    const routed = new Map<Subnet, SubnetRouting>();
    for (const s of this.subnets.all()) routed.set(s, this.route(s));
    this.routed = routed;
    return routed;
  }

  private route(subnet: Subnet): SubnetRouting {
    const { explicit, main } = this.associations();
    const table = explicit.get(subnet.SubnetId ?? '');
    const effective: EffectiveRouteTable = table
      ? { table, explicit: true }
      : { table: main.get(subnet.VpcId ?? ''), explicit: false };
    return { effective, tier: tierFrom(subnet, effective) };
  }

  effectiveRouteTable(subnet: Subnet): EffectiveRouteTable {
    return this.routingOf(subnet).effective;
  }

  tierOf(subnet: Subnet): Tier {
    return this.routingOf(subnet).tier;
  }

  isPublic(subnetId: string | undefined): boolean {
    const subnet = this.subnet(subnetId);
    return subnet ? this.routingOf(subnet).tier === 'public' : false;
  }

  internetGatewaysOf(vpcId: string): InternetGateway[] {
    return (this.igwsByVpc ?? this.indexInternetGateways()).get(vpcId) ?? [];
  }

  private indexInternetGateways(): Map<string, InternetGateway[]> {
    const map = new Map<string, InternetGateway[]>();
    for (const igw of read(this.inventory, 'ec2.internetGateways')) {
      for (const a of igw.Attachments ?? []) {
        // Attached gateways report "available" (EC2) or "attached"; "detaching"/"detached" do not route.
        if (!a.VpcId || !ATTACHED.has(a.State ?? '')) continue;
        const list = map.get(a.VpcId) ?? [];
        list.push(igw);
        map.set(a.VpcId, list);
      }
    }
    this.igwsByVpc = map;
    return map;
  }

  natGatewaysOf(vpcId: string): NatGateway[] {
    return this.natGateways.ofVpc(vpcId);
  }

  securityGroup(id: string | undefined): SecurityGroup | undefined {
    return this.securityGroups.get(id);
  }

  securityGroupsOf(vpcId: string): SecurityGroup[] {
    return this.securityGroups.ofVpc(vpcId);
  }

  instancesOf(vpcId: string): Instance[] {
    return this.instances.ofVpc(vpcId);
  }
}

/** Public by routing: the effective route table sends 0.0.0.0/0 to an internet gateway. */
function tierFrom(subnet: Subnet, effective: EffectiveRouteTable): Tier {
  const route = defaultRoute(effective.table);
  return isInternetGatewayId(route?.GatewayId) || isUnroutedDefaultSubnet(subnet, effective) ? 'public' : 'private';
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
  if (name) {
    const tier = tierInText(name, patterns);
    if (tier) return tier;
  }
  // Other tags (Tier=public, a CloudFormation logical id "PublicSubnet1"), but not stack-wide ones.
  for (const tag of tags ?? []) {
    if (!tag.Key || !tag.Value || tag.Key === 'Name') continue;
    if (tag.Key.startsWith('aws:') && tag.Key !== 'aws:cloudformation:logical-id') continue;
    const tier = tierInText(tag.Value, patterns);
    if (tier) return tier;
  }
  return undefined;
}

/** The tier a name or tag value says, when it matches one pattern only. */
function tierInText(value: string, patterns: { public: RegExp; private: RegExp }): Tier | undefined {
  const pub = patterns.public.test(value);
  const priv = patterns.private.test(value);
  if (pub === priv) return undefined;
  return pub ? 'public' : 'private';
}
