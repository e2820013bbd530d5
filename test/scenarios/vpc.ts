/**
 * The VPC lab's marking sheet: a complete lab, then one student mistake per scenario, each with
 * the checks it must break. Scenarios marked `example` are also the files in examples/vpc/.
 */
import type { Route } from '@aws-sdk/client-ec2';
import type { Inventory } from '../../checks/inventory.js';
import type { Scenario } from '../support/scenario.js';
import {
  defaultRouteTo,
  defaultSecurityGroup,
  elasticIp,
  ingress,
  instance,
  internetGateway,
  inventoryOf,
  localRoute,
  mutate,
  natGateway,
  routeTable,
  securityGroup,
  subnet,
  vpc,
} from './ec2-builders.js';

export const ids = {
  defaultVpc: 'vpc-0d0d0d0d0d0d0d0d0',
  vpc: 'vpc-0a1b2c3d4e5f60718',
  publicA: 'subnet-0pa0000000000000a',
  publicB: 'subnet-0pb0000000000000b',
  privateA: 'subnet-0va0000000000000a',
  privateB: 'subnet-0vb0000000000000b',
  mainRt: 'rtb-0main00000000000a',
  publicRt: 'rtb-0pub000000000000a',
  privateRtA: 'rtb-0pva00000000000a',
  privateRtB: 'rtb-0pvb00000000000b',
  igw: 'igw-0a1b2c3d4e5f60718',
  natA: 'nat-0a00000000000000a',
  natB: 'nat-0b00000000000000b',
  webSg: 'sg-0web0000000000001',
  appSg: 'sg-0app0000000000001',
  defaultSg: 'sg-0def0000000000001',
  web: 'i-0web0000000000001',
  app: 'i-0app0000000000001',
};

const eipA = elasticIp(
  'eipalloc-0a000000000000001',
  '54.210.10.11',
  'eni-0nata00000000001',
  '10.0.1.200',
  'lab-nat-eip-a',
);
const eipB = elasticIp(
  'eipalloc-0b000000000000001',
  '54.210.10.12',
  'eni-0natb00000000001',
  '10.0.2.200',
  'lab-nat-eip-b',
);

/** A finished VPC lab in us-east-1, next to the account's default VPC. */
export function completeVpcLab(): Inventory {
  const v = ids.vpc;
  return inventoryOf({
    'ec2.vpcs': [vpc(ids.defaultVpc, '172.31.0.0/16', undefined, true), vpc(v, '10.0.0.0/16', 'lab-vpc')],
    'ec2.vpcDnsAttributes': { [v]: { enableDnsSupport: true, enableDnsHostnames: true } },
    'ec2.subnets': [
      subnet('subnet-0dfa000000000000a', ids.defaultVpc, '172.31.0.0/20', 'us-east-1a', undefined, true, true),
      subnet('subnet-0dfb000000000000b', ids.defaultVpc, '172.31.16.0/20', 'us-east-1b', undefined, true, true),
      subnet(ids.publicA, v, '10.0.1.0/24', 'us-east-1a', 'lab-public-a', true),
      subnet(ids.publicB, v, '10.0.2.0/24', 'us-east-1b', 'lab-public-b', true),
      subnet(ids.privateA, v, '10.0.11.0/24', 'us-east-1a', 'lab-private-a'),
      subnet(ids.privateB, v, '10.0.12.0/24', 'us-east-1b', 'lab-private-b'),
    ],
    'ec2.routeTables': [
      routeTable('rtb-0dmain0000000000a', ids.defaultVpc, {
        main: true,
        routes: [localRoute('172.31.0.0/16'), defaultRouteTo('igw-0d0d0d0d0d0d0d0d0')],
      }),
      routeTable(ids.mainRt, v, { main: true, routes: [localRoute('10.0.0.0/16')] }),
      routeTable(ids.publicRt, v, {
        name: 'lab-public-rt',
        subnets: [ids.publicA, ids.publicB],
        routes: [localRoute('10.0.0.0/16'), defaultRouteTo(ids.igw)],
      }),
      routeTable(ids.privateRtA, v, {
        name: 'lab-private-rt-a',
        subnets: [ids.privateA],
        routes: [localRoute('10.0.0.0/16'), defaultRouteTo(ids.natA)],
      }),
      routeTable(ids.privateRtB, v, {
        name: 'lab-private-rt-b',
        subnets: [ids.privateB],
        routes: [localRoute('10.0.0.0/16'), defaultRouteTo(ids.natB)],
      }),
    ],
    'ec2.internetGateways': [
      internetGateway('igw-0d0d0d0d0d0d0d0d0', ids.defaultVpc),
      internetGateway(ids.igw, v, 'lab-igw'),
    ],
    'ec2.natGateways': [
      natGateway(ids.natA, v, ids.publicA, eipA, 'lab-nat-a'),
      natGateway(ids.natB, v, ids.publicB, eipB, 'lab-nat-b'),
    ],
    'ec2.addresses': [eipA, eipB],
    'ec2.securityGroups': [
      defaultSecurityGroup('sg-0dd00000000000001', ids.defaultVpc),
      defaultSecurityGroup(ids.defaultSg, v),
      securityGroup(
        ids.webSg,
        v,
        'web-sg',
        [ingress('tcp', 80, 80, ['0.0.0.0/0', '::/0']), ingress('tcp', 443, 443, ['0.0.0.0/0', '::/0'])],
        'lab-web-sg',
      ),
      securityGroup(ids.appSg, v, 'app-sg', [ingress('tcp', 8080, 8080, [ids.webSg])], 'lab-app-sg'),
    ],
    'ec2.instances': [
      instance(ids.web, {
        vpcId: v,
        subnetId: ids.publicA,
        az: 'us-east-1a',
        privateIp: '10.0.1.10',
        publicIp: '3.91.20.30',
        groups: [{ id: ids.webSg, name: 'web-sg' }],
        name: 'lab-web-1',
      }),
      instance(ids.app, {
        vpcId: v,
        subnetId: ids.privateA,
        az: 'us-east-1a',
        privateIp: '10.0.11.10',
        groups: [{ id: ids.appSg, name: 'app-sg' }],
        name: 'lab-app-1',
      }),
    ],
  });
}

