/**
 * The IAM lab (module 2: identity and access): the root user is locked away (MFA, no access keys),
 * people get their permissions from groups rather than from policies on themselves, the account
 * has a password policy, and instances use roles (instance profiles) instead of long-lived keys.
 *
 * IAM is global: its sources are read once per grade whatever the region; `iam.instance-roles`
 * judges the EC2 instances of the graded region, from the same `ec2.instances` source the VPC lab
 * reads. One file per topic: root user, users and groups, password policy, instance roles, keys.
 */
import { tryRead } from '../../inventory.js';
import { type Candidate, defineLab, text } from '../../model.js';
import { instanceRoles } from './instance-roles.js';
import { keyAge } from './keys.js';
import { iamManifest } from './manifest.js';
import { iamParamsSchema } from './params.js';
import { passwordPolicy } from './password-policy.js';
import { rootMfa, rootNoKeys } from './root.js';
import { accountOf, type IamTarget, rootArn } from './target.js';
import { groups, noUserPolicies } from './users.js';

export type { IamParams } from './params.js';

/** The lab's parameters' schema (the manifest builds it on first use; the lab is loaded to grade). */
export const iamParams = iamParamsSchema();
export type { IamTarget } from './target.js';

export const iamLab = defineLab({
  ...iamManifest,
  targetKind: text('AWS account', 'AWS 계정'),
  candidates(inventory): Candidate<IamTarget>[] {
    const accountId = accountOf(inventory);
    return accountId ? [{ id: accountId, target: { accountId } }] : [];
  },
  noTarget: () =>
    text(
      'The account id is unknown (the caller identity could not be read), so the account could not be graded.',
      '호출자 자격 증명을 읽지 못해 계정 ID를 알 수 없으므로 계정을 채점하지 못했습니다.',
    ),
  checks: [rootMfa, rootNoKeys, groups, noUserPolicies, passwordPolicy, instanceRoles, keyAge],
  resources(t, _p, inventory) {
    const users = tryRead(inventory, 'iam.users') ?? [];
    const grps = tryRead(inventory, 'iam.groups') ?? [];
    return [rootArn(t), ...users.map((u) => u.Arn ?? ''), ...grps.map((g) => g.Arn ?? '')].filter(Boolean);
  },
});
