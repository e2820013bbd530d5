/** `alb.sg-chain`: the instances' security groups admit the traffic port only from the load balancer's. */
import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import { type Inventory, read } from '../../inventory.js';
import { fail, joinText, type Localized, pass, skip, text } from '../../model.js';
import { chainFrom, instanceGroupIds, networkOf } from '../../network.js';
import { launchTemplateOf } from './launch-template.js';
import { albCheck, groupName, labTargetGroups, NO_GROUP, NO_LB, requireGroup, requireLb } from './target.js';

interface SgSet {
  /** Where the groups come from: the launch template version and/or running instances. */
  sources: Localized[];
  groupIds: string[];
}

/**
 * The security groups the group's instances get, from the launch template and from its
 * instances; identical sets are judged (and reported) once.
 */
function instanceSgSets(inventory: Inventory, group: AutoScalingGroup): SgSet[] {
  const sets = new Map<string, SgSet>();
  const add = (source: Localized, ids: string[]) => {
    const groupIds = [...new Set(ids)].sort();
    const key = groupIds.join(',');
    const set = sets.get(key);
    if (set) set.sources.push(source);
    else sets.set(key, { sources: [source], groupIds });
  };
  const lt = launchTemplateOf(inventory, group);
  const data = lt.version?.LaunchTemplateData;
  if (data) {
    const ids = [...(data.SecurityGroupIds ?? []), ...(data.NetworkInterfaces ?? []).flatMap((n) => n.Groups ?? [])];
    const name = `${lt.template?.LaunchTemplateName} v${lt.number}`;
    if (ids.length) add(text(`launch template ${name}`, `시작 템플릿 ${name}`), ids);
  }
  const members = new Set((group.Instances ?? []).map((i) => i.InstanceId));
  for (const instance of read(inventory, 'ec2.instances')) {
    if (!members.has(instance.InstanceId) || instance.State?.Name === 'terminated') continue;
    add(text(`instance ${instance.InstanceId}`, `인스턴스 ${instance.InstanceId}`), instanceGroupIds(instance));
  }
  return [...sets.values()];
}

export const sgChain = albCheck({
  id: 'alb.sg-chain',
  title: text(
    "The instances' security group admits HTTP only from the load balancer's security group",
    '인스턴스의 보안 그룹이 로드 밸런서의 보안 그룹에서만 HTTP를 허용함',
  ),
  points: 10,
  hint: text(
    "Chain the security groups: the instances' security group should name the load balancer's security group as the source of its HTTP rule, with no CIDR source such as 0.0.0.0/0, so only the load balancer reaches the instances.",
    '보안 그룹을 체인으로 연결하세요. 인스턴스의 보안 그룹은 HTTP 규칙의 소스로 로드 밸런서의 보안 그룹을 지정하고 0.0.0.0/0 같은 CIDR 소스는 두지 않아야, 로드 밸런서만 인스턴스에 닿을 수 있습니다.',
  ),
  evaluate(target, params, inventory) {
    const lb = requireLb(inventory, target);
    const group = requireGroup(inventory, target);
    if (!lb) return skip(NO_LB);
    if (!group) return skip(NO_GROUP);
    const lbSgs = lb.SecurityGroups ?? [];
    const port = labTargetGroups(inventory, target, params)[0]?.tg?.Port ?? 80;
    const sets = instanceSgSets(inventory, group);
    if (sets.length === 0) {
      return skip(
        text(
          `Auto Scaling group ${groupName(group)} has no instance and no launch template security group to judge.`,
          `오토 스케일링 그룹 ${groupName(group)}에 판정할 인스턴스나 시작 템플릿 보안 그룹이 없습니다.`,
        ),
      );
    }
    const network = networkOf(inventory);
    const problems: Localized[] = [];
    const evidence = new Set<string>([...lbSgs, ...(group.Instances ?? []).map((i) => i.InstanceId ?? '')]);
    for (const set of sets) {
      const verdicts = set.groupIds.map((id) => ({ id, v: chainFrom(network.securityGroup(id), [port], lbSgs) }));
      for (const id of set.groupIds) evidence.add(id);
      const cidrs = verdicts.flatMap(({ id, v }) =>
        [...v.cidrSources, ...v.prefixListSources].map((c) => text(`${id} from ${c}`, `${id}: ${c}`)),
      );
      const from = joinText(set.sources, ', ');
      const fromLb = verdicts.some(({ v }) => v.fromAllowed.length > 0);
      if (cidrs.length) {
        problems.push(
          text(
            `${from.en}: ${joinText(cidrs, ', ').en} on port ${port}`,
            `${from.ko}: 포트 ${port}을(를) ${joinText(cidrs, ', ').ko}에서 허용`,
          ),
        );
      } else if (!fromLb) {
        problems.push(
          text(
            `${from.en}: ${set.groupIds.join(', ')} admit port ${port} from none of ${lbSgs.join(', ')}`,
            `${from.ko}: ${set.groupIds.join(', ')}이(가) ${lbSgs.join(', ')}에서 오는 포트 ${port}을(를) 허용하지 않음`,
          ),
        );
      }
    }
    if (problems.length) {
      return fail(
        text(
          `Instances of ${groupName(group)} should admit port ${port} only from the load balancer's security group ${lbSgs.join(', ')}: ${joinText(problems).en}.`,
          `${groupName(group)}의 인스턴스는 로드 밸런서의 보안 그룹 ${lbSgs.join(', ')}에서만 포트 ${port}을(를) 허용해야 합니다: ${joinText(problems).ko}.`,
        ),
        [...evidence],
      );
    }
    return pass(
      text(
        `Instances of ${groupName(group)} admit port ${port} only from the load balancer's security group ${lbSgs.join(', ')}.`,
        `${groupName(group)}의 인스턴스는 로드 밸런서의 보안 그룹 ${lbSgs.join(', ')}에서만 포트 ${port}을(를) 허용합니다.`,
      ),
      [...evidence],
    );
  },
});
