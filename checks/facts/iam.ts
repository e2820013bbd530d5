/** IAM sources (global: read once per grade whatever the region) and their stored shapes. */
import type {
  AccessKeyMetadata,
  AttachedPolicy,
  Group,
  InstanceProfile,
  PasswordPolicy,
  User,
} from '@aws-sdk/client-iam';
import type { PolicyDocument } from '../policy.js';

/** An inline policy with its document, decoded (IAM returns documents URL-encoded). */
export interface InlinePolicy {
  PolicyName: string;
  PolicyDocument: PolicyDocument;
}

/** The policies of one user or group: managed policies attached to it, and its own inline ones. */
export interface PrincipalPolicies {
  attached: AttachedPolicy[];
  inline: InlinePolicy[];
}

declare module '../inventory.js' {
  interface SourceTypes {
    /** GetAccountSummary's SummaryMap (AccountMFAEnabled, AccountAccessKeysPresent: the root user). */
    'iam.accountSummary': Record<string, number>;
    'iam.users': User[];
    'iam.groups': Group[];
    /** Keyed by user name: the groups the user is a member of. */
    'iam.groupsForUser': Record<string, Group[]>;
    /** Keyed by user name. */
    'iam.userPolicies': Record<string, PrincipalPolicies>;
    /** Keyed by group name. */
    'iam.groupPolicies': Record<string, PrincipalPolicies>;
    /** `null`: the account has no password policy (GetAccountPasswordPolicy answers NoSuchEntity). */
    'iam.passwordPolicy': PasswordPolicy | null;
    'iam.instanceProfiles': InstanceProfile[];
    /** Keyed by user name: the user's access keys (id, status, creation date). */
    'iam.accessKeys': Record<string, AccessKeyMetadata[]>;
  }
}
