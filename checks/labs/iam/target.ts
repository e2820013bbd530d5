/** What the IAM lab grades (the account itself) and what its checks share. */
import type { Inventory } from '../../inventory.js';
import { read, tryRead } from '../../inventory.js';
import { defineCheck, errorOutcome, text } from '../../model.js';
import type { IamParams } from './params.js';

/** What the IAM lab grades: the account itself. */
export interface IamTarget {
  accountId: string;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export function rootArn(t: IamTarget): string {
  return `arn:aws:iam::${t.accountId}:root`;
}

export function names(items: { UserName?: string; GroupName?: string }[]): string {
  return items.map((i) => i.UserName ?? i.GroupName ?? '?').join(', ');
}

/** A user in evidence: its ARN, or its name when the ARN is missing. */
export function userId(u: { Arn?: string; UserName?: string }): string {
  return u.Arn ?? u.UserName ?? '';
}

/** A dated SDK field: a Date when just read, an ISO string once the inventory went through JSON. */
export function timeOf(value: Date | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

/** A SummaryMap entry; `undefined` when the summary lacks it (then the check cannot tell). */
export function summaryFlag(inventory: Inventory, key: string): number | undefined {
  return read(inventory, 'iam.accountSummary')[key];
}

export function missingSummary(key: string): ReturnType<typeof errorOutcome> {
  return errorOutcome(
    text(
      `GetAccountSummary did not report ${key}; this check was not judged.`,
      `GetAccountSummary 결과에 ${key} 값이 없어 이 항목은 판정하지 못했습니다.`,
    ),
    'MissingField',
  );
}

/** The account id the grade looked at: from the inventory, else from the caller's identity. */
export function accountOf(inventory: Inventory): string | undefined {
  return inventory.accountId ?? tryRead(inventory, 'sts.callerIdentity')?.Account;
}

/** Types a check of the IAM lab. */
export const iamCheck = defineCheck<IamTarget, IamParams>;
