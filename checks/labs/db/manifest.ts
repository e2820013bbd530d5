/** The DB lab's manifest: what it is and what it reads, without its checks (see `LabManifest`). */
import { listedReplicaRegions } from '../../facts/rds.js';
import { defineManifest, type RegionalSources, text } from '../../model.js';
import { type DbParams, dbParamsSchema } from './params.js';

/**
 * Where the lab reads DB instances besides the graded region: the course's replica region, read at
 * once; otherwise every region the primaries' replica lists name by ARN, read once those lists are
 * in (without the clusters, e.g. AccessDenied on DescribeDBClusters, the instances' ARNs still count).
 */
export const replicaRegions: RegionalSources<DbParams> = {
  sources: ['rds.dbInstances'],
  needs: (params) => (params.replicaRegion ? [] : ['rds.dbInstances', 'rds.dbClusters']),
  regions: (params, graded) =>
    params.replicaRegion
      ? [params.replicaRegion]
      : listedReplicaRegions(graded['rds.dbInstances'], graded['rds.dbClusters']),
};

export const dbManifest = defineManifest({
  id: 'db',
  title: text(
    'Database lab: Multi-AZ RDS with a cross-region read replica',
    'DB 실습: 다중 AZ RDS와 리전 간 읽기 전용 복제본',
  ),
  module: '6',
  params: dbParamsSchema,
  sources: [
    'rds.dbInstances',
    'rds.dbClusters',
    'rds.dbSubnetGroups',
    'ec2.subnets',
    'ec2.routeTables',
    'ec2.securityGroups',
  ],
  // The replica's region: DB instances read there too (db.replica reads them with readIn).
  regional: replicaRegions,
});
