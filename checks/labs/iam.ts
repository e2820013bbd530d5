/**
 * The IAM lab (module 2: identity and access): the root user is locked away (MFA, no access keys),
 * people get their permissions from groups rather than from policies on themselves, the account
 * has a password policy, and instances use roles (instance profiles) instead of long-lived keys.
 *
 * IAM is global: its sources are read once per grade whatever the region; `iam.instance-roles`
 * judges the EC2 instances of the graded region, from the same `ec2.instances` source the VPC lab
 * reads.
 */
import type { AccessKeyMetadata, Group, User } from '@aws-sdk/client-iam';
import * as z from 'zod';
import type { PrincipalPolicies } from '../facts/iam.js';
import { type Inventory, read, readEntry, tryRead } from '../inventory.js';
import {
  type CheckDefinition,
  errorOutcome,
  fail,
  joinText,
  type LabDefinition,
  type Localized,
  pass,
  text,
} from '../model.js';
import { isRunning, label } from '../network.js';
import { isAdminStatement, statementsOf } from '../policy.js';

export const iamParams = z.object({
  minPasswordLength: z.number().int().min(6).max(128).default(8),
  requireSymbols: z.boolean().default(false),
  requireNumbers: z.boolean().default(false),
  requireUppercase: z.boolean().default(false),
  requireLowercase: z.boolean().default(false),
  /** How many previous passwords may not be reused; 0 does not require reuse prevention. */
  passwordReusePrevention: z.number().int().min(0).max(24).default(0),
  /** Oldest an active access key may be (`iam.key-age`). */
  maxKeyAgeDays: z.number().int().min(1).default(90),
});
export type IamParams = z.infer<typeof iamParams>;

/** What the IAM lab grades: the account itself. */
export interface IamTarget {
  accountId: string;
}

type IamCheck = CheckDefinition<IamTarget, IamParams>;

const DAY_MS = 24 * 60 * 60 * 1000;

function rootArn(t: IamTarget): string {
  return `arn:aws:iam::${t.accountId}:root`;
}

function names(items: { UserName?: string; GroupName?: string }[]): string {
  return items.map((i) => i.UserName ?? i.GroupName ?? '?').join(', ');
}

