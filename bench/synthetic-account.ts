/**
 * A large synthetic EC2 account for the CPU benchmark, built with the scenarios' own builders so
 * every object has the shape of a real Describe response. At full size: 20 VPCs, 400 subnets, 300
 * route tables, 1,000 security groups holding 10,000 ingress rules, 2,000 instances. Each VPC is
 * a plausible lab attempt (public and private subnets in two AZs, NAT gateways, chained groups),
 * so every candidate VPC is graded through every check rather than failing early.
 */
import type { IpPermission } from '@aws-sdk/client-ec2';
import type { Inventory, SourceKey, SourceTypes } from '../checks/inventory.js';
import {
  defaultRouteTo,
  elasticIp,
  ingress,
  instance,
  internetGateway,
  localRoute,
  natGateway,
  routeTable,
  securityGroup,
  subnet,
  vpc,
} from '../test/scenarios/ec2-builders.js';

/** Per VPC: these times the VPC count gives the account's size. */
export const PER_VPC = { subnets: 20, routeTables: 15, securityGroups: 50, rulesPerGroup: 10, instances: 100 };
export const FULL_VPCS = 20;

type Ec2Sources = {
  [K in
    | 'ec2.vpcs'
    | 'ec2.vpcDnsAttributes'
    | 'ec2.subnets'
    | 'ec2.routeTables'
    | 'ec2.internetGateways'
    | 'ec2.natGateways'
    | 'ec2.addresses'
    | 'ec2.securityGroups'
    | 'ec2.instances']: SourceTypes[K];
};

const hex = (prefix: string, ...parts: number[]) =>
  `${prefix}-0${parts.map((p) => p.toString(16).padStart(4, '0')).join('')}`.padEnd(prefix.length + 18, '0');

