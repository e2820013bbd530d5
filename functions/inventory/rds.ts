/**
 * RDS sources: DB instances, DB clusters and DB subnet groups of a region (one paginated Describe
 * call each). The DB lab's replica region is read by the same collectors, through the lab's
 * `regional` declaration (checks/labs/db/replica.ts).
 */
import {
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  paginateDescribeDBSubnetGroups,
  RDSClient,
} from '@aws-sdk/client-rds';
import * as z from 'zod';
import { type CollectorContext, defineCollector } from './collect.js';
import { allPages } from './ec2.js';
import { listOf, tags } from './schemas.js';

const rds = (ctx: CollectorContext) => ctx.clients.get(RDSClient, ctx.region);

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
];
