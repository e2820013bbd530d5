/** compute.instances: at least one instance runs in the lab VPC (a non-default VPC). */

import { isRunning } from '../../facts/ec2.js';
import { read } from '../../inventory.js';
import { fail, pass, text } from '../../model.js';
import { noVpc } from '../../vpc-candidates.js';
import { computeCheck, instanceIds, instanceList, vpcLabel } from './target.js';

export const instances = computeCheck({
  id: 'compute.instances',
  judgedWithoutTarget: true,
  title: text('An instance runs in a non-default VPC', '기본이 아닌 VPC에서 인스턴스 실행'),
  points: 10,
  hint: text(
    "Launch the lab's EC2 instances into the VPC you built in the networking lab (not the default VPC): choose its subnets and security groups at launch.",
    '네트워킹 실습에서 만든 VPC(기본 VPC가 아님)에 EC2 인스턴스를 시작하세요. 인스턴스를 시작할 때 그 VPC의 서브넷과 보안 그룹을 선택합니다.',
  ),
  evaluate(t, p, inventory) {
    const all = read(inventory, 'ec2.instances');
    const defaultVpcs = new Set(
      read(inventory, 'ec2.vpcs')
        .filter((v) => v.IsDefault)
        .map((v) => v.VpcId),
    );
    const inDefault = all.filter((i) => isRunning(i) && defaultVpcs.has(i.VpcId));
    const aside =
      inDefault.length > 0
        ? text(
            ` Running in the default VPC (not the lab): ${instanceList(inDefault)}.`,
            ` 기본 VPC에서 실행 중인 인스턴스(실습 대상 아님): ${instanceList(inDefault)}.`,
          )
        : text('', '');
    if (t === undefined) {
      const missing = noVpc(p.vpcId);
      return fail(text(`${missing.en}${aside.en}`, `${missing.ko}${aside.ko}`), [
        ...(p.vpcId ? [p.vpcId] : []),
        ...instanceIds(inDefault),
      ]);
    }
    if (t.running.length === 0) {
      const stopped = all.filter((i) => i.VpcId === t.vpcId && !isRunning(i) && i.State?.Name !== 'terminated');
      const states = stopped.map((i) => `${instanceList([i])}: ${i.State?.Name ?? '?'}`).join(', ');
      return fail(
        text(
          `No instance is running in the lab VPC ${vpcLabel(t)}${states ? ` (${states})` : ''}.${aside.en}`,
          `실습 VPC ${vpcLabel(t)}에 실행 중인 인스턴스가 없습니다${states ? `(${states})` : ''}.${aside.ko}`,
        ),
        [t.vpcId, ...instanceIds(stopped), ...instanceIds(inDefault)],
      );
    }
    return pass(
      text(
        `${t.running.length} instance${t.running.length === 1 ? '' : 's'} running in the lab VPC ${vpcLabel(t)}: ${instanceList(t.running)}.${aside.en}`,
        `실습 VPC ${vpcLabel(t)}에서 인스턴스 ${t.running.length}개가 실행 중입니다: ${instanceList(t.running)}.${aside.ko}`,
      ),
      [t.vpcId, ...instanceIds(t.running)],
    );
  },
});
