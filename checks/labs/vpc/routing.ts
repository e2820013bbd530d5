/**
 * The VPC's way to the internet: `vpc.igw` and `vpc.public-route`, and the routing put in words
 * for the messages of the subnet and NAT checks (where a subnet's 0.0.0.0/0 goes, why nothing is
 * public).
 */
import type { RouteTable, Subnet } from '@aws-sdk/client-ec2';
import { type Inventory, read } from '../../inventory.js';
import { fail, joinText, type Localized, pass, text } from '../../model.js';
import { defaultRoute, isInternetGatewayId, label, routeTarget } from '../../network.js';
import { judgedSubnets, lazyText, net, subnetLabels, type VpcTarget, vpcCheck } from './views.js';

/** Where a subnet's 0.0.0.0/0 goes, in words, for messages. */
export function describeRouting(
  subnet: Subnet,
  inventory: Inventory,
): { table: RouteTable | undefined; text: Localized } {
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
export function whyNoPublic(t: VpcTarget, inventory: Inventory): Localized {
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

export const igw = vpcCheck({
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
});

export const publicRoute = vpcCheck({
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
      lazyText(() => {
        const found = subnetLabels(subnets);
        const to = [...igws].join(', ');
        return text(
          `Every ${basis.en} subnet (${found}) sends 0.0.0.0/0 to ${to}.`,
          `${basis.ko} 서브넷(${found})이 모두 0.0.0.0/0을 ${to}(으)로 보냅니다.`,
        );
      }),
      evidence.filter(Boolean),
    );
  },
});
