import { describe, expect, it } from 'vitest';
import { evaluateLab } from '../../checks/engine.js';
import { findLab } from '../../checks/labs/index.js';
import { monLab } from '../../checks/labs/mon/index.js';
import { scenarios } from '../scenarios/mon.js';
import { describeScenarios } from '../support/scenario.js';

describe('monitoring lab marking sheet', () => {
  describeScenarios(monLab, scenarios);
});

describe('monitoring lab definition', () => {
  it('has every mon.* check id of labs.md, once, and is registered', () => {
    expect(monLab.checks.map((c) => c.id)).toEqual([
      'mon.cpu-alarm',
      'mon.notification',
      'mon.flow-logs',
      'mon.log-retention',
      'mon.cloudtrail',
      'mon.event-rule',
      'mon.trail-validation',
    ]);
    expect(monLab.checks.filter((c) => c.bonus).map((c) => c.id)).toEqual(['mon.trail-validation']);
    expect(findLab('mon')).toBe(monLab);
  });

  it('hints use the course terms', () => {
    const ko = monLab.checks.map((c) => c.hint.ko).join(' ');
    for (const term of [
      '경보',
      '지표',
      'SNS 주제',
      '구독',
      'VPC 흐름 로그',
      'CloudTrail',
      '추적',
      'EventBridge 규칙',
    ]) {
      expect(ko).toContain(term);
    }
  });

  it('rejects parameters that do not fit', () => {
    const inventory = scenarios[0]!.inventory;
    expect(() => evaluateLab(monLab, inventory, { params: { minRetentionDays: 0 } })).toThrow(/minRetentionDays/);
    expect(() => evaluateLab(monLab, inventory, { params: { flowLogDestinations: ['ftp'] } })).toThrow(
      /flowLogDestinations/,
    );
  });

  it('writes messages in Korean when asked', () => {
    const forever = scenarios.find((s) => s.name === 'logs-kept-forever')!;
    const check = evaluateLab(monLab, forever.inventory, { lang: 'ko' }).checks.find(
      (c) => c.id === 'mon.log-retention',
    )!;
    expect(check.message).toContain('만기 없음');
    expect(check.hint).toContain('보존 기간');
  });
});
