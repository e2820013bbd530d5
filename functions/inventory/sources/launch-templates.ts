/** EC2 launch templates and the versions Auto Scaling groups launch from. */
import * as z from 'zod';
import { byId, defineSources, type LoadedReaders, listOf, optional, tags } from '../schemas.js';

export const launchTemplateSources = defineSources(
  async (): LoadedReaders => (await import('../launch-templates.js')).launchTemplateReaders,
  {
    'ec2.launchTemplates': {
      schema: () =>
        listOf('LaunchTemplateId', {
          ...optional.strings('LaunchTemplateName'),
          ...optional.numbers('DefaultVersionNumber', 'LatestVersionNumber'),
          Tags: tags(),
        }),
      actions: ['ec2:DescribeLaunchTemplates'],
    },
    'ec2.launchTemplateVersions': {
      schema: () =>
        byId(
          z.array(
            z.looseObject({
              ...optional.strings('LaunchTemplateId'),
              VersionNumber: z.number(),
              LaunchTemplateData: z.looseObject(optional.strings('ImageId', 'InstanceType')).optional(),
            }),
          ),
        ),
      actions: ['ec2:DescribeLaunchTemplateVersions'],
    },
  },
);
