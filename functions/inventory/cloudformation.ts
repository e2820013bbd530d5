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
import { allPages, type CollectorContext, collectorOf } from './collect.js';
import { cloudformationSources } from './sources/cloudformation.js';

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

const collector = collectorOf(cloudformationSources);

export const cloudformationCollectors = [
  collector({
    key: 'cloudformation.stacks',
    collect: (ctx) => allPages(paginateDescribeStacks({ client: cfn(ctx) }, {}), (p) => p.Stacks),
  }),
  collector({
    key: 'cloudformation.stackResources',
    async collect(ctx) {
      const { members } = await studentStacksOf(ctx);
      const client = cfn(ctx);
      const entries = await Promise.all(
        members.map(async (stack) => {
          const StackName = stack.StackId ?? stack.StackName ?? '';
          try {
            const resources = await allPages(
              paginateListStackResources({ client }, { StackName }),
              (p) => p.StackResourceSummaries,
            );
            return [StackName, resources] as const;
          } catch (err) {
            // Deleted since DescribeStacks: "Stack with id … does not exist".
            if (isValidationError(err, /does not exist/i)) return [StackName, null] as const;
            throw err;
          }
        }),
      );
      return Object.fromEntries(entries) as Record<string, StackResourceSummary[] | null>;
    },
  }),
  collector({
    key: 'cloudformation.exports',
    collect: (ctx) => allPages(paginateListExports({ client: cfn(ctx) }, {}), (p) => p.Exports),
  }),
  collector({
    key: 'cloudformation.imports',
    async collect(ctx) {
      const [{ rootOf }, exports] = await Promise.all([studentStacksOf(ctx), ctx.need('cloudformation.exports')]);
      const client = cfn(ctx);
      const names = exports.filter((e) => e.Name && rootOf.has(e.ExportingStackId ?? '')).map((e) => e.Name as string);
      const entries = await Promise.all(
        names.map(async (ExportName) => {
          try {
            return [
              ExportName,
              await allPages(paginateListImports({ client }, { ExportName }), (p) => p.Imports),
            ] as const;
          } catch (err) {
            // An export nothing imports is "not configured": "Export 'x' is not imported by any stack."
            if (isValidationError(err, /not imported by any stack/i)) return [ExportName, []] as const;
            throw err;
          }
        }),
      );
      return Object.fromEntries(entries) as Record<string, string[]>;
    },
  }),
];
