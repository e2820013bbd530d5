/** IAM sources (global: read once per grade whatever region is graded). */
import * as z from 'zod';
import { byId, defineSources, type LoadedReaders, listOf, optional } from '../schemas.js';

const policies = () =>
  z.object({
    attached: z.array(z.looseObject(optional.strings('PolicyName', 'PolicyArn'))),
    inline: z.array(z.looseObject({ PolicyName: z.string(), PolicyDocument: z.looseObject({}) })),
  });

const group = () => z.looseObject({ GroupName: z.string(), ...optional.strings('Arn') });

export const iamSources = defineSources(async (): LoadedReaders => (await import('../iam.js')).iamReaders, {
  'iam.accountSummary': { schema: () => z.record(z.string(), z.number()), actions: ['iam:GetAccountSummary'] },
  'iam.users': { schema: () => listOf('UserName', optional.strings('Arn')), actions: ['iam:ListUsers'] },
  'iam.groups': { schema: () => listOf('GroupName', optional.strings('Arn')), actions: ['iam:ListGroups'] },
  'iam.groupsForUser': { schema: () => byId(z.array(group())), actions: ['iam:ListGroupsForUser'] },
  'iam.userPolicies': {
    schema: () => byId(policies()),
    actions: ['iam:ListAttachedUserPolicies', 'iam:ListUserPolicies', 'iam:GetUserPolicy'],
  },
  'iam.groupPolicies': {
    schema: () => byId(policies()),
    actions: ['iam:ListAttachedGroupPolicies', 'iam:ListGroupPolicies', 'iam:GetGroupPolicy'],
  },
  'iam.passwordPolicy': {
    schema: () =>
      z
        .looseObject({ ...optional.numbers('MinimumPasswordLength'), ...optional.booleans('RequireSymbols') })
        .nullable(),
    actions: ['iam:GetAccountPasswordPolicy'],
  },
  'iam.instanceProfiles': {
    schema: () =>
      listOf('InstanceProfileName', {
        ...optional.strings('Arn'),
        Roles: z.array(z.looseObject(optional.strings('RoleName'))).optional(),
      }),
    actions: ['iam:ListInstanceProfiles'],
  },
  'iam.accessKeys': {
    schema: () =>
      byId(
        z.array(
          z.looseObject({
            ...optional.strings('AccessKeyId', 'Status'),
            CreateDate: z.union([z.string(), z.date()]).optional(),
          }),
        ),
      ),
    actions: ['iam:ListAccessKeys'],
  },
});
