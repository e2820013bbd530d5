/** The NAT gateway: `vpc.nat`, `vpc.private-route` and (bonus) `vpc.nat-ha`. */
import { fail, joinText, type Localized, pass, text } from '../../model.js';
import { defaultRoute, isNatGatewayId, label } from '../../network.js';
import { describeRouting } from './routing.js';
import { azsOf, judgedSubnets, lazyText, liveNats, net, subnetLabels, subnetsByTier, vpcCheck } from './views.js';

export const nat = vpcCheck({
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
});

export const privateRoute = vpcCheck({
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
      lazyText(() => {
        const found = subnetLabels(subnets);
        return text(
          `Every ${basis.en} subnet (${found}) sends 0.0.0.0/0 to a NAT gateway.`,
          `${basis.ko} 서브넷(${found})이 모두 0.0.0.0/0을 NAT 게이트웨이로 보냅니다.`,
        );
      }),
      evidence.filter(Boolean),
    );
  },
});

export const natHa = vpcCheck({
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
});
