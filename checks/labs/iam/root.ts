/** The root user is locked away: `iam.root-mfa` (MFA on) and `iam.root-no-keys` (no access keys). */
import { fail, type Localized, pass, type TargetCheck, text } from '../../model.js';
import type { IamParams } from './params.js';
import { type IamTarget, iamCheck, missingSummary, rootArn, summaryFlag } from './target.js';

/**
 * A check of the root user read from one flag of the account summary: it passes when the flag has
 * the `expected` value; `passed` and `failed` word the verdict (the root user is the evidence).
 */
function rootFlagCheck(
  check: Omit<TargetCheck<IamTarget, IamParams>, 'evaluate' | 'judgedWithoutTarget'> & {
    flag: 'AccountMFAEnabled' | 'AccountAccessKeysPresent';
    expected: number;
    passed(accountId: string): Localized;
    failed(accountId: string, value: number): Localized;
  },
): TargetCheck<IamTarget, IamParams> {
  const { flag, expected, passed, failed, ...definition } = check;
  return iamCheck({
    ...definition,
    evaluate(t, _p, inventory) {
      const value = summaryFlag(inventory, flag);
      if (value === undefined) return missingSummary(flag);
      if (value !== expected) return fail(failed(t.accountId, value), [rootArn(t)]);
      return pass(passed(t.accountId), [rootArn(t)]);
    },
  });
}

export const rootMfa = rootFlagCheck({
  id: 'iam.root-mfa',
  title: text('The root user has MFA', '루트 사용자에 MFA 설정'),
  points: 15,
  hint: text(
    'The root user (the account itself) can do anything and cannot be limited by policies: protect its sign-in with MFA, then use it as little as possible.',
    '루트 사용자(계정)는 모든 권한을 가지며 정책으로 제한할 수 없습니다. 루트 사용자에 MFA를 설정하고, 평소에는 IAM 사용자나 역할로 작업하세요.',
  ),
  flag: 'AccountMFAEnabled',
  expected: 1,
  failed: (account, value) =>
    text(
      `The root user of account ${account} has no MFA device (AccountMFAEnabled: ${value}).`,
      `계정 ${account}의 루트 사용자에 MFA가 설정되어 있지 않습니다(AccountMFAEnabled: ${value}).`,
    ),
  passed: (account) =>
    text(`The root user of account ${account} has MFA.`, `계정 ${account}의 루트 사용자에 MFA가 설정되어 있습니다.`),
});

export const rootNoKeys = rootFlagCheck({
  id: 'iam.root-no-keys',
  title: text('The root user has no access keys', '루트 사용자에 액세스 키 없음'),
  points: 15,
  hint: text(
    'Access keys of the root user are permanent full-power credentials: delete them and give programs an IAM user or, better, a role.',
    '루트 사용자의 액세스 키는 만료되지 않는 전체 권한 자격 증명입니다. 삭제하고, 프로그램에는 IAM 사용자나 (더 좋게는) 역할을 사용하세요.',
  ),
  flag: 'AccountAccessKeysPresent',
  expected: 0,
  failed: (account, value) =>
    text(
      `The root user of account ${account} has access keys (AccountAccessKeysPresent: ${value}); it should have none.`,
      `계정 ${account}의 루트 사용자에 액세스 키가 있습니다(AccountAccessKeysPresent: ${value}). 없어야 합니다.`,
    ),
  passed: (account) =>
    text(
      `The root user of account ${account} has no access keys.`,
      `계정 ${account}의 루트 사용자에 액세스 키가 없습니다.`,
    ),
});
