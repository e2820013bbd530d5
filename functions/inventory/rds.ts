/**
 * RDS sources: DB instances, DB clusters and DB subnet groups of the graded region (one paginated
 * Describe call each), and the DB instances of the replica region, read only when a grade needs
 * them: the course's replica region, else the regions named by the primaries' replica ARNs.
 */
import {
  type DBCluster,
  type DBInstance,
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  paginateDescribeDBSubnetGroups,
  RDSClient,
} from '@aws-sdk/client-rds';
import * as z from 'zod';
import { arnRegion } from '../../checks/facts/rds.js';
import { type CollectorContext, defineCollector } from './collect.js';
import { allPages } from './ec2.js';
import { byId, listOf, tags } from './schemas.js';

const rds = (ctx: CollectorContext, region = ctx.region) => ctx.clients.get(RDSClient, region);

const vpcSecurityGroups = z.array(z.looseObject({ VpcSecurityGroupId: z.string().optional() })).optional();

const dbInstance = listOf('DBInstanceIdentifier', {
  DBInstanceStatus: z.string().optional(),
  Engine: z.string().optional(),
  DBClusterIdentifier: z.string().optional(),
  DBSubnetGroup: z.looseObject({ DBSubnetGroupName: z.string().optional(), VpcId: z.string().optional() }).optional(),
  VpcSecurityGroups: vpcSecurityGroups,
  MultiAZ: z.boolean().optional(),
  PubliclyAccessible: z.boolean().optional(),
  StorageEncrypted: z.boolean().optional(),
  BackupRetentionPeriod: z.number().optional(),
  ReadReplicaDBInstanceIdentifiers: z.array(z.string()).optional(),
  ReadReplicaSourceDBInstanceIdentifier: z.string().optional(),
  TagList: tags,
});

/**
 * The regions whose DB instances the replica check needs, other than the graded one. The course's
 * replica region wins; otherwise every region a primary's replica list points to (cross-region
 * replicas are listed by ARN, same-region ones by bare id).
 */
export function replicaRegions(
  region: string,
  params: Record<string, unknown>,
  instances: DBInstance[],
  clusters: DBCluster[],
): string[] {
  const named = params.replicaRegion;
  if (typeof named === 'string' && named !== '') return named === region ? [] : [named];
  const listed = [
    ...instances.flatMap((i) => i.ReadReplicaDBInstanceIdentifiers ?? []),
    ...clusters.flatMap((c) => c.ReadReplicaIdentifiers ?? []),
  ];
  return [...new Set(listed.map(arnRegion).filter((r): r is string => r !== undefined && r !== region))].sort();
}

export const rdsCollectors = [
  defineCollector({
    key: 'rds.dbInstances',
    schema: dbInstance,
    actions: ['rds:DescribeDBInstances'],
    collect: (ctx) => allPages(paginateDescribeDBInstances({ client: rds(ctx) }, {}), (p) => p.DBInstances),
  }),
  defineCollector({
    key: 'rds.dbClusters',
    schema: listOf('DBClusterIdentifier', {
      Status: z.string().optional(),
      Engine: z.string().optional(),
      DBSubnetGroup: z.string().optional(),
      VpcSecurityGroups: vpcSecurityGroups,
      ReadReplicaIdentifiers: z.array(z.string()).optional(),
      TagList: tags,
    }),
    actions: ['rds:DescribeDBClusters'],
    collect: (ctx) => allPages(paginateDescribeDBClusters({ client: rds(ctx) }, {}), (p) => p.DBClusters),
  }),
  defineCollector({
    key: 'rds.dbSubnetGroups',
    schema: listOf('DBSubnetGroupName', {
      VpcId: z.string().optional(),
      Subnets: z
        .array(
          z.looseObject({
            SubnetIdentifier: z.string().optional(),
            SubnetAvailabilityZone: z.looseObject({ Name: z.string().optional() }).optional(),
          }),
        )
        .optional(),
    }),
    actions: ['rds:DescribeDBSubnetGroups'],
    collect: (ctx) => allPages(paginateDescribeDBSubnetGroups({ client: rds(ctx) }, {}), (p) => p.DBSubnetGroups),
  }),
  defineCollector({
    key: 'rds.replicaDbInstances',
    schema: byId(dbInstance),
    actions: ['rds:DescribeDBInstances'],
    async collect(ctx) {
      let regions: string[];
      if (typeof ctx.params.replicaRegion === 'string') {
        regions = replicaRegions(ctx.region, ctx.params, [], []);
      } else {
        const instances = await ctx.need('rds.dbInstances');
        // Without clusters (e.g. AccessDenied on DescribeDBClusters) the instances' ARNs still count.
        const clusters = await ctx.need('rds.dbClusters').catch(() => []);
        regions = replicaRegions(ctx.region, ctx.params, instances, clusters);
      }
      const entries = await Promise.all(
        regions.map(
          async (region) =>
            [
              region,
              await allPages(paginateDescribeDBInstances({ client: rds(ctx, region) }, {}), (p) => p.DBInstances),
            ] as const,
        ),
      );
      return Object.fromEntries(entries);
    },
  }),
];
