/** cleanup.nat and cleanup.eip: the network pieces of the VPC lab that bill by the hour. */
import type { NatGateway } from '@aws-sdk/client-ec2';
import { nameOf } from '../../facts/tags.js';
import { readIn, tryReadIn } from '../../inventory.js';
import { text } from '../../model.js';
import { type Leftover, leftoverCheck, perDayOfHourly } from './leftovers.js';

/** NAT gateways bill from `pending` until deleted; `failed`, `deleting` and `deleted` do not. */
const BILLED_NAT_STATES = new Set(['pending', 'available']);

export const nat = leftoverCheck({
  id: 'cleanup.nat',
  title: text('No NAT gateway is left', 'NAT 게이트웨이 삭제'),
  points: 25,
  hint: text(
    'A NAT gateway bills every hour it exists, used or not, plus per GB it processes. Delete it first, then release its Elastic IP (a released address stops billing; an unattached one keeps billing).',
    'NAT 게이트웨이는 사용하지 않아도 존재하는 시간마다 요금이 나오고, 처리한 데이터(GB)마다 추가 요금이 붙습니다. 삭제 순서: NAT 게이트웨이를 먼저 삭제한 다음, 그 탄력적 IP를 해제하세요(연결되지 않은 탄력적 IP도 요금이 계속 나옵니다).',
  ),
  clean: text('No NAT gateway is left', 'NAT 게이트웨이가 남아 있지 않습니다'),
  leftovers: (region, p, inventory) =>
    readIn(inventory, region, 'ec2.natGateways')
      .filter((g) => BILLED_NAT_STATES.has(g.State ?? ''))
      .map((g) => ({
        id: g.NatGatewayId ?? '?',
        name: nameOf(g.Tags),
        kind: 'nat-gateway',
        region,
        state: text(`is still ${g.State}`, `아직 ${g.State} 상태`),
        perDay: perDayOfHourly(p.natGatewayHour),
        note: text('before data processing', '(데이터 처리 요금 별도)'),
      })),
});

export const eip = leftoverCheck({
  id: 'cleanup.eip',
  title: text('No Elastic IP is left allocated', '탄력적 IP 해제'),
  points: 10,
  hint: text(
    'Every public IPv4 address is billed by the hour, attached or not. After deleting the NAT gateway or instance that used an Elastic IP, release the address (EC2 > Elastic IPs > Release).',
    '퍼블릭 IPv4 주소는 연결 여부와 관계없이 시간당 요금이 나옵니다. 탄력적 IP를 쓰던 NAT 게이트웨이나 인스턴스를 삭제한 뒤 주소를 해제(릴리스)하세요.',
  ),
  clean: text('No Elastic IP is allocated', '할당된 탄력적 IP가 없습니다'),
  leftovers(region, p, inventory) {
    // Without the gateways (not readable), the order only lacks that link.
    const gateways = (tryReadIn(inventory, region, 'ec2.natGateways') ?? []).filter((g) =>
      BILLED_NAT_STATES.has(g.State ?? ''),
    );
    // The billed gateways holding each allocation, in the gateways' order: one pass, not one per address.
    const holdersOf = new Map<string, NatGateway[]>();
    for (const g of gateways) {
      for (const n of g.NatGatewayAddresses ?? []) {
        if (!n.AllocationId) continue;
        const list = holdersOf.get(n.AllocationId);
        if (!list) holdersOf.set(n.AllocationId, [g]);
        else if (list.at(-1) !== g) list.push(g);
      }
    }
    const left: Leftover[] = [];
    for (const a of readIn(inventory, region, 'ec2.addresses')) {
      // `||`: the emulator answers InstanceId "" for an address on a NAT gateway's interface.
      const user = a.InstanceId || a.NetworkInterfaceId;
      // Released only after what holds it is gone: its NAT gateway, or the instance it is associated with.
      const holders = (a.AllocationId ? (holdersOf.get(a.AllocationId) ?? []) : []).map((g) => g.NatGatewayId ?? '');
      left.push({
        id: a.AllocationId ?? a.PublicIp ?? '?',
        name: a.PublicIp,
        kind: 'elastic-ip',
        region,
        deleteAfter: [...holders, ...(a.InstanceId ? [a.InstanceId] : [])],
        state: user
          ? text(`is still allocated, attached to ${user}`, `아직 할당되어 ${user}에 연결됨`)
          : text('is still allocated and attached to nothing', '아직 할당되어 있고 아무 데도 연결되지 않음'),
        perDay: perDayOfHourly(p.publicIpv4Hour),
      });
    }
    return left;
  },
});
