/**
 * IAM sources. IAM is global: each source is read once per grade whatever region is graded (the
 * client of the graded region reaches the partition's global IAM endpoint). Account-wide lists are
 * paginated with IsTruncated/Marker (the SDK's paginators); per-user and per-group calls run in
 * parallel. Policy documents come URL-encoded from IAM and are decoded before parsing.
 */
import {
  type AttachedPolicy,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetGroupPolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  paginateListAccessKeys,
  paginateListAttachedGroupPolicies,
  paginateListAttachedUserPolicies,
  paginateListGroupPolicies,
  paginateListGroups,
  paginateListGroupsForUser,
  paginateListInstanceProfiles,
  paginateListUserPolicies,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import type { InlinePolicy, PrincipalPolicies } from '../../checks/facts/iam.js';
import type { PolicyDocument } from '../../checks/policy.js';
import { allPages, type CollectorContext, collectorOf, orNotConfigured } from './collect.js';
import { iamSources } from './sources/iam.js';

const iam = (ctx: CollectorContext) => ctx.clients.get(IAMClient, ctx.region);

/** IAM returns policy documents URL-encoded (RFC 3986); a plain JSON document is accepted as is. */
export function decodePolicyDocument(document: string | undefined): PolicyDocument {
  if (!document) return {};
  const json = document.trimStart().startsWith('{') ? document : decodeURIComponent(document);
  return JSON.parse(json) as PolicyDocument;
}

/** Runs `read` for every name at once and keys the answers by name. */
async function byName<T>(names: string[], read: (name: string) => Promise<T>): Promise<Record<string, T>> {
  const entries = await Promise.all(names.map(async (name) => [name, await read(name)] as const));
  return Object.fromEntries(entries);
}

async function userNames(ctx: CollectorContext): Promise<string[]> {
  return (await ctx.need('iam.users')).map((u) => u.UserName).filter((n): n is string => n !== undefined);
}

async function groupNames(ctx: CollectorContext): Promise<string[]> {
  return (await ctx.need('iam.groups')).map((g) => g.GroupName).filter((n): n is string => n !== undefined);
}

/**
 * The policies of one user or group: attached managed policies, and the inline ones with their
 * documents (one Get call per inline policy, URL-decoded).
 */
async function policiesOf(
  attachedPages: AsyncIterable<{ AttachedPolicies?: AttachedPolicy[] }>,
  namePages: AsyncIterable<{ PolicyNames?: string[] }>,
  documentOf: (PolicyName: string) => Promise<string | undefined>,
): Promise<PrincipalPolicies> {
  const [attached, names] = await Promise.all([
    allPages(attachedPages, (p) => p.AttachedPolicies),
    allPages(namePages, (p) => p.PolicyNames),
  ]);
  const inline = await Promise.all(
    names.map(
      async (PolicyName): Promise<InlinePolicy> => ({
        PolicyName,
        PolicyDocument: decodePolicyDocument(await documentOf(PolicyName)),
      }),
    ),
  );
  return { attached, inline };
}

const collector = collectorOf(iamSources);

export const iamCollectors = [
  collector({
    key: 'iam.accountSummary',
    collect: async (ctx) => {
      const out = await iam(ctx).send(new GetAccountSummaryCommand({}));
      return { ...(out.SummaryMap ?? {}) } as Record<string, number>;
    },
  }),
  collector({
    key: 'iam.users',
    collect: (ctx) => allPages(paginateListUsers({ client: iam(ctx) }, {}), (p) => p.Users),
  }),
  collector({
    key: 'iam.groups',
    collect: (ctx) => allPages(paginateListGroups({ client: iam(ctx) }, {}), (p) => p.Groups),
  }),
  collector({
    key: 'iam.groupsForUser',
    async collect(ctx) {
      const client = iam(ctx);
      return byName(await userNames(ctx), (UserName) =>
        allPages(paginateListGroupsForUser({ client }, { UserName }), (p) => p.Groups),
      );
    },
  }),
  collector({
    key: 'iam.userPolicies',
    async collect(ctx) {
      const client = iam(ctx);
      return byName(await userNames(ctx), (UserName) =>
        policiesOf(
          paginateListAttachedUserPolicies({ client }, { UserName }),
          paginateListUserPolicies({ client }, { UserName }),
          async (PolicyName) => (await client.send(new GetUserPolicyCommand({ UserName, PolicyName }))).PolicyDocument,
        ),
      );
    },
  }),
  collector({
    key: 'iam.groupPolicies',
    async collect(ctx) {
      const client = iam(ctx);
      return byName(await groupNames(ctx), (GroupName) =>
        policiesOf(
          paginateListAttachedGroupPolicies({ client }, { GroupName }),
          paginateListGroupPolicies({ client }, { GroupName }),
          async (PolicyName) =>
            (await client.send(new GetGroupPolicyCommand({ GroupName, PolicyName }))).PolicyDocument,
        ),
      );
    },
  }),
  collector({
    key: 'iam.passwordPolicy',
    async collect(ctx) {
      // An account without a password policy answers NoSuchEntity (404): "not configured".
      const out = await orNotConfigured(iam(ctx).send(new GetAccountPasswordPolicyCommand({})), [
        'NoSuchEntityException',
        'NoSuchEntity',
      ]);
      return out?.PasswordPolicy ?? null;
    },
  }),
  collector({
    key: 'iam.instanceProfiles',
    async collect(ctx) {
      const profiles = await allPages(
        paginateListInstanceProfiles({ client: iam(ctx) }, {}),
        (p) => p.InstanceProfiles,
      );
      // The roles' trust policies come URL-encoded too: stored decoded, as JSON text.
      for (const profile of profiles) {
        for (const role of profile.Roles ?? []) {
          if (role.AssumeRolePolicyDocument) {
            role.AssumeRolePolicyDocument = JSON.stringify(decodePolicyDocument(role.AssumeRolePolicyDocument));
          }
        }
      }
      return profiles;
    },
  }),
  collector({
    key: 'iam.accessKeys',
    async collect(ctx) {
      const client = iam(ctx);
      return byName(await userNames(ctx), (UserName) =>
        allPages(paginateListAccessKeys({ client }, { UserName }), (p) => p.AccessKeyMetadata),
      );
    },
  }),
];
