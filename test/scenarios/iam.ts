/**
 * The IAM lab's marking sheet: a complete lab, then one student mistake per scenario, each with
 * the checks it must break. Scenarios marked `example` are also the files in examples/iam/.
 */
import type { AccessKeyMetadata, Group, InstanceProfile, PasswordPolicy, User } from '@aws-sdk/client-iam';
import type { PrincipalPolicies } from '../../checks/facts/iam.js';
import type { Inventory } from '../../checks/inventory.js';
import type { Scenario } from '../support/scenario.js';
import { ACCOUNT, COLLECTED_AT, instance, inventoryOf, mutate } from './ec2-builders.js';

export const iamIds = {
  jisoo: 'dev-jisoo',
  minho: 'ops-minho',
  developers: 'developers',
  operators: 'operators',
  profile: 'course-ec2-profile',
  role: 'course-ec2-role',
  web: 'i-0web0000000000001',
  app: 'i-0app0000000000001',
  jisooKey: 'AKIAEXAMPLEJISOO0001',
};

const profileArn = `arn:aws:iam::${ACCOUNT}:instance-profile/${iamIds.profile}`;

/** `days` days before the inventory was collected. */
function daysAgo(days: number): Date {
  return new Date(new Date(COLLECTED_AT).getTime() - days * 24 * 60 * 60 * 1000);
}

function user(name: string, id: string): User {
  return {
    Path: '/',
    UserName: name,
    UserId: id,
    Arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    CreateDate: daysAgo(40),
  };
}

function group(name: string, id: string): Group {
  return {
    Path: '/',
    GroupName: name,
    GroupId: id,
    Arn: `arn:aws:iam::${ACCOUNT}:group/${name}`,
    CreateDate: daysAgo(40),
  };
}

function accessKey(
  userName: string,
  id: string,
  ageDays: number,
  status: 'Active' | 'Inactive' = 'Active',
): AccessKeyMetadata {
  return { UserName: userName, AccessKeyId: id, Status: status, CreateDate: daysAgo(ageDays) };
}

/** GetAccountSummary of a finished lab (quotas as AWS reports them, trimmed). */
function summary(mfa: number, rootKeys: number): Record<string, number> {
  return {
    GroupPolicySizeQuota: 5120,
    InstanceProfilesQuota: 1000,
    Policies: 0,
    GroupsPerUserQuota: 10,
    InstanceProfiles: 1,
    AttachedPoliciesPerUserQuota: 10,
    Users: 2,
    PoliciesQuota: 1500,
    Providers: 0,
    AccountMFAEnabled: mfa,
    AccessKeysPerUserQuota: 2,
    Groups: 2,
    UsersQuota: 5000,
    MFADevices: 1,
    MFADevicesInUse: 1,
    Roles: 2,
    AccountSigningCertificatesPresent: 0,
    AccountAccessKeysPresent: rootKeys,
    GroupsQuota: 300,
  };
}

const noPolicies = (): PrincipalPolicies => ({ attached: [], inline: [] });

