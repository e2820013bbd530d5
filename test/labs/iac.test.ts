import { describe, expect, it } from 'vitest';
import { evaluateLab } from '../../checks/engine.js';
import { iacLab } from '../../checks/labs/iac/index.js';
import { completeIacLab, scenarios } from '../scenarios/iac.js';
import { describeScenarios } from '../support/scenario.js';

describe('IaC lab marking sheet', () => {
  describeScenarios(iacLab, scenarios);
});

describe('IaC lab', () => {
  it('has exactly the check ids of the IaC table in labs.md, the bonus one flagged', () => {
    expect(iacLab.checks.map((c) => c.id)).toEqual([
      'iac.stack',
      'iac.network',
      'iac.layered',
      'iac.no-failed',
      'iac.drift',
    ]);
    expect(iacLab.checks.filter((c) => c.bonus).map((c) => c.id)).toEqual(['iac.drift']);
  });

  it('hints use the course terms', () => {
    const ko = iacLab.checks.map((c) => c.hint.ko).join('\n');
    for (const term of ['스택', '코드형 인프라', '내보내', '가져오', '드리프트', '템플릿']) expect(ko).toContain(term);
  });

  it('refuses parameters out of bounds, naming the parameter', () => {
    expect(() => evaluateLab(iacLab, completeIacLab(), { params: { minStacks: 1 } })).toThrow(/minStacks/);
    expect(() => evaluateLab(iacLab, completeIacLab(), { params: { accessStackName: 'no spaces' } })).toThrow(
      /accessStackName/,
    );
  });
});
