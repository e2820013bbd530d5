/**
 * The EC2 collectors against a mocked EC2 API: every page read and merged in order, DNS attributes
 * only for candidate VPCs, and a denied API failing only its own source.
 */
import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  EC2Client,
  type Reservation,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Inventory, SourceKey } from '../../checks/inventory.js';
import { ClientFactory } from '../../functions/inventory/clients.js';
import { collectInventory } from '../../functions/inventory/collect.js';
import { ec2Readers } from '../../functions/inventory/ec2.js';
import { COLLECTORS } from '../../functions/inventory/index.js';
import { withSpecs } from '../../functions/inventory/schemas.js';
import { ec2Sources } from '../../functions/inventory/sources/ec2.js';
import {
  callCounts,
  EC2_SOURCE_COMMANDS,
  pagesOf,
  RECORDED_REGION,
  recorded,
  recordedVpcs,
  serveNextTokenPages,
  serveRecordedEc2,
  unauthorized,
} from '../support/aws-mock.js';

const ec2Collectors = withSpecs(ec2Sources, ec2Readers);

const ec2 = mockClient(EC2Client);

beforeEach(() => {
  ec2.reset();
  serveRecordedEc2(ec2);
});
afterAll(() => ec2.restore());

async function collect(sources: SourceKey[]): Promise<Inventory> {
  const clients = new ClientFactory();
  try {
    return await collectInventory({ region: RECORDED_REGION, clients, sources, collectors: COLLECTORS });
  } finally {
    clients.destroy();
  }
}

// Every account-wide list the EC2 collectors read through a paginator, with the output member
// holding its items.
const PAGINATED = (
  [
    ['ec2.vpcs', 'Vpcs'],
    ['ec2.subnets', 'Subnets'],
    ['ec2.routeTables', 'RouteTables'],
    ['ec2.internetGateways', 'InternetGateways'],
    ['ec2.natGateways', 'NatGateways'],
    ['ec2.securityGroups', 'SecurityGroups'],
    ['ec2.networkAcls', 'NetworkAcls'],
  ] as const
).map(([key, member]) => {
  const command = EC2_SOURCE_COMMANDS[key];
  return { key, member, command, file: command.name.replace(/Command$/, '') };
});

const servePages = (command: object, member: string, pages: unknown[][]) =>
  serveNextTokenPages(ec2, command, member, pages);

describe('paginated EC2 sources', () => {
  it.each(PAGINATED)('$key follows NextToken over every page and keeps the items in order', async (source) => {
    const items = recorded<Record<string, unknown[]>>(`ec2/${source.file}`)[source.member] ?? [];
    const inputs = servePages(source.command, source.member, pagesOf(items, 3));

    const inventory = await collect([source.key]);

    expect(inventory.sources[source.key]).toEqual({ data: items });
    // Account-wide (no filter: checks decide what matters), and each page asks for the next token.
    expect(inputs).toEqual([{}, { NextToken: 'page-2' }, { NextToken: 'page-3' }]);
  });

  it('ec2.instances flattens the instances of every reservation of every page, in order', async () => {
    const reservations = recorded<{ Reservations: Reservation[] }>('ec2/DescribeInstances').Reservations;
    const expected = reservations.flatMap((r) => r.Instances ?? []);
    expect(expected.length).toBeGreaterThan(reservations.length); // a reservation with several instances
    const inputs = servePages(DescribeInstancesCommand, 'Reservations', pagesOf(reservations, 2));

    const inventory = await collect(['ec2.instances']);

    expect(inventory.sources['ec2.instances']?.data?.map((i) => i.InstanceId)).toEqual(
      expected.map((i) => i.InstanceId),
    );
    expect(inputs.map((i) => i.NextToken)).toEqual([undefined, 'page-2']);
  });

  it('a page without its list member (an empty page) adds nothing and does not stop the reading', async () => {
    const vpcs = recordedVpcs().all;
    servePages(DescribeVpcsCommand, 'Vpcs', [[vpcs[0]], undefined as never, [vpcs[1]]]);

    const inventory = await collect(['ec2.vpcs']);

    expect(inventory.sources['ec2.vpcs']?.data).toEqual(vpcs);
    expect(ec2.commandCalls(DescribeVpcsCommand)).toHaveLength(3);
  });

  it('every EC2 list source is either paginated here or known to be unpaginated', () => {
    // A new EC2 source must get its own multi-page case above (or join the unpaginated list).
    const unpaginated = ['ec2.addresses', 'ec2.vpcDnsAttributes', 'ec2.instances'];
    expect(ec2Collectors.map((c) => c.key).sort()).toEqual([...PAGINATED.map((s) => s.key), ...unpaginated].sort());
  });
});

