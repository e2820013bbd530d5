/** `iam.password-policy`: the account's password policy meets the course's rules. */

import { read } from '../../inventory.js';
import { fail, joinText, type Localized, pass, text } from '../../model.js';
import { iamCheck } from './target.js';

export const passwordPolicy = iamCheck({
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
});