const ec2ReadOnly = {
  PolicyName: 'AmazonEC2ReadOnlyAccess',
  PolicyArn: 'arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess',
};
const administrator = { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' };

const adminDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

const passwordPolicy: PasswordPolicy = {
  MinimumPasswordLength: 8,
  RequireSymbols: false,
  RequireNumbers: true,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
  AllowUsersToChangePassword: true,
  ExpirePasswords: false,
  PasswordReusePrevention: 3,
  HardExpiry: false,
};

const instanceProfile: InstanceProfile = {
  Path: '/',
  InstanceProfileName: iamIds.profile,
  InstanceProfileId: 'AIPAEXAMPLEPROFILE01',
  Arn: profileArn,
  CreateDate: daysAgo(30),
  Roles: [
    {
      Path: '/',
      RoleName: iamIds.role,
      RoleId: 'AROAEXAMPLEROLE00001',
      Arn: `arn:aws:iam::${ACCOUNT}:role/${iamIds.role}`,
      CreateDate: daysAgo(30),
      AssumeRolePolicyDocument:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
    },
  ],
};

const vpcId = 'vpc-0a1b2c3d4e5f60718';

/** A finished IAM lab: root locked away, two users in two groups, a password policy, instance roles. */
export function completeIamLab(): Inventory {
  return inventoryOf({
    'iam.accountSummary': summary(1, 0),
    'iam.users': [user(iamIds.jisoo, 'AIDAEXAMPLEJISOO0001'), user(iamIds.minho, 'AIDAEXAMPLEMINHO0001')],
    'iam.groups': [group(iamIds.developers, 'AGPAEXAMPLEDEVS00001'), group(iamIds.operators, 'AGPAEXAMPLEOPS000001')],
    'iam.groupsForUser': {
      [iamIds.jisoo]: [group(iamIds.developers, 'AGPAEXAMPLEDEVS00001')],
      [iamIds.minho]: [group(iamIds.operators, 'AGPAEXAMPLEOPS000001')],
    },
    'iam.userPolicies': { [iamIds.jisoo]: noPolicies(), [iamIds.minho]: noPolicies() },
    'iam.groupPolicies': {
      [iamIds.developers]: { attached: [ec2ReadOnly], inline: [] },
      [iamIds.operators]: {
        attached: [],
        inline: [
          {
            PolicyName: 'ops-ec2-start-stop',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: ['ec2:StartInstances', 'ec2:StopInstances'], Resource: '*' }],
            },
          },
        ],
      },
    },
    'iam.passwordPolicy': passwordPolicy,
    'iam.instanceProfiles': [instanceProfile],
    'iam.accessKeys': { [iamIds.jisoo]: [accessKey(iamIds.jisoo, iamIds.jisooKey, 30)], [iamIds.minho]: [] },
    'ec2.instances': [
      instance(iamIds.web, {
        vpcId,
        subnetId: 'subnet-0pa0000000000000a',
        az: 'us-east-1a',
        privateIp: '10.0.1.10',
        publicIp: '3.91.20.30',
        groups: [{ id: 'sg-0web0000000000001', name: 'web-sg' }],
        name: 'lab-web-1',
        profileArn,
      }),
      instance(iamIds.app, {
        vpcId,
        subnetId: 'subnet-0va0000000000000a',
        az: 'us-east-1a',
        privateIp: '10.0.11.10',
        groups: [{ id: 'sg-0app0000000000001', name: 'app-sg' }],
        name: 'lab-app-1',
        profileArn,
      }),
    ],
  });
}

const complete = completeIamLab();

function messageOf(e: Parameters<NonNullable<Scenario['assert']>>[0], id: string): string {
  return e.checks.find((c) => c.id === id)?.message ?? '';
}

function expectMessage(e: Parameters<NonNullable<Scenario['assert']>>[0], id: string, ...parts: string[]): void {
  const message = messageOf(e, id);
  for (const part of parts) if (!message.includes(part)) throw new Error(`${id} message lacks "${part}": ${message}`);
}

const denied = { code: 'AccessDenied', message: 'User is not authorized to perform this action' };

