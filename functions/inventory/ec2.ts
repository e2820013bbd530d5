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
import type { VpcDnsAttributes } from '../../checks/inventory.js';
import { allPages, type CollectorContext, collectorOf } from './collect.js';
import { ec2Sources } from './sources/ec2.js';

const ec2 = (ctx: CollectorContext) => ctx.clients.get(EC2Client, ctx.region);

/** Re-exported for the tests and callers that took it from here. */
export { allPages };

const collector = collectorOf(ec2Sources);

export const ec2Collectors = [
  collector({
    key: 'ec2.vpcs',
    collect: (ctx) => allPages(paginateDescribeVpcs({ client: ec2(ctx) }, {}), (p) => p.Vpcs),
  }),
  collector({
    key: 'ec2.vpcDnsAttributes',
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
  collector({
    key: 'ec2.subnets',
    collect: (ctx) => allPages(paginateDescribeSubnets({ client: ec2(ctx) }, {}), (p) => p.Subnets),
  }),
  collector({
    key: 'ec2.routeTables',
    collect: (ctx) => allPages(paginateDescribeRouteTables({ client: ec2(ctx) }, {}), (p) => p.RouteTables),
  }),
  collector({
    key: 'ec2.internetGateways',
    collect: (ctx) => allPages(paginateDescribeInternetGateways({ client: ec2(ctx) }, {}), (p) => p.InternetGateways),
  }),
  collector({
    key: 'ec2.natGateways',
    collect: (ctx) => allPages(paginateDescribeNatGateways({ client: ec2(ctx) }, {}), (p) => p.NatGateways),
  }),
  collector({
    key: 'ec2.addresses',
    // DescribeAddresses is not paginated: it returns every Elastic IP of the region.
    collect: async (ctx) => (await ec2(ctx).send(new DescribeAddressesCommand({}))).Addresses ?? [],
  }),
  collector({
    key: 'ec2.securityGroups',
    collect: (ctx) => allPages(paginateDescribeSecurityGroups({ client: ec2(ctx) }, {}), (p) => p.SecurityGroups),
  }),
  collector({
    key: 'ec2.networkAcls',
    collect: (ctx) => allPages(paginateDescribeNetworkAcls({ client: ec2(ctx) }, {}), (p) => p.NetworkAcls),
  }),
  collector({
    key: 'ec2.instances',
    collect: async (ctx) => {
      const reservations = await allPages(paginateDescribeInstances({ client: ec2(ctx) }, {}), (p) => p.Reservations);
      return reservations.flatMap((r) => r.Instances ?? []);
    },
  }),
];
