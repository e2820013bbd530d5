/**
 * The engine's promises to students and instructors: the grader's own failures are `error`,
 * never `fail`; the best candidate is graded and the others listed; courses can switch checks
 * off and change points; bonus points never count against a student.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { evaluateLab, LabParamsError } from '../../checks/engine.js';
import { type Inventory, read } from '../../checks/inventory.js';
import {
  type CheckDefinition,
  fail,
  type LabDefinition,
  pass,
  type TargetlessCheck,
  text,
} from '../../checks/model.js';
import { inventoryOf } from '../scenarios/ec2-builders.js';

interface Box {
  id: string;
  size: number;
}

const check = (
  id: string,
  points: number,
  judge: (b: Box) => boolean,
  extra: Partial<TargetlessCheck<Box, { min: number }>> = {},
) =>
  ({
    id,
    title: text(id, id),
    points,
    hint: text(`hint ${id}`, `힌트 ${id}`),
    evaluate: (b: Box) =>
      judge(b) ? pass(text(`${b.id} ok`, `${b.id} 통과`), [b.id]) : fail(text(`${b.id} bad`, `${b.id} 실패`), [b.id]),
    ...extra,
  }) as CheckDefinition<Box, { min: number }>;

/** A toy lab over VPCs: candidates are the VPCs, "size" is the number of their subnets. */
function toyLab(checks: CheckDefinition<Box, { min: number }>[]): LabDefinition<Box, { min: number }> {
  return {
    id: 'toy',
    title: text('Toy', '장난감'),
    module: '0',
    paramsSchema: z.object({ min: z.number().int().default(2) }) as never,
    sources: ['ec2.vpcs', 'ec2.subnets', 'ec2.natGateways'],
    targetKind: text('VPC', 'VPC'),
    candidates: (inv: Inventory) =>
      read(inv, 'ec2.vpcs').map((v) => ({
        id: v.VpcId ?? '',
        target: { id: v.VpcId ?? '', size: read(inv, 'ec2.subnets').filter((s) => s.VpcId === v.VpcId).length },
      })),
    noTarget: () => text('no VPC', 'VPC 없음'),
    checks: checks.map((c) => (c.id === 'toy.exists' ? { ...c, judgedWithoutTarget: true } : c)),
  };
}

const inv = inventoryOf({
  'ec2.vpcs': [{ VpcId: 'vpc-small' }, { VpcId: 'vpc-big' }],
  'ec2.subnets': [
    { SubnetId: 'subnet-1', VpcId: 'vpc-small' },
    { SubnetId: 'subnet-2', VpcId: 'vpc-big' },
    { SubnetId: 'subnet-3', VpcId: 'vpc-big' },
  ],
});

