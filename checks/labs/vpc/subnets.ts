import { fail, joinText, type Localized, pass, text } from '../../model.js';
import { cidrContains, cidrsOverlap, label, parseCidr } from '../../network.js';
import { describeRouting, whyNoPublic } from './routing.js';
import {
  azsOf,
  ids,
  intended,
  lazyText,
  net,
  subnetLabels,
  subnetsByTier,
  TIER_KO,
  type TierCheckSpec,
  vpcCheck,
} from './views.js';

/** Enough subnets of one tier (public or private by routing) in enough AZs. */
function tierCountCheck({ id, tier, title, hint }: TierCheckSpec) {
  const minKey = tier === 'public' ? 'minPublicSubnets' : 'minPrivateSubnets';
  return vpcCheck({
    id,
    title,
    points: 10,
    hint,
    evaluate(t, p, inventory) {
      const subnets = subnetsByTier(t, inventory)[tier];
      const azs = azsOf(subnets);
      const min = p[minKey];
      if (subnets.length >= min && azs.length >= p.minAzs) {
        return pass(
          lazyText(() => {
            const found = subnetLabels(subnets);
            return text(
              `${subnets.length} ${tier} subnets in ${azs.join(', ')}: ${found}.`,
              `${TIER_KO[tier]} 서브넷 ${subnets.length}개 (${azs.join(', ')}): ${found}.`,
            );
          }),
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
            : text(`No subnet is ${tier}: ${why.en}.`, `${TIER_KO[tier]} 서브넷이 없습니다: ${why.ko}.`),
          [t.vpcId],
        );
      }
      const found = subnetLabels(subnets);
      return fail(
        text(
          `Expected at least ${min} ${tier} subnets in at least ${p.minAzs} AZs; found ${subnets.length} in ${azs.join(', ')}: ${found}.`,
          `${TIER_KO[tier]} 서브넷이 최소 ${p.minAzs}개 가용 영역에 ${min}개 이상 필요하지만, ${azs.join(', ')}에 ${subnets.length}개뿐입니다: ${found}.`,
        ),
        ids(subnets),
      );
    },
  });
}

export const publicSubnets = tierCountCheck({
  id: 'vpc.public-subnets',
  tier: 'public',
  title: text('Public subnets in two AZs', '두 가용 영역에 퍼블릭 서브넷'),
  hint: text(
    'A subnet is public when its route table sends 0.0.0.0/0 to an internet gateway. Create one per AZ and associate them with a public route table.',
    '서브넷은 라우팅 테이블에 0.0.0.0/0 → 인터넷 게이트웨이 경로가 있을 때 퍼블릭 서브넷입니다. 가용 영역마다 하나씩 만들고 퍼블릭 라우팅 테이블에 서브넷 연결을 하세요.',
  ),
});

export const privateSubnets = tierCountCheck({
  id: 'vpc.private-subnets',
  tier: 'private',
  title: text('Private subnets in two AZs', '두 가용 영역에 프라이빗 서브넷'),
  hint: text(
    'A subnet is private when its route table has no route to an internet gateway. Create one per AZ for the app tier.',
    '라우팅 테이블에 인터넷 게이트웨이로 가는 경로가 없으면 프라이빗 서브넷입니다. 앱 계층용으로 가용 영역마다 하나씩 만드세요.',
  ),
});

export const subnetCidrs = vpcCheck({
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
});

export const publicIp = vpcCheck({
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
      lazyText(() => {
        const found = subnetLabels(publics);
        return text(
          `Public subnets ${found} auto-assign public IPv4 addresses.`,
          `퍼블릭 서브넷 ${found}에서 퍼블릭 IPv4 자동 할당이 켜져 있습니다.`,
        );
      }),
      ids(publics),
    );
  },
});

export const intent = vpcCheck({
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
              `${label(s.SubnetId, s.Tags)}은(는) 이름은 ${tier}이지만 라우팅상 ${TIER_KO[n.tierOf(s)]}입니다(${routing.ko})`,
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
});
