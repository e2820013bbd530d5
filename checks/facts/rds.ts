/** RDS sources, and the facts labs and collectors both read from them. */
import type { DBCluster, DBInstance, DBSubnetGroup } from '@aws-sdk/client-rds';

declare module '../inventory.js' {
  interface SourceTypes {
    /**
     * Every DB instance of a region (Aurora members included, with DBClusterIdentifier): the
     * graded one, and the others a lab's `regional` declaration reads (the replica region).
     */
    'rds.dbInstances': DBInstance[];
    /** Aurora and Multi-AZ DB clusters of a region. */
    'rds.dbClusters': DBCluster[];
    'rds.dbSubnetGroups': DBSubnetGroup[];
  }
}

/** The region of an RDS ARN (`arn:aws:rds:eu-west-1:123456789012:db:name`), if it is one. */
export function arnRegion(identifier: string | undefined): string | undefined {
  const parts = identifier?.split(':');
  return parts && parts[0] === 'arn' && parts[2] === 'rds' ? parts[3] || undefined : undefined;
}

/**
 * The regions the primaries' replica lists point to, sorted, the graded region included if named:
 * cross-region replicas are listed by ARN, same-region ones by bare id (no region).
 */
export function listedReplicaRegions(
  instances: readonly DBInstance[] | undefined,
  clusters: readonly DBCluster[] | undefined,
): string[] {
  const listed = [
    ...(instances ?? []).flatMap((i) => i.ReadReplicaDBInstanceIdentifiers ?? []),
    ...(clusters ?? []).flatMap((c) => c.ReadReplicaIdentifiers ?? []),
  ];
  return [...new Set(listed.map(arnRegion).filter((r): r is string => r !== undefined))].sort();
}
