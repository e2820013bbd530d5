/**
 * What the VPC lab grades (one VPC of the account) and the views of it several checks share, all
 * derived from the memoized network and computed once per inventory and VPC.
 */
import type { Instance, NatGateway, SecurityGroup, Subnet, Vpc } from '@aws-sdk/client-ec2';
import { type Inventory, read } from '../../inventory.js';
import { defineCheck, type Localized } from '../../model.js';
import {
  instanceGroupIds,
  intendedTier,
  isOpenToWorld,
  label,
  type Network,
  networkOf,
  type Tier,
} from '../../network.js';
import type { VpcParams } from './params.js';

/** What the VPC lab grades: one VPC of the account. */
export interface VpcTarget {
  vpc: Vpc;
  vpcId: string;
}

/** A tier's name in Korean messages (English messages name the tier as it is). */
export const TIER_KO: Record<Tier, string> = { public: '퍼블릭', private: '프라이빗' };

/** A check built for one tier (vpc.public-subnets, vpc.web-instance...): its literal id, tier, title and hint. */
export interface TierCheckSpec {
  id: string;
  tier: Tier;
  title: Localized;
  hint: Localized;
}

export function net(inventory: Inventory): Network {
  return networkOf(inventory);
}

export type Intended = { named: boolean } & Record<Tier, Subnet[]>;

/** The lab's resources in order (the VPC, its subnets, route tables, gateways, groups, instances) and those without a Name tag. */
export type LabResources = { ids: string[]; unnamed: string[] };

/**
 * What several checks derive from one candidate VPC, computed once per inventory and VPC: the
 * engine grades every candidate through every check, so a large account asks for each of these
 * four or five times per candidate. Views that depend on the parameters keep the parameters
 * object they were computed with. Shared: checks must not modify them.
 */
export interface VpcView {
  byTier?: Record<Tier, Subnet[]>;
  live?: Instance[];
  liveByTier?: Record<Tier, Instance[]>;
  resources?: LabResources;
  intended?: { p: VpcParams; value: Intended };
  webOpen?: { p: VpcParams; value: SecurityGroup[] };
}

export function viewOf(t: VpcTarget, inventory: Inventory): VpcView {
  const { byVpc } = accountOf(inventory);
  let view = byVpc.get(t.vpcId);
  if (!view) {
    // Every field from the start: an object literal's hidden class lasts as long as the code that
    // makes it, while one that grows field by field gets classes that die with the grade's views,
    // and the code compiled for them would be compiled again in every grade.
    view = {
      byTier: undefined,
      live: undefined,
      liveByTier: undefined,
      resources: undefined,
      intended: undefined,
      webOpen: undefined,
    };
    byVpc.set(t.vpcId, view);
  }
  return view;
}

export function subnetsByTier(t: VpcTarget, inventory: Inventory): Record<Tier, Subnet[]> {
  const view = viewOf(t, inventory);
  if (!view.byTier) {
    const n = net(inventory);
    const result: Record<Tier, Subnet[]> = { public: [], private: [] };
    for (const s of n.subnetsOf(t.vpcId)) result[n.tierOf(s)].push(s);
    view.byTier = result;
  }
  return view.byTier;
}

export function azsOf(subnets: Subnet[]): string[] {
  return [...new Set(subnets.map((s) => s.AvailabilityZone ?? '?'))].sort();
}

export function ids(subnets: { SubnetId?: string }[]): string[] {
  return subnets.map((s) => s.SubnetId ?? '');
}

export function subnetLabels(subnets: Subnet[]): string {
  return subnets.map((s) => label(s.SubnetId, s.Tags)).join(', ');
}

export function patterns(p: VpcParams) {
  return { public: new RegExp(p.publicNamePattern, 'i'), private: new RegExp(p.privateNamePattern, 'i') };
}

/** Subnets the student meant as public / private; `named` is false when no subnet is named either way. */
export function intended(t: VpcTarget, p: VpcParams, inventory: Inventory): Intended {
  const view = viewOf(t, inventory);
  if (view.intended?.p === p) return view.intended.value;
  const pats = patterns(p);
  const result = { named: false, public: [] as Subnet[], private: [] as Subnet[] };
  for (const s of net(inventory).subnetsOf(t.vpcId)) {
    const tier = intendedTier(s.Tags, pats);
    if (tier) {
      result.named = true;
      result[tier].push(s);
    }
  }
  view.intended = { p, value: result };
  return result;
}

/** The subnets `vpc.public-route` / `vpc.private-route` judge: by intent, else by routing. */
export function judgedSubnets(
  t: VpcTarget,
  p: VpcParams,
  inventory: Inventory,
  tier: Tier,
): { subnets: Subnet[]; byIntent: boolean } {
  const meant = intended(t, p, inventory);
  if (meant.named && meant[tier].length > 0) return { subnets: meant[tier], byIntent: true };
  return { subnets: subnetsByTier(t, inventory)[tier], byIntent: false };
}

/**
 * What the views derive for every VPC of the account at once, in one pass per grade. A grade's
 * instances and groups are new objects (parsed or copied), and compiled code that reads their
 * fields is compiled again for each grade's objects: read by functions that run once per grade,
 * they leave the code that runs for every candidate reading only these lists and maps.
 */
interface AccountView {
  byVpc: Map<string, VpcView>;
  /** Each VPC's live instances (not terminated or shutting down), in inventory order. */
  live: Map<string, Instance[]> | undefined;
  /** Each live instance's security groups (`instanceGroupIds`). */
  groups: Map<Instance, string[]> | undefined;
  /** Each VPC's live instances by tier. */
  liveByTier: Map<string, Record<Tier, Instance[]>> | undefined;
  /** What stopped a VPC's tiers from being known (an unreadable subnet or route table source). */
  tierFailures: Map<string, unknown> | undefined;
  webOpen: { p: VpcParams; value: Map<string, SecurityGroup[]> } | undefined;
}

