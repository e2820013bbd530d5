/**
 * EC2 objects shaped like real DescribeXxx responses (see test/fixtures/recorded), for building
 * scenario accounts. Ids are fixed so examples are reproducible.
 */
import type {
  Address,
  Instance,
  InternetGateway,
  IpPermission,
  NatGateway,
  Route,
  RouteTable,
  SecurityGroup,
  Subnet,
  Tag,
  Vpc,
} from '@aws-sdk/client-ec2';
import { INVENTORY_SCHEMA_VERSION, type Inventory, type SourceKey, type SourceTypes } from '../../checks/inventory.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const COLLECTED_AT = '2026-11-20T09:00:00.000Z';

export function nameTags(name: string | undefined, extra: Record<string, string> = {}): Tag[] {
  const tags: Tag[] = name === undefined ? [] : [{ Key: 'Name', Value: name }];
  for (const [Key, Value] of Object.entries(extra)) tags.push({ Key, Value });
  return tags;
}

export function vpc(id: string, cidr: string, name?: string, isDefault = false): Vpc {
  return {
    OwnerId: ACCOUNT,
    InstanceTenancy: 'default',
    Ipv6CidrBlockAssociationSet: [],
    CidrBlockAssociationSet: [
      { AssociationId: `vpc-cidr-assoc-${id.slice(4)}`, CidrBlock: cidr, CidrBlockState: { State: 'associated' } },
    ],
    IsDefault: isDefault,
    Tags: nameTags(name),
    VpcId: id,
    State: 'available',
    CidrBlock: cidr,
    DhcpOptionsId: 'dopt-0c0ffee0c0ffee001',
  };
}

