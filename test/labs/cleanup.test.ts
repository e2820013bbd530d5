import { describe, expect, it } from 'vitest';
import { evaluateLab } from '../../checks/engine.js';
import { cleanupLab } from '../../checks/labs/cleanup/index.js';
import { PRICES, pricesFor } from '../../checks/labs/cleanup/prices.js';
import { scenarios } from '../scenarios/cleanup.js';
import { describeScenarios } from '../support/scenario.js';

describe('cleanup marking sheet', () => {
  describeScenarios(cleanupLab, scenarios);
});

describe('cleanup report', () => {
  it('has exactly the check ids of the Cleanup table in labs.md, the bonus one flagged', () => {
    expect(cleanupLab.checks.map((c) => c.id)).toEqual([
      'cleanup.nat',
      'cleanup.eip',
      'cleanup.db',
      'cleanup.load-balancer',
      'cleanup.instances',
      'cleanup.volumes',
    ]);
    expect(cleanupLab.checks.filter((c) => c.bonus).map((c) => c.id)).toEqual(['cleanup.volumes']);
  });

  it('reads the course regions, its replica region and the regions replica ARNs name, never the graded one', () => {
    const regions = cleanupLab.regional?.regions(
      { regions: ['us-west-2', 'us-east-1'], replicaRegion: 'eu-west-1' },
      {
        'rds.dbInstances': [
          {
            DBInstanceIdentifier: 'db',
            ReadReplicaDBInstanceIdentifiers: ['arn:aws:rds:ap-northeast-1:111122223333:db:r'],
          },
        ],
      },
      'us-east-1',
    );
    expect(new Set(regions)).toEqual(new Set(['us-west-2', 'us-east-1', 'eu-west-1', 'ap-northeast-1']));
  });

  it('says every message is an estimate', () => {
    const e = evaluateLab(cleanupLab, scenarios.find((s) => s.name === 'everything-left')?.inventory as never, {
      params: { replicaRegion: 'eu-west-1' },
      lang: 'ko',
    });
    for (const c of e.checks) expect(c.message).toContain('추정');
  });

  it('links each leftover to what must be deleted before it, from how the account links them', () => {
    const e = evaluateLab(cleanupLab, scenarios.find((s) => s.name === 'everything-left')?.inventory as never, {
      params: { replicaRegion: 'eu-west-1' },
    });
    const after = Object.fromEntries(
      e.checks.flatMap((c) => c.cost?.leftovers ?? []).map((l) => [l.id, l.deleteAfter ?? []] as const),
    );
    // The replica before its primary, each NAT gateway before its own Elastic IP, the group before its instances.
    expect(after['course-db']).toEqual(['course-db-replica']);
    expect(after['course-db-replica']).toEqual([]);
    expect(after['eipalloc-0a000000000000001']).toEqual(['nat-0a00000000000000a']);
    expect(after['eipalloc-0b000000000000001']).toEqual(['nat-0b00000000000000b']);
    expect(after['i-0asg00000000000a1']).toEqual(['lab-asg']);
    expect(after['i-0web0000000000001']).toEqual([]);
    expect(e.checks.find((c) => c.id === 'cleanup.instances')?.cost?.leftovers?.[0]).toEqual({
      id: 'lab-asg',
      kind: 'autoscaling-group',
      region: 'us-east-1',
      perDay: 0,
    });
  });

  it('refuses a course price that is negative, not a number or for a malformed region, naming it', () => {
    const bad = [
      { 'us-east-1': { natGatewayHour: -1 } },
      { 'us-east-1': { natGatewayHour: '0.1' } },
      { 'us-east-1': { natGatewayHour: 1e308 } },
      { 'us-east-1': { nosuch: 1 } },
      { 'not a region': { natGatewayHour: 0.1 } },
    ];
    for (const prices of bad) {
      expect(() => evaluateLab(cleanupLab, scenarios[0]?.inventory as never, { params: { prices } })).toThrow(/prices/);
    }
  });

  it('merges a course override over the table key by key, leaving the rest of the region known', () => {
    const p = pricesFor('us-east-1', { 'us-east-1': { instanceHour: { 't3.micro': 1 } } });
    expect(p.instanceHour?.['t3.micro']).toBe(1);
    expect(p.instanceHour?.['t3.small']).toBe(PRICES['us-east-1']?.instanceHour?.['t3.small']);
    expect(pricesFor('sa-east-1', undefined)).toEqual({});
  });
});
