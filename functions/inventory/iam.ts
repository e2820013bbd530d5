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
import * as z from 'zod';
import type { InlinePolicy, PrincipalPolicies } from '../../checks/facts/iam.js';
import type { PolicyDocument } from '../../checks/policy.js';
import { type CollectorContext, defineCollector, orNotConfigured } from './collect.js';
import { allPages } from './ec2.js';
import { byId, listOf } from './schemas.js';

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

const policies = z.object({
  attached: z.array(z.looseObject({ PolicyName: z.string().optional(), PolicyArn: z.string().optional() })),
  inline: z.array(z.looseObject({ PolicyName: z.string(), PolicyDocument: z.looseObject({}) })),
});

const group = z.looseObject({ GroupName: z.string(), Arn: z.string().optional() });

export const iamCollectors = [
  defineCollector({
    key: 'iam.accountSummary',
    schema: z.record(z.string(), z.number()),
    actions: ['iam:GetAccountSummary'],
    collect: async (ctx) => {
      const out = await iam(ctx).send(new GetAccountSummaryCommand({}));
      return { ...(out.SummaryMap ?? {}) } as Record<string, number>;
    },
  }),
  defineCollector({
    key: 'iam.users',
    schema: listOf('UserName', { Arn: z.string().optional() }),
    actions: ['iam:ListUsers'],
    collect: (ctx) => allPages(paginateListUsers({ client: iam(ctx) }, {}), (p) => p.Users),
  }),
  defineCollector({
    key: 'iam.groups',
    schema: listOf('GroupName', { Arn: z.string().optional() }),
    actions: ['iam:ListGroups'],
    collect: (ctx) => allPages(paginateListGroups({ client: iam(ctx) }, {}), (p) => p.Groups),
  }),
  defineCollector({
    key: 'iam.groupsForUser',
    schema: byId(z.array(group)),
    actions: ['iam:ListGroupsForUser'],
    async collect(ctx) {
      const client = iam(ctx);
      return byName(await userNames(ctx), (UserName) =>
        allPages(paginateListGroupsForUser({ client }, { UserName }), (p) => p.Groups),
      );
    },
  }),
  defineCollector({
    key: 'iam.userPolicies',
    schema: byId(policies),
    actions: ['iam:ListAttachedUserPolicies', 'iam:ListUserPolicies', 'iam:GetUserPolicy'],
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
  defineCollector({
    key: 'iam.groupPolicies',
    schema: byId(policies),
    actions: ['iam:ListAttachedGroupPolicies', 'iam:ListGroupPolicies', 'iam:GetGroupPolicy'],
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
  defineCollector({
    key: 'iam.passwordPolicy',
    schema: z
      .looseObject({ MinimumPasswordLength: z.number().optional(), RequireSymbols: z.boolean().optional() })
      .nullable(),
    actions: ['iam:GetAccountPasswordPolicy'],
    async collect(ctx) {
      // An account without a password policy answers NoSuchEntity (404): "not configured".
      const out = await orNotConfigured(iam(ctx).send(new GetAccountPasswordPolicyCommand({})), [
        'NoSuchEntityException',
        'NoSuchEntity',
      ]);
      return out?.PasswordPolicy ?? null;
    },
  }),
  defineCollector({
    key: 'iam.instanceProfiles',
    schema: listOf('InstanceProfileName', {
      Arn: z.string().optional(),
      Roles: z.array(z.looseObject({ RoleName: z.string().optional() })).optional(),
    }),
    actions: ['iam:ListInstanceProfiles'],
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
  defineCollector({
    key: 'iam.accessKeys',
    schema: byId(
      z.array(
        z.looseObject({
          AccessKeyId: z.string().optional(),
          Status: z.string().optional(),
          CreateDate: z.union([z.string(), z.date()]).optional(),
        }),
      ),
    ),
    actions: ['iam:ListAccessKeys'],
    async collect(ctx) {
      const client = iam(ctx);
      return byName(await userNames(ctx), (UserName) =>
        allPages(paginateListAccessKeys({ client }, { UserName }), (p) => p.AccessKeyMetadata),
      );
    },
  }),
];