/** Per inventory: the views of each VPC, and what is derived for all of them at once. */
export const views = new WeakMap<Inventory, AccountView>();

function accountOf(inventory: Inventory): AccountView {
  let account = views.get(inventory);
  if (!account) {
    account = {
      byVpc: new Map(),
      live: undefined,
      groups: undefined,
      liveByTier: undefined,
      tierFailures: undefined,
      webOpen: undefined,
    };
    views.set(inventory, account);
  }
  return account;
}

function indexLive(inventory: Inventory): Map<string, Instance[]> {
  const live = new Map<string, Instance[]>();
  const groups = new Map<Instance, string[]>();
  for (const i of read(inventory, 'ec2.instances')) {
    if (i.VpcId === undefined || i.State?.Name === 'terminated' || i.State?.Name === 'shutting-down') continue;
    const list = live.get(i.VpcId);
    if (list) list.push(i);
    else live.set(i.VpcId, [i]);
    groups.set(i, instanceGroupIds(i));
  }
  const account = accountOf(inventory);
  account.groups = groups;
  account.live = live;
  return live;
}

export function liveInstances(t: VpcTarget, inventory: Inventory): Instance[] {
  const view = viewOf(t, inventory);
  view.live ??= (accountOf(inventory).live ?? indexLive(inventory)).get(t.vpcId) ?? [];
  return view.live;
}

/** A live instance's security groups (shared: do not modify). */
export function groupsOf(instance: Instance, inventory: Inventory): string[] {
  return accountOf(inventory).groups?.get(instance) ?? instanceGroupIds(instance);
}

function indexLiveByTier(inventory: Inventory): Map<string, Record<Tier, Instance[]>> {
  const n = net(inventory);
  const byVpc = new Map<string, Record<Tier, Instance[]>>();
  const failures = new Map<string, unknown>();
  for (const [vpcId, live] of accountOf(inventory).live ?? indexLive(inventory)) {
    // A VPC's tiers fail as its own lookups would (an unreadable subnet or route table source).
    try {
      const result: Record<Tier, Instance[]> = { public: [], private: [] };
      for (const i of live) result[n.isPublic(i.SubnetId) ? 'public' : 'private'].push(i);
      byVpc.set(vpcId, result);
    } catch (err) {
      failures.set(vpcId, err);
    }
  }
  const account = accountOf(inventory);
  account.tierFailures = failures;
  account.liveByTier = byVpc;
  return byVpc;
}

/** The live instances by the tier of their subnet (by routing), each list in inventory order. */
export function liveByTier(t: VpcTarget, inventory: Inventory): Record<Tier, Instance[]> {
  const view = viewOf(t, inventory);
  if (!view.liveByTier) {
    const account = accountOf(inventory);
    const known = (account.liveByTier ?? indexLiveByTier(inventory)).get(t.vpcId);
    if (account.tierFailures?.has(t.vpcId)) throw account.tierFailures.get(t.vpcId);
    view.liveByTier = known ?? { public: [], private: [] };
  }
  return view.liveByTier;
}

export function liveNats(t: VpcTarget, inventory: Inventory): NatGateway[] {
  return net(inventory)
    .natGatewaysOf(t.vpcId)
    .filter((g) => g.State !== 'deleted' && g.State !== 'deleting' && g.State !== 'failed');
}

function indexWebOpen(inventory: Inventory, p: VpcParams): Map<string, SecurityGroup[]> {
  const open = new Map<string, SecurityGroup[]>();
  for (const sg of read(inventory, 'ec2.securityGroups')) {
    if (sg.VpcId === undefined || !isOpenToWorld(sg, p.webPorts)) continue;
    const list = open.get(sg.VpcId);
    if (list) list.push(sg);
    else open.set(sg.VpcId, [sg]);
  }
  accountOf(inventory).webOpen = { p, value: open };
  return open;
}

/** The VPC's groups that admit a web port (HTTP/HTTPS) from anywhere. */
export function webOpenGroups(t: VpcTarget, p: VpcParams, inventory: Inventory): SecurityGroup[] {
  const view = viewOf(t, inventory);
  if (view.webOpen?.p === p) return view.webOpen.value;
  const account = accountOf(inventory);
  const byVpc = account.webOpen?.p === p ? account.webOpen.value : indexWebOpen(inventory, p);
  const open = byVpc.get(t.vpcId) ?? [];
  view.webOpen = { p, value: open };
  return open;
}

/** Web tier: groups on instances in public subnets, and groups that admit HTTP/HTTPS from anywhere. */
export function webTierGroups(t: VpcTarget, p: VpcParams, inventory: Inventory): Set<string> {
  const groups = new Set<string>();
  for (const i of liveByTier(t, inventory).public) for (const g of groupsOf(i, inventory)) groups.add(g);
  for (const sg of webOpenGroups(t, p, inventory)) if (sg.GroupId) groups.add(sg.GroupId);
  return groups;
}

/**
 * A message made only when it is read. The engine reads the messages of the reported candidate
 * only, so a pass message that lists dozens of resources costs nothing for the other candidates.
 * `make` must read only what no check modifies afterwards (the memoized views, its own locals).
 */
export function lazyText(make: () => Localized): Localized {
  let made: Localized | undefined;
  return {
    get en() {
      made ??= make();
      return made.en;
    },
    get ko() {
      made ??= make();
      return made.ko;
    },
  };
}

/** Types a check of the VPC lab (`vpc.exists` is judged without a target, the others with one). */
export const vpcCheck = defineCheck<VpcTarget, VpcParams>;
