/** The cleanup report's manifest: what it is, what it reads and in which regions, without its checks (see `LabManifest`). */
import { listedReplicaRegions } from '../../facts/rds.js';
import { defineManifest, type RegionalSources, text } from '../../model.js';
import { type CleanupParams, cleanupParamsSchema } from './params.js';

const SOURCES = [
  'ec2.natGateways',
  'ec2.addresses',
  'rds.dbInstances',
  'rds.dbClusters',
  'elbv2.loadBalancers',
  'elb.loadBalancers',
  'ec2.instances',
  'autoscaling.groups',
  'ec2.volumes',
] as const;

/** The other regions to read: the course's, its replica region, and those replica ARNs name. */
export const cleanupRegions: RegionalSources<CleanupParams> = {
  sources: SOURCES,
  needs: ['rds.dbInstances', 'rds.dbClusters'],
  regions: (params, graded) => [
    ...params.regions,
    ...(params.replicaRegion ? [params.replicaRegion] : []),
    ...listedReplicaRegions(graded['rds.dbInstances'], graded['rds.dbClusters']),
  ],
};

export const cleanupManifest = defineManifest({
  id: 'cleanup',
  title: text('Cleanup: what still costs money after the course', '정리: 과정이 끝난 뒤에도 요금이 나오는 리소스'),
  module: 'after the course',
  params: cleanupParamsSchema,
  sources: SOURCES,
  regional: cleanupRegions,
  estimatesCost: true,
  // The course's DB lab builds its replica there; the course's own `replicaRegion` wins.
  paramsFromCourse(labs) {
    const region = cleanupParamsSchema().shape.replicaRegion.safeParse(labs.db?.replicaRegion);
    return region.success && region.data ? { replicaRegion: region.data } : {};
  },
});
