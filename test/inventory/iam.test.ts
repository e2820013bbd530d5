/**
 * The IAM collectors against a mocked IAM API (shapes from the recorded reference account): every
 * page followed by Marker while IsTruncated, policy documents decoded from IAM's URL encoding, a
 * missing password policy recorded as "not configured" while a denied call is an error, and each
 * IAM list read once per grade.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import {
  GetAccountPasswordPolicyCommand,
  GetGroupPolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  IAMServiceException,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  type User,
} from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { evaluateLab } from '../../checks/engine.js';
import type { Inventory, SourceKey } from '../../checks/inventory.js';
import { iamLab } from '../../checks/labs/iam/index.js';
import { sourcesOf } from '../../functions/grade.js';
import { ClientFactory } from '../../functions/inventory/clients.js';
import { collectInventory } from '../../functions/inventory/collect.js';
import { decodePolicyDocument, iamReaders } from '../../functions/inventory/iam.js';
import { actionsFor, COLLECTORS } from '../../functions/inventory/index.js';
import { withSpecs } from '../../functions/inventory/schemas.js';
import { iamSources } from '../../functions/inventory/sources/iam.js';
import {
  callCounts,
  RECORDED_ACCOUNT,
  RECORDED_REGION,
  recorded,
  serveRecordedEc2,
  serveRecordedIam,
  serveRecordedSts,
} from '../support/aws-mock.js';

const iamCollectors = withSpecs(iamSources, iamReaders);

const iam = mockClient(IAMClient);
const ec2 = mockClient(EC2Client);
const sts = mockClient(STSClient);

/** What IAM does to a policy document before returning it (RFC 3986 percent-encoding). */
const urlEncoded = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));

const adminPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

beforeEach(() => {
  iam.reset();
  ec2.reset();
  sts.reset();
  serveRecordedIam(iam);
  serveRecordedEc2(ec2);
  serveRecordedSts(sts);
});
afterAll(() => {
  iam.restore();
  ec2.restore();
  sts.restore();
});

async function collect(sources: readonly SourceKey[], region = RECORDED_REGION): Promise<Inventory> {
  const clients = new ClientFactory();
  try {
    return await collectInventory({ region, clients, sources, collectors: COLLECTORS });
  } finally {
    clients.destroy();
  }
}

function iamError(code: string, message: string, httpStatusCode = 403): IAMServiceException {
  const err = new IAMServiceException({ name: code, $fault: 'client', message, $metadata: { httpStatusCode } });
  return Object.assign(err, { Code: code });
}

function user(name: string): User {
  return {
    Path: '/',
    UserName: name,
    UserId: `AIDA${name.toUpperCase().replace(/-/g, '')}`,
    Arn: `arn:aws:iam::${RECORDED_ACCOUNT}:user/${name}`,
    CreateDate: new Date('2026-11-25T16:39:33.746Z'),
  };
}

describe('IAM pagination (IsTruncated / Marker)', () => {
  it('iam.users follows Marker while IsTruncated and keeps every user in order', async () => {
    const inputs: Record<string, unknown>[] = [];
    iam.on(ListUsersCommand).callsFake((input) => {
      inputs.push({ ...input });
      if (!input.Marker) return { Users: [user('a-1'), user('a-2')], IsTruncated: true, Marker: 'users-page-2' };
      if (input.Marker === 'users-page-2') return { Users: [user('b-1')], IsTruncated: true, Marker: 'users-page-3' };
      return { Users: [user('c-1')], IsTruncated: false };
    });

    const inventory = await collect(['iam.users']);

    expect(inventory.sources['iam.users']?.data?.map((u) => u.UserName)).toEqual(['a-1', 'a-2', 'b-1', 'c-1']);
    expect(inputs).toEqual([{}, { Marker: 'users-page-2' }, { Marker: 'users-page-3' }]);
  });

  it('per-user lists are paginated too: a user in many groups keeps them all', async () => {
    const inputs: Record<string, unknown>[] = [];
    iam.on(ListGroupsForUserCommand).callsFake((input) => {
      inputs.push({ ...input });
      const group = (name: string) => ({ GroupName: name, Arn: `arn:aws:iam::${RECORDED_ACCOUNT}:group/${name}` });
      return input.Marker
        ? { Groups: [group('ops')], IsTruncated: false }
        : { Groups: [group('developers')], IsTruncated: true, Marker: 'g2' };
    });

    const inventory = await collect(['iam.groupsForUser']);

    expect(inventory.sources['iam.groupsForUser']?.data?.['dev-jisoo']?.map((g) => g.GroupName)).toEqual([
      'developers',
      'ops',
    ]);
    expect(inputs).toEqual([{ UserName: 'dev-jisoo' }, { UserName: 'dev-jisoo', Marker: 'g2' }]);
  });
});

