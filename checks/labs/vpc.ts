/**
 * The VPC lab (module 3: networking): a VPC with public and private subnets in two AZs, an
 * internet gateway, a NAT gateway, security-group chaining, and a web and an app instance.
 *
 * Whether a subnet is public is decided by routing (checks/network.ts); names and tags are the
 * student's intent, compared with routing by `vpc.intent`.
 */
import type { Instance, NatGateway, RouteTable, SecurityGroup, Subnet, Vpc } from '@aws-sdk/client-ec2';
import * as z from 'zod';
import { type Inventory, read, SourceUnavailableError, tryRead } from '../inventory.js';
import { type CheckDefinition, fail, joinText, type LabDefinition, type Localized, pass, text } from '../model.js';
import {
  admission,
  cidrContains,
  cidrsOverlap,
  defaultRoute,
  instanceGroupIds,
  intendedTier,
  isInternetGatewayId,
  isNatGatewayId,
  isOpenToWorld,
  isPrivateRange,
  isRunning,
  label,
  type Network,
  nameOf,
  networkOf,
  openToWorld,
  parseCidr,
  publicIpOf,
  routeTarget,
  sgLabel,
  type Tier,
} from '../network.js';
import { regexParam } from '../params.js';

export const vpcParams = z.object({
  /** The VPC the course names; otherwise the best-scoring non-default VPC is graded. */
  vpcId: z
    .string()
    .regex(/^vpc-[0-9a-f]+$/)
    .optional(),
  /** Required prefix length of the VPC CIDR; null accepts any size. */
  vpcPrefixLength: z.number().int().min(16).max(28).nullable().default(16),
  minPublicSubnets: z.number().int().min(1).default(2),
  minPrivateSubnets: z.number().int().min(1).default(2),
  minAzs: z.number().int().min(1).default(2),
  /** Names or tags that say a subnet is meant to be public / private (case-insensitive regex). */
  publicNamePattern: regexParam.default('pub(lic)?|퍼블릭|공개'),
  privateNamePattern: regexParam.default('priv(ate)?|프라이빗|사설|isolated'),
  /** Ports of the web tier (HTTP, HTTPS). */
  webPorts: z.array(z.number().int().min(0).max(65535)).min(1).default([80, 443]),
  /** Administration ports that must never be open to the world (SSH, RDP). */
  adminPorts: z.array(z.number().int().min(0).max(65535)).default([22, 3389]),
});
export type VpcParams = z.infer<typeof vpcParams>;

/** What the VPC lab grades: one VPC of the account. */
export interface VpcTarget {
  vpc: Vpc;
  vpcId: string;
}

// ---------------------------------------------------------------------------------------------
// Views of the graded VPC shared by several checks (all derived from the memoized network).

function net(inventory: Inventory): Network {
  return networkOf(inventory);
}

type Intended = { named: boolean } & Record<Tier, Subnet[]>;
type LabResource = { id: string; tags: { Key?: string; Value?: string }[] | undefined };

/**
 * What several checks derive from one candidate VPC, computed once per inventory and VPC: the
 * engine grades every candidate through every check, so a large account asks for each of these
 * four or five times per candidate. Views that depend on the parameters keep the parameters
 * object they were computed with. Shared: checks must not modify them.
 */
interface VpcView {
  byTier?: Record<Tier, Subnet[]>;
  live?: Instance[];
  resources?: LabResource[];
  intended?: { p: VpcParams; value: Intended };
  webOpen?: { p: VpcParams; value: SecurityGroup[] };
}

const views = new WeakMap<Inventory, Map<string, VpcView>>();

function viewOf(t: VpcTarget, inventory: Inventory): VpcView {
  let byVpc = views.get(inventory);
  if (!byVpc) {
    byVpc = new Map();
    views.set(inventory, byVpc);
  }
  let view = byVpc.get(t.vpcId);
  if (!view) {
    view = {};
    byVpc.set(t.vpcId, view);
  }
  return view;
}

function subnetsByTier(t: VpcTarget, inventory: Inventory): Record<Tier, Subnet[]> {
  const view = viewOf(t, inventory);
  if (!view.byTier) {
    const n = net(inventory);
    const result: Record<Tier, Subnet[]> = { public: [], private: [] };
    for (const s of n.subnetsOf(t.vpcId)) result[n.tierOf(s)].push(s);
    view.byTier = result;
  }
  return view.byTier;
}

function azsOf(subnets: Subnet[]): string[] {
  return [...new Set(subnets.map((s) => s.AvailabilityZone ?? '?'))].sort();
}

function ids(subnets: { SubnetId?: string }[]): string[] {
  return subnets.map((s) => s.SubnetId ?? '');
}

function subnetLabels(subnets: Subnet[]): string {
  return subnets.map((s) => label(s.SubnetId, s.Tags)).join(', ');
}

function patterns(p: VpcParams) {
  return { public: new RegExp(p.publicNamePattern, 'i'), private: new RegExp(p.privateNamePattern, 'i') };
}