describe('ec2.addresses', () => {
  it('reads every Elastic IP of the region in one call (DescribeAddresses has no pages)', async () => {
    const inventory = await collect(['ec2.addresses']);

    expect(inventory.sources['ec2.addresses']).toEqual({ data: recorded('ec2/DescribeAddresses').Addresses });
    expect(ec2.commandCalls(DescribeAddressesCommand)).toHaveLength(1);
  });
});

describe('ec2.vpcDnsAttributes', () => {
  it('asks both DNS attributes of each non-default VPC, never of the default VPC', async () => {
    const vpcs = recordedVpcs();
    expect(vpcs.nonDefault.length).toBeGreaterThan(0);
    expect(vpcs.default.length).toBeGreaterThan(0);

    const inventory = await collect(['ec2.vpcDnsAttributes']);

    const asked = ec2
      .commandCalls(DescribeVpcAttributeCommand)
      .map((c) => `${c.args[0].input.VpcId} ${c.args[0].input.Attribute}`);
    expect(asked.sort()).toEqual(
      vpcs.nonDefault.flatMap((id) => [`${id} enableDnsHostnames`, `${id} enableDnsSupport`]).sort(),
    );
    const expected = Object.fromEntries(
      vpcs.nonDefault.map((id) => [
        id,
        {
          enableDnsSupport: recorded<{ EnableDnsSupport: { Value: boolean } }>(
            `ec2/DescribeVpcAttribute.${id}.enableDnsSupport`,
          ).EnableDnsSupport.Value,
          enableDnsHostnames: recorded<{ EnableDnsHostnames: { Value: boolean } }>(
            `ec2/DescribeVpcAttribute.${id}.enableDnsHostnames`,
          ).EnableDnsHostnames.Value,
        },
      ]),
    );
    expect(inventory.sources['ec2.vpcDnsAttributes']).toEqual({ data: expected });
  });

  it('records DNS switched off as false, not as missing', async () => {
    const [id] = recordedVpcs().nonDefault;
    ec2.on(DescribeVpcAttributeCommand, { VpcId: id, Attribute: 'enableDnsHostnames' }).resolves({
      VpcId: id,
      EnableDnsHostnames: { Value: false },
    });

    const inventory = await collect(['ec2.vpcDnsAttributes']);

    expect(inventory.sources['ec2.vpcDnsAttributes']?.data?.[id as string]).toEqual({
      enableDnsSupport: true,
      enableDnsHostnames: false,
    });
  });

  it('reads the VPC list once although it depends on it, and keeps it in the inventory', async () => {
    const inventory = await collect(['ec2.vpcDnsAttributes', 'ec2.vpcs']);

    expect(ec2.commandCalls(DescribeVpcsCommand)).toHaveLength(1);
    expect(inventory.sources['ec2.vpcs']?.data).toEqual(recordedVpcs().all);
  });
});

describe('an EC2 API the role may not call (UnauthorizedOperation)', () => {
  const EC2_SOURCES = ec2Collectors.map((c) => c.key);
  const CASES = Object.entries(EC2_SOURCE_COMMANDS).map(([key, command]) => ({
    key: key as SourceKey,
    command,
    action: `ec2:${command.name.replace(/Command$/, '')}`,
  }));

  it('covers every EC2 source', () => {
    expect(CASES.map((c) => c.key).sort()).toEqual([...EC2_SOURCES].sort());
  });

  it.each(CASES)(
    'denied $action: only $key (and what depends on it) carries the error',
    async ({ key, command, action }) => {
      ec2.on(command as any).rejects(unauthorized(action));

      const inventory = await collect(EC2_SOURCES);

      const failed = Object.entries(inventory.sources)
        .filter(([, s]) => s?.error)
        .map(([k]) => k);
      // The DNS attributes are read for the VPCs listed, so they cannot be read without the list.
      const expectedFailed = key === 'ec2.vpcs' ? ['ec2.vpcDnsAttributes', 'ec2.vpcs'] : [key];
      expect(failed.sort()).toEqual(expectedFailed);
      for (const k of expectedFailed) {
        expect(inventory.sources[k as SourceKey]?.error).toEqual({
          code: 'UnauthorizedOperation',
          message: expect.stringContaining(action),
        });
      }
      for (const k of EC2_SOURCES.filter((s) => !expectedFailed.includes(s))) {
        expect(inventory.sources[k]?.data, `${k} should still be read`).toBeDefined();
      }
      // The denied call is not retried by the collector, and nothing else is asked twice.
      for (const [name, n] of Object.entries(callCounts(ec2))) {
        if (name !== 'DescribeVpcAttribute') expect(n, name).toBe(1);
      }
    },
  );
});
