/** People get permissions from groups: `iam.groups` and `iam.no-user-policies`. */
import type { Group, User } from '@aws-sdk/client-iam';
import type { PrincipalPolicies } from '../../facts/iam.js';
import { read, readEntry } from '../../inventory.js';
import { fail, joinText, type Localized, pass, text } from '../../model.js';
import { isAdminStatement, statementsOf } from '../../policy.js';
import { iamCheck, names, userId } from './target.js';

function hasPolicy(p: PrincipalPolicies): boolean {
  return p.attached.length > 0 || p.inline.length > 0;
}

function policyNames(p: PrincipalPolicies): string {
  return [
    ...p.attached.map((a) => a.PolicyName ?? a.PolicyArn ?? '?'),
    ...p.inline.map((i) => `${i.PolicyName} (inline)`),
  ].join(', ');
}

export const groups = iamCheck({
  id: 'iam.groups',
  title: text(
    'Users are in groups, and the groups carry the permissions',
    '사용자는 그룹에 속하고, 권한은 그룹의 정책으로',
  ),
  points: 20,
  hint: text(
    'Create a group per job (e.g. developers), attach the policies to the group, and add the users to it: permissions then follow the group, not each person.',
    '업무별로 그룹(예: developers)을 만들고 그룹에 정책을 연결한 뒤 사용자를 그룹에 추가하세요. 권한은 사용자 개개인이 아니라 그룹을 따라갑니다.',
  ),
  evaluate(_t, _p, inventory) {
    const users = read(inventory, 'iam.users');
    if (users.length === 0) {
      return fail(
        text(
          'The account has no IAM user; the lab creates users and puts them in a group.',
          '계정에 IAM 사용자가 없습니다. 실습에서는 사용자를 만들어 그룹에 추가합니다.',
        ),
      );
    }
    const lonely: User[] = [];
    const memberGroups = new Map<string, Group>();
    for (const user of users) {
      const of = readEntry(inventory, 'iam.groupsForUser', user.UserName ?? '');
      if (of.length === 0) lonely.push(user);
      for (const g of of) if (g.GroupName) memberGroups.set(g.GroupName, g);
    }
    const userArns = users.map(userId);
    if (lonely.length > 0) {
      return fail(
        text(
          `${lonely.length} of ${users.length} IAM users belong to no group: ${names(lonely)}.`,
          `IAM 사용자 ${users.length}명 중 ${lonely.length}명이 어떤 그룹에도 속해 있지 않습니다: ${names(lonely)}.`,
        ),
        lonely.map(userId),
      );
    }
    const used = [...memberGroups.values()];
    const withPolicy = used.filter((g) => hasPolicy(readEntry(inventory, 'iam.groupPolicies', g.GroupName ?? '')));
    const groupArns = used.map((g) => g.Arn ?? g.GroupName ?? '');
    if (withPolicy.length === 0) {
      return fail(
        text(
          `Every user is in a group (${names(used)}), but none of these groups has a policy, so the groups grant nothing.`,
          `모든 사용자가 그룹(${names(used)})에 속해 있지만, 이 그룹들에 연결된 정책이 없어 아무 권한도 주지 않습니다.`,
        ),
        groupArns,
      );
    }
    const described = withPolicy
      .map((g) => `${g.GroupName} (${policyNames(readEntry(inventory, 'iam.groupPolicies', g.GroupName ?? ''))})`)
      .join(', ');
    return pass(
      text(
        `All ${users.length} IAM users are in groups; group policies: ${described}.`,
        `IAM 사용자 ${users.length}명 모두 그룹에 속해 있습니다. 그룹 정책: ${described}.`,
      ),
      [...userArns, ...groupArns],
    );
  },
});

function describeUserPolicies(user: User, p: PrincipalPolicies): Localized {
  const admin = p.inline.filter((i) => statementsOf(i.PolicyDocument).some(isAdminStatement));
  const parts: Localized[] = [];
  if (p.attached.length > 0) {
    const list = p.attached.map((a) => a.PolicyName ?? a.PolicyArn ?? '?').join(', ');
    parts.push(text(`attached managed policies ${list}`, `직접 연결된 관리형 정책 ${list}`));
  }
  if (p.inline.length > 0) {
    const list = p.inline.map((i) => i.PolicyName).join(', ');
    const adminNote = admin.length
      ? text(
          ` (${admin.map((i) => i.PolicyName).join(', ')} allows every action on every resource)`,
          ` (${admin.map((i) => i.PolicyName).join(', ')}은(는) 모든 리소스에 모든 작업을 허용)`,
        )
      : text('', '');
    parts.push(text(`inline policies ${list}${adminNote.en}`, `인라인 정책 ${list}${adminNote.ko}`));
  }
  const what = joinText(parts);
  return text(`user ${user.UserName} has ${what.en.replace(/; /g, ' and ')}`, `사용자 ${user.UserName}: ${what.ko}`);
}

export const noUserPolicies = iamCheck({
  id: 'iam.no-user-policies',
  title: text('No IAM user has its own policies', 'IAM 사용자에 직접 연결된 정책 없음'),
  points: 15,
  hint: text(
    'Give permissions through groups (or roles), not to individual users: move the policies of these users to a group and remove them from the users.',
    '권한은 사용자 개인이 아니라 그룹(또는 역할)을 통해 부여하세요. 이 사용자들의 정책을 그룹으로 옮기고 사용자에게서는 제거하세요.',
  ),
  evaluate(_t, _p, inventory) {
    const users = read(inventory, 'iam.users');
    const offenders: Localized[] = [];
    const evidence: string[] = [];
    for (const user of users) {
      const p = readEntry(inventory, 'iam.userPolicies', user.UserName ?? '');
      if (hasPolicy(p)) {
        offenders.push(describeUserPolicies(user, p));
        evidence.push(userId(user));
      }
    }
    if (offenders.length > 0) {
      const list = joinText(offenders);
      return fail(
        text(`${list.en}; permissions should come from groups.`, `${list.ko}. 권한은 그룹의 정책으로 부여해야 합니다.`),
        evidence,
      );
    }
    return pass(
      text(
        `None of the ${users.length} IAM users has an inline or directly attached policy.`,
        `IAM 사용자 ${users.length}명 모두 인라인 정책이나 직접 연결된 정책이 없습니다.`,
      ),
      users.map(userId),
    );
  },
});
