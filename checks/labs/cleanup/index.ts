/**
 * The cleanup report (after the course's last lab): what is still running in the student's
 * account and what it costs. Read in the graded region and in every region the course's labs
 * use (the `regions` parameter, the DB lab's replica region, and the regions the primaries'
 * replica ARNs name), each leftover named with an estimated cost per day and per month from a
 * price table the course can override (prices.ts).
 *
 * The whole account is the target: there is nothing to choose between, so every check is judged.
 */
import { listedReplicaRegions } from '../../facts/rds.js';
import { regionsOf } from '../../inventory.js';
import { defineLab, type RegionalSources, text } from '../../model.js';
import { instances, volumes } from './compute.js';
import { db } from './database.js';
import { loadBalancer } from './load-balancers.js';
import { eip, nat } from './network.js';
import { type CleanupParams, cleanupParams } from './params.js';

const SOURCES = [
  'ec2.natGateways',
  'ec2.addresses',
  'rds.dbInstances',
  'rds.dbClusters',
  'elbv2.loadBalancers',
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

export const cleanupLab = defineLab({
  id: 'cleanup',
  title: text('Cleanup: what still costs money after the course', '정리: 과정이 끝난 뒤에도 요금이 나오는 리소스'),
  module: 'after the course',
  paramsSchema: cleanupParams,
  sources: SOURCES,
  regional: cleanupRegions,
  estimatesCost: true,
  // The course's DB lab builds its replica there; the course's own `replicaRegion` wins.
  paramsFromCourse(labs) {
    const region = cleanupParams.shape.replicaRegion.safeParse(labs.db?.replicaRegion);
    return region.success && region.data ? { replicaRegion: region.data } : {};
  },
  targetKind: text('account', '계정'),
  candidates(inventory, params) {
    // Every region read, and every region the course names (one it could not read is an error).
    const named = [...params.regions, ...(params.replicaRegion ? [params.replicaRegion] : [])];
    const regions = [...new Set([...regionsOf(inventory), ...named])];
    return [{ id: inventory.accountId ?? 'account', name: regions.join(', '), target: { regions } }];
  },
  noTarget: () => text('The account could not be read.', '계정을 읽을 수 없습니다.'),
  checks: [nat, eip, db, loadBalancer, instances, volumes],
});