/** The EC2 sources of an account of `vpcCount` lab-shaped VPCs. */
export function syntheticEc2(vpcCount: number): Ec2Sources {
  const out: Ec2Sources = {
    'ec2.vpcs': [],
    'ec2.vpcDnsAttributes': {},
    'ec2.subnets': [],
    'ec2.routeTables': [],
    'ec2.internetGateways': [],
    'ec2.natGateways': [],
    'ec2.addresses': [],
    'ec2.securityGroups': [],
    'ec2.instances': [],
  };
  for (let v = 0; v < vpcCount; v += 1) {
    // 10.64+v.0.0/16: clear of the scenarios' own 10.0.0.0/16 and 172.31.0.0/16.
    const octet = 64 + v;
    const vpcId = hex('vpc', 0xb000 + v);
    const cidr = `10.${octet}.0.0/16`;
    out['ec2.vpcs'].push(vpc(vpcId, cidr, `bulk-vpc-${v}`));
    out['ec2.vpcDnsAttributes'][vpcId] = { enableDnsSupport: true, enableDnsHostnames: true };

    const half = PER_VPC.subnets / 2;
    const subnetIds = { public: [] as string[], private: [] as string[] };
    for (let s = 0; s < PER_VPC.subnets; s += 1) {
      const tier = s < half ? 'public' : 'private';
      const az = s % 2 ? 'us-east-1b' : 'us-east-1a';
      const id = hex('subnet', 0xb000 + v, s);
      subnetIds[tier].push(id);
      out['ec2.subnets'].push(
        subnet(id, vpcId, `10.${octet}.${s}.0/24`, az, `bulk-${tier}-${v}-${s}`, tier === 'public'),
      );
    }

    const igwId = hex('igw', 0xb000 + v);
    out['ec2.internetGateways'].push(internetGateway(igwId, vpcId, `bulk-igw-${v}`));
    const nats = [0, 1].map((n) => {
      const eip = elasticIp(
        hex('eipalloc', 0xb000 + v, n),
        `54.${octet}.0.${n + 1}`,
        hex('eni', 0xb000 + v, 0xe00 + n),
        `10.${octet}.${n}.200`,
        `bulk-eip-${v}-${n}`,
      );
      out['ec2.addresses'].push(eip);
      const id = hex('nat', 0xb000 + v, n);
      out['ec2.natGateways'].push(natGateway(id, vpcId, subnetIds.public[n] as string, eip, `bulk-nat-${v}-${n}`));
      return id;
    });

    const local = localRoute(cidr);
    out['ec2.routeTables'].push(routeTable(hex('rtb', 0xb000 + v, 0), vpcId, { main: true, routes: [local] }));
    out['ec2.routeTables'].push(
      routeTable(hex('rtb', 0xb000 + v, 1), vpcId, {
        name: `bulk-public-rt-${v}`,
        subnets: subnetIds.public,
        routes: [local, defaultRouteTo(igwId)],
      }),
    );
    const privateTables = PER_VPC.routeTables - 2;
    for (let r = 0; r < privateTables; r += 1) {
      out['ec2.routeTables'].push(
        routeTable(hex('rtb', 0xb000 + v, 2 + r), vpcId, {
          name: `bulk-private-rt-${v}-${r}`,
          subnets: subnetIds.private.filter((_, i) => i % privateTables === r),
          routes: [local, defaultRouteTo(nats[r % 2] as string)],
        }),
      );
    }

    // Group 0 is the web tier (80/443 from anywhere); the others admit app ports from groups before them.
    const groupIds = Array.from({ length: PER_VPC.securityGroups }, (_, g) => hex('sg', 0xb000 + v, g));
    for (let g = 0; g < PER_VPC.securityGroups; g += 1) {
      const rules: IpPermission[] = [];
      for (let r = 0; r < PER_VPC.rulesPerGroup; r += 1) {
        if (g === 0) {
          rules.push(
            r < 2
              ? ingress('tcp', r ? 443 : 80, r ? 443 : 80, ['0.0.0.0/0', '::/0'])
              : ingress('tcp', 9000 + r, 9000 + r, [cidr]),
          );
        } else {
          const source = groupIds[(g + r) % g] as string;
          rules.push(ingress('tcp', 8000 + r, 8000 + r, [source]));
        }
      }
      const groupName = g === 0 ? 'web-sg' : `app-sg-${g}`;
      out['ec2.securityGroups'].push(
        securityGroup(groupIds[g] as string, vpcId, groupName, rules, `bulk-${groupName}-${v}`),
      );
    }

    const webCount = PER_VPC.instances / 5;
    for (let i = 0; i < PER_VPC.instances; i += 1) {
      const web = i < webCount;
      const tier = web ? subnetIds.public : subnetIds.private;
      const subnetId = tier[i % tier.length] as string;
      const subnetIndex = (web ? 0 : half) + (i % tier.length);
      const group = web ? 0 : 1 + (i % (PER_VPC.securityGroups - 1));
      out['ec2.instances'].push(
        instance(hex('i', 0xb000 + v, i), {
          vpcId,
          subnetId,
          az: subnetIndex % 2 ? 'us-east-1b' : 'us-east-1a',
          privateIp: `10.${octet}.${subnetIndex}.${10 + (i % 200)}`,
          ...(web ? { publicIp: `3.${octet}.${i >> 8}.${i & 255}` } : {}),
          groups: [{ id: groupIds[group] as string, name: group ? `app-sg-${group}` : 'web-sg' }],
          name: `bulk-${web ? 'web' : 'app'}-${v}-${i}`,
        }),
      );
    }
  }
  return out;
}

/**
 * `base` (a lab's complete scenario) with the synthetic account added to every EC2 source the
 * lab reads. Returns undefined when the lab reads none of them.
 */
export function withSyntheticEc2(
  base: Inventory,
  sources: readonly SourceKey[],
  vpcCount: number,
): Inventory | undefined {
  const bulk = syntheticEc2(vpcCount) as Record<string, unknown>;
  const copy: Inventory = { ...base, sources: { ...base.sources } };
  let added = false;
  for (const key of sources) {
    const extra = bulk[key];
    const source = base.sources[key];
    if (extra === undefined || !source || source.error) continue;
    const data = source.data as unknown;
    (copy.sources as Record<string, unknown>)[key] = {
      data: Array.isArray(data) ? [...data, ...(extra as unknown[])] : { ...(data as object), ...(extra as object) },
    };
    added = true;
  }
  return added ? copy : undefined;
}

/** Resource counts of an inventory's EC2 sources, for the report. */
export function ec2Counts(inv: Inventory): Record<string, number> {
  const count = (key: SourceKey) => {
    const d = inv.sources[key]?.data;
    return Array.isArray(d) ? d.length : 0;
  };
  const groups = (inv.sources['ec2.securityGroups']?.data ?? []) as { IpPermissions?: unknown[] }[];
  return {
    vpcs: count('ec2.vpcs'),
    subnets: count('ec2.subnets'),
    routeTables: count('ec2.routeTables'),
    securityGroups: count('ec2.securityGroups'),
    rules: groups.reduce((n, g) => n + (g.IpPermissions?.length ?? 0), 0),
    instances: count('ec2.instances'),
  };
}