const complete = completeVpcLab();

/** The route table with this id in the mutable data. */
function table(data: Parameters<Parameters<typeof mutate>[1]>[0], id: string) {
  const t = data['ec2.routeTables'].find((r) => r.RouteTableId === id);
  if (!t) throw new Error(`no route table ${id}`);
  return t;
}

function setDefaultRoute(routes: Route[] | undefined, route: Route | undefined): Route[] {
  const kept = (routes ?? []).filter((r) => r.DestinationCidrBlock !== '0.0.0.0/0');
  return route ? [...kept, route] : kept;
}

/** Everything a broken public path breaks: the public tier, NAT placement, intent, the web instance. */
const PUBLIC_PATH_BROKEN = {
  'vpc.public-subnets': 'fail',
  'vpc.public-ip': 'fail',
  'vpc.public-route': 'fail',
  'vpc.nat': 'fail',
  'vpc.nat-ha': 'fail',
  'vpc.intent': 'fail',
  'vpc.web-sg': 'fail',
  'vpc.web-instance': 'fail',
} as const;

export const scenarios: Scenario[] = [
  {
    name: 'complete',
    description: 'the finished lab: every check passes, the default VPC is ignored',
    inventory: complete,
    expected: {},
    example: true,
    assert: (e) => {
      if (e.target?.id !== ids.vpc) throw new Error(`graded ${e.target?.id}, expected ${ids.vpc}`);
      if (e.score !== e.maxScore + e.bonusScore) throw new Error(`score ${e.score} of ${e.maxScore}`);
    },
  },
  {
    name: 'only-default-vpc',
    description: 'nothing built yet: only the default VPC exists',
    inventory: mutate(complete, (d) => {
      d['ec2.vpcs'] = d['ec2.vpcs'].filter((v) => v.IsDefault);
    }),
    expected: { 'vpc.exists': 'fail' },
    others: 'skip',
    example: true,
  },
  {
    name: 'public-cidr',
    description: 'the VPC uses a public address range (11.0.0.0/16)',
    inventory: mutate(complete, (d) => {
      const rewrite = (c: string | undefined) => c?.replace(/^10\.0\./, '11.0.');
      for (const v of d['ec2.vpcs']) {
        v.CidrBlock = rewrite(v.CidrBlock);
        for (const a of v.CidrBlockAssociationSet ?? []) a.CidrBlock = rewrite(a.CidrBlock);
      }
      for (const s of d['ec2.subnets']) s.CidrBlock = rewrite(s.CidrBlock);
    }),
    expected: { 'vpc.exists': 'fail' },
  },
  {
    name: 'vpc-too-large',
    description: 'the VPC is a /8 where the lab asks for a /16',
    inventory: mutate(complete, (d) => {
      const v = d['ec2.vpcs'].find((x) => x.VpcId === ids.vpc);
      if (v) v.CidrBlock = '10.0.0.0/8';
    }),
    expected: { 'vpc.exists': 'fail' },
  },
  {
    name: 'any-vpc-size-allowed',
    description: 'the course accepts any VPC size: a /20 passes',
    inventory: mutate(complete, (d) => {
      const v = d['ec2.vpcs'].find((x) => x.VpcId === ids.vpc);
      if (v) v.CidrBlock = '10.0.0.0/8';
    }),
    options: { params: { vpcPrefixLength: null } },
    expected: {},
  },
  {
    name: 'dns-hostnames-off',
    description: 'DNS hostnames were left off',
    inventory: mutate(complete, (d) => {
      d['ec2.vpcDnsAttributes'] = { [ids.vpc]: { enableDnsSupport: true, enableDnsHostnames: false } };
    }),
    expected: { 'vpc.dns': 'fail' },
    example: true,
  },
  {
    name: 'public-via-main-route-table',
    description: 'public subnets have no explicit association and use the main route table, which routes to the IGW',
    inventory: mutate(complete, (d) => {
      const pub = table(d, ids.publicRt);
      pub.Associations = [];
      const main = table(d, ids.mainRt);
      main.Routes = setDefaultRoute(main.Routes, defaultRouteTo(ids.igw));
      main.Tags = [{ Key: 'Name', Value: 'lab-main-rt' }];
    }),
    expected: {},
  },
  {
    name: 'private-subnet-on-main-table',
    description: 'private-b was never associated: the main route table has no 0.0.0.0/0 route',
    inventory: mutate(complete, (d) => {
      table(d, ids.privateRtB).Associations = [];
    }),
    // The unnamed main route table is now a subnet's effective table, so it is a lab resource.
    expected: { 'vpc.private-route': 'fail', 'vpc.tags': 'fail' },
    example: true,
    assert: (e) => {
      const msg = e.checks.find((c) => c.id === 'vpc.private-route')?.message ?? '';
      if (!msg.includes(ids.mainRt) || !msg.includes('main route table')) throw new Error(`message: ${msg}`);
    },
  },
  {
    name: 'no-internet-route',
    description: 'the public route table has no 0.0.0.0/0 route to the internet gateway',
    inventory: mutate(complete, (d) => {
      const pub = table(d, ids.publicRt);
      pub.Routes = setDefaultRoute(pub.Routes, undefined);
    }),
    expected: { ...PUBLIC_PATH_BROKEN },
    example: true,
    assert: (e) => {
      const msg = e.checks.find((c) => c.id === 'vpc.public-subnets')?.message ?? '';
      if (!msg.includes(ids.publicRt) || !msg.includes(ids.igw)) throw new Error(`root cause not named: ${msg}`);
    },
  },
  {
    name: 'igw-detached',
    description: 'the internet gateway was detached: the public route is a blackhole',
    inventory: mutate(complete, (d) => {
      const igw = d['ec2.internetGateways'].find((g) => g.InternetGatewayId === ids.igw);
      if (igw) igw.Attachments = [];
      const route = table(d, ids.publicRt).Routes?.find((r) => r.DestinationCidrBlock === '0.0.0.0/0');
      if (route) route.State = 'blackhole';
    }),
    expected: { ...PUBLIC_PATH_BROKEN, 'vpc.igw': 'fail' },
  },
  {
    name: 'egress-only-gateway-is-not-internet',
    description:
      'the "public" route table sends 0.0.0.0/0 to an egress-only gateway (eigw-), which does not make a subnet public',
    inventory: mutate(complete, (d) => {
      const pub = table(d, ids.publicRt);
      pub.Routes = setDefaultRoute(pub.Routes, {
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: 'eigw-0e0e0e0e0e0e0e0e0',
        Origin: 'CreateRoute',
        State: 'active',
      });
    }),
    expected: { ...PUBLIC_PATH_BROKEN },
  },
  {
    name: 'ipv6-egress-only-routes',
    description: 'private route tables also send ::/0 to an egress-only gateway: still private',
    inventory: mutate(complete, (d) => {
      for (const id of [ids.privateRtA, ids.privateRtB]) {
        table(d, id).Routes?.push({
          DestinationIpv6CidrBlock: '::/0',
          EgressOnlyInternetGatewayId: 'eigw-0e0e0e0e0e0e0e0e0',
          Origin: 'CreateRoute',
          State: 'active',
        });
      }
    }),
    expected: {},
  },
  {
    name: 'private-routes-to-igw',
    description: 'private-a was associated with a route table that sends 0.0.0.0/0 to the internet gateway',
    inventory: mutate(complete, (d) => {
      const rt = table(d, ids.privateRtA);
      rt.Routes = setDefaultRoute(rt.Routes, defaultRouteTo(ids.igw));
    }),
    expected: {
      'vpc.private-subnets': 'fail',
      'vpc.public-ip': 'fail',
      'vpc.private-route': 'fail',
      'vpc.intent': 'fail',
      'vpc.sg-chain': 'fail',
      'vpc.app-instance': 'fail',
    },
    example: true,
  },
  {
    name: 'single-az',
    description: 'every subnet was created in us-east-1a',
    inventory: mutate(complete, (d) => {
      for (const s of d['ec2.subnets']) if (s.VpcId === ids.vpc) s.AvailabilityZone = 'us-east-1a';
    }),
    expected: { 'vpc.public-subnets': 'fail', 'vpc.private-subnets': 'fail' },
    example: true,
  },
  {
    name: 'no-nat-gateway',
    description: 'no NAT gateway: the private route tables point at a deleted one',
    inventory: mutate(complete, (d) => {
      for (const g of d['ec2.natGateways']) g.State = 'deleted';
      for (const id of [ids.privateRtA, ids.privateRtB]) {
        const route = table(d, id).Routes?.find((r) => r.DestinationCidrBlock === '0.0.0.0/0');
        if (route) route.State = 'blackhole';
      }
    }),
    expected: { 'vpc.nat': 'fail', 'vpc.private-route': 'fail', 'vpc.nat-ha': 'fail' },
    example: true,
  },
  {
    name: 'nat-pending',
    description: 'the NAT gateways are still being created',
    inventory: mutate(complete, (d) => {
      for (const g of d['ec2.natGateways']) g.State = 'pending';
    }),
    expected: { 'vpc.nat': 'fail', 'vpc.nat-ha': 'fail' },
    assert: (e) => {
      const msg = e.checks.find((c) => c.id === 'vpc.nat')?.message ?? '';
      if (!msg.includes('pending')) throw new Error(`state not reported: ${msg}`);
    },
  },
  {
    name: 'nat-in-private-subnet',
    description: 'the only NAT gateway was placed in a private subnet',
    inventory: mutate(complete, (d) => {
      d['ec2.natGateways'] = d['ec2.natGateways'].filter((g) => g.NatGatewayId === ids.natA);
      const natA = d['ec2.natGateways'][0];
      if (natA) natA.SubnetId = ids.privateA;
      const rt = table(d, ids.privateRtB);
      rt.Routes = setDefaultRoute(rt.Routes, defaultRouteTo(ids.natA));
    }),
    expected: { 'vpc.nat': 'fail', 'vpc.nat-ha': 'fail' },
  },
  {
    name: 'single-nat',
    description: 'one NAT gateway serves both AZs (the bonus check fails, the lab is otherwise complete)',
    inventory: mutate(complete, (d) => {
      d['ec2.natGateways'] = d['ec2.natGateways'].filter((g) => g.NatGatewayId === ids.natA);
      const rt = table(d, ids.privateRtB);
      rt.Routes = setDefaultRoute(rt.Routes, defaultRouteTo(ids.natA));
    }),
    expected: { 'vpc.nat-ha': 'fail' },
    assert: (e) => {
      if (e.score !== e.maxScore) throw new Error(`a missed bonus must not cost points: ${e.score}/${e.maxScore}`);
    },
  },
  {
    name: 'named-public-but-private',
    description: 'a third subnet is named public but associated with a private route table',
    inventory: mutate(complete, (d) => {
      d['ec2.subnets'].push(
        subnet('subnet-0pc0000000000000c', ids.vpc, '10.0.3.0/24', 'us-east-1c', 'lab-public-c', true),
      );
      table(d, ids.privateRtB).Associations?.push({
        Main: false,
        RouteTableAssociationId: 'rtbassoc-0c0000000000000c',
        RouteTableId: ids.privateRtB,
        SubnetId: 'subnet-0pc0000000000000c',
        AssociationState: { State: 'associated' },
      });
    }),
    // By routing it is a private subnet in us-east-1c, which has no NAT gateway of its own.
    expected: { 'vpc.public-route': 'fail', 'vpc.intent': 'fail', 'vpc.nat-ha': 'fail' },
  },
  {
    name: 'ssh-open-to-world',
    description: 'the web security group also opens SSH to 0.0.0.0/0',
    inventory: mutate(complete, (d) => {
      d['ec2.securityGroups']
        .find((g) => g.GroupId === ids.webSg)
        ?.IpPermissions?.push(ingress('tcp', 22, 22, ['0.0.0.0/0']));
    }),
    expected: { 'vpc.no-open-admin': 'fail' },
    example: true,
  },
  {
    name: 'all-traffic-open-ipv6',
    description: 'a security group allows all traffic from ::/0 (which includes RDP)',
    inventory: mutate(complete, (d) => {
      d['ec2.securityGroups']
        .find((g) => g.GroupId === ids.webSg)
        ?.IpPermissions?.push({
          IpProtocol: '-1',
          UserIdGroupPairs: [],
          IpRanges: [],
          Ipv6Ranges: [{ CidrIpv6: '::/0' }],
          PrefixListIds: [],
        });
    }),
    expected: { 'vpc.no-open-admin': 'fail' },
  },
  {
    name: 'app-sg-from-cidr',
    description: 'the app security group admits 8080 from the VPC range instead of the web security group',
    inventory: mutate(complete, (d) => {
      const app = d['ec2.securityGroups'].find((g) => g.GroupId === ids.appSg);
      if (app) app.IpPermissions = [ingress('tcp', 8080, 8080, ['10.0.0.0/16'])];
    }),
    expected: { 'vpc.sg-chain': 'fail' },
    example: true,
  },
  {
    name: 'app-sg-web-and-cidr',
    description: 'the app security group admits the web security group and also 0.0.0.0/0',
    inventory: mutate(complete, (d) => {
      d['ec2.securityGroups']
        .find((g) => g.GroupId === ids.appSg)
        ?.IpPermissions?.push(ingress('tcp', 8080, 8080, ['0.0.0.0/0']));
    }),
    expected: { 'vpc.sg-chain': 'fail' },
  },
  {
    name: 'app-sg-also-from-bastion',
    description: 'the app security group also admits SSH from a bastion security group: still a chain',
    inventory: mutate(complete, (d) => {
      d['ec2.securityGroups'].push(securityGroup('sg-0bastion000000001', ids.vpc, 'bastion-sg', [], 'lab-bastion-sg'));
      d['ec2.securityGroups']
        .find((g) => g.GroupId === ids.appSg)
        ?.IpPermissions?.push(ingress('tcp', 22, 22, ['sg-0bastion000000001']));
    }),
    expected: {},
  },
  {
    name: 'app-also-in-default-sg',
    description:
      "the app instance also carries the VPC's default security group (no CIDR source): app-sg still chains from web-sg",
    inventory: mutate(complete, (d) => {
      const app = d['ec2.instances'].find((i) => i.InstanceId === ids.app);
      const extra = { GroupId: ids.defaultSg, GroupName: 'default' };
      app?.SecurityGroups?.push(extra);
      app?.NetworkInterfaces?.[0]?.Groups?.push(extra);
    }),
    expected: {},
  },
  {
    name: 'app-in-default-sg-only',
    description: "the app instance was launched with only the VPC's default security group: nothing chains from web-sg",
    inventory: mutate(complete, (d) => {
      const app = d['ec2.instances'].find((i) => i.InstanceId === ids.app);
      const only = [{ GroupId: ids.defaultSg, GroupName: 'default' }];
      if (app) app.SecurityGroups = only;
      const eni = app?.NetworkInterfaces?.[0];
      if (eni) eni.Groups = only;
    }),
    expected: { 'vpc.sg-chain': 'fail' },
  },
  {
    name: 'app-has-public-ip',
    description: 'the app instance in the private subnet has a public IP',
    inventory: mutate(complete, (d) => {
      const app = d['ec2.instances'].find((i) => i.InstanceId === ids.app);
      if (app) app.PublicIpAddress = '3.91.20.99';
    }),
    expected: { 'vpc.app-instance': 'fail' },
  },
  {
    name: 'web-without-public-ip',
    description: 'the web instance was launched without a public IP',
    inventory: mutate(complete, (d) => {
      const web = d['ec2.instances'].find((i) => i.InstanceId === ids.web);
      if (web) {
        delete web.PublicIpAddress;
        for (const eni of web.NetworkInterfaces ?? []) delete eni.Association;
      }
    }),
    expected: { 'vpc.web-instance': 'fail' },
  },
  {
    name: 'web-instance-stopped',
    description: 'the web instance is stopped',
    inventory: mutate(complete, (d) => {
      const web = d['ec2.instances'].find((i) => i.InstanceId === ids.web);
      if (web) {
        web.State = { Code: 80, Name: 'stopped' };
        delete web.PublicIpAddress;
        for (const eni of web.NetworkInterfaces ?? []) delete eni.Association;
      }
    }),
    expected: { 'vpc.web-instance': 'fail' },
    assert: (e) => {
      const msg = e.checks.find((c) => c.id === 'vpc.web-instance')?.message ?? '';
      if (!msg.includes('stopped')) throw new Error(`state not reported: ${msg}`);
    },
  },
  {
    name: 'no-instances',
    description: 'no instance was launched',
    inventory: mutate(complete, (d) => {
      d['ec2.instances'] = [];
    }),
    expected: { 'vpc.web-sg': 'fail', 'vpc.web-instance': 'fail', 'vpc.app-instance': 'fail' },
  },
  {
    name: 'unnamed-resources',
    description: 'nothing has a Name tag: routing alone decides, and only vpc.tags fails',
    inventory: mutate(complete, (d) => {
      const strip = (x: { Tags?: { Key?: string }[] }) => {
        x.Tags = (x.Tags ?? []).filter((t) => t.Key !== 'Name');
      };
      for (const key of [
        'ec2.vpcs',
        'ec2.subnets',
        'ec2.routeTables',
        'ec2.internetGateways',
        'ec2.natGateways',
        'ec2.securityGroups',
        'ec2.instances',
      ] as const) {
        for (const x of d[key]) strip(x);
      }
    }),
    expected: { 'vpc.tags': 'fail' },
    example: true,
  },
  {
    name: 'leftover-vpc',
    description: 'a leftover VPC from an earlier attempt (more subnets, no internet gateway) sits beside the lab VPC',
    inventory: mutate(complete, (d) => {
      const old = 'vpc-0old000000000000a';
      d['ec2.vpcs'].push(vpc(old, '10.1.0.0/16', 'old-attempt'));
      d['ec2.vpcDnsAttributes'] = {
        ...d['ec2.vpcDnsAttributes'],
        [old]: { enableDnsSupport: true, enableDnsHostnames: false },
      };
      for (let i = 0; i < 6; i++) {
        d['ec2.subnets'].push(
          subnet(`subnet-0old00000000000${i}`, old, `10.1.${i}.0/24`, i % 2 ? 'us-east-1b' : 'us-east-1a', `old-${i}`),
        );
      }
      d['ec2.routeTables'].push(
        routeTable('rtb-0oldmain000000000', old, { main: true, routes: [localRoute('10.1.0.0/16')] }),
      );
      d['ec2.securityGroups'].push(defaultSecurityGroup('sg-0old000000000001', old));
    }),
    expected: {},
    assert: (e) => {
      if (e.target?.id !== ids.vpc) throw new Error(`graded ${e.target?.id}, expected the lab VPC`);
      if (e.candidates.length !== 2) throw new Error('both VPCs should be listed as candidates');
    },
  },
  {
    name: 'course-names-the-vpc',
    description: 'the course names a VPC id that does not exist',
    inventory: complete,
    options: { params: { vpcId: 'vpc-0ffffffffffffffff' } },
    expected: { 'vpc.exists': 'fail' },
    others: 'skip',
  },
  {
    name: 'nat-gateways-access-denied',
    description: 'the grader may not call DescribeNatGateways: only the checks that need it are errors',
    inventory: mutate(complete, (_d, inv) => {
      inv.sources['ec2.natGateways'] = {
        error: { code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' },
      };
    }),
    expected: { 'vpc.nat': 'error', 'vpc.nat-ha': 'error', 'vpc.tags': 'error' },
  },
  {
    name: 'vpcs-access-denied',
    description: 'the grader may not call DescribeVpcs: every check is an error, none is a fail',
    inventory: mutate(complete, (_d, inv) => {
      inv.sources['ec2.vpcs'] = {
        error: { code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' },
      };
    }),
    expected: {},
    others: 'error',
  },
];