export function subnet(
  id: string,
  vpcId: string,
  cidr: string,
  az: string,
  name?: string,
  mapPublicIp = false,
  defaultForAz = false,
): Subnet {
  return {
    AvailabilityZoneId: `use1-az${az.charCodeAt(az.length - 1) - 96}`,
    OwnerId: ACCOUNT,
    AssignIpv6AddressOnCreation: false,
    Ipv6CidrBlockAssociationSet: [],
    Tags: nameTags(name),
    SubnetArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/${id}`,
    Ipv6Native: false,
    SubnetId: id,
    State: 'available',
    VpcId: vpcId,
    CidrBlock: cidr,
    AvailableIpAddressCount: 251,
    AvailabilityZone: az,
    DefaultForAz: defaultForAz,
    MapPublicIpOnLaunch: mapPublicIp,
  };
}

let assocSeq = 0;
function assocId(): string {
  assocSeq += 1;
  return `rtbassoc-${assocSeq.toString(16).padStart(17, '0')}`;
}

export function localRoute(cidr: string): Route {
  return { DestinationCidrBlock: cidr, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' };
}

export function defaultRouteTo(target: string): Route {
  const route: Route = { DestinationCidrBlock: '0.0.0.0/0', Origin: 'CreateRoute', State: 'active' };
  if (target.startsWith('nat-')) route.NatGatewayId = target;
  else route.GatewayId = target;
  return route;
}

/** A route table; `main` adds the main association (no SubnetId), `subnets` the explicit ones. */
export function routeTable(
  id: string,
  vpcId: string,
  opts: { main?: boolean; subnets?: string[]; routes?: Route[]; name?: string },
): RouteTable {
  const associations: NonNullable<RouteTable['Associations']> = [];
  if (opts.main) {
    associations.push({
      Main: true,
      RouteTableAssociationId: assocId(),
      RouteTableId: id,
      AssociationState: { State: 'associated' },
    });
  }
  for (const s of opts.subnets ?? []) {
    associations.push({
      Main: false,
      RouteTableAssociationId: assocId(),
      RouteTableId: id,
      SubnetId: s,
      AssociationState: { State: 'associated' },
    });
  }
  return {
    Associations: associations,
    PropagatingVgws: [],
    RouteTableId: id,
    Routes: opts.routes ?? [],
    Tags: nameTags(opts.name),
    VpcId: vpcId,
    OwnerId: ACCOUNT,
  };
}

export function internetGateway(id: string, vpcId: string | undefined, name?: string): InternetGateway {
  return {
    // DescribeInternetGateways reports an attached gateway as "available".
    Attachments: vpcId ? [{ State: 'available' as never, VpcId: vpcId }] : [],
    InternetGatewayId: id,
    OwnerId: ACCOUNT,
    Tags: nameTags(name),
  };
}

export function natGateway(id: string, vpcId: string, subnetId: string, eip: Address, name?: string): NatGateway {
  return {
    CreateTime: new Date('2026-11-20T08:30:00.000Z'),
    NatGatewayAddresses: [
      {
        AllocationId: eip.AllocationId,
        NetworkInterfaceId: eip.NetworkInterfaceId,
        PrivateIp: eip.PrivateIpAddress,
        PublicIp: eip.PublicIp,
        IsPrimary: true,
        Status: 'succeeded',
      },
    ],
    NatGatewayId: id,
    State: 'available',
    SubnetId: subnetId,
    VpcId: vpcId,
    Tags: nameTags(name),
    ConnectivityType: 'public',
  };
}

export function elasticIp(
  allocationId: string,
  publicIp: string,
  eni: string,
  privateIp: string,
  name?: string,
): Address {
  return {
    AllocationId: allocationId,
    AssociationId: `eipassoc-${allocationId.slice(9)}`,
    Domain: 'vpc',
    NetworkInterfaceId: eni,
    NetworkInterfaceOwnerId: ACCOUNT,
    PrivateIpAddress: privateIp,
    Tags: nameTags(name),
    PublicIp: publicIp,
  };
}

/** An ingress permission; sources are CIDRs ("0.0.0.0/0", "::/0") or security group ids. */
export function ingress(protocol: string, from: number, to: number, sources: string[]): IpPermission {
  return {
    IpProtocol: protocol,
    FromPort: from,
    ToPort: to,
    UserIdGroupPairs: sources.filter((s) => s.startsWith('sg-')).map((GroupId) => ({ UserId: ACCOUNT, GroupId })),
    IpRanges: sources.filter((s) => /^\d/.test(s)).map((CidrIp) => ({ CidrIp })),
    Ipv6Ranges: sources.filter((s) => s.includes(':')).map((CidrIpv6) => ({ CidrIpv6 })),
    PrefixListIds: [],
  };
}

export function securityGroup(
  id: string,
  vpcId: string,
  groupName: string,
  rules: IpPermission[],
  name?: string,
): SecurityGroup {
  return {
    GroupId: id,
    IpPermissionsEgress: [
      {
        IpProtocol: '-1',
        UserIdGroupPairs: [],
        IpRanges: [{ CidrIp: '0.0.0.0/0' }],
        Ipv6Ranges: [],
        PrefixListIds: [],
      },
    ],
    Tags: nameTags(name),
    VpcId: vpcId,
    SecurityGroupArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${id}`,
    OwnerId: ACCOUNT,
    GroupName: groupName,
    Description: groupName === 'default' ? 'default VPC security group' : `${groupName} for the lab`,
    IpPermissions: rules,
  };
}

/** The VPC's `default` security group, with its self-referencing rule. */
export function defaultSecurityGroup(id: string, vpcId: string): SecurityGroup {
  const sg = securityGroup(id, vpcId, 'default', []);
  sg.IpPermissions = [
    {
      IpProtocol: '-1',
      UserIdGroupPairs: [{ UserId: ACCOUNT, GroupId: id }],
      IpRanges: [],
      Ipv6Ranges: [],
      PrefixListIds: [],
    },
  ];
  return sg;
}

