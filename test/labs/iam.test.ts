import type { Reservation } from '@aws-sdk/client-ec2';
import type { Group, InstanceProfile, User } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { evaluateLab, LabParamsError } from '../../checks/engine.js';
import { INVENTORY_SCHEMA_VERSION, type Inventory } from '../../checks/inventory.js';
import { iamLab } from '../../checks/labs/iam/index.js';
import { parseInventory } from '../../functions/inventory/io.js';
import { mutate } from '../scenarios/ec2-builders.js';
import { completeIamLab, iamIds, scenarios } from '../scenarios/iam.js';
import { RECORDED_ACCOUNT, RECORDED_REGION, recorded } from '../support/aws-mock.js';
import { describeScenarios } from '../support/scenario.js';

const check = (inventory: Inventory, id: string, options = {}) => {
  const result = evaluateLab(iamLab, inventory, options).checks.find((c) => c.id === id);
  if (!result) throw new Error(`no check ${id}`);
  return result;
};

const statuses = (inventory: Inventory, options = {}) =>
  Object.fromEntries(evaluateLab(iamLab, inventory, options).checks.map((c) => [c.id, c.status]));

describe('IAM lab marking sheet', () => {
  describeScenarios(iamLab, scenarios);
});

describe('IAM lab', () => {
  it('has exactly the check ids of the IAM table in labs.md (titles, hints and bonus flags: contract.test.ts)', () => {
    expect(iamLab.checks.map((c) => c.id)).toEqual([
      'iam.root-mfa',
      'iam.root-no-keys',
      'iam.groups',
      'iam.no-user-policies',
      'iam.password-policy',
      'iam.instance-roles',
      'iam.key-age',
    ]);
    expect(iamLab.checks.filter((c) => c.bonus).map((c) => c.id)).toEqual(['iam.key-age']);
  });

  it('hints use the course terms', () => {
    const ko = iamLab.checks.map((c) => c.hint.ko).join('\n');
    for (const term of ['그룹', '역할', '정책', 'MFA', '루트 사용자', '인스턴스 프로파일']) expect(ko).toContain(term);
  });

  it('names what it graded in the complete lab (grading it from only its sources: contract.test.ts)', () => {
    const evaluation = evaluateLab(iamLab, completeIamLab());
    expect(evaluation.target).toEqual({ kind: 'AWS account', id: '123456789012' });
    expect(evaluation.resources).toEqual(
      expect.arrayContaining(['arn:aws:iam::123456789012:root', 'arn:aws:iam::123456789012:group/developers']),
    );
  });

  it('judges key age against the time the inventory was read, not the clock', () => {
    const later = { ...completeIamLab(), collectedAt: '2027-06-01T00:00:00.000Z' };
    expect(check(completeIamLab(), 'iam.key-age').status).toBe('pass');
    const result = check(later, 'iam.key-age');
    expect(result.status).toBe('fail');
    expect(result.evidence).toEqual([iamIds.jisooKey]);
  });

  it('speaks Korean when asked, in the course terms', () => {
    const noMfa = mutate(completeIamLab(), (d) => {
      d['iam.accountSummary'] = { ...d['iam.accountSummary'], AccountMFAEnabled: 0 };
    });
    const result = check(noMfa, 'iam.root-mfa', { lang: 'ko' });
    expect(result.message).toContain('루트 사용자에 MFA가 설정되어 있지 않습니다');
    expect(result.hint).toContain('MFA');
    const inline = check(
      mutate(completeIamLab(), (d) => {
        d['iam.userPolicies'][iamIds.jisoo] = {
          attached: [],
          inline: [
            { PolicyName: 'p', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } },
          ],
        };
      }),
      'iam.no-user-policies',
      { lang: 'ko' },
    );
    expect(inline.message).toContain('인라인 정책 p');
    expect(inline.hint).toContain('그룹');
  });

  it('refuses parameters that do not fit, naming the parameter', () => {
    expect(() => evaluateLab(iamLab, completeIamLab(), { params: { minPasswordLength: 'eight' } })).toThrow(
      LabParamsError,
    );
    expect(() => evaluateLab(iamLab, completeIamLab(), { params: { maxKeyAgeDays: 0 } })).toThrow(/maxKeyAgeDays/);
  });

  it('grades the recorded reference account: no root MFA and no password policy, the rest in place', () => {
    const summary = recorded<{ SummaryMap: Record<string, number> }>('iam/GetAccountSummary').SummaryMap;
    const users = recorded<{ Users: User[] }>('iam/ListUsers').Users;
    const groups = recorded<{ Groups: Group[] }>('iam/ListGroups').Groups;
    const inventory = parseInventory({
      schemaVersion: INVENTORY_SCHEMA_VERSION,
      region: RECORDED_REGION,
      accountId: RECORDED_ACCOUNT,
      collectedAt: '2026-11-25T17:00:00.000Z',
      sources: {
        'sts.callerIdentity': { data: recorded('sts/GetCallerIdentity') },
        'iam.accountSummary': { data: summary },
        'iam.users': { data: users },
        'iam.groups': { data: groups },
        'iam.groupsForUser': {
          data: { 'dev-jisoo': recorded<{ Groups: Group[] }>('iam/ListGroupsForUser.dev-jisoo').Groups },
        },
        'iam.userPolicies': {
          data: {
            'dev-jisoo': {
              attached: recorded<{ AttachedPolicies: [] }>('iam/ListAttachedUserPolicies.dev-jisoo').AttachedPolicies,
              inline: [],
            },
          },
        },
        'iam.groupPolicies': {
          data: {
            developers: {
              attached: recorded<{ AttachedPolicies: [] }>('iam/ListAttachedGroupPolicies.developers').AttachedPolicies,
              inline: [],
            },
          },
        },
        // GetAccountPasswordPolicy answered NoSuchEntity: recorded as "not configured".
        'iam.passwordPolicy': { data: null },
        'iam.instanceProfiles': {
          data: recorded<{ InstanceProfiles: InstanceProfile[] }>('iam/ListInstanceProfiles').InstanceProfiles,
        },
        'iam.accessKeys': { data: { 'dev-jisoo': [] } },
        'ec2.instances': {
          data: recorded<{ Reservations: Reservation[] }>('ec2/DescribeInstances').Reservations.flatMap(
            (r) => r.Instances ?? [],
          ),
        },
      },
    });
    expect(statuses(inventory)).toEqual({
      'iam.root-mfa': 'fail',
      'iam.root-no-keys': 'pass',
      'iam.groups': 'pass',
      'iam.no-user-policies': 'pass',
      'iam.password-policy': 'fail',
      'iam.instance-roles': 'pass',
      'iam.key-age': 'pass',
    });
    expect(check(inventory, 'iam.groups').message).toContain('developers (AmazonEC2ReadOnlyAccess)');
  });
});
