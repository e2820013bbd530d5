import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import { describe, expect, it } from 'vitest';
import { evaluateLab } from '../../checks/engine.js';
import { groupSubnetIds, groupTargetGroupArns, resolveLaunchTemplateVersion } from '../../checks/facts/autoscaling.js';
import { albLab } from '../../checks/labs/alb/index.js';
import { findLab } from '../../checks/labs/index.js';
import { scenarios } from '../scenarios/alb.js';
import { recorded } from '../support/aws-mock.js';
import { describeScenarios } from '../support/scenario.js';

describe('ALB / Auto Scaling lab marking sheet', () => {
  describeScenarios(albLab, scenarios);
});

describe('ALB / Auto Scaling lab definition', () => {
  it('has every alb.* and asg.* check id of labs.md, once, and is registered', () => {
    expect(albLab.checks.map((c) => c.id)).toEqual([
      'alb.exists',
      'alb.listener',
      'alb.target-group',
      'alb.sg',
      'alb.sg-chain',
      'asg.launch-template',
      'asg.multi-az',
      'asg.capacity',
      'asg.target-group',
      'asg.scaling-policy',
      'asg.healthy',
    ]);
    expect(findLab('alb')).toBe(albLab);
  });

  it('has bilingual titles and hints for every check', () => {
    for (const check of albLab.checks) {
      for (const t of [check.title, check.hint]) {
        expect(t.en, check.id).not.toBe('');
        expect(t.ko, check.id).toMatch(/[가-힣]/);
      }
    }
  });

  it('hints use the course terms', () => {
    const ko = albLab.checks.map((c) => c.hint.ko).join(' ');
    for (const term of ['대상 그룹', '시작 템플릿', '오토 스케일링 그룹', '리스너', '헬스 체크', '보안 그룹']) {
      expect(ko).toContain(term);
    }
  });

  it('rejects parameters that do not fit', () => {
    expect(() => evaluateLab(albLab, scenarios[0]!.inventory, { params: { maxSizeLimit: 0 } })).toThrow(/maxSizeLimit/);
  });

  it('writes messages in Korean when asked', () => {
    const internal = scenarios.find((s) => s.name === 'internal-scheme')!;
    const result = evaluateLab(albLab, internal.inventory, { lang: 'ko' });
    const exists = result.checks.find((c) => c.id === 'alb.exists')!;
    expect(exists.message).toContain('인터넷 경계');
    expect(exists.hint).toContain('퍼블릭 서브넷');
  });
});

describe('launch template version resolution', () => {
  const template = { LaunchTemplateId: 'lt-1', DefaultVersionNumber: 2, LatestVersionNumber: 5 };
  it.each([
    ['$Latest', 5],
    ['$Default', 2],
    [undefined, 2],
    ['', 2],
    ['3', 3],
    [' 4 ', 4],
    ['latest', undefined],
  ])('%s resolves to %s', (version, expected) => {
    expect(resolveLaunchTemplateVersion(template, version)).toBe(expected);
  });
});

describe('Auto Scaling group shapes', () => {
  it('reads the recorded VPCZoneIdentifier as three subnets', () => {
    const group = recorded<{ AutoScalingGroups: AutoScalingGroup[] }>('autoscaling/DescribeAutoScalingGroups')
      .AutoScalingGroups[0]!;
    expect(groupSubnetIds(group)).toEqual([
      'subnet-6159adcb587155f0d',
      'subnet-8e77f0349a42a450f',
      'subnet-01f16ec0b6e158b77',
    ]);
  });

  it('counts target groups attached as traffic sources', () => {
    const arn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/1';
    expect(
      groupTargetGroupArns({
        AutoScalingGroupName: 'g',
        MinSize: 1,
        MaxSize: 1,
        DesiredCapacity: 1,
        DefaultCooldown: 300,
        AvailabilityZones: [],
        HealthCheckType: 'ELB',
        CreatedTime: new Date(0),
        TrafficSources: [{ Identifier: arn, Type: 'elbv2' }],
      }),
    ).toEqual([arn]);
  });
});
