/**
 * EC2 / VPC sources: one paginated Describe call per resource type per region, and the DNS
 * attributes of candidate (non-default) VPCs only, since DescribeVpcAttribute answers one
 * attribute of one VPC per call.
 */
import {
  DescribeAddressesCommand,
  DescribeVpcAttributeCommand,
  EC2Client,
  paginateDescribeInstances,
  paginateDescribeInternetGateways,
  paginateDescribeNatGateways,
  paginateDescribeNetworkAcls,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';
import * as z from 'zod';
import type { VpcDnsAttributes } from '../../checks/inventory.js';
import { type CollectorContext, defineCollector } from './collect.js';
import { byId, listOf, tags } from './schemas.js';

const ec2 = (ctx: CollectorContext) => ctx.clients.get(EC2Client, ctx.region);

/** Collects every item of every page. */
export async function allPages<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(items(page) ?? []));
  return out;
}

export const ec2Collectors = [
  defineCollector({
    key: 'ec2.vpcs',
    schema: listOf('VpcId', { CidrBlock: z.string().optional(), IsDefault: z.boolean().optional(), Tags: tags }),
    actions: ['ec2:DescribeVpcs'],
    collect: (ctx) => allPages(paginateDescribeVpcs({ client: ec2(ctx) }, {}), (p) => p.Vpcs),
  }),
  defineCollector({
    key: 'ec2.vpcDnsAttributes',
    schema: byId(z.object({ enableDnsSupport: z.boolean().optional(), enableDnsHostnames: z.boolean().optional() })),
    actions: ['ec2:DescribeVpcAttribute'],
    async collect(ctx) {
      const vpcs = (await ctx.need('ec2.vpcs')).filter((v) => !v.IsDefault && v.VpcId);
      const client = ec2(ctx);
      const entries = await Promise.all(
        vpcs.map(async (vpc) => {
          const VpcId = vpc.VpcId as string;
          const [support, hostnames] = await Promise.all([
            client.send(new DescribeVpcAttributeCommand({ VpcId, Attribute: 'enableDnsSupport' })),
            client.send(new DescribeVpcAttributeCommand({ VpcId, Attribute: 'enableDnsHostnames' })),
          ]);
          const attributes: VpcDnsAttributes = {};
          if (support.EnableDnsSupport?.Value !== undefined)
            attributes.enableDnsSupport = support.EnableDnsSupport.Value;
          if (hostnames.EnableDnsHostnames?.Value !== undefined)
            attributes.enableDnsHostnames = hostnames.EnableDnsHostnames.Value;
          return [VpcId, attributes] as const;
        }),
      );
      return Object.fromEntries(entries);
    },
  }),
  defineCollector({
    key: 'ec2.subnets',
    schema: listOf('SubnetId', {
      VpcId: z.string(),
      CidrBlock: z.string().optional(),
      AvailabilityZone: z.string().optional(),
      Tags: tags,
    }),
    actions: ['ec2:DescribeSubnets'],
    collect: (ctx) => allPages(paginateDescribeSubnets({ client: ec2(ctx) }, {}), (p) => p.Subnets),
  }),
  defineCollector({
    key: 'ec2.routeTables',
    schema: listOf('RouteTableId', {
      VpcId: z.string(),
      Routes: z.array(z.looseObject({})).optional(),
      Associations: z
        .array(z.looseObject({ Main: z.boolean().optional(), SubnetId: z.string().optional() }))
        .optional(),
      Tags: tags,
    }),
    actions: ['ec2:DescribeRouteTables'],
    collect: (ctx) => allPages(paginateDescribeRouteTables({ client: ec2(ctx) }, {}), (p) => p.RouteTables),
  }),
  defineCollector({
    key: 'ec2.internetGateways',
    schema: listOf('InternetGatewayId', {
      Attachments: z.array(z.looseObject({ VpcId: z.string().optional(), State: z.string().optional() })).optional(),
      Tags: tags,
    }),
    actions: ['ec2:DescribeInternetGateways'],
    collect: (ctx) => allPages(paginateDescribeInternetGateways({ client: ec2(ctx) }, {}), (p) => p.InternetGateways),
  }),
  defineCollector({
    key: 'ec2.natGateways',
    schema: listOf('NatGatewayId', {
      VpcId: z.string().optional(),
      SubnetId: z.string().optional(),
      State: z.string().optional(),
      Tags: tags,
    }),
    actions: ['ec2:DescribeNatGateways'],
    collect: (ctx) => allPages(paginateDescribeNatGateways({ client: ec2(ctx) }, {}), (p) => p.NatGateways),
  }),
  defineCollector({
    key: 'ec2.addresses',
    schema: z.array(z.looseObject({ AllocationId: z.string().optional(), PublicIp: z.string().optional() })),
    actions: ['ec2:DescribeAddresses'],
    // DescribeAddresses is not paginated: it returns every Elastic IP of the region.
    collect: async (ctx) => (await ec2(ctx).send(new DescribeAddressesCommand({}))).Addresses ?? [],
  }),
  defineCollector({
    key: 'ec2.securityGroups',
    schema: listOf('GroupId', {
      VpcId: z.string().optional(),
      GroupName: z.string().optional(),
      IpPermissions: z.array(z.looseObject({ IpProtocol: z.string().optional() })).optional(),
      Tags: tags,
    }),
    actions: ['ec2:DescribeSecurityGroups'],
    collect: (ctx) => allPages(paginateDescribeSecurityGroups({ client: ec2(ctx) }, {}), (p) => p.SecurityGroups),
  }),
  defineCollector({
    key: 'ec2.networkAcls',
    schema: listOf('NetworkAclId', { VpcId: z.string().optional() }),
    actions: ['ec2:DescribeNetworkAcls'],
    collect: (ctx) => allPages(paginateDescribeNetworkAcls({ client: ec2(ctx) }, {}), (p) => p.NetworkAcls),
  }),
  defineCollector({
    key: 'ec2.instances',
    schema: listOf('InstanceId', {
      State: z.looseObject({ Name: z.string().optional() }).optional(),
      SubnetId: z.string().optional(),
      VpcId: z.string().optional(),
      Tags: tags,
    }),
    actions: ['ec2:DescribeInstances'],
    collect: async (ctx) => {
      const reservations = await allPages(paginateDescribeInstances({ client: ec2(ctx) }, {}), (p) => p.Reservations);
      return reservations.flatMap((r) => r.Instances ?? []);
    },
  }),
];
