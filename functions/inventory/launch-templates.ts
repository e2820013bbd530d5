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
import * as z from 'zod';
import {
  findLaunchTemplate,
  groupLaunchTemplateSpec,
  resolveLaunchTemplateVersion,
} from '../../checks/facts/autoscaling.js';
import { type CollectorContext, defineCollector, orNotConfigured } from './collect.js';
import { allPages } from './ec2.js';
import { byId, listOf, tags } from './schemas.js';

const ec2 = (ctx: CollectorContext) => ctx.clients.get(EC2Client, ctx.region);

/** A version deleted since the group was configured: the check reports it missing. */
const VERSION_GONE = [
  'InvalidLaunchTemplateId.VersionNotFound',
  'InvalidLaunchTemplateId.NotFound',
  'InvalidLaunchTemplateName.NotFoundException',
];

export const launchTemplateCollectors = [
  defineCollector({
    key: 'ec2.launchTemplates',
    schema: listOf('LaunchTemplateId', {
      LaunchTemplateName: z.string().optional(),
      DefaultVersionNumber: z.number().optional(),
      LatestVersionNumber: z.number().optional(),
      Tags: tags,
    }),
    actions: ['ec2:DescribeLaunchTemplates'],
    collect: (ctx) => allPages(paginateDescribeLaunchTemplates({ client: ec2(ctx) }, {}), (p) => p.LaunchTemplates),
  }),
  defineCollector({
    key: 'ec2.launchTemplateVersions',
    schema: byId(
      z.array(
        z.looseObject({
          LaunchTemplateId: z.string().optional(),
          VersionNumber: z.number(),
          LaunchTemplateData: z
            .looseObject({ ImageId: z.string().optional(), InstanceType: z.string().optional() })
            .optional(),
        }),
      ),
    ),
    actions: ['ec2:DescribeLaunchTemplateVersions'],
    async collect(ctx) {
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
      const entries = await Promise.all(
        [...wanted].map(async ([LaunchTemplateId, numbers]) => {
          const Versions = [...numbers].sort((a, b) => a - b).map(String);
          const read = allPages(
            paginateDescribeLaunchTemplateVersions({ client }, { LaunchTemplateId, Versions }),
            (p) => p.LaunchTemplateVersions,
          );
          return [LaunchTemplateId, (await orNotConfigured(read, VERSION_GONE)) ?? []] as const;
        }),
      );
      return Object.fromEntries(entries);
    },
  }),
];
