/** The root user is locked away: `iam.root-mfa` (MFA on) and `iam.root-no-keys` (no access keys). */
import { fail, pass, text } from '../../model.js';
import { iamCheck, missingSummary, rootArn, summaryFlag } from './target.js';

export const rootMfa = iamCheck({
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
});

export const rootNoKeys = iamCheck({
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
});
