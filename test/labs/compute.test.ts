import { describe, expect, it } from 'vitest';
import { evaluateLab } from '../../checks/engine.js';
import type { Inventory } from '../../checks/inventory.js';
import { computeLab } from '../../checks/labs/compute/index.js';
import { completeComputeLab, scenarios } from '../scenarios/compute.js';
import { describeScenarios } from '../support/scenario.js';

describe('compute lab marking sheet', () => {
  describeScenarios(computeLab, scenarios);
});

describe('compute lab', () => {
  it('has exactly the check ids of the Compute table in labs.md, the bonus ones flagged', () => {
    expect(computeLab.checks.map((c) => c.id)).toEqual([
      'compute.instances',
      'compute.imdsv2',
      'compute.ebs-encrypted',
      'compute.ebs-type',
      'compute.instance-type',
      'compute.session-manager',
      'compute.no-key-pair',
      'compute.custom-ami',
    ]);
    expect(computeLab.checks.filter((c) => c.bonus).map((c) => c.id)).toEqual([
      'compute.no-key-pair',
      'compute.custom-ami',
    ]);
  });

  it('hints use the course terms', () => {
    const ko = computeLab.checks.map((c) => c.hint.ko).join('\n');
    for (const term of [
      '인스턴스 메타데이터 서비스',
      'IMDSv2',
      'EBS 암호화',
      'gp3',
      '세션 매니저',
      '키 페어',
      'AMI',
      '세대',
    ]) {
      expect(ko).toContain(term);
    }
  });

  it('refuses parameters out of bounds, naming the parameter', () => {
    expect(() => evaluateLab(computeLab, completeComputeLab(), { params: { volumeTypes: ['gp4'] } })).toThrow(
      /volumeTypes/,
    );
    expect(() => evaluateLab(computeLab, completeComputeLab(), { params: { instanceSizes: [] } })).toThrow(
      /instanceSizes/,
    );
  });

  it('speaks Korean in the course terms', () => {
    const e = evaluateLab(computeLab, scenarios.find((s) => s.name === 'imdsv1-allowed')?.inventory as Inventory, {
      lang: 'ko',
    });
    const check = e.checks.find((c) => c.id === 'compute.imdsv2');
    expect(check?.message).toContain('IMDSv1');
    expect(check?.hint).toContain('인스턴스 메타데이터 서비스');
  });
});
