/**
 * `asg.launch-template`: the group launches from a launch template (not a launch configuration)
 * with an AMI and an instance type.
 */
import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import type { LaunchTemplate, LaunchTemplateSpecification, LaunchTemplateVersion } from '@aws-sdk/client-ec2';
import { findLaunchTemplate, groupLaunchTemplateSpec, resolveLaunchTemplateVersion } from '../../facts/autoscaling.js';
import { type Inventory, read, readEntry } from '../../inventory.js';
import { fail, type Localized, pass, text } from '../../model.js';
import { albCheck, deleting, groupName, requireGroup } from './target.js';

interface ResolvedLaunchTemplate {
  spec: LaunchTemplateSpecification | undefined;
  template: LaunchTemplate | undefined;
  number: number | undefined;
  version: LaunchTemplateVersion | undefined;
}

export function launchTemplateOf(inventory: Inventory, group: AutoScalingGroup): ResolvedLaunchTemplate {
  const spec = groupLaunchTemplateSpec(group);
  if (!spec) return { spec, template: undefined, number: undefined, version: undefined };
  const template = findLaunchTemplate(read(inventory, 'ec2.launchTemplates'), spec);
  const number = template ? resolveLaunchTemplateVersion(template, spec.Version) : undefined;
  if (!template?.LaunchTemplateId || number === undefined) return { spec, template, number, version: undefined };
  const versions = readEntry(inventory, 'ec2.launchTemplateVersions', template.LaunchTemplateId);
  return { spec, template, number, version: versions.find((v) => v.VersionNumber === number) };
}

export const launchTemplate = albCheck({
  id: 'asg.launch-template',
  judgedWithoutTarget: true,
  title: text(
    'The Auto Scaling group launches from a launch template with an AMI and an instance type',
    '오토 스케일링 그룹이 AMI와 인스턴스 유형이 있는 시작 템플릿으로 인스턴스를 시작함',
  ),
  points: 10,
  hint: text(
    'A launch template describes the instance the Auto Scaling group creates (AMI, instance type, security group): create one and use it in the group. Launch configurations are the older mechanism and are not the lab.',
    '시작 템플릿은 오토 스케일링 그룹이 만들 인스턴스(AMI, 인스턴스 유형, 보안 그룹)를 미리 정해 둔 것입니다. 시작 템플릿을 만들어 그룹에 지정하세요. 시작 구성(launch configuration)은 이전 방식이라 이 실습에 해당하지 않습니다.',
  ),
  evaluate(target, _params, inventory) {
    const group = requireGroup(inventory, target);
    if (!group) {
      return fail(
        text(
          `No Auto Scaling group in ${inventory.region}.`,
          `${inventory.region} 리전에 오토 스케일링 그룹이 없습니다.`,
        ),
      );
    }
    const gone = deleting(group);
    if (gone) return gone;
    const name = groupName(group);
    if (group.LaunchConfigurationName) {
      const lc = read(inventory, 'autoscaling.launchConfigurations').find(
        (c) => c.LaunchConfigurationName === group.LaunchConfigurationName,
      );
      const detail = lc ? ` (${lc.ImageId}, ${lc.InstanceType})` : '';
      return fail(
        text(
          `Auto Scaling group ${name} launches from launch configuration ${group.LaunchConfigurationName}${detail}; the lab expects a launch template.`,
          `오토 스케일링 그룹 ${name}이(가) 시작 구성 ${group.LaunchConfigurationName}${detail}(으)로 인스턴스를 시작합니다. 시작 템플릿을 사용해야 합니다.`,
        ),
        [name, group.LaunchConfigurationName],
      );
    }
    const lt = launchTemplateOf(inventory, group);
    if (!lt.spec) {
      return fail(
        text(
          `Auto Scaling group ${name} names no launch template.`,
          `오토 스케일링 그룹 ${name}에 지정된 시작 템플릿이 없습니다.`,
        ),
        [name],
      );
    }
    const ref = lt.spec.LaunchTemplateId ?? lt.spec.LaunchTemplateName ?? '';
    const asked = lt.spec.Version ?? '$Default';
    if (!lt.template) {
      return fail(
        text(
          `Auto Scaling group ${name} uses launch template ${ref}, which does not exist.`,
          `오토 스케일링 그룹 ${name}이(가) 사용하는 시작 템플릿 ${ref}이(가) 존재하지 않습니다.`,
        ),
        [name, ref],
      );
    }
    const ltName = lt.template.LaunchTemplateName ?? ref;
    const evidence = [name, lt.template.LaunchTemplateId ?? ref];
    if (!lt.version) {
      return fail(
        text(
          `Auto Scaling group ${name} uses version ${asked} of launch template ${ltName}, which does not exist.`,
          `오토 스케일링 그룹 ${name}이(가) 사용하는 시작 템플릿 ${ltName}의 버전 ${asked}이(가) 존재하지 않습니다.`,
        ),
        evidence,
      );
    }
    const data = lt.version.LaunchTemplateData ?? {};
    const overrides = group.MixedInstancesPolicy?.LaunchTemplate?.Overrides ?? [];
    // A mixed instances policy may leave the type to its overrides.
    const instanceType =
      data.InstanceType ??
      (overrides.some((o) => o.InstanceRequirements)
        ? 'instance requirements'
        : overrides
            .map((o) => o.InstanceType)
            .filter((t): t is string => t !== undefined)
            .join('/'));
    const missing: Localized[] = [];
    if (!data.ImageId) missing.push(text('AMI', 'AMI'));
    if (!instanceType) missing.push(text('instance type', '인스턴스 유형'));
    const which = asked === String(lt.number) ? `version ${lt.number}` : `version ${lt.number} (${asked})`;
    if (missing.length) {
      return fail(
        text(
          `Launch template ${ltName} ${which}, used by ${name}, has no ${missing.map((m) => m.en).join(' and no ')}.`,
          `${name}이(가) 사용하는 시작 템플릿 ${ltName} ${which}에 ${missing.map((m) => m.ko).join('과 ')}이(가) 없습니다.`,
        ),
        evidence,
      );
    }
    return pass(
      text(
        `Auto Scaling group ${name} launches from launch template ${ltName} ${which}: ${data.ImageId}, ${instanceType}.`,
        `오토 스케일링 그룹 ${name}은(는) 시작 템플릿 ${ltName} ${which}(${data.ImageId}, ${instanceType})로 인스턴스를 시작합니다.`,
      ),
      evidence,
    );
  },
});
