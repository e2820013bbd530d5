/**
 * EC2 launch templates: every template of the region (one paginated call), and the versions that
 * Auto Scaling groups launch from, resolved as AWS resolves them ($Latest, $Default, a number):
 * one DescribeLaunchTemplateVersions call per template in use, in parallel.
 */
import {
  EC2Client,
  paginateDescribeLaunchTemplates,
  paginateDescribeLaunchTemplateVersions,
} from '@aws-sdk/client-ec2';
import {
  findLaunchTemplate,
  groupLaunchTemplateSpec,
  resolveLaunchTemplateVersion,
} from '../../checks/facts/autoscaling.js';
import { allPages, byKey, type CollectorContext, defineReaders, orNotConfigured } from './collect.js';
import type { launchTemplateSources } from './sources/launch-templates.js';

const ec2 = (ctx: CollectorContext) => ctx.clients.get(EC2Client, ctx.region);

/** A version deleted since the group was configured: the check reports it missing. */
const VERSION_GONE = [
  'InvalidLaunchTemplateId.VersionNotFound',
  'InvalidLaunchTemplateId.NotFound',
  'InvalidLaunchTemplateName.NotFoundException',
];

export const launchTemplateReaders = defineReaders<typeof launchTemplateSources>({
  'ec2.launchTemplates': (ctx) =>
    allPages(paginateDescribeLaunchTemplates({ client: ec2(ctx) }, {}), (p) => p.LaunchTemplates),
  'ec2.launchTemplateVersions': async (ctx) => {
    const [groups, templates] = await Promise.all([ctx.need('autoscaling.groups'), ctx.need('ec2.launchTemplates')]);
    const wanted = new Map<string, Set<number>>();
    for (const group of groups) {
      const spec = groupLaunchTemplateSpec(group);
      const template = spec && findLaunchTemplate(templates, spec);
      const number = template && resolveLaunchTemplateVersion(template, spec.Version);
      if (!template?.LaunchTemplateId || number === undefined) continue;
      const versions = wanted.get(template.LaunchTemplateId) ?? new Set();
      versions.add(number);
      wanted.set(template.LaunchTemplateId, versions);
    }
    const client = ec2(ctx);
    return byKey(wanted.keys(), async (LaunchTemplateId) => {
      const Versions = [...(wanted.get(LaunchTemplateId) ?? [])].sort((a, b) => a - b).map(String);
      const read = allPages(
        paginateDescribeLaunchTemplateVersions({ client }, { LaunchTemplateId, Versions }),
        (p) => p.LaunchTemplateVersions,
      );
      return (await orNotConfigured(read, VERSION_GONE)) ?? [];
    });
  },
});
