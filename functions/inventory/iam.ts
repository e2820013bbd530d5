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
import { allPages, byKey, type CollectorContext, defineReaders, orNotConfigured } from './collect.js';
import type { iamSources } from './sources/iam.js';

const iam = (ctx: CollectorContext) => ctx.clients.get(IAMClient, ctx.region);

/** IAM returns policy documents URL-encoded (RFC 3986); a plain JSON document is accepted as is. */
export function decodePolicyDocument(document: string | undefined): PolicyDocument {
  if (!document) return {};
  const json = document.trimStart().startsWith('{') ? document : decodeURIComponent(document);
  return JSON.parse(json) as PolicyDocument;
}

async function userNames(ctx: CollectorContext): Promise<string[]> {
  return (await ctx.need('iam.users')).map((u) => u.UserName).filter((n): n is string => n !== undefined);
}

async function groupNames(ctx: CollectorContext): Promise<string[]> {
  return (await ctx.need('iam.groups')).map((g) => g.GroupName).filter((n): n is string => n !== undefined);
}

/** A source read once per user or group (all at once), keyed by its name. */
function perName<T>(
  names: (ctx: CollectorContext) => Promise<string[]>,
  read: (client: IAMClient, name: string) => Promise<T>,
): (ctx: CollectorContext) => Promise<Record<string, T>> {
  return async (ctx) => {
    const client = iam(ctx);
    return byKey(await names(ctx), (name) => read(client, name));
  };
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

export const iamReaders = defineReaders<typeof iamSources>({
  'iam.accountSummary': async (ctx) => {
    const out = await iam(ctx).send(new GetAccountSummaryCommand({}));
    return { ...(out.SummaryMap ?? {}) } as Record<string, number>;
  },
  'iam.users': (ctx) => allPages(paginateListUsers({ client: iam(ctx) }, {}), (p) => p.Users),
  'iam.groups': (ctx) => allPages(paginateListGroups({ client: iam(ctx) }, {}), (p) => p.Groups),
  'iam.groupsForUser': perName(userNames, (client, UserName) =>
    allPages(paginateListGroupsForUser({ client }, { UserName }), (p) => p.Groups),
  ),
  'iam.userPolicies': perName(userNames, (client, UserName) =>
    policiesOf(
      paginateListAttachedUserPolicies({ client }, { UserName }),
      paginateListUserPolicies({ client }, { UserName }),
      async (PolicyName) => (await client.send(new GetUserPolicyCommand({ UserName, PolicyName }))).PolicyDocument,
    ),
  ),
  'iam.groupPolicies': perName(groupNames, (client, GroupName) =>
    policiesOf(
      paginateListAttachedGroupPolicies({ client }, { GroupName }),
      paginateListGroupPolicies({ client }, { GroupName }),
      async (PolicyName) => (await client.send(new GetGroupPolicyCommand({ GroupName, PolicyName }))).PolicyDocument,
    ),
  ),
  'iam.passwordPolicy': async (ctx) => {
    // An account without a password policy answers NoSuchEntity (404): "not configured".
    const out = await orNotConfigured(iam(ctx).send(new GetAccountPasswordPolicyCommand({})), [
      'NoSuchEntityException',
      'NoSuchEntity',
    ]);
    return out?.PasswordPolicy ?? null;
  },
  'iam.instanceProfiles': async (ctx) => {
    const profiles = await allPages(paginateListInstanceProfiles({ client: iam(ctx) }, {}), (p) => p.InstanceProfiles);
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
  'iam.accessKeys': perName(userNames, (client, UserName) =>
    allPages(paginateListAccessKeys({ client }, { UserName }), (p) => p.AccessKeyMetadata),
  ),
});