export function instance(
  id: string,
  opts: {
    vpcId: string;
    subnetId: string;
    az: string;
    privateIp: string;
    publicIp?: string;
    groups: { id: string; name: string }[];
    name?: string;
    state?: 'pending' | 'running' | 'stopping' | 'stopped' | 'shutting-down' | 'terminated';
    profileArn?: string;
  },
): Instance {
  const state = opts.state ?? 'running';
  const codes = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80 } as const;
  const eni = `eni-${id.slice(2)}`;
  const inst: Instance = {
    Architecture: 'x86_64',
    BlockDeviceMappings: [
      {
        DeviceName: '/dev/xvda',
        Ebs: {
          AttachTime: new Date('2026-11-20T08:40:00.000Z'),
          DeleteOnTermination: true,
          Status: 'attached',
          VolumeId: `vol-${id.slice(2)}`,
        },
      },
    ],
    EbsOptimized: false,
    Hypervisor: 'xen',
    NetworkInterfaces: [
      {
        Attachment: {
          AttachTime: new Date('2026-11-20T08:40:00.000Z'),
          AttachmentId: `eni-attach-${id.slice(2)}`,
          DeleteOnTermination: true,
          DeviceIndex: 0,
          Status: 'attached',
        },
        Description: '',
        Groups: opts.groups.map((g) => ({ GroupId: g.id, GroupName: g.name })),
        MacAddress: '0e:00:00:00:00:01',
        NetworkInterfaceId: eni,
        OwnerId: ACCOUNT,
        PrivateIpAddress: opts.privateIp,
        PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: opts.privateIp }],
        SourceDestCheck: true,
        Status: 'in-use',
        SubnetId: opts.subnetId,
        VpcId: opts.vpcId,
        InterfaceType: 'interface',
        ...(opts.publicIp ? { Association: { IpOwnerId: 'amazon', PublicDnsName: '', PublicIp: opts.publicIp } } : {}),
      },
    ],
    RootDeviceName: '/dev/xvda',
    RootDeviceType: 'ebs',
    SecurityGroups: opts.groups.map((g) => ({ GroupId: g.id, GroupName: g.name })),
    SourceDestCheck: true,
    Tags: nameTags(opts.name),
    VirtualizationType: 'hvm',
    MetadataOptions: { State: 'applied', HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled' },
    InstanceId: id,
    ImageId: 'ami-0abcdef1234567890',
    State: { Code: codes[state], Name: state },
    PrivateDnsName: `ip-${opts.privateIp.replaceAll('.', '-')}.ec2.internal`,
    StateTransitionReason: '',
    AmiLaunchIndex: 0,
    ProductCodes: [],
    InstanceType: 't3.micro',
    LaunchTime: new Date('2026-11-20T08:40:00.000Z'),
    Placement: { AvailabilityZone: opts.az, GroupName: '', Tenancy: 'default' },
    Monitoring: { State: 'disabled' },
    SubnetId: state === 'terminated' ? undefined : opts.subnetId,
    VpcId: state === 'terminated' ? undefined : opts.vpcId,
    PrivateIpAddress: opts.privateIp,
  };
  if (opts.publicIp) inst.PublicIpAddress = opts.publicIp;
  if (opts.profileArn) inst.IamInstanceProfile = { Arn: opts.profileArn, Id: 'AIPAEXAMPLEPROFILE01' };
  return inst;
}

/** An inventory of the given sources, as a collection would have stored them. */
export function inventoryOf(sources: { [K in SourceKey]?: SourceTypes[K] }, region = REGION): Inventory {
  const inv: Inventory = {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    region,
    accountId: ACCOUNT,
    collectedAt: COLLECTED_AT,
    sources: {},
  };
  for (const [key, data] of Object.entries(sources)) {
    (inv.sources as Record<string, unknown>)[key] = { data };
  }
  inv.sources['sts.callerIdentity'] ??= {
    data: {
      Account: ACCOUNT,
      Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/LabGraderReadOnly/labgrader`,
      UserId: 'AROAEXAMPLEROLEID:labgrader',
    },
  };
  return inv;
}

/** A copy of `inventory` changed by `change`, which may edit the copy's source data in place. */
export function mutate(
  inventory: Inventory,
  change: (data: { [K in SourceKey]: SourceTypes[K] }, inv: Inventory) => void,
): Inventory {
  const copy = structuredClone(inventory);
  const data = new Proxy({} as { [K in SourceKey]: SourceTypes[K] }, {
    get: (_t, key: string) => (copy.sources as Record<string, { data?: unknown }>)[key]?.data,
    set: (_t, key: string, value) => {
      (copy.sources as Record<string, unknown>)[key] = { data: value };
      return true;
    },
  });
  change(data, copy);
  return copy;
}
