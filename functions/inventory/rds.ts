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
import { allPages, type CollectorContext, defineReaders } from './collect.js';
import type { rdsSources } from './sources/rds.js';

const rds = (ctx: CollectorContext) => ctx.clients.get(RDSClient, ctx.region);

export const rdsReaders = defineReaders<typeof rdsSources>({
  'rds.dbInstances': (ctx) => allPages(paginateDescribeDBInstances({ client: rds(ctx) }, {}), (p) => p.DBInstances),
  'rds.dbClusters': (ctx) => allPages(paginateDescribeDBClusters({ client: rds(ctx) }, {}), (p) => p.DBClusters),
  'rds.dbSubnetGroups': (ctx) =>
    allPages(paginateDescribeDBSubnetGroups({ client: rds(ctx) }, {}), (p) => p.DBSubnetGroups),
});