describe('engine', () => {
  it('grades every candidate and reports the best-scoring one, listing the others', () => {
    const lab = toyLab([check('toy.big', 10, (b) => b.size >= 2)]);
    const e = evaluateLab(lab, inv);
    expect(e.target?.id).toBe('vpc-big');
    expect(e.candidates.map((c) => [c.id, c.score])).toEqual([
      ['vpc-big', 10],
      ['vpc-small', 0],
    ]);
    expect(e.score).toBe(10);
  });

  it('turns a check that throws into error with GraderError, never a fail', () => {
    const lab = toyLab([
      check('toy.boom', 5, () => {
        throw new TypeError('cannot read x of undefined');
      }),
      check('toy.ok', 5, () => true),
    ]);
    const e = evaluateLab(lab, inv);
    const boom = e.checks.find((c) => c.id === 'toy.boom');
    expect(boom).toMatchObject({ status: 'error', earned: 0, errorCode: 'GraderError' });
    expect(e.checks.find((c) => c.id === 'toy.ok')?.status).toBe('pass');
  });

  it('reports error with the AWS code when a check reads a source that failed', () => {
    const lab = toyLab([
      check('toy.nat', 5, () => true, {
        evaluate: (_b, _p, i) => pass(text(`${read(i, 'ec2.natGateways').length}`, '')),
      }),
    ]);
    const denied = structuredClone(inv);
    denied.sources['ec2.natGateways'] = { error: { code: 'UnauthorizedOperation', message: 'no' } };
    expect(evaluateLab(lab, denied).checks[0]).toMatchObject({ status: 'error', errorCode: 'UnauthorizedOperation' });
  });

  it('reports error on every check when the candidates themselves cannot be listed', () => {
    const lab = toyLab([check('toy.exists', 5, () => true), check('toy.big', 5, () => true)]);
    const denied = structuredClone(inv);
    denied.sources['ec2.vpcs'] = { error: { code: 'AccessDenied', message: 'no' } };
    const e = evaluateLab(lab, denied);
    expect(e.checks.map((c) => c.status)).toEqual(['error', 'error']);
    expect(e.target).toBeNull();
    expect(e.sourceErrors).toEqual([{ source: 'ec2.vpcs', code: 'AccessDenied', message: 'no' }]);
  });

  it('skips the checks that need a target when there is none, but judges those that do not', () => {
    const lab = toyLab([
      check('toy.exists', 5, () => true, { evaluate: (b) => (b ? pass(text('y', 'y')) : fail(text('none', '없음'))) }),
      check('toy.big', 5, () => true),
    ]);
    const empty = inventoryOf({ 'ec2.vpcs': [], 'ec2.subnets': [] });
    const e = evaluateLab(lab, empty, { lang: 'ko' });
    expect(e.checks.map((c) => [c.id, c.status, c.message])).toEqual([
      ['toy.exists', 'fail', '없음'],
      ['toy.big', 'skip', 'VPC 없음'],
    ]);
    expect(e.maxScore).toBe(10);
  });

  it('lets a course switch a check off (skip, out of maxScore) and change points', () => {
    const lab = toyLab([check('toy.a', 5, () => true), check('toy.b', 5, () => false)]);
    const e = evaluateLab(lab, inv, { disabled: ['toy.b'], points: { 'toy.a': 20 } });
    expect(e.checks.map((c) => [c.id, c.status, c.points, c.earned])).toEqual([
      ['toy.a', 'pass', 20, 20],
      ['toy.b', 'skip', 5, 0],
    ]);
    expect([e.score, e.maxScore]).toEqual([20, 20]);
  });

  it('rejects unknown check ids and bad parameters, naming them', () => {
    const lab = toyLab([check('toy.a', 5, () => true)]);
    expect(() => evaluateLab(lab, inv, { disabled: ['toy.nope'] })).toThrow(/unknown check id toy\.nope/);
    expect(() => evaluateLab(lab, inv, { params: { min: 'two' } })).toThrow(LabParamsError);
    expect(() => evaluateLab(lab, inv, { params: { min: 'two' } })).toThrow(/parameter min/);
  });

  it('keeps bonus points out of maxScore: a missed bonus costs nothing, a met one adds', () => {
    const lab = toyLab([check('toy.a', 10, () => true), check('toy.bonus', 5, (b) => b.size > 1, { bonus: true })]);
    const e = evaluateLab(lab, inv);
    expect([e.score, e.maxScore, e.bonusScore]).toEqual([15, 10, 5]);
    const only = evaluateLab(lab, inventoryOf({ 'ec2.vpcs': [{ VpcId: 'vpc-small' }], 'ec2.subnets': [] }));
    expect([only.score, only.maxScore, only.bonusScore]).toEqual([10, 10, 0]);
  });

  it('shows the hint with a fail only, in the requested language', () => {
    const lab = toyLab([check('toy.a', 5, () => false), check('toy.b', 5, () => true)]);
    const e = evaluateLab(lab, inv, { lang: 'ko' });
    expect(e.checks.map((c) => c.hint)).toEqual(['힌트 toy.a', undefined]);
  });
});