export const scenarios: Scenario[] = [
  {
    name: 'complete',
    description: 'the finished lab: every check passes',
    inventory: complete,
    expected: {},
    example: true,
    assert: (e) => {
      if (e.target?.id !== ACCOUNT) throw new Error(`graded ${e.target?.id}, expected the account ${ACCOUNT}`);
      if (e.score !== e.maxScore + e.bonusScore) throw new Error(`score ${e.score} of ${e.maxScore}`);
    },
  },
  {
    name: 'root-without-mfa',
    description: 'the root user signs in without MFA',
    inventory: mutate(complete, (d) => {
      d['iam.accountSummary'] = summary(0, 0);
    }),
    expected: { 'iam.root-mfa': 'fail' },
    example: true,
    assert: (e) => expectMessage(e, 'iam.root-mfa', ACCOUNT, 'AccountMFAEnabled: 0'),
  },
  {
    name: 'root-access-keys',
    description: 'the root user has an access key',
    inventory: mutate(complete, (d) => {
      d['iam.accountSummary'] = summary(1, 1);
    }),
    expected: { 'iam.root-no-keys': 'fail' },
  },
  {
    name: 'summary-without-flags',
    description: 'GetAccountSummary answered without the root flags: the grader cannot tell',
    inventory: mutate(complete, (d) => {
      const { AccountMFAEnabled: _m, AccountAccessKeysPresent: _k, ...rest } = summary(1, 0);
      d['iam.accountSummary'] = rest;
    }),
    expected: { 'iam.root-mfa': 'error', 'iam.root-no-keys': 'error' },
  },
  {
    name: 'user-inline-admin-policy',
    description: 'a user got an inline policy allowing everything instead of a group',
    inventory: mutate(complete, (d) => {
      d['iam.userPolicies'][iamIds.jisoo] = {
        attached: [],
        inline: [{ PolicyName: 'jisoo-admin', PolicyDocument: adminDocument }],
      };
    }),
    expected: { 'iam.no-user-policies': 'fail' },
    example: true,
    assert: (e) => {
      expectMessage(e, 'iam.no-user-policies', 'dev-jisoo', 'jisoo-admin', 'every action on every resource');
      const check = e.checks.find((c) => c.id === 'iam.no-user-policies');
      if (check?.evidence.join() !== `arn:aws:iam::${ACCOUNT}:user/dev-jisoo`) {
        throw new Error(`evidence: ${check?.evidence.join()}`);
      }
    },
  },
  {
    name: 'user-attached-policy',
    description: 'AdministratorAccess is attached directly to a user',
    inventory: mutate(complete, (d) => {
      d['iam.userPolicies'][iamIds.minho] = { attached: [administrator], inline: [] };
    }),
    expected: { 'iam.no-user-policies': 'fail' },
    assert: (e) => expectMessage(e, 'iam.no-user-policies', 'ops-minho', 'AdministratorAccess'),
  },
  {
    name: 'no-password-policy',
    description: 'the account has no password policy (NoSuchEntity)',
    inventory: mutate(complete, (d) => {
      d['iam.passwordPolicy'] = null;
    }),
    expected: { 'iam.password-policy': 'fail' },
    example: true,
    assert: (e) => expectMessage(e, 'iam.password-policy', 'no password policy'),
  },
  {
    name: 'short-passwords',
    description: 'the password policy allows 6-character passwords',
    inventory: mutate(complete, (d) => {
      d['iam.passwordPolicy'] = { ...passwordPolicy, MinimumPasswordLength: 6 };
    }),
    expected: { 'iam.password-policy': 'fail' },
    assert: (e) => expectMessage(e, 'iam.password-policy', 'minimum length is 6', 'at least 8'),
  },
  {
    name: 'course-requires-symbols',
    description: 'the course asks for symbols and 5 remembered passwords; the policy has neither',
    inventory: complete,
    options: { params: { requireSymbols: true, passwordReusePrevention: 5 } },
    expected: { 'iam.password-policy': 'fail' },
    assert: (e) => expectMessage(e, 'iam.password-policy', 'RequireSymbols', 'last 3 passwords, expected 5'),
  },
  {
    name: 'longer-minimum',
    description: 'the course asks for 12 characters: an 8-character minimum falls short',
    inventory: complete,
    options: { params: { minPasswordLength: 12 } },
    expected: { 'iam.password-policy': 'fail' },
  },
  {
    name: 'password-policy-denied',
    description: 'GetAccountPasswordPolicy was denied: an error, not the student’s fail',
    inventory: mutate(complete, (_d, inv) => {
      inv.sources['iam.passwordPolicy'] = { error: denied };
    }),
    expected: { 'iam.password-policy': 'error' },
  },
  {
    name: 'user-without-group',
    description: 'a new user was never added to a group',
    inventory: mutate(complete, (d) => {
      d['iam.users'].push(user('intern-dahye', 'AIDAEXAMPLEDAHYE0001'));
      d['iam.groupsForUser']['intern-dahye'] = [];
      d['iam.userPolicies']['intern-dahye'] = noPolicies();
      d['iam.accessKeys']['intern-dahye'] = [];
    }),
    expected: { 'iam.groups': 'fail' },
    example: true,
    assert: (e) => expectMessage(e, 'iam.groups', '1 of 3', 'intern-dahye'),
  },
  {
    name: 'groups-without-policies',
    description: 'users are in groups, but no group has a policy',
    inventory: mutate(complete, (d) => {
      d['iam.groupPolicies'] = { [iamIds.developers]: noPolicies(), [iamIds.operators]: noPolicies() };
    }),
    expected: { 'iam.groups': 'fail' },
    assert: (e) => expectMessage(e, 'iam.groups', 'none of these groups has a policy'),
  },
  {
    name: 'no-users',
    description: 'no IAM user was created',
    inventory: mutate(complete, (d) => {
      d['iam.users'] = [];
      d['iam.groupsForUser'] = {};
      d['iam.userPolicies'] = {};
      d['iam.accessKeys'] = {};
    }),
    expected: { 'iam.groups': 'fail' },
  },
  {
    name: 'user-policies-denied',
    description: 'reading the users’ policies was denied: only that check is an error',
    inventory: mutate(complete, (_d, inv) => {
      inv.sources['iam.userPolicies'] = { error: denied };
    }),
    expected: { 'iam.no-user-policies': 'error' },
  },
  {
    name: 'user-not-read',
    description: 'an inventory lists a user whose groups were not read: not judged, not failed',
    inventory: mutate(complete, (d) => {
      delete d['iam.groupsForUser'][iamIds.minho];
    }),
    expected: { 'iam.groups': 'error' },
    assert: (e) => {
      const check = e.checks.find((c) => c.id === 'iam.groups');
      if (check?.errorCode !== 'NotCollected') throw new Error(`errorCode ${check?.errorCode}`);
    },
  },
  {
    name: 'instance-without-role',
    description: 'the app instance runs without an instance profile',
    inventory: mutate(complete, (d) => {
      const app = d['ec2.instances'].find((i) => i.InstanceId === iamIds.app);
      if (app) delete app.IamInstanceProfile;
    }),
    expected: { 'iam.instance-roles': 'fail' },
    example: true,
    assert: (e) => {
      expectMessage(e, 'iam.instance-roles', '1 of 2', iamIds.app, 'lab-app-1');
      const check = e.checks.find((c) => c.id === 'iam.instance-roles');
      if (check?.evidence.join() !== iamIds.app) throw new Error(`evidence: ${check?.evidence.join()}`);
    },
  },
  {
    name: 'stopped-instance-without-role',
    description: 'only a stopped instance lacks a profile: stopped instances are not judged',
    inventory: mutate(complete, (d) => {
      d['ec2.instances'].push(
        instance('i-0old0000000000001', {
          vpcId,
          subnetId: 'subnet-0va0000000000000a',
          az: 'us-east-1a',
          privateIp: '10.0.11.99',
          groups: [{ id: 'sg-0app0000000000001', name: 'app-sg' }],
          name: 'old-test',
          state: 'stopped',
        }),
      );
    }),
    expected: {},
  },
  {
    name: 'profile-without-role',
    description: 'the instance profile holds no role, so it gives no credentials',
    inventory: mutate(complete, (d) => {
      for (const p of d['iam.instanceProfiles']) p.Roles = [];
    }),
    expected: { 'iam.instance-roles': 'fail' },
    assert: (e) => expectMessage(e, 'iam.instance-roles', 'without a role', iamIds.profile),
  },
  {
    name: 'no-running-instances',
    description: 'no instance runs in the region: instance roles do not apply',
    inventory: mutate(complete, (d) => {
      d['ec2.instances'] = [];
    }),
    expected: { 'iam.instance-roles': 'skip' },
  },
  {
    name: 'instances-denied',
    description: 'DescribeInstances was denied: the instance check is an error',
    inventory: mutate(complete, (_d, inv) => {
      inv.sources['ec2.instances'] = { error: { code: 'UnauthorizedOperation', message: 'not authorized' } };
    }),
    expected: { 'iam.instance-roles': 'error' },
  },
  {
    name: 'old-access-key',
    description: 'an active access key is 200 days old',
    inventory: mutate(complete, (d) => {
      d['iam.accessKeys'][iamIds.minho] = [accessKey(iamIds.minho, 'AKIAEXAMPLEMINHO0001', 200)];
    }),
    expected: { 'iam.key-age': 'fail' },
    example: true,
    assert: (e) => {
      expectMessage(e, 'iam.key-age', 'AKIAEXAMPLEMINHO0001', '200 days');
      if (e.score !== e.maxScore) throw new Error(`a failed bonus should cost no regular points: ${e.score}`);
    },
  },
  {
    name: 'old-inactive-key',
    description: 'an old access key was deactivated: only active keys count',
    inventory: mutate(complete, (d) => {
      d['iam.accessKeys'][iamIds.minho] = [accessKey(iamIds.minho, 'AKIAEXAMPLEMINHO0001', 400, 'Inactive')];
    }),
    expected: {},
  },
  {
    name: 'stricter-key-age',
    description: 'the course allows 20 days: the 30-day-old key is too old',
    inventory: complete,
    options: { params: { maxKeyAgeDays: 20 } },
    expected: { 'iam.key-age': 'fail' },
  },
  {
    name: 'unknown-account',
    description: 'the caller identity is unknown: nothing can be graded',
    inventory: mutate(complete, (_d, inv) => {
      delete inv.accountId;
      delete inv.sources['sts.callerIdentity'];
    }),
    expected: {},
    others: 'skip',
  },
];