/** A dated SDK field: a Date when just read, an ISO string once the inventory went through JSON. */
function timeOf(value: Date | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

/** A SummaryMap entry; `undefined` when the summary lacks it (then the check cannot tell). */
function summaryFlag(inventory: Inventory, key: string): number | undefined {
  return read(inventory, 'iam.accountSummary')[key];
}

function missingSummary(key: string): ReturnType<typeof errorOutcome> {
  return errorOutcome(
    text(
      `GetAccountSummary did not report ${key}; this check was not judged.`,
      `GetAccountSummary 결과에 ${key} 값이 없어 이 항목은 판정하지 못했습니다.`,
    ),
    'MissingField',
  );
}

const rootMfa: IamCheck = {
  id: 'iam.root-mfa',
  title: text('The root user has MFA', '루트 사용자에 MFA 설정'),
  points: 15,
  hint: text(
    'The root user (the account itself) can do anything and cannot be limited by policies: protect its sign-in with MFA, then use it as little as possible.',
    '루트 사용자(계정)는 모든 권한을 가지며 정책으로 제한할 수 없습니다. 루트 사용자에 MFA를 설정하고, 평소에는 IAM 사용자나 역할로 작업하세요.',
  ),
  evaluate(t, _p, inventory) {
    const enabled = summaryFlag(inventory, 'AccountMFAEnabled');
    if (enabled === undefined) return missingSummary('AccountMFAEnabled');
    if (enabled !== 1) {
      return fail(
        text(
          `The root user of account ${t.accountId} has no MFA device (AccountMFAEnabled: ${enabled}).`,
          `계정 ${t.accountId}의 루트 사용자에 MFA가 설정되어 있지 않습니다(AccountMFAEnabled: ${enabled}).`,
        ),
        [rootArn(t)],
      );
    }
    return pass(
      text(
        `The root user of account ${t.accountId} has MFA.`,
        `계정 ${t.accountId}의 루트 사용자에 MFA가 설정되어 있습니다.`,
      ),
      [rootArn(t)],
    );
  },
};

const rootNoKeys: IamCheck = {
  id: 'iam.root-no-keys',
  title: text('The root user has no access keys', '루트 사용자에 액세스 키 없음'),
  points: 15,
  hint: text(
    'Access keys of the root user are permanent full-power credentials: delete them and give programs an IAM user or, better, a role.',
    '루트 사용자의 액세스 키는 만료되지 않는 전체 권한 자격 증명입니다. 삭제하고, 프로그램에는 IAM 사용자나 (더 좋게는) 역할을 사용하세요.',
  ),
  evaluate(t, _p, inventory) {
    const present = summaryFlag(inventory, 'AccountAccessKeysPresent');
    if (present === undefined) return missingSummary('AccountAccessKeysPresent');
    if (present !== 0) {
      return fail(
        text(
          `The root user of account ${t.accountId} has access keys (AccountAccessKeysPresent: ${present}); it should have none.`,
          `계정 ${t.accountId}의 루트 사용자에 액세스 키가 있습니다(AccountAccessKeysPresent: ${present}). 없어야 합니다.`,
        ),
        [rootArn(t)],
      );
    }
    return pass(
      text(
        `The root user of account ${t.accountId} has no access keys.`,
        `계정 ${t.accountId}의 루트 사용자에 액세스 키가 없습니다.`,
      ),
      [rootArn(t)],
    );
  },
};

function hasPolicy(p: PrincipalPolicies): boolean {
  return p.attached.length > 0 || p.inline.length > 0;
}

function policyNames(p: PrincipalPolicies): string {
  return [
    ...p.attached.map((a) => a.PolicyName ?? a.PolicyArn ?? '?'),
    ...p.inline.map((i) => `${i.PolicyName} (inline)`),
  ].join(', ');
}

const groups: IamCheck = {
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
    const userArns = users.map((u) => u.Arn ?? u.UserName ?? '');
    if (lonely.length > 0) {
      return fail(
        text(
          `${lonely.length} of ${users.length} IAM users belong to no group: ${names(lonely)}.`,
          `IAM 사용자 ${users.length}명 중 ${lonely.length}명이 어떤 그룹에도 속해 있지 않습니다: ${names(lonely)}.`,
        ),
        lonely.map((u) => u.Arn ?? u.UserName ?? ''),
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
};

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

const noUserPolicies: IamCheck = {
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
        evidence.push(user.Arn ?? user.UserName ?? '');
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
      users.map((u) => u.Arn ?? u.UserName ?? ''),
    );
  },
};

const passwordPolicy: IamCheck = {
  id: 'iam.password-policy',
  title: text("The account's password policy meets the course's minimums", '계정 암호 정책이 과정의 최소 기준을 충족'),
  points: 15,
  hint: text(
    "Set the account's password policy (IAM > Account settings): minimum length and the character rules the course asks for apply to every IAM user's console password.",
    'IAM > 계정 설정에서 암호 정책을 설정하세요. 최소 길이와 과정에서 요구하는 문자 규칙이 모든 IAM 사용자의 콘솔 암호에 적용됩니다.',
  ),
  evaluate(t, p, inventory) {
    const policy = read(inventory, 'iam.passwordPolicy');
    const evidence = [`arn:aws:iam::${t.accountId}:account-password-policy`];
    if (policy === null) {
      return fail(
        text(
          `Account ${t.accountId} has no password policy (IAM default rules apply); the course expects at least ${p.minPasswordLength} characters.`,
          `계정 ${t.accountId}에 암호 정책이 설정되어 있지 않습니다(IAM 기본값 적용). 과정 기준은 최소 ${p.minPasswordLength}자입니다.`,
        ),
        evidence,
      );
    }
    const gaps: Localized[] = [];
    const length = policy.MinimumPasswordLength ?? 0;
    if (length < p.minPasswordLength) {
      gaps.push(
        text(
          `minimum length is ${length}, expected at least ${p.minPasswordLength}`,
          `최소 길이가 ${length}자입니다(최소 ${p.minPasswordLength}자 필요)`,
        ),
      );
    }
    const rules = [
      [p.requireSymbols, policy.RequireSymbols, 'symbols (RequireSymbols)', '특수 문자(RequireSymbols)'],
      [p.requireNumbers, policy.RequireNumbers, 'numbers (RequireNumbers)', '숫자(RequireNumbers)'],
      [
        p.requireUppercase,
        policy.RequireUppercaseCharacters,
        'uppercase letters',
        '대문자(RequireUppercaseCharacters)',
      ],
      [
        p.requireLowercase,
        policy.RequireLowercaseCharacters,
        'lowercase letters',
        '소문자(RequireLowercaseCharacters)',
      ],
    ] as const;
    for (const [wanted, actual, en, ko] of rules) {
      if (wanted && actual !== true) gaps.push(text(`it does not require ${en}`, `${ko}를 요구하지 않습니다`));
    }
    const reuse = policy.PasswordReusePrevention ?? 0;
    if (reuse < p.passwordReusePrevention) {
      gaps.push(
        text(
          `it prevents reuse of the last ${reuse} passwords, expected ${p.passwordReusePrevention}`,
          `이전 암호 재사용 방지가 ${reuse}개입니다(${p.passwordReusePrevention}개 필요)`,
        ),
      );
    }
    if (gaps.length > 0) {
      const list = joinText(gaps);
      return fail(
        text(
          `The password policy of account ${t.accountId} falls short: ${list.en}.`,
          `계정 ${t.accountId}의 암호 정책이 기준에 못 미칩니다: ${list.ko}.`,
        ),
        evidence,
      );
    }
    return pass(
      text(
        `The password policy of account ${t.accountId} requires at least ${length} characters and meets the course's rules.`,
        `계정 ${t.accountId}의 암호 정책이 최소 ${length}자를 요구하며 과정 기준을 충족합니다.`,
      ),
      evidence,
    );
  },
};

const instanceRoles: IamCheck = {
  id: 'iam.instance-roles',
  title: text(
    'Running instances use an IAM role (instance profile)',
    '실행 중인 인스턴스에 IAM 역할(인스턴스 프로파일) 연결',
  ),
  points: 20,
  hint: text(
    'Give each instance an IAM role through an instance profile: the role hands out temporary credentials, so no access keys are stored on the server.',
    '인스턴스마다 인스턴스 프로파일로 IAM 역할을 연결하세요. 역할은 임시 자격 증명을 주므로 서버에 액세스 키를 저장할 필요가 없습니다.',
  ),
  evaluate(_t, _p, inventory) {
    const running = read(inventory, 'ec2.instances').filter(isRunning);
    if (running.length === 0) {
      return {
        status: 'skip',
        message: text(
          `No EC2 instance is running in ${inventory.region}, so there is no instance role to judge.`,
          `${inventory.region}에 실행 중인 EC2 인스턴스가 없어 인스턴스 역할을 판정할 대상이 없습니다.`,
        ),
        evidence: [],
      };
    }
    const bare = running.filter((i) => !i.IamInstanceProfile?.Arn);
    if (bare.length > 0) {
      const list = bare.map((i) => label(i.InstanceId, i.Tags)).join(', ');
      return fail(
        text(
          `${bare.length} of ${running.length} running instances have no instance profile (no IAM role): ${list}.`,
          `실행 중인 인스턴스 ${running.length}개 중 ${bare.length}개에 인스턴스 프로파일(IAM 역할)이 없습니다: ${list}.`,
        ),
        bare.map((i) => i.InstanceId ?? ''),
      );
    }
    // A profile can exist without a role in it; then the instance still gets no credentials.
    const profiles = new Map(read(inventory, 'iam.instanceProfiles').map((p) => [p.Arn ?? '', p]));
    const roleless = running.filter((i) => {
      const profile = profiles.get(i.IamInstanceProfile?.Arn ?? '');
      return profile !== undefined && (profile.Roles ?? []).length === 0;
    });
    if (roleless.length > 0) {
      const list = roleless
        .map((i) => `${label(i.InstanceId, i.Tags)} → ${profileName(i.IamInstanceProfile?.Arn)}`)
        .join(', ');
      return fail(
        text(
          `Instance profiles without a role are attached: ${list}; a profile needs a role to give credentials.`,
          `역할이 없는 인스턴스 프로파일이 연결되어 있습니다: ${list}. 인스턴스 프로파일에 역할이 있어야 자격 증명이 제공됩니다.`,
        ),
        roleless.flatMap((i) => [i.InstanceId ?? '', i.IamInstanceProfile?.Arn ?? '']),
      );
    }
    const list = running
      .map((i) => {
        const roles = (profiles.get(i.IamInstanceProfile?.Arn ?? '')?.Roles ?? []).map((r) => r.RoleName).join(', ');
        return `${label(i.InstanceId, i.Tags)} → ${profileName(i.IamInstanceProfile?.Arn)}${roles ? ` (${roles})` : ''}`;
      })
      .join(', ');
    return pass(
      text(
        `Every running instance has an instance profile: ${list}.`,
        `실행 중인 인스턴스 모두 인스턴스 프로파일이 연결되어 있습니다: ${list}.`,
      ),
      running.flatMap((i) => [i.InstanceId ?? '', i.IamInstanceProfile?.Arn ?? '']),
    );
  },
};

function profileName(arn: string | undefined): string {
  return arn?.split('/').pop() ?? '?';
}

const keyAge: IamCheck = {
  id: 'iam.key-age',
  title: text('(Bonus) No active access key is too old', '(보너스) 오래된 활성 액세스 키 없음'),
  points: 5,
  bonus: true,
  hint: text(
    'Rotate access keys: create a new key, switch the program to it, then deactivate and delete the old one. Roles avoid long-lived keys altogether.',
    '액세스 키를 교체(rotation)하세요: 새 키를 만들어 프로그램에 적용한 뒤 이전 키를 비활성화하고 삭제합니다. 역할을 쓰면 장기 자격 증명 자체가 필요 없습니다.',
  ),
  evaluate(_t, p, inventory) {
    // "Now" is when the inventory was read, so a replayed grade gives the same verdict.
    const now = timeOf(inventory.collectedAt);
    if (now === undefined) {
      return errorOutcome(
        text('The inventory has no valid collection time.', '인벤토리의 수집 시각이 올바르지 않습니다.'),
        'MissingField',
      );
    }
    const users = read(inventory, 'iam.users');
    const active: { user: string; key: AccessKeyMetadata; days: number }[] = [];
    for (const user of users) {
      for (const key of readEntry(inventory, 'iam.accessKeys', user.UserName ?? '')) {
        if (key.Status !== 'Active') continue;
        const created = timeOf(key.CreateDate);
        const days = created === undefined ? Number.POSITIVE_INFINITY : Math.floor((now - created) / DAY_MS);
        active.push({ user: user.UserName ?? '?', key, days });
      }
    }
    const old = active.filter((a) => a.days > p.maxKeyAgeDays);
    if (old.length > 0) {
      const list = old
        .map((a) => `${a.key.AccessKeyId} (${a.user}, ${Number.isFinite(a.days) ? `${a.days} days` : 'unknown age'})`)
        .join(', ');
      const listKo = old
        .map(
          (a) => `${a.key.AccessKeyId} (${a.user}, ${Number.isFinite(a.days) ? `${a.days}일` : '생성일 알 수 없음'})`,
        )
        .join(', ');
      return fail(
        text(
          `Active access keys older than ${p.maxKeyAgeDays} days: ${list}.`,
          `${p.maxKeyAgeDays}일보다 오래된 활성 액세스 키가 있습니다: ${listKo}.`,
        ),
        old.map((a) => a.key.AccessKeyId ?? ''),
      );
    }
    if (active.length === 0) {
      return pass(
        text('No IAM user has an active access key.', '활성 액세스 키를 가진 IAM 사용자가 없습니다.'),
        users.map((u) => u.Arn ?? u.UserName ?? ''),
      );
    }
    const oldest = Math.max(...active.map((a) => a.days));
    return pass(
      text(
        `${active.length} active access key${active.length === 1 ? '' : 's'}, the oldest ${oldest} days old (limit ${p.maxKeyAgeDays}).`,
        `활성 액세스 키 ${active.length}개, 가장 오래된 키가 ${oldest}일입니다(기준 ${p.maxKeyAgeDays}일).`,
      ),
      active.map((a) => a.key.AccessKeyId ?? ''),
    );
  },
};

/** The account id the grade looked at: from the inventory, else from the caller's identity. */
function accountOf(inventory: Inventory): string | undefined {
  return inventory.accountId ?? tryRead(inventory, 'sts.callerIdentity')?.Account;
}

export const iamLab: LabDefinition<IamTarget, IamParams> = {
  id: 'iam',
  title: text('IAM: root user, groups, password policy, roles', 'IAM: 루트 사용자, 그룹, 암호 정책, 역할'),
  module: '2',
  paramsSchema: iamParams,
  sources: [
    'iam.accountSummary',
    'iam.users',
    'iam.groups',
    'iam.groupsForUser',
    'iam.userPolicies',
    'iam.groupPolicies',
    'iam.passwordPolicy',
    'iam.instanceProfiles',
    'iam.accessKeys',
    'ec2.instances',
  ],
  targetKind: text('AWS account', 'AWS 계정'),
  candidates(inventory) {
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
};
