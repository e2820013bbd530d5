/** `vpc.exists` and `vpc.dns`: the lab VPC itself, its private range and its DNS settings. */
import { read, SourceUnavailableError } from '../../inventory.js';
import { fail, pass, text } from '../../model.js';
import { isPrivateRange, label, parseCidr } from '../../network.js';
import { vpcCheck } from './views.js';

export const exists = vpcCheck({
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
});

export const dns = vpcCheck({
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
});
