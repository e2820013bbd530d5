/**
 * The Classic Load Balancer collector against a mocked Elastic Load Balancing (2012-06-01) API:
 * every page read (Marker in, NextMarker out), one call per region, the one IAM action it calls,
 * and AccessDenied failing only its own source, so only cleanup.load-balancer is an error.
 */
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingClient,
  ElasticLoadBalancingServiceException,
  type LoadBalancerDescription,
} from '@aws-sdk/client-elastic-load-balancing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { evaluateLab } from '../../checks/engine.js';
import { cleanupLab } from '../../checks/labs/cleanup/index.js';
import { actionsFor } from '../../functions/inventory/index.js';
import { scenarios } from '../scenarios/cleanup.js';
import { collectSources, servePages } from '../support/aws-mock.js';

const elb = mockClient(ElasticLoadBalancingClient);

const classic = (name: string): LoadBalancerDescription => ({
  LoadBalancerName: name,
  DNSName: `${name}-1234567890.us-east-1.elb.amazonaws.com`,
  VPCId: 'vpc-03c091d0567ca6253',
  Instances: [{ InstanceId: 'i-0a1b2c3d4e5f60718' }],
  CreatedTime: new Date('2026-11-20T10:00:00.000Z'),
  Scheme: 'internet-facing',
});

beforeEach(() => elb.reset());
afterAll(() => elb.restore());

describe('Classic Load Balancer collector', () => {
  it('reads every page, passing each page the marker the last one returned', async () => {
    const inputs = servePages(
      elb,
      DescribeLoadBalancersCommand,
      'LoadBalancerDescriptions',
      [[classic('first-a'), classic('first-b')], [classic('second')], [classic('third')]],
      { input: 'Marker', output: 'NextMarker' },
    );

    const inventory = await collectSources(['elb.loadBalancers']);

    expect(inventory.sources['elb.loadBalancers']?.data?.map((lb) => lb.LoadBalancerName)).toEqual([
      'first-a',
      'first-b',
      'second',
      'third',
    ]);
    expect(inputs.map((i) => i.Marker)).toEqual([undefined, 'page-2', 'page-3']);
    // Stored in JSON form, as a saved inventory holds it.
    expect(inventory.sources['elb.loadBalancers']?.data?.[0]?.CreatedTime).toBe('2026-11-20T10:00:00.000Z');
  });

  it('turns AccessDenied into an error of its source, and so of cleanup.load-balancer only', async () => {
    elb.on(DescribeLoadBalancersCommand).rejects(
      new ElasticLoadBalancingServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: 'User is not authorized to perform: elasticloadbalancing:DescribeLoadBalancers',
      }),
    );

    const inventory = await collectSources(['elb.loadBalancers']);

    expect(inventory.sources['elb.loadBalancers']?.error?.code).toBe('AccessDenied');
    const clean = scenarios.find((s) => s.name === 'complete');
    if (!clean) throw new Error('no complete cleanup scenario');
    const graded = structuredClone(clean.inventory);
    graded.sources['elb.loadBalancers'] = inventory.sources['elb.loadBalancers'];
    const statuses = Object.fromEntries(
      evaluateLab(cleanupLab, graded, clean.options).checks.map((c) => [c.id, c.status]),
    );
    expect(statuses).toEqual({
      'cleanup.nat': 'pass',
      'cleanup.eip': 'pass',
      'cleanup.db': 'pass',
      'cleanup.load-balancer': 'error',
      'cleanup.instances': 'pass',
      'cleanup.volumes': 'pass',
    });
  });

  it('declares the one read action it calls (the same name as ELBv2’s)', () => {
    expect(actionsFor(['elb.loadBalancers'])).toEqual(['elasticloadbalancing:DescribeLoadBalancers']);
  });
});
