/** RDS sources, and the facts labs and collectors both read from them. */
import type { DBCluster, DBInstance, DBSubnetGroup } from '@aws-sdk/client-rds';

declare module '../inventory.js' {
  interface SourceTypes {
    /** Every DB instance of the graded region (Aurora members included, with DBClusterIdentifier). */
    'rds.dbInstances': DBInstance[];
    /** Aurora and Multi-AZ DB clusters of the graded region. */
    'rds.dbClusters': DBCluster[];
    'rds.dbSubnetGroups': DBSubnetGroup[];
    /**
     * DB instances of the replica region(s), keyed by region: only the regions a grade needed
     * (the course's replica region, else those the primaries' replica ARNs name). A region that is
     * absent was not read.
     */
    'rds.replicaDbInstances': Record<string, DBInstance[]>;
  }
}

/** The region of an RDS ARN (`arn:aws:rds:eu-west-1:123456789012:db:name`), if it is one. */
export function arnRegion(identifier: string | undefined): string | undefined {
  const parts = identifier?.split(':');
  return parts && parts[0] === 'arn' && parts[2] === 'rds' ? parts[3] || undefined : undefined;
}
