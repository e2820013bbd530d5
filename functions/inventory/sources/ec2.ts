/** EC2 / VPC sources: the VPC and its network. */
import * as z from 'zod';
import { byId, defineSources, type LoadedReaders, listOf, optional, tags } from '../schemas.js';

export const ec2Sources = defineSources(async (): LoadedReaders => (await import('../ec2.js')).ec2Readers, {
  'ec2.vpcs': {
    schema: () =>
      listOf('VpcId', { ...optional.strings('CidrBlock'), ...optional.booleans('IsDefault'), Tags: tags() }),
    actions: ['ec2:DescribeVpcs'],
  },
  'ec2.vpcDnsAttributes': {
    schema: () => byId(z.object(optional.booleans('enableDnsSupport', 'enableDnsHostnames'))),
    actions: ['ec2:DescribeVpcAttribute'],
  },
  'ec2.subnets': {
    schema: () =>
      listOf('SubnetId', { VpcId: z.string(), ...optional.strings('CidrBlock', 'AvailabilityZone'), Tags: tags() }),
    actions: ['ec2:DescribeSubnets'],
  },
  'ec2.routeTables': {
    schema: () =>
      listOf('RouteTableId', {
        VpcId: z.string(),
        Routes: z.array(z.looseObject({})).optional(),
        Associations: z
          .array(z.looseObject({ ...optional.booleans('Main'), ...optional.strings('SubnetId') }))
          .optional(),
        Tags: tags(),
      }),
    actions: ['ec2:DescribeRouteTables'],
  },
  'ec2.internetGateways': {
    schema: () =>
      listOf('InternetGatewayId', {
        Attachments: z.array(z.looseObject(optional.strings('VpcId', 'State'))).optional(),
        Tags: tags(),
      }),
    actions: ['ec2:DescribeInternetGateways'],
  },
  'ec2.natGateways': {
    schema: () => listOf('NatGatewayId', { ...optional.strings('VpcId', 'SubnetId', 'State'), Tags: tags() }),
    actions: ['ec2:DescribeNatGateways'],
  },
  'ec2.addresses': {
    schema: () => z.array(z.looseObject(optional.strings('AllocationId', 'PublicIp'))),
    actions: ['ec2:DescribeAddresses'],
  },
  'ec2.securityGroups': {
    schema: () =>
      listOf('GroupId', {
        ...optional.strings('VpcId', 'GroupName'),
        IpPermissions: z.array(z.looseObject(optional.strings('IpProtocol'))).optional(),
        Tags: tags(),
      }),
    actions: ['ec2:DescribeSecurityGroups'],
  },
  'ec2.networkAcls': {
    schema: () => listOf('NetworkAclId', optional.strings('VpcId')),
    actions: ['ec2:DescribeNetworkAcls'],
  },
  'ec2.instances': {
    schema: () =>
      listOf('InstanceId', {
        State: z.looseObject(optional.strings('Name')).optional(),
        ...optional.strings('SubnetId', 'VpcId'),
        Tags: tags(),
      }),
    actions: ['ec2:DescribeInstances'],
  },
});
