/**
 * Auto Scaling and launch template sources, and the facts labs and collectors both read from
 * them (which template and version a group launches from, its subnets, its target groups).
 */
import type { AutoScalingGroup, LaunchConfiguration, ScalingPolicy } from '@aws-sdk/client-auto-scaling';
import type { LaunchTemplate, LaunchTemplateSpecification, LaunchTemplateVersion } from '@aws-sdk/client-ec2';

declare module '../inventory.js' {
  interface SourceTypes {
    'autoscaling.groups': AutoScalingGroup[];
    'autoscaling.policies': ScalingPolicy[];
    'autoscaling.launchConfigurations': LaunchConfiguration[];
    'ec2.launchTemplates': LaunchTemplate[];
    /** Keyed by launch template id; only the versions Auto Scaling groups use, resolved. */
    'ec2.launchTemplateVersions': Record<string, LaunchTemplateVersion[]>;
  }
}

/** The launch template a group launches from, directly or through a mixed instances policy. */
export function groupLaunchTemplateSpec(group: AutoScalingGroup): LaunchTemplateSpecification | undefined {
  return group.LaunchTemplate ?? group.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
}

/** The template a specification names (by id, else by name). */
export function findLaunchTemplate(
  templates: LaunchTemplate[],
  spec: LaunchTemplateSpecification,
): LaunchTemplate | undefined {
  if (spec.LaunchTemplateId) return templates.find((t) => t.LaunchTemplateId === spec.LaunchTemplateId);
  return templates.find((t) => t.LaunchTemplateName === spec.LaunchTemplateName);
}

/**
 * The version number a group's `Version` means, as AWS resolves it: `$Latest` is the template's
 * latest version, `$Default` (or no version at all) its default version, anything else a number.
 */
export function resolveLaunchTemplateVersion(
  template: LaunchTemplate,
  version: string | undefined,
): number | undefined {
  const v = version?.trim();
  if (v === undefined || v === '' || v === '$Default') return template.DefaultVersionNumber;
  if (v === '$Latest') return template.LatestVersionNumber;
  return /^\d+$/.test(v) ? Number(v) : undefined;
}

/** `VPCZoneIdentifier` is one comma-separated string of subnet ids. */
export function groupSubnetIds(group: AutoScalingGroup): string[] {
  return (group.VPCZoneIdentifier ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Target groups a group is attached to (the classic list and the newer traffic sources). */
export function groupTargetGroupArns(group: AutoScalingGroup): string[] {
  const arns = new Set(group.TargetGroupARNs ?? []);
  for (const source of group.TrafficSources ?? []) {
    if (source.Identifier?.includes(':targetgroup/')) arns.add(source.Identifier);
  }
  return [...arns];
}
