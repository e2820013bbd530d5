/**
 * CloudFormation sources: the region's stacks and exports (one paginated call each), the
 * resources of the student stacks only (one ListStackResources per student stack, nested ones
 * included), and what imports each export of a student stack (one ListImports per such export).
 * Nothing here starts a drift detection: drift is read as DescribeStacks reports it.
 */
import {
  CloudFormationClient,
  paginateDescribeStacks,
  paginateListExports,
  paginateListImports,
  paginateListStackResources,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import { DEFAULT_ACCESS_STACK_NAME, studentStacks } from '../../checks/facts/cloudformation.js';
import { allPages, byKey, type CollectorContext, defineReaders } from './collect.js';
import type { cloudformationSources } from './sources/cloudformation.js';

const cfn = (ctx: CollectorContext) => ctx.clients.get(CloudFormationClient, ctx.region);

/** CloudFormation answers "not there" with a ValidationError, told apart by its message. */
function isValidationError(err: unknown, pattern: RegExp): boolean {
  const e = err as { name?: unknown; Code?: unknown; message?: unknown };
  const code = e?.name === 'ValidationError' || e?.Code === 'ValidationError';
  return code && typeof e.message === 'string' && pattern.test(e.message);
}

async function studentStacksOf(ctx: CollectorContext) {
  const [stacks, identity] = await Promise.all([ctx.need('cloudformation.stacks'), ctx.need('sts.callerIdentity')]);
  const accessStackName =
    typeof ctx.params.accessStackName === 'string' ? ctx.params.accessStackName : DEFAULT_ACCESS_STACK_NAME;
  return studentStacks(stacks, { accessStackName, ...(identity.Arn ? { callerArn: identity.Arn } : {}) });
}

export const cloudformationReaders = defineReaders<typeof cloudformationSources>({
  'cloudformation.stacks': (ctx) => allPages(paginateDescribeStacks({ client: cfn(ctx) }, {}), (p) => p.Stacks),
  'cloudformation.stackResources': async (ctx) => {
    const { members } = await studentStacksOf(ctx);
    const client = cfn(ctx);
    const names = members.map((stack) => stack.StackId ?? stack.StackName ?? '');
    return byKey(names, async (StackName): Promise<StackResourceSummary[] | null> => {
      try {
        return await allPages(paginateListStackResources({ client }, { StackName }), (p) => p.StackResourceSummaries);
      } catch (err) {
        // Deleted since DescribeStacks: "Stack with id … does not exist".
        if (isValidationError(err, /does not exist/i)) return null;
        throw err;
      }
    });
  },
  'cloudformation.exports': (ctx) => allPages(paginateListExports({ client: cfn(ctx) }, {}), (p) => p.Exports),
  'cloudformation.imports': async (ctx) => {
    const [{ rootOf }, exports] = await Promise.all([studentStacksOf(ctx), ctx.need('cloudformation.exports')]);
    const client = cfn(ctx);
    const names = exports.filter((e) => e.Name && rootOf.has(e.ExportingStackId ?? '')).map((e) => e.Name as string);
    return byKey(names, async (ExportName): Promise<string[]> => {
      try {
        return await allPages(paginateListImports({ client }, { ExportName }), (p) => p.Imports);
      } catch (err) {
        // An export nothing imports is "not configured": "Export 'x' is not imported by any stack."
        if (isValidationError(err, /not imported by any stack/i)) return [];
        throw err;
      }
    });
  },
});
