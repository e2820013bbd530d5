/** The web instance in a public subnet with a public IP, the app instance in a private one without. */
import { fail, pass, text } from '../../model.js';
import { isRunning, label, publicIpOf } from '../../network.js';
import { liveByTier, TIER_KO, type TierCheckSpec, vpcCheck } from './views.js';

/** A running instance of one tier, with a public IP in a public subnet and without one in a private subnet. */
function instanceCheck({ id, tier, title, hint }: TierCheckSpec) {
  return vpcCheck({
    id,
    title,
    points: 5,
    hint,
    evaluate(t, _p, inventory) {
      const inTier = liveByTier(t, inventory)[tier];
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
            `${TIER_KO[tier]} 서브넷에 실행 중인 인스턴스가 없습니다(${list}).`,
          ),
          inTier.map((i) => i.InstanceId ?? ''),
        );
      }
      return fail(
        text(
          `No instance runs in a ${tier} subnet of ${t.vpcId}.`,
          `${t.vpcId}의 ${TIER_KO[tier]} 서브넷에 인스턴스가 없습니다.`,
        ),
        [t.vpcId],
      );
    },
  });
}

export const webInstance = instanceCheck({
  id: 'vpc.web-instance',
  tier: 'public',
  title: text('A running web instance in a public subnet has a public IP', '퍼블릭 서브넷의 웹 인스턴스에 퍼블릭 IP'),
  hint: text(
    'Launch the web server in a public subnet with a public IPv4 address (auto-assign, or an Elastic IP).',
    '웹 서버를 퍼블릭 서브넷에 퍼블릭 IPv4 주소(자동 할당 또는 탄력적 IP)와 함께 시작하세요.',
  ),
});

export const appInstance = instanceCheck({
  id: 'vpc.app-instance',
  tier: 'private',
  title: text(
    'A running app instance in a private subnet has no public IP',
    '프라이빗 서브넷의 앱 인스턴스에 퍼블릭 IP 없음',
  ),
  hint: text(
    'Launch the app server in a private subnet without a public IP: it reaches the internet through the NAT gateway.',
    '앱 서버는 퍼블릭 IP 없이 프라이빗 서브넷에 시작하세요. 인터넷은 NAT 게이트웨이를 통해 나갑니다.',
  ),
});
