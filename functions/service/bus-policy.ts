/**
 * The grader's event bus admits exactly the registered students' accounts: its resource policy is
 * rewritten from the account index (functions/store/live-store.ts) whenever a registration changes
 * (the grades table's stream) and once a day. EventBridge caps a bus policy at 10,240 characters
 * by default (an adjustable quota, "Event bus policy size"): one statement naming the accounts in
 * an `aws:PrincipalAccount` condition fits about 650 accounts. Past the limit the policy is not
 * written (the last one stays), the error says how many accounts and characters, and an alarm
 * fires; a school with thousands of accounts admits its AWS Organization instead (one condition
 * of constant size), and the intake still drops any account no student is registered with.
 */
import {
  type EventBridgeClient,
  PutPermissionCommand,
  RemovePermissionCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eventbridge';
import { ACCOUNT_ID_FORMAT } from '../formats.js';
import type { LiveStore } from '../store/live-store.js';
import type { Log } from './grade-job.js';

/** EventBridge's default "Event bus policy size" quota, in characters. */
export const DEFAULT_BUS_POLICY_MAX_CHARS = 10_240;

export const BUS_POLICY_SID = 'RegisteredStudentAccounts';

export interface BusPolicyOptions {
  /** Admit every account of this AWS Organization (o-…) instead of listing accounts. */
  organizationId?: string;
  /** The bus policy quota of the grader's account, in characters. */
  maxChars?: number;
}

/** The registered accounts do not fit in one bus policy (the policy in force is left as it is). */
export class BusPolicyTooLargeError extends Error {
  constructor(
    readonly accounts: number,
    readonly chars: number,
    readonly maxChars: number,
  ) {
    super(
      `the event bus policy for ${accounts} registered accounts is ${chars} characters, over the quota of ${maxChars}: ` +
        'raise the "Event bus policy size" quota (Service Quotas) and set busPolicyMaxChars, or admit your AWS Organization (liveEventsOrganizationId)',
    );
    this.name = 'BusPolicyTooLargeError';
  }
}

/**
 * The bus policy admitting `accounts` (or the organization) to put events on `busArn`, or null
 * when nobody is admitted (no account registered). Pure: the same accounts give the same text.
 */
export function busPolicyDocument(
  busArn: string,
  accounts: readonly string[],
  options: BusPolicyOptions = {},
): Record<string, unknown> | null {
  const bad = accounts.find((a) => !ACCOUNT_ID_FORMAT.test(a));
  if (bad !== undefined) throw new Error(`not an AWS account id: ${JSON.stringify(bad)}`);
  const condition = options.organizationId
    ? { StringEquals: { 'aws:PrincipalOrgID': options.organizationId } }
    : { StringEquals: { 'aws:PrincipalAccount': [...new Set(accounts)].sort() } };
  if (!options.organizationId && accounts.length === 0) return null;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: BUS_POLICY_SID,
        Effect: 'Allow',
        Principal: '*',
        Action: 'events:PutEvents',
        Resource: busArn,
        Condition: condition,
      },
    ],
  };
}

/** The policy text to write, checked against the quota; null to remove the policy. */
export function busPolicyText(busArn: string, accounts: readonly string[], options: BusPolicyOptions = {}) {
  const doc = busPolicyDocument(busArn, accounts, options);
  if (!doc) return null;
  const text = JSON.stringify(doc);
  const max = options.maxChars ?? DEFAULT_BUS_POLICY_MAX_CHARS;
  if (text.length > max) throw new BusPolicyTooLargeError(new Set(accounts).size, text.length, max);
  return text;
}

export interface BusPolicyDeps {
  live: LiveStore;
  events: EventBridgeClient;
  busName: string;
  busArn: string;
  options: BusPolicyOptions;
  log: Log;
}

export interface BusPolicySync {
  /** Accounts the policy now admits (0 when it admits an organization or nobody). */
  accounts: number;
  chars: number;
  mode: 'accounts' | 'organization' | 'none';
}

/** Rewrites the bus policy from the account index. Throws {@link BusPolicyTooLargeError} past the quota. */
export async function syncBusPolicy(deps: BusPolicyDeps): Promise<BusPolicySync> {
  const accounts = deps.options.organizationId ? [] : await deps.live.registeredAccounts();
  const text = busPolicyText(deps.busArn, accounts, deps.options);
  if (text === null) {
    try {
      await deps.events.send(new RemovePermissionCommand({ EventBusName: deps.busName, RemoveAllPermissions: true }));
    } catch (err) {
      // No policy to remove: the bus admits nobody already.
      if (!(err instanceof ResourceNotFoundException)) throw err;
    }
    deps.log.info('event bus admits no account', { busName: deps.busName });
    return { accounts: 0, chars: 0, mode: 'none' };
  }
  await deps.events.send(new PutPermissionCommand({ EventBusName: deps.busName, Policy: text }));
  const mode = deps.options.organizationId ? 'organization' : 'accounts';
  deps.log.info('event bus policy written', {
    busName: deps.busName,
    mode,
    accounts: accounts.length,
    chars: text.length,
  });
  return { accounts: accounts.length, chars: text.length, mode };
}
