/** CloudFormation sources: stacks, the student stacks' resources, exports and their imports. */
import * as z from 'zod';
import { byId, defineSources, type LoadedReaders, listOf, optional } from '../schemas.js';

export const cloudformationSources = defineSources(
  async (): LoadedReaders => (await import('../cloudformation.js')).cloudformationReaders,
  {
    'cloudformation.stacks': {
      schema: () =>
        listOf('StackName', {
          ...optional.strings('StackId', 'StackStatus', 'ParentId', 'RootId'),
          DriftInformation: z.looseObject(optional.strings('StackDriftStatus')).optional(),
        }),
      actions: ['cloudformation:DescribeStacks'],
    },
    'cloudformation.stackResources': {
      schema: () =>
        byId(
          z
            .array(
              z.looseObject(
                optional.strings('LogicalResourceId', 'PhysicalResourceId', 'ResourceType', 'ResourceStatus'),
              ),
            )
            .nullable(),
        ),
      actions: ['cloudformation:ListStackResources'],
    },
    'cloudformation.exports': {
      schema: () => listOf('Name', optional.strings('ExportingStackId', 'Value')),
      actions: ['cloudformation:ListExports'],
    },
    'cloudformation.imports': { schema: () => byId(z.array(z.string())), actions: ['cloudformation:ListImports'] },
  },
);