describe('policy documents', () => {
  it('decodes the URL-encoded inline policies of users and groups before parsing them', async () => {
    iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: ['jisoo-admin'], IsTruncated: false });
    iam.on(GetUserPolicyCommand).callsFake((i) => ({
      UserName: i.UserName,
      PolicyName: i.PolicyName,
      PolicyDocument: urlEncoded(adminPolicy),
    }));
    const groupPolicy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['ec2:Describe*'],
          Resource: '*',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        },
      ],
    };
    iam.on(ListGroupPoliciesCommand).resolves({ PolicyNames: ['devs-read'], IsTruncated: false });
    iam.on(GetGroupPolicyCommand).callsFake((i) => ({
      GroupName: i.GroupName,
      PolicyName: i.PolicyName,
      PolicyDocument: urlEncoded(groupPolicy),
    }));

    const inventory = await collect(['iam.userPolicies', 'iam.groupPolicies']);

    expect(inventory.sources['iam.userPolicies']?.data).toEqual({
      'dev-jisoo': { attached: [], inline: [{ PolicyName: 'jisoo-admin', PolicyDocument: adminPolicy }] },
    });
    expect(inventory.sources['iam.groupPolicies']?.data?.developers?.inline).toEqual([
      { PolicyName: 'devs-read', PolicyDocument: groupPolicy },
    ]);
    expect(iam.commandCalls(GetUserPolicyCommand).map((c) => c.args[0].input)).toEqual([
      { UserName: 'dev-jisoo', PolicyName: 'jisoo-admin' },
    ]);
    // And the lab sees it for what it is.
    const evaluation = evaluateLab(iamLab, { ...(await collect(sourcesOf(iamLab))) });
    expect(evaluation.checks.find((c) => c.id === 'iam.no-user-policies')?.message).toContain(
      'allows every action on every resource',
    );
  });

  it('stores the trust policies of instance profile roles decoded', async () => {
    const inventory = await collect(['iam.instanceProfiles']);

    const role = inventory.sources['iam.instanceProfiles']?.data?.[0]?.Roles?.[0];
    expect(JSON.parse(role?.AssumeRolePolicyDocument ?? '')).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
  });

  it('decodes characters IAM escapes (spaces, quotes, slashes, non-ASCII) and accepts plain JSON', () => {
    const doc = {
      Statement: [{ Sid: 'a b/c "d" 한글 %', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::x/*' }],
    };
    expect(decodePolicyDocument(urlEncoded(doc))).toEqual(doc);
    expect(decodePolicyDocument(JSON.stringify(doc))).toEqual(doc);
  });
});

describe('"not configured" is data, a refusal is an error', () => {
  it('a missing password policy (NoSuchEntity, 404) is recorded as null, so the check fails', async () => {
    const inventory = await collect(['iam.passwordPolicy']);

    expect(inventory.sources['iam.passwordPolicy']).toEqual({ data: null });
  });

  it('the recorded error shape (Code NoSuchEntity) counts as not configured too', async () => {
    const shape = recorded<{ name: string; message: string; Code: string }>('iam/GetAccountPasswordPolicy.error');
    iam.on(GetAccountPasswordPolicyCommand).rejects(Object.assign(iamError(shape.Code, shape.message, 404), shape));

    const inventory = await collect(['iam.passwordPolicy']);

    expect(inventory.sources['iam.passwordPolicy']).toEqual({ data: null });
  });

  it('a configured password policy is stored as IAM returned it', async () => {
    const policy = {
      MinimumPasswordLength: 12,
      RequireSymbols: true,
      RequireNumbers: true,
      PasswordReusePrevention: 5,
    };
    iam.on(GetAccountPasswordPolicyCommand).resolves({ PasswordPolicy: policy });

    const inventory = await collect(['iam.passwordPolicy']);

    expect(inventory.sources['iam.passwordPolicy']).toEqual({ data: policy });
  });

  it('AccessDenied on GetAccountPasswordPolicy is an error of that source only', async () => {
    iam
      .on(GetAccountPasswordPolicyCommand)
      .rejects(iamError('AccessDenied', 'User is not authorized to perform: iam:GetAccountPasswordPolicy'));

    const inventory = await collect(sourcesOf(iamLab));

    expect(inventory.sources['iam.passwordPolicy']?.error?.code).toBe('AccessDenied');
    const statuses = Object.fromEntries(evaluateLab(iamLab, inventory).checks.map((c) => [c.id, c.status]));
    expect(statuses['iam.password-policy']).toBe('error');
    expect(statuses['iam.groups']).toBe('pass');
  });

  it('a denied per-user call fails the sources built on it, not the user list', async () => {
    iam.on(ListAttachedUserPoliciesCommand).rejects(iamError('AccessDenied', 'not authorized'));

    const inventory = await collect(['iam.users', 'iam.userPolicies', 'iam.groupsForUser']);

    expect(inventory.sources['iam.userPolicies']?.error?.code).toBe('AccessDenied');
    expect(inventory.sources['iam.users']?.data).toHaveLength(1);
    expect(inventory.sources['iam.groupsForUser']?.data?.['dev-jisoo']).toHaveLength(1);
  });
});

describe('one read per grade', () => {
  it('a whole IAM grade calls each list API once, and per-user/per-group APIs once per user/group', async () => {
    iam
      .on(ListUsersCommand)
      .resolves({ Users: [user('dev-jisoo'), user('ops-minho'), user('intern-dahye')], IsTruncated: false });
    iam.on(ListGroupsForUserCommand).resolves({ Groups: [], IsTruncated: false });
    iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
    iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });

    const inventory = await collect(sourcesOf(iamLab));

    expect(Object.values(inventory.sources).filter((s) => s?.error)).toEqual([]);
    const counts = callCounts(iam, ec2, sts);
    expect(counts).toEqual({
      GetCallerIdentity: 1,
      GetAccountSummary: 1,
      GetAccountPasswordPolicy: 1,
      ListUsers: 1,
      ListGroups: 1,
      ListInstanceProfiles: 1,
      DescribeInstances: 1,
      ListGroupsForUser: 3,
      ListAttachedUserPolicies: 3,
      ListUserPolicies: 3,
      ListAccessKeys: 3,
      ListAttachedGroupPolicies: 1,
      ListGroupPolicies: 1,
    });
  });

  it('reads IAM once whatever the graded region, with that region’s client (the global endpoint)', async () => {
    const regions: string[] = [];
    iam.on(ListUsersCommand).callsFake(async (_input, getClient) => {
      regions.push(await getClient().config.region());
      return recorded('iam/ListUsers');
    });

    const inventory = await collect(['iam.users', 'iam.groupsForUser', 'iam.accessKeys'], 'ap-northeast-2');

    expect(inventory.sources['iam.users']?.data).toHaveLength(1);
    expect(regions).toEqual(['ap-northeast-2']);
  });

  it('every IAM call a grade makes is in the least-privilege action list', async () => {
    iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: ['p'], IsTruncated: false });
    iam
      .on(GetUserPolicyCommand)
      .resolves({ UserName: 'dev-jisoo', PolicyName: 'p', PolicyDocument: urlEncoded(adminPolicy) });
    iam.on(ListGroupPoliciesCommand).resolves({ PolicyNames: ['g'], IsTruncated: false });
    iam
      .on(GetGroupPolicyCommand)
      .resolves({ GroupName: 'developers', PolicyName: 'g', PolicyDocument: urlEncoded(adminPolicy) });

    await collect(sourcesOf(iamLab));

    const sent = Object.keys(callCounts(iam)).map((name) => `iam:${name}`);
    expect(sent).toHaveLength(13);
    const allowed = actionsFor(iamCollectors.map((c) => c.key));
    for (const action of sent) expect(allowed).toContain(action);
    expect(allowed).toHaveLength(sent.length);
  });
});

describe('end to end on the recorded account', () => {
  it('grades what the collectors read: no root MFA, no password policy, the rest in place', async () => {
    const inventory = await collect(sourcesOf(iamLab));

    const statuses = Object.fromEntries(evaluateLab(iamLab, inventory).checks.map((c) => [c.id, c.status]));
    expect(statuses).toEqual({
      'iam.root-mfa': 'fail',
      'iam.root-no-keys': 'pass',
      'iam.groups': 'pass',
      'iam.no-user-policies': 'pass',
      'iam.password-policy': 'fail',
      'iam.instance-roles': 'pass',
      'iam.key-age': 'pass',
    });
  });
});