/** Subnets the student meant as public / private; `named` is false when no subnet is named either way. */
function intended(t: VpcTarget, p: VpcParams, inventory: Inventory): Intended {
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
function judgedSubnets(
  t: VpcTarget,
  p: VpcParams,
  inventory: Inventory,
  tier: Tier,
): { subnets: Subnet[]; byIntent: boolean } {
  const meant = intended(t, p, inventory);
  if (meant.named && meant[tier].length > 0) return { subnets: meant[tier], byIntent: true };
  return { subnets: subnetsByTier(t, inventory)[tier], byIntent: false };
}

/** Where a subnet's 0.0.0.0/0 goes, in words, for messages. */
function describeRouting(subnet: Subnet, inventory: Inventory): { table: RouteTable | undefined; text: Localized } {
  const { table, explicit } = net(inventory).effectiveRouteTable(subnet);
  const sub = label(subnet.SubnetId, subnet.Tags);
  if (!table) {
    return {
      table,
      text: text(
        `${sub} has no route table (no association and no main route table)`,
        `${sub}에 라우팅 테이블이 없습니다`,
      ),
    };
  }
  const which = explicit
    ? text(
        `route table ${label(table.RouteTableId, table.Tags)}`,
        `라우팅 테이블 ${label(table.RouteTableId, table.Tags)}`,
      )
    : text(
        `the VPC's main route table ${table.RouteTableId} (no explicit subnet association)`,
        `명시적 서브넷 연결이 없어 VPC의 기본(main) 라우팅 테이블 ${table.RouteTableId}`,
      );
  const blackhole = table.Routes?.find((r) => r.DestinationCidrBlock === '0.0.0.0/0' && r.State === 'blackhole');
  const route = defaultRoute(table);
  if (!route) {
    if (blackhole) {
      const target = routeTarget(blackhole);
      return {
        table,
        text: text(
          `${sub} uses ${which.en}, whose 0.0.0.0/0 route to ${target} is a blackhole (the target no longer exists or is detached)`,
          `${sub}은(는) ${which.ko}을(를) 사용하며, 0.0.0.0/0 → ${target} 경로가 blackhole 상태입니다(대상이 없거나 분리됨)`,
        ),
      };
    }
    return {
      table,
      text: text(
        `${sub} uses ${which.en}, which has no 0.0.0.0/0 route`,
        `${sub}은(는) ${which.ko}을(를) 사용하며, 0.0.0.0/0 경로가 없습니다`,
      ),
    };
  }
  const target = routeTarget(route) ?? '?';
  return {
    table,
    text: text(
      `${sub} uses ${which.en}, which sends 0.0.0.0/0 to ${target}`,
      `${sub}은(는) ${which.ko}을(를) 사용하며, 0.0.0.0/0을 ${target}(으)로 보냅니다`,
    ),
  };
}

/** Why nothing is public: the root cause in words. */
function whyNoPublic(t: VpcTarget, inventory: Inventory): Localized {
  const n = net(inventory);
  const igws = n.internetGatewaysOf(t.vpcId);
  if (igws.length === 0) {
    return text(
      `no internet gateway is attached to ${t.vpcId}, so no subnet can be public`,
      `${t.vpcId}에 연결된 인터넷 게이트웨이가 없어 퍼블릭 서브넷이 될 수 없습니다`,
    );
  }
  const igw = igws[0]?.InternetGatewayId;
  const tables = new Map<string, RouteTable>();
  for (const s of n.subnetsOf(t.vpcId)) {
    const table = n.effectiveRouteTable(s).table;
    if (table?.RouteTableId) tables.set(table.RouteTableId, table);
  }
  const list = [...tables.keys()].join(', ') || '(none)';
  return text(
    `no route table used by its subnets (${list}) has a 0.0.0.0/0 route to ${igw}`,
    `서브넷이 사용하는 라우팅 테이블(${list}) 중 0.0.0.0/0 → ${igw} 경로를 가진 것이 없습니다`,
  );
}

function liveInstances(t: VpcTarget, inventory: Inventory): Instance[] {
  const view = viewOf(t, inventory);
  view.live ??= net(inventory)
    .instancesOf(t.vpcId)
    .filter((i) => i.State?.Name !== 'terminated' && i.State?.Name !== 'shutting-down');
  return view.live;
}

function liveNats(t: VpcTarget, inventory: Inventory): NatGateway[] {
  return net(inventory)
    .natGatewaysOf(t.vpcId)
    .filter((g) => g.State !== 'deleted' && g.State !== 'deleting' && g.State !== 'failed');
}

/** The VPC's groups that admit a web port (HTTP/HTTPS) from anywhere. */
function webOpenGroups(t: VpcTarget, p: VpcParams, inventory: Inventory): SecurityGroup[] {
  const view = viewOf(t, inventory);
  if (view.webOpen?.p === p) return view.webOpen.value;
  const open = net(inventory)
    .securityGroupsOf(t.vpcId)
    .filter((sg) => isOpenToWorld(sg, p.webPorts));
  view.webOpen = { p, value: open };
  return open;
}

/** Web tier: groups on instances in public subnets, and groups that admit HTTP/HTTPS from anywhere. */
function webTierGroups(t: VpcTarget, p: VpcParams, inventory: Inventory): Set<string> {
  const n = net(inventory);
  const groups = new Set<string>();
  for (const i of liveInstances(t, inventory)) {
    if (n.isPublic(i.SubnetId)) for (const g of instanceGroupIds(i)) groups.add(g);
  }
  for (const sg of webOpenGroups(t, p, inventory)) if (sg.GroupId) groups.add(sg.GroupId);
  return groups;
}

// ---------------------------------------------------------------------------------------------
// The checks

type VpcCheck = CheckDefinition<VpcTarget, VpcParams>;

const exists: VpcCheck = {
  id: 'vpc.exists',
  judgedWithoutTarget: true,
  title: text('A lab VPC exists with a private CIDR', '사설 IP 대역의 실습용 VPC가 있음'),
  points: 5,
  hint: text(
    'Create your own VPC (not the default one) with a private IPv4 range such as 10.0.0.0/16.',
    '기본 VPC가 아닌 새 VPC를 만들고, 10.0.0.0/16 같은 사설 IP 대역(CIDR)을 지정하세요.',
  ),
  evaluate(t, p, inventory) {
    if (!t && p.vpcId) {
      return fail(
        text(
          `The course names VPC ${p.vpcId}, which does not exist in ${inventory.region}.`,
          `과정에서 지정한 VPC ${p.vpcId}가 ${inventory.region}에 없습니다.`,
        ),
        [p.vpcId],
      );
    }
    if (!t) {
      const defaults = read(inventory, 'ec2.vpcs')
        .filter((v) => v.IsDefault)
        .map((v) => v.VpcId ?? '');
      return fail(
        text(
          `No VPC other than the default VPC exists in ${inventory.region}${defaults.length ? ` (default: ${defaults.join(', ')})` : ''}.`,
          `${inventory.region} 리전에 기본 VPC 외의 VPC가 없습니다${defaults.length ? ` (기본 VPC: ${defaults.join(', ')})` : ''}.`,
        ),
        defaults,
      );
    }
    const vpc = label(t.vpcId, t.vpc.Tags);
    const cidr = parseCidr(t.vpc.CidrBlock);
    if (!cidr) {
      return fail(text(`VPC ${vpc} has no IPv4 CIDR block.`, `VPC ${vpc}에 IPv4 CIDR 블록이 없습니다.`), [t.vpcId]);
    }
    if (!isPrivateRange(cidr)) {
      return fail(
        text(
          `VPC ${vpc} uses ${t.vpc.CidrBlock}, which is not a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16).`,
          `VPC ${vpc}의 CIDR ${t.vpc.CidrBlock}은(는) 사설 IP 대역(10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)이 아닙니다.`,
        ),
        [t.vpcId],
      );
    }
    if (p.vpcPrefixLength !== null && cidr.prefix !== p.vpcPrefixLength) {
      return fail(
        text(
          `VPC ${vpc} uses ${t.vpc.CidrBlock}; the lab expects a /${p.vpcPrefixLength}.`,
          `VPC ${vpc}의 CIDR은 ${t.vpc.CidrBlock}입니다. 실습에서는 /${p.vpcPrefixLength} 대역을 사용합니다.`,
        ),
        [t.vpcId],
      );
    }
    return pass(text(`VPC ${vpc} uses ${t.vpc.CidrBlock}.`, `VPC ${vpc}의 CIDR은 ${t.vpc.CidrBlock}입니다.`), [
      t.vpcId,
    ]);
  },
};

const dns: VpcCheck = {
  id: 'vpc.dns',
  title: text('DNS resolution and DNS hostnames are on', 'DNS 확인 및 DNS 호스트 이름 활성화'),
  points: 5,
  hint: text(
    'In the VPC settings, enable both DNS resolution and DNS hostnames so instances get DNS names.',
    'VPC 설정 편집에서 DNS 확인(DNS resolution)과 DNS 호스트 이름(DNS hostnames)을 모두 활성화하세요.',
  ),
  evaluate(t, _p, inventory) {
    const attrs = read(inventory, 'ec2.vpcDnsAttributes')[t.vpcId];
    const vpc = label(t.vpcId, t.vpc.Tags);
    if (!attrs) {
      throw new SourceUnavailableError(
        'ec2.vpcDnsAttributes',
        'NotCollected',
        `the DNS attributes of ${t.vpcId} were not read`,
      );
    }
    const off = [
      attrs.enableDnsSupport !== true ? 'enableDnsSupport' : undefined,
      attrs.enableDnsHostnames !== true ? 'enableDnsHostnames' : undefined,
    ].filter((x): x is string => x !== undefined);
    if (off.length > 0) {
      return fail(
        text(
          `VPC ${vpc} has ${off.join(' and ')} off; both must be on.`,
          `VPC ${vpc}의 ${off.join(', ')} 설정이 꺼져 있습니다. 둘 다 켜야 합니다.`,
        ),
        [t.vpcId],
      );
    }
    return pass(
      text(
        `VPC ${vpc} has DNS resolution and DNS hostnames on.`,
        `VPC ${vpc}의 DNS 확인과 DNS 호스트 이름이 켜져 있습니다.`,
      ),
      [t.vpcId],
    );
  },
};

function tierCountCheck(tier: Tier): VpcCheck {
  const minKey = tier === 'public' ? 'minPublicSubnets' : 'minPrivateSubnets';
  const tierKo = tier === 'public' ? '퍼블릭' : '프라이빗';
  return {
    id: `vpc.${tier}-subnets`,
    title:
      tier === 'public'
        ? text('Public subnets in two AZs', '두 가용 영역에 퍼블릭 서브넷')
        : text('Private subnets in two AZs', '두 가용 영역에 프라이빗 서브넷'),
    points: 10,
    hint:
      tier === 'public'
        ? text(
            'A subnet is public when its route table sends 0.0.0.0/0 to an internet gateway. Create one per AZ and associate them with a public route table.',
            '서브넷은 라우팅 테이블에 0.0.0.0/0 → 인터넷 게이트웨이 경로가 있을 때 퍼블릭 서브넷입니다. 가용 영역마다 하나씩 만들고 퍼블릭 라우팅 테이블에 서브넷 연결을 하세요.',
          )
        : text(
            'A subnet is private when its route table has no route to an internet gateway. Create one per AZ for the app tier.',
            '라우팅 테이블에 인터넷 게이트웨이로 가는 경로가 없으면 프라이빗 서브넷입니다. 앱 계층용으로 가용 영역마다 하나씩 만드세요.',
          ),
    evaluate(t, p, inventory) {
      const subnets = subnetsByTier(t, inventory)[tier];
      const azs = azsOf(subnets);
      const min = p[minKey];
      const found = subnets.length ? subnetLabels(subnets) : '';
      if (subnets.length >= min && azs.length >= p.minAzs) {
        return pass(
          text(
            `${subnets.length} ${tier} subnets in ${azs.join(', ')}: ${found}.`,
            `${tierKo} 서브넷 ${subnets.length}개 (${azs.join(', ')}): ${found}.`,
          ),
          ids(subnets),
        );
      }
      if (subnets.length === 0) {
        const why =
          tier === 'public'
            ? whyNoPublic(t, inventory)
            : text(
                `every subnet of ${t.vpcId} routes 0.0.0.0/0 to an internet gateway`,
                `${t.vpcId}의 모든 서브넷이 0.0.0.0/0을 인터넷 게이트웨이로 보냅니다`,
              );
        const none = net(inventory).subnetsOf(t.vpcId).length === 0;
        return fail(
          none
            ? text(`VPC ${t.vpcId} has no subnets.`, `VPC ${t.vpcId}에 서브넷이 없습니다.`)
            : text(`No subnet is ${tier}: ${why.en}.`, `${tierKo} 서브넷이 없습니다: ${why.ko}.`),
          [t.vpcId],
        );
      }
      return fail(
        text(
          `Expected at least ${min} ${tier} subnets in at least ${p.minAzs} AZs; found ${subnets.length} in ${azs.join(', ')}: ${found}.`,
          `${tierKo} 서브넷이 최소 ${p.minAzs}개 가용 영역에 ${min}개 이상 필요하지만, ${azs.join(', ')}에 ${subnets.length}개뿐입니다: ${found}.`,
        ),
        ids(subnets),
      );
    },
  };
}

const subnetCidrs: VpcCheck = {
  id: 'vpc.subnet-cidrs',
  title: text('Subnet CIDRs fit the VPC and do not overlap', '서브넷 CIDR이 VPC 안에 있고 겹치지 않음'),
  points: 5,
  hint: text(
    'Each subnet takes a distinct slice of the VPC range, e.g. 10.0.1.0/24, 10.0.2.0/24.',
    '각 서브넷은 VPC 대역의 서로 다른 일부를 사용해야 합니다(예: 10.0.1.0/24, 10.0.2.0/24).',
  ),
  evaluate(t, _p, inventory) {
    const subnets = net(inventory).subnetsOf(t.vpcId);
    if (subnets.length === 0)
      return fail(text(`VPC ${t.vpcId} has no subnets.`, `VPC ${t.vpcId}에 서브넷이 없습니다.`), [t.vpcId]);
    const vpcCidrs = [
      t.vpc.CidrBlock,
      ...(t.vpc.CidrBlockAssociationSet ?? [])
        .filter((a) => !a.CidrBlockState?.State || a.CidrBlockState.State === 'associated')
        .map((a) => a.CidrBlock),
    ]
      .map(parseCidr)
      .filter((c) => c !== undefined);
    const problems: Localized[] = [];
    const evidence = new Set<string>();
    const parsed = subnets.map((s) => ({ s, c: parseCidr(s.CidrBlock) }));
    for (const { s, c } of parsed) {
      if (!c || !vpcCidrs.some((v) => cidrContains(v, c))) {
        problems.push(
          text(
            `${label(s.SubnetId, s.Tags)} (${s.CidrBlock}) is outside the VPC range ${t.vpc.CidrBlock}`,
            `${label(s.SubnetId, s.Tags)}(${s.CidrBlock})이(가) VPC 대역 ${t.vpc.CidrBlock} 밖에 있습니다`,
          ),
        );
        evidence.add(s.SubnetId ?? '');
      }
    }
    // Sorted by base address, overlapping ranges are neighbours: linear after the sort.
    const sorted = parsed.filter((x) => x.c).sort((a, b) => (a.c?.base ?? 0) - (b.c?.base ?? 0));
    for (let i = 1; i < sorted.length; i++) {
      const a = sorted[i - 1];
      const b = sorted[i];
      if (a?.c && b?.c && cidrsOverlap(a.c, b.c)) {
        problems.push(
          text(
            `${a.s.SubnetId} (${a.s.CidrBlock}) overlaps ${b.s.SubnetId} (${b.s.CidrBlock})`,
            `${a.s.SubnetId}(${a.s.CidrBlock})와 ${b.s.SubnetId}(${b.s.CidrBlock})의 대역이 겹칩니다`,
          ),
        );
        evidence.add(a.s.SubnetId ?? '');
        evidence.add(b.s.SubnetId ?? '');
      }
    }
    if (problems.length > 0) return fail(joinText(problems), [...evidence]);
    return pass(
      text(
        `All ${subnets.length} subnets lie inside ${t.vpc.CidrBlock} without overlap.`,
        `서브넷 ${subnets.length}개가 모두 ${t.vpc.CidrBlock} 안에 겹치지 않게 있습니다.`,
      ),
      ids(subnets),
    );
  },
};

const publicIp: VpcCheck = {
  id: 'vpc.public-ip',
  title: text('Public subnets auto-assign public IPv4 addresses', '퍼블릭 서브넷의 퍼블릭 IPv4 자동 할당'),
  points: 5,
  hint: text(
    "Edit the public subnets' settings and enable auto-assign public IPv4 address, so instances launched there are reachable.",
    '퍼블릭 서브넷의 설정 편집에서 퍼블릭 IPv4 주소 자동 할당을 활성화하세요. 그래야 그곳의 인스턴스가 인터넷에서 접근 가능합니다.',
  ),
  evaluate(t, _p, inventory) {
    const publics = subnetsByTier(t, inventory).public;
    if (publics.length === 0) {
      return fail(
        text(
          `No subnet is public: ${whyNoPublic(t, inventory).en}.`,
          `퍼블릭 서브넷이 없습니다: ${whyNoPublic(t, inventory).ko}.`,
        ),
        [t.vpcId],
      );
    }
    const off = publics.filter((s) => s.MapPublicIpOnLaunch !== true);
    if (off.length > 0) {
      return fail(
        text(
          `Public subnet(s) ${subnetLabels(off)} do not auto-assign public IPv4 addresses (MapPublicIpOnLaunch is off).`,
          `퍼블릭 서브넷 ${subnetLabels(off)}에서 퍼블릭 IPv4 자동 할당이 꺼져 있습니다.`,
        ),
        ids(off),
      );
    }
    return pass(
      text(
        `Public subnets ${subnetLabels(publics)} auto-assign public IPv4 addresses.`,
        `퍼블릭 서브넷 ${subnetLabels(publics)}에서 퍼블릭 IPv4 자동 할당이 켜져 있습니다.`,
      ),
      ids(publics),
    );
  },
};

const igw: VpcCheck = {
  id: 'vpc.igw',
  title: text('An internet gateway is attached', '인터넷 게이트웨이 연결'),
  points: 5,
  hint: text(
    "Create an internet gateway and attach it to your VPC: it is the VPC's door to the internet.",
    '인터넷 게이트웨이를 생성한 뒤 VPC에 연결(attach)하세요. VPC가 인터넷과 통신하는 출입구입니다.',
  ),
  evaluate(t, _p, inventory) {
    const attached = net(inventory).internetGatewaysOf(t.vpcId);
    if (attached.length > 0) {
      const names = attached.map((g) => label(g.InternetGatewayId, g.Tags)).join(', ');
      return pass(
        text(
          `Internet gateway ${names} is attached to ${t.vpcId}.`,
          `인터넷 게이트웨이 ${names}이(가) ${t.vpcId}에 연결되어 있습니다.`,
        ),
        [...attached.map((g) => g.InternetGatewayId ?? ''), t.vpcId],
      );
    }
    const detached = read(inventory, 'ec2.internetGateways').filter(
      (g) => !(g.Attachments ?? []).some((a) => a.VpcId && a.State !== 'detached'),
    );
    if (detached.length > 0) {
      const names = detached.map((g) => label(g.InternetGatewayId, g.Tags)).join(', ');
      return fail(
        text(
          `No internet gateway is attached to ${t.vpcId}; ${names} exists but is not attached to any VPC.`,
          `${t.vpcId}에 연결된 인터넷 게이트웨이가 없습니다. ${names}이(가) 있지만 어떤 VPC에도 연결되어 있지 않습니다.`,
        ),
        [t.vpcId, ...detached.map((g) => g.InternetGatewayId ?? '')],
      );
    }
    return fail(
      text(`No internet gateway is attached to ${t.vpcId}.`, `${t.vpcId}에 연결된 인터넷 게이트웨이가 없습니다.`),
      [t.vpcId],
    );
  },
};

const publicRoute: VpcCheck = {
  id: 'vpc.public-route',
  title: text('Public subnets route 0.0.0.0/0 to the internet gateway', '퍼블릭 서브넷 → 인터넷 게이트웨이 라우팅'),
  points: 10,
  hint: text(
    'Give the public subnets a route table with 0.0.0.0/0 → the internet gateway, and associate the subnets with it (subnet association).',
    '퍼블릭 라우팅 테이블에 0.0.0.0/0 → 인터넷 게이트웨이 경로를 추가하고, 퍼블릭 서브넷을 그 테이블에 서브넷 연결하세요.',
  ),
  evaluate(t, p, inventory) {
    const n = net(inventory);
    const { subnets, byIntent } = judgedSubnets(t, p, inventory, 'public');
    const igws = new Set(n.internetGatewaysOf(t.vpcId).map((g) => g.InternetGatewayId ?? ''));
    if (subnets.length === 0) {
      return fail(
        text(
          `No subnet is public: ${whyNoPublic(t, inventory).en}.`,
          `퍼블릭 서브넷이 없습니다: ${whyNoPublic(t, inventory).ko}.`,
        ),
        [t.vpcId],
      );
    }
    const bad: Localized[] = [];
    const evidence: string[] = [];
    for (const s of subnets) {
      const { table } = n.effectiveRouteTable(s);
      evidence.push(s.SubnetId ?? '', table?.RouteTableId ?? '');
      const target = defaultRoute(table)?.GatewayId;
      // The routing is put in words only for a subnet that fails (most pass).
      if (!(isInternetGatewayId(target) && igws.has(target ?? ''))) bad.push(describeRouting(s, inventory).text);
    }
    const basis = byIntent ? text('named public', '퍼블릭으로 이름 붙인') : text('public', '퍼블릭');
    if (bad.length > 0) {
      return fail(
        text(
          `${joinText(bad).en}; a ${basis.en} subnet should send 0.0.0.0/0 to the internet gateway.`,
          `${joinText(bad).ko}. ${basis.ko} 서브넷은 0.0.0.0/0을 인터넷 게이트웨이로 보내야 합니다.`,
        ),
        evidence.filter(Boolean),
      );
    }
    return pass(
      text(
        `Every ${basis.en} subnet (${subnetLabels(subnets)}) sends 0.0.0.0/0 to ${[...igws].join(', ')}.`,
        `${basis.ko} 서브넷(${subnetLabels(subnets)})이 모두 0.0.0.0/0을 ${[...igws].join(', ')}(으)로 보냅니다.`,
      ),
      evidence.filter(Boolean),
    );
  },
};

const nat: VpcCheck = {
  id: 'vpc.nat',
  title: text('A NAT gateway with an Elastic IP in a public subnet', '퍼블릭 서브넷에 탄력적 IP를 가진 NAT 게이트웨이'),
  points: 10,
  hint: text(
    'A NAT gateway lets private subnets reach the internet. It must sit in a public subnet and have an Elastic IP.',
    'NAT 게이트웨이는 프라이빗 서브넷이 인터넷에 나갈 수 있게 해 줍니다. 퍼블릭 서브넷에 두고 탄력적 IP(Elastic IP)를 할당해야 합니다.',
  ),
  evaluate(t, _p, inventory) {
    const n = net(inventory);
    const nats = liveNats(t, inventory);
    if (nats.length === 0) {
      return fail(text(`VPC ${t.vpcId} has no NAT gateway.`, `VPC ${t.vpcId}에 NAT 게이트웨이가 없습니다.`), [t.vpcId]);
    }
    const problems: Localized[] = [];
    for (const g of nats) {
      const id = label(g.NatGatewayId, g.Tags);
      const eip = (g.NatGatewayAddresses ?? []).find((a) => a.AllocationId || a.PublicIp);
      const subnet = n.subnet(g.SubnetId);
      if (g.State !== 'available') {
        problems.push(
          text(`${id} is ${g.State} (it must be available)`, `${id}의 상태가 ${g.State}입니다(available이어야 함)`),
        );
      } else if (g.ConnectivityType === 'private' || !eip) {
        problems.push(
          text(`${id} has no Elastic IP (private connectivity)`, `${id}에 탄력적 IP가 없습니다(프라이빗 연결 유형)`),
        );
      } else if (!subnet || n.tierOf(subnet) !== 'public') {
        problems.push(
          text(
            `${id} sits in ${label(g.SubnetId, subnet?.Tags)}, which is not public (${subnet ? describeRouting(subnet, inventory).text.en : 'unknown subnet'})`,
            `${id}이(가) 퍼블릭이 아닌 ${label(g.SubnetId, subnet?.Tags)}에 있습니다(${subnet ? describeRouting(subnet, inventory).text.ko : '알 수 없는 서브넷'})`,
          ),
        );
      } else {
        return pass(
          text(
            `${id} is available in public subnet ${label(g.SubnetId, subnet.Tags)} with Elastic IP ${eip.PublicIp ?? eip.AllocationId}.`,
            `${id}이(가) 퍼블릭 서브넷 ${label(g.SubnetId, subnet.Tags)}에서 탄력적 IP ${eip.PublicIp ?? eip.AllocationId}로 동작 중입니다.`,
          ),
          [g.NatGatewayId ?? '', g.SubnetId ?? '', eip.AllocationId ?? ''].filter(Boolean),
        );
      }
    }
    return fail(
      joinText(problems),
      nats.map((g) => g.NatGatewayId ?? ''),
    );
  },
};

const privateRoute: VpcCheck = {
  id: 'vpc.private-route',
  title: text('Private subnets route 0.0.0.0/0 through a NAT gateway', '프라이빗 서브넷 → NAT 게이트웨이 라우팅'),
  points: 10,
  hint: text(
    'Create a private route table with 0.0.0.0/0 → the NAT gateway (never the internet gateway) and associate the private subnets with it.',
    '프라이빗 라우팅 테이블을 만들어 0.0.0.0/0 → NAT 게이트웨이 경로를 추가하고(인터넷 게이트웨이 X), 프라이빗 서브넷을 서브넷 연결하세요.',
  ),
  evaluate(t, p, inventory) {
    const { subnets, byIntent } = judgedSubnets(t, p, inventory, 'private');
    if (subnets.length === 0) {
      return fail(
        text(
          `No subnet of ${t.vpcId} is private; private subnets should route through a NAT gateway.`,
          `${t.vpcId}에 프라이빗 서브넷이 없습니다. 프라이빗 서브넷은 NAT 게이트웨이를 통해 나가야 합니다.`,
        ),
        [t.vpcId],
      );
    }
    const bad: Localized[] = [];
    const evidence: string[] = [];
    const n = net(inventory);
    for (const s of subnets) {
      const { table } = n.effectiveRouteTable(s);
      const route = defaultRoute(table);
      evidence.push(s.SubnetId ?? '', table?.RouteTableId ?? '');
      if (route && isNatGatewayId(route.NatGatewayId)) {
        evidence.push(route.NatGatewayId ?? '');
        continue;
      }
      bad.push(describeRouting(s, inventory).text);
    }
    const basis = byIntent ? text('named private', '프라이빗으로 이름 붙인') : text('private', '프라이빗');
    if (bad.length > 0) {
      return fail(
        text(
          `${joinText(bad).en}; a ${basis.en} subnet should send 0.0.0.0/0 through a NAT gateway.`,
          `${joinText(bad).ko}. ${basis.ko} 서브넷은 0.0.0.0/0을 NAT 게이트웨이로 보내야 합니다.`,
        ),
        evidence.filter(Boolean),
      );
    }
    return pass(
      text(
        `Every ${basis.en} subnet (${subnetLabels(subnets)}) sends 0.0.0.0/0 to a NAT gateway.`,
        `${basis.ko} 서브넷(${subnetLabels(subnets)})이 모두 0.0.0.0/0을 NAT 게이트웨이로 보냅니다.`,
      ),
      evidence.filter(Boolean),
    );
  },
};

const natHa: VpcCheck = {
  id: 'vpc.nat-ha',
  title: text(
    '(Bonus) One NAT gateway per AZ of the private subnets',
    '(보너스) 프라이빗 서브넷의 가용 영역마다 NAT 게이트웨이',
  ),
  points: 5,
  bonus: true,
  hint: text(
    'One NAT gateway is a single point of failure: put one in a public subnet of each AZ and route each private subnet to the NAT gateway of its own AZ.',
    'NAT 게이트웨이가 하나뿐이면 단일 장애 지점이 됩니다. 가용 영역마다 퍼블릭 서브넷에 NAT 게이트웨이를 두고, 각 프라이빗 서브넷을 같은 가용 영역의 NAT 게이트웨이로 라우팅하세요.',
  ),
  evaluate(t, _p, inventory) {
    const n = net(inventory);
    const privateAzs = azsOf(subnetsByTier(t, inventory).private);
    if (privateAzs.length === 0) {
      return fail(text(`No subnet of ${t.vpcId} is private.`, `${t.vpcId}에 프라이빗 서브넷이 없습니다.`), [t.vpcId]);
    }
    const natAz = new Map<string, string>();
    for (const g of liveNats(t, inventory)) {
      const subnet = n.subnet(g.SubnetId);
      if (g.State === 'available' && subnet && n.tierOf(subnet) === 'public') {
        natAz.set(subnet.AvailabilityZone ?? '?', g.NatGatewayId ?? '');
      }
    }
    const missing = privateAzs.filter((az) => !natAz.has(az));
    if (missing.length > 0) {
      return fail(
        text(
          `Private subnets use ${privateAzs.join(', ')}, but no available NAT gateway sits in a public subnet of ${missing.join(', ')}.`,
          `프라이빗 서브넷이 ${privateAzs.join(', ')}에 있지만 ${missing.join(', ')}의 퍼블릭 서브넷에는 NAT 게이트웨이가 없습니다.`,
        ),
        [...natAz.values()],
      );
    }
    return pass(
      text(
        `Each AZ of the private subnets (${privateAzs.join(', ')}) has its own NAT gateway.`,
        `프라이빗 서브넷의 가용 영역(${privateAzs.join(', ')})마다 NAT 게이트웨이가 있습니다.`,
      ),
      [...natAz.values()],
    );
  },
};

const intent: VpcCheck = {
  id: 'vpc.intent',
  title: text(
    'Subnets named public/private are public/private by routing',
    '이름(public/private)과 실제 라우팅이 일치',
  ),
  points: 5,
  hint: text(
    "What makes a subnet public is its route table, not its name: check each subnet's route table association.",
    '서브넷을 퍼블릭으로 만드는 것은 이름이 아니라 라우팅 테이블입니다. 각 서브넷의 라우팅 테이블 연결을 확인하세요.',
  ),
  evaluate(t, p, inventory) {
    const n = net(inventory);
    const meant = intended(t, p, inventory);
    if (!meant.named) {
      return pass(
        text(
          'No subnet is named public or private; routing alone decides.',
          '퍼블릭/프라이빗으로 이름 붙인 서브넷이 없어 라우팅으로만 판단합니다.',
        ),
        [t.vpcId],
      );
    }
    const wrong: Localized[] = [];
    const evidence: string[] = [];
    for (const tier of ['public', 'private'] as const) {
      for (const s of meant[tier]) {
        evidence.push(s.SubnetId ?? '');
        if (n.tierOf(s) !== tier) {
          const routing = describeRouting(s, inventory).text;
          wrong.push(
            text(
              `${label(s.SubnetId, s.Tags)} is named ${tier} but is ${n.tierOf(s)} by routing (${routing.en})`,
              `${label(s.SubnetId, s.Tags)}은(는) 이름은 ${tier}이지만 라우팅상 ${n.tierOf(s) === 'public' ? '퍼블릭' : '프라이빗'}입니다(${routing.ko})`,
            ),
          );
        }
      }
    }
    if (wrong.length > 0) return fail(joinText(wrong), evidence);
    return pass(
      text(
        'Every subnet named public or private is so by routing.',
        '이름이 퍼블릭/프라이빗인 서브넷이 모두 실제 라우팅과 일치합니다.',
      ),
      evidence,
    );
  },
};

const webSg: VpcCheck = {
  id: 'vpc.web-sg',
  title: text(
    'A web security group admits HTTP/HTTPS and guards a public instance',
    '웹 보안 그룹(HTTP/HTTPS 허용)이 퍼블릭 인스턴스에 연결됨',
  ),
  points: 5,
  hint: text(
    'Create a web security group with inbound HTTP (80) or HTTPS (443) from 0.0.0.0/0 and attach it to the web server in the public subnet.',
    '인바운드 HTTP(80) 또는 HTTPS(443)를 0.0.0.0/0에서 허용하는 웹 보안 그룹을 만들고, 퍼블릭 서브넷의 웹 서버에 연결하세요.',
  ),
  evaluate(t, p, inventory) {
    const n = net(inventory);
    const open = webOpenGroups(t, p, inventory);
    if (open.length === 0) {
      return fail(
        text(
          `No security group in ${t.vpcId} admits ${p.webPorts.join('/')} from anywhere.`,
          `${t.vpcId}에 ${p.webPorts.join('/')} 포트를 모든 곳(0.0.0.0/0)에서 허용하는 보안 그룹이 없습니다.`,
        ),
        [t.vpcId],
      );
    }
    const openIds = new Set(open.map((g) => g.GroupId ?? ''));
    const publicInstances = liveInstances(t, inventory).filter((i) => n.isPublic(i.SubnetId));
    for (const i of publicInstances) {
      const g = instanceGroupIds(i).find((id) => openIds.has(id));
      if (g) {
        return pass(
          text(
            `${sgLabel(n.securityGroup(g), g)} admits web traffic from anywhere and is attached to ${label(i.InstanceId, i.Tags)} in public subnet ${i.SubnetId}.`,
            `${sgLabel(n.securityGroup(g), g)}이(가) 웹 트래픽을 허용하고 퍼블릭 서브넷 ${i.SubnetId}의 ${label(i.InstanceId, i.Tags)}에 연결되어 있습니다.`,
          ),
          [g, i.InstanceId ?? ''],
        );
      }
    }
    const groups = open.map((g) => sgLabel(g, g.GroupId ?? '')).join(', ');
    if (publicInstances.length === 0) {
      return fail(
        text(
          `${groups} admits web traffic, but no instance runs in a public subnet of ${t.vpcId} to use it.`,
          `${groups}이(가) 웹 트래픽을 허용하지만, ${t.vpcId}의 퍼블릭 서브넷에 이를 사용하는 인스턴스가 없습니다.`,
        ),
        [...openIds],
      );
    }
    return fail(
      text(
        `${groups} admits web traffic, but none of the instances in public subnets (${publicInstances.map((i) => i.InstanceId).join(', ')}) uses it.`,
        `${groups}이(가) 웹 트래픽을 허용하지만, 퍼블릭 서브넷의 인스턴스(${publicInstances.map((i) => i.InstanceId).join(', ')})에 연결되어 있지 않습니다.`,
      ),
      [...openIds, ...publicInstances.map((i) => i.InstanceId ?? '')],
    );
  },
};

const sgChain: VpcCheck = {
  id: 'vpc.sg-chain',
  title: text(
    "The app tier admits traffic only from the web tier's security group",
    '앱 계층은 웹 계층 보안 그룹에서 오는 트래픽만 허용(security chain)',
  ),
  points: 10,
  hint: text(
    "Security group chaining: in the app tier's security group, set the inbound source to the web tier's security group instead of an IP range.",
    '보안 그룹 체인(security chain): 앱 계층 보안 그룹의 인바운드 소스를 IP 대역이 아니라 웹 계층의 보안 그룹으로 지정하세요.',
  ),
  evaluate(t, p, inventory) {
    const n = net(inventory);
    const web = webTierGroups(t, p, inventory);
    if (web.size === 0) {
      return fail(
        text(
          `No web tier found in ${t.vpcId}: no security group admits ${p.webPorts.join('/')} from anywhere and no instance runs in a public subnet.`,
          `${t.vpcId}에서 웹 계층을 찾지 못했습니다: 웹 포트를 허용하는 보안 그룹도, 퍼블릭 서브넷의 인스턴스도 없습니다.`,
        ),
        [t.vpcId],
      );
    }
    // A chain is judged by its sources' kind: security groups (the web tier's among them) pass,
    // any IP range fails. A second group source (a bastion's, for SSH) does not break it.
    // The app tier: groups on instances in private subnets; without such instances, the groups
    // that name a web-tier group as a source.
    const appInstances = liveInstances(t, inventory).filter((i) => !n.isPublic(i.SubnetId));
    let app = [...new Set(appInstances.flatMap(instanceGroupIds))].filter((g) => !web.has(g));
    if (app.length === 0) {
      app = n
        .securityGroupsOf(t.vpcId)
        .filter((sg) => sg.GroupName !== 'default' && !web.has(sg.GroupId ?? ''))
        .filter((sg) => admission(sg).groupSources.some((g) => web.has(g)))
        .map((sg) => sg.GroupId ?? '');
    }
    const webList = [...web].map((g) => sgLabel(n.securityGroup(g), g)).join(', ');
    if (app.length === 0) {
      return fail(
        text(
          `No app-tier security group admits traffic from the web tier's group (${webList}).`,
          `웹 계층 보안 그룹(${webList})에서 오는 트래픽을 허용하는 앱 계층 보안 그룹이 없습니다.`,
        ),
        [...web],
      );
    }
    // An IP range on any app-tier group breaks the chain; a second group on the instances that
    // admits only other groups (the VPC's default one) does not, while one of them admits the web tier.
    const problems: Localized[] = [];
    let chained = false;
    for (const g of app) {
      const sg = n.securityGroup(g);
      const a = admission(sg);
      const cidrs = [...a.cidrSources, ...a.prefixListSources];
      if (a.groupSources.some((s) => web.has(s))) chained = true;
      if (cidrs.length > 0) {
        const name = sgLabel(sg, g);
        problems.push(
          text(
            `${name} admits traffic from ${cidrs.join(', ')} (an IP range, not the web tier's security group)`,
            `${name}이(가) ${cidrs.join(', ')}(IP 대역)에서 오는 트래픽을 허용합니다`,
          ),
        );
      }
    }
    if (!chained) {
      const names = app.map((g) => sgLabel(n.securityGroup(g), g)).join(', ');
      problems.push(
        text(
          `${names} ${app.length > 1 ? 'do' : 'does'} not admit traffic from the web tier's group (${webList})`,
          `${names}이(가) 웹 계층 보안 그룹(${webList})에서 오는 트래픽을 허용하지 않습니다`,
        ),
      );
    }
    if (problems.length > 0) return fail(joinText(problems), [...app, ...web]);
    return pass(
      text(
        `App-tier group(s) ${app.map((g) => sgLabel(n.securityGroup(g), g)).join(', ')} admit traffic only from ${webList}.`,
        `앱 계층 보안 그룹 ${app.map((g) => sgLabel(n.securityGroup(g), g)).join(', ')}이(가) ${webList}에서 오는 트래픽만 허용합니다.`,
      ),
      [...app, ...web],
    );
  },
};

const noOpenAdmin: VpcCheck = {
  id: 'vpc.no-open-admin',
  title: text('No SSH/RDP open to the world', 'SSH/RDP가 전체 인터넷에 열려 있지 않음'),
  points: 10,
  hint: text(
    'Never open SSH (22) or RDP (3389) to 0.0.0.0/0: use Session Manager, or allow only your own IP (/32).',
    'SSH(22)나 RDP(3389)를 0.0.0.0/0에 열지 마세요. 세션 매니저(Session Manager)를 쓰거나 내 IP(/32)만 허용하세요.',
  ),
  evaluate(t, p, inventory) {
    const n = net(inventory);
    const groups = n.securityGroupsOf(t.vpcId);
    const open: Localized[] = [];
    const evidence: string[] = [];
    for (const sg of groups) {
      for (const port of p.adminPorts) {
        const rules = openToWorld(sg, port);
        if (rules.length > 0) {
          const name = sgLabel(sg, sg.GroupId ?? '');
          const cidrs = [
            ...new Set(rules.flatMap((r) => r.cidrs.filter((c) => c === '0.0.0.0/0' || c === '::/0'))),
          ].join(', ');
          open.push(
            text(`${name} opens port ${port} to ${cidrs}`, `${name}이(가) ${port}번 포트를 ${cidrs}에 열어 두었습니다`),
          );
          evidence.push(sg.GroupId ?? '');
        }
      }
    }
    if (open.length > 0) return fail(joinText(open), evidence);
    return pass(
      text(
        `None of the ${groups.length} security groups of ${t.vpcId} opens ${p.adminPorts.join('/')} to the world.`,
        `${t.vpcId}의 보안 그룹 ${groups.length}개 중 ${p.adminPorts.join('/')} 포트를 전체에 연 것이 없습니다.`,
      ),
      groups.map((g) => g.GroupId ?? ''),
    );
  },
};

function instanceCheck(tier: Tier): VpcCheck {
  const tierKo = tier === 'public' ? '퍼블릭' : '프라이빗';
  return {
    id: tier === 'public' ? 'vpc.web-instance' : 'vpc.app-instance',
    title:
      tier === 'public'
        ? text('A running web instance in a public subnet has a public IP', '퍼블릭 서브넷의 웹 인스턴스에 퍼블릭 IP')
        : text(
            'A running app instance in a private subnet has no public IP',
            '프라이빗 서브넷의 앱 인스턴스에 퍼블릭 IP 없음',
          ),
    points: 5,
    hint:
      tier === 'public'
        ? text(
            'Launch the web server in a public subnet with a public IPv4 address (auto-assign, or an Elastic IP).',
            '웹 서버를 퍼블릭 서브넷에 퍼블릭 IPv4 주소(자동 할당 또는 탄력적 IP)와 함께 시작하세요.',
          )
        : text(
            'Launch the app server in a private subnet without a public IP: it reaches the internet through the NAT gateway.',
            '앱 서버는 퍼블릭 IP 없이 프라이빗 서브넷에 시작하세요. 인터넷은 NAT 게이트웨이를 통해 나갑니다.',
          ),
    evaluate(t, _p, inventory) {
      const n = net(inventory);
      const inTier = liveInstances(t, inventory).filter(
        (i) => (n.isPublic(i.SubnetId) ? 'public' : 'private') === tier,
      );
      const running = inTier.filter(isRunning);
      const good = running.find((i) => (tier === 'public' ? publicIpOf(i) !== undefined : publicIpOf(i) === undefined));
      if (good) {
        const ip = publicIpOf(good);
        return pass(
          tier === 'public'
            ? text(
                `${label(good.InstanceId, good.Tags)} runs in public subnet ${good.SubnetId} with public IP ${ip}.`,
                `${label(good.InstanceId, good.Tags)}이(가) 퍼블릭 서브넷 ${good.SubnetId}에서 퍼블릭 IP ${ip}로 실행 중입니다.`,
              )
            : text(
                `${label(good.InstanceId, good.Tags)} runs in private subnet ${good.SubnetId} without a public IP.`,
                `${label(good.InstanceId, good.Tags)}이(가) 프라이빗 서브넷 ${good.SubnetId}에서 퍼블릭 IP 없이 실행 중입니다.`,
              ),
          [good.InstanceId ?? '', good.SubnetId ?? ''],
        );
      }
      if (running.length > 0) {
        const list = running.map((i) => label(i.InstanceId, i.Tags)).join(', ');
        return fail(
          tier === 'public'
            ? text(
                `Instances in public subnets (${list}) have no public IP.`,
                `퍼블릭 서브넷의 인스턴스(${list})에 퍼블릭 IP가 없습니다.`,
              )
            : text(
                `Instances in private subnets (${list}) have a public IP; an app server should not be reachable from the internet.`,
                `프라이빗 서브넷의 인스턴스(${list})에 퍼블릭 IP가 있습니다. 앱 서버는 인터넷에서 직접 접근할 수 없어야 합니다.`,
              ),
          running.map((i) => i.InstanceId ?? ''),
        );
      }
      if (inTier.length > 0) {
        const list = inTier.map((i) => `${label(i.InstanceId, i.Tags)}: ${i.State?.Name}`).join(', ');
        return fail(
          text(
            `No instance in a ${tier} subnet is running (${list}).`,
            `${tierKo} 서브넷에 실행 중인 인스턴스가 없습니다(${list}).`,
          ),
          inTier.map((i) => i.InstanceId ?? ''),
        );
      }
      return fail(
        text(
          `No instance runs in a ${tier} subnet of ${t.vpcId}.`,
          `${t.vpcId}의 ${tierKo} 서브넷에 인스턴스가 없습니다.`,
        ),
        [t.vpcId],
      );
    },
  };
}

/** The lab's resources (for `vpc.tags` and the result's `resources`). */
function labResources(t: VpcTarget, inventory: Inventory): LabResource[] {
  const view = viewOf(t, inventory);
  if (view.resources) return view.resources;
  const n = net(inventory);
  const out: LabResource[] = [{ id: t.vpcId, tags: t.vpc.Tags }];
  const subnets = n.subnetsOf(t.vpcId);
  for (const s of subnets) out.push({ id: s.SubnetId ?? '', tags: s.Tags });
  // Route tables the student made, and the main one only when some subnet uses it.
  const tables = new Map<string, RouteTable>();
  for (const table of n.routeTablesOf(t.vpcId)) {
    if (!(table.Associations ?? []).some((a) => a.Main)) tables.set(table.RouteTableId ?? '', table);
  }
  for (const s of subnets) {
    const { table } = n.effectiveRouteTable(s);
    if (table?.RouteTableId) tables.set(table.RouteTableId, table);
  }
  for (const table of tables.values()) out.push({ id: table.RouteTableId ?? '', tags: table.Tags });
  for (const g of n.internetGatewaysOf(t.vpcId)) out.push({ id: g.InternetGatewayId ?? '', tags: g.Tags });
  for (const g of liveNats(t, inventory)) out.push({ id: g.NatGatewayId ?? '', tags: g.Tags });
  for (const sg of n.securityGroupsOf(t.vpcId))
    if (sg.GroupName !== 'default') out.push({ id: sg.GroupId ?? '', tags: sg.Tags });
  for (const i of liveInstances(t, inventory)) out.push({ id: i.InstanceId ?? '', tags: i.Tags });
  view.resources = out;
  return out;
}

const tags: VpcCheck = {
  id: 'vpc.tags',
  title: text('Every lab resource has a Name tag', '모든 실습 리소스에 Name 태그'),
  points: 5,
  hint: text(
    'Tag every resource you create with a Name (a team tag convention keeps many resources manageable).',
    '만든 리소스마다 Name 태그를 붙이세요. 리소스가 많아지면 태그 규칙이 있어야 구분하고 관리할 수 있습니다.',
  ),
  evaluate(t, _p, inventory) {
    const resources = labResources(t, inventory);
    const unnamed = resources.filter((r) => !nameOf(r.tags as never));
    if (unnamed.length > 0) {
      const list = unnamed.map((r) => r.id).join(', ');
      return fail(
        text(
          `${unnamed.length} of ${resources.length} lab resources have no Name tag: ${list}.`,
          `실습 리소스 ${resources.length}개 중 ${unnamed.length}개에 Name 태그가 없습니다: ${list}.`,
        ),
        unnamed.map((r) => r.id),
      );
    }
    return pass(
      text(
        `All ${resources.length} lab resources have a Name tag.`,
        `실습 리소스 ${resources.length}개 모두 Name 태그가 있습니다.`,
      ),
      resources.map((r) => r.id),
    );
  },
};

export const vpcLab: LabDefinition<VpcTarget, VpcParams> = {
  id: 'vpc',
  title: text('VPC: public and private subnets, NAT, security groups', 'VPC: 퍼블릭/프라이빗 서브넷, NAT, 보안 그룹'),
  module: '3',
  paramsSchema: vpcParams,
  sources: [
    'ec2.vpcs',
    'ec2.vpcDnsAttributes',
    'ec2.subnets',
    'ec2.routeTables',
    'ec2.internetGateways',
    'ec2.natGateways',
    'ec2.securityGroups',
    'ec2.instances',
  ],
  targetKind: text('VPC', 'VPC'),
  candidates(inventory, p) {
    const vpcs = read(inventory, 'ec2.vpcs').filter((v) => v.VpcId && !v.IsDefault);
    const chosen = p.vpcId ? vpcs.filter((v) => v.VpcId === p.vpcId) : vpcs;
    // Best guess first: the VPC with the most subnets (the engine still grades them all). When
    // subnets cannot be read, only the checks that need them become errors: the order is by id.
    const subnets = tryRead(inventory, 'ec2.subnets');
    const count = (id: string | undefined) => (subnets ? net(inventory).subnetsOf(id ?? '').length : 0);
    return chosen
      .map((vpc) => ({ vpc, subnets: count(vpc.VpcId) }))
      .sort((a, b) => b.subnets - a.subnets || (a.vpc.VpcId ?? '').localeCompare(b.vpc.VpcId ?? ''))
      .map(({ vpc }) => {
        const name = nameOf(vpc.Tags);
        return { id: vpc.VpcId as string, ...(name ? { name } : {}), target: { vpc, vpcId: vpc.VpcId as string } };
      });
  },
  noTarget(inventory, p) {
    if (p.vpcId) {
      return text(
        `The course names VPC ${p.vpcId}, which does not exist in ${inventory.region}.`,
        `과정에서 지정한 VPC ${p.vpcId}가 ${inventory.region}에 없습니다.`,
      );
    }
    return text(
      `No lab VPC (other than the default VPC) exists in ${inventory.region}; see vpc.exists.`,
      `${inventory.region}에 기본 VPC 외의 실습용 VPC가 없습니다. vpc.exists를 보세요.`,
    );
  },
  checks: [
    exists,
    dns,
    tierCountCheck('public'),
    tierCountCheck('private'),
    subnetCidrs,
    publicIp,
    igw,
    publicRoute,
    nat,
    privateRoute,
    natHa,
    intent,
    webSg,
    sgChain,
    noOpenAdmin,
    instanceCheck('public'),
    instanceCheck('private'),
    tags,
  ],
  resources: (t, _p, inventory) => labResources(t, inventory).map((r) => r.id),
};
