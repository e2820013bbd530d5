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
import { allPages, byKey, type CollectorContext, defineReaders } from './collect.js';
import type { ec2Sources } from './sources/ec2.js';

const ec2 = (ctx: CollectorContext) => ctx.clients.get(EC2Client, ctx.region);

/** Re-exported for the tests and callers that took it from here. */
export { allPages };

export const ec2Readers = defineReaders<typeof ec2Sources>({
  'ec2.vpcs': (ctx) => allPages(paginateDescribeVpcs({ client: ec2(ctx) }, {}), (p) => p.Vpcs),
  'ec2.vpcDnsAttributes': async (ctx) => {
    const vpcs = (await ctx.need('ec2.vpcs')).filter((v) => !v.IsDefault && v.VpcId);
    const client = ec2(ctx);
    return byKey(
      vpcs.map((vpc) => vpc.VpcId as string),
      async (VpcId) => {
        const [support, hostnames] = await Promise.all([
          client.send(new DescribeVpcAttributeCommand({ VpcId, Attribute: 'enableDnsSupport' })),
          client.send(new DescribeVpcAttributeCommand({ VpcId, Attribute: 'enableDnsHostnames' })),
        ]);
        const attributes: VpcDnsAttributes = {};
        if (support.EnableDnsSupport?.Value !== undefined) attributes.enableDnsSupport = support.EnableDnsSupport.Value;
        if (hostnames.EnableDnsHostnames?.Value !== undefined)
          attributes.enableDnsHostnames = hostnames.EnableDnsHostnames.Value;
        return attributes;
      },
    );
  },
  'ec2.subnets': (ctx) => allPages(paginateDescribeSubnets({ client: ec2(ctx) }, {}), (p) => p.Subnets),
  'ec2.routeTables': (ctx) => allPages(paginateDescribeRouteTables({ client: ec2(ctx) }, {}), (p) => p.RouteTables),
  'ec2.internetGateways': (ctx) =>
    allPages(paginateDescribeInternetGateways({ client: ec2(ctx) }, {}), (p) => p.InternetGateways),
  'ec2.natGateways': (ctx) => allPages(paginateDescribeNatGateways({ client: ec2(ctx) }, {}), (p) => p.NatGateways),
  // DescribeAddresses is not paginated: it returns every Elastic IP of the region.
  'ec2.addresses': async (ctx) => (await ec2(ctx).send(new DescribeAddressesCommand({}))).Addresses ?? [],
  'ec2.securityGroups': (ctx) =>
    allPages(paginateDescribeSecurityGroups({ client: ec2(ctx) }, {}), (p) => p.SecurityGroups),
  'ec2.networkAcls': (ctx) => allPages(paginateDescribeNetworkAcls({ client: ec2(ctx) }, {}), (p) => p.NetworkAcls),
  'ec2.instances': async (ctx) => {
    const reservations = await allPages(paginateDescribeInstances({ client: ec2(ctx) }, {}), (p) => p.Reservations);
    return reservations.flatMap((r) => r.Instances ?? []);
  },
});
