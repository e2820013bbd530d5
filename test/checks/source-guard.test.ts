/**
 * A lab that reads a source it does not list passes on a full inventory and answers NotCollected
 * in production: under test the engine refuses the read and names the lab and the source.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { evaluateLab } from '../../checks/engine.js';
import { read } from '../../checks/inventory.js';
import { defineCheck, defineLab, pass, text } from '../../checks/model.js';
import { setSourceGuard, UndeclaredSourceError } from '../../checks/source-guard.js';
import { inventoryOf } from '../scenarios/ec2-builders.js';

const counts = defineCheck<{ id: string }, { min: number }>({
  id: 'toy.subnets',
  title: text('Subnets', '서브넷'),
  points: 1,
  hint: text('-', '-'),
  evaluate: (t, _p, inv) => pass(text(`${t.id}: ${read(inv, 'ec2.subnets').length}`, '')),
});

function toyLab(sources: ('ec2.vpcs' | 'ec2.subnets')[]) {
  return defineLab({
    id: 'toy',
    title: text('Toy', '장난감'),
    module: '0',
    paramsSchema: z.object({ min: z.number().default(1) }),
    sources,
    targetKind: text('VPC', 'VPC'),
    candidates: (inv) => read(inv, 'ec2.vpcs').map((v) => ({ id: v.VpcId ?? '', target: { id: v.VpcId ?? '' } })),
    noTarget: () => text('none', '없음'),
    checks: [counts],
  });
}

const inventory = inventoryOf({ 'ec2.vpcs': [{ VpcId: 'vpc-1' }], 'ec2.subnets': [{ SubnetId: 'subnet-1' }] });

describe('the source guard', () => {
  it('is on under the tests', () => {
    expect(() => evaluateLab(toyLab(['ec2.vpcs']), inventory)).toThrow(UndeclaredSourceError);
  });

  it('names the lab and the unlisted source', () => {
    expect(() => evaluateLab(toyLab(['ec2.vpcs']), inventory)).toThrow(
      'lab toy reads source ec2.subnets, which is not in its sources',
    );
  });

  it('lets a lab read what it lists, and who the caller is', () => {
    const evaluation = evaluateLab(toyLab(['ec2.vpcs', 'ec2.subnets']), inventory);
    expect(evaluation.checks[0]?.status).toBe('pass');
  });

  it('is off in production: the read is judged as the inventory holds it', () => {
    const before = setSourceGuard(false);
    try {
      expect(evaluateLab(toyLab(['ec2.vpcs']), inventory).checks[0]?.status).toBe('pass');
    } finally {
      setSourceGuard(before);
    }
  });
});
