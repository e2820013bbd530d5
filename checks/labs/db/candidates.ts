/** The databases of the graded region the lab could be grading, best first, and why there is none. */
import { type Inventory, read, tryRead } from '../../inventory.js';
import { type Candidate, type Localized, text } from '../../model.js';
import { nameOf } from '../../network.js';
import { type Database, status } from './database.js';
import type { DbParams } from './params.js';

function databases(inventory: Inventory): { all: Database[]; leftovers: string[] } {
  const instances = read(inventory, 'rds.dbInstances');
  // Clusters matter only when some instance belongs to one, or the cluster source was read.
  const hasMembers = instances.some((i) => i.DBClusterIdentifier);
  const clusters = hasMembers ? read(inventory, 'rds.dbClusters') : (tryRead(inventory, 'rds.dbClusters') ?? []);
  const all: Database[] = [];
  const leftovers: string[] = [];
  for (const instance of instances) {
    if (instance.DBClusterIdentifier || !instance.DBInstanceIdentifier) continue;
    const db: Database = { kind: 'instance', id: instance.DBInstanceIdentifier, instance };
    all.push(db);
  }
  for (const cluster of clusters) {
    if (!cluster.DBClusterIdentifier) continue;
    const members = instances.filter((i) => i.DBClusterIdentifier === cluster.DBClusterIdentifier);
    all.push({ kind: 'cluster', id: cluster.DBClusterIdentifier, cluster, members });
  }
  for (const db of all) if (!isCandidate(db)) leftovers.push(`${db.id} (${leftoverReason(db)})`);
  return { all, leftovers };
}

/** Deleting databases and replicas of another database are not the lab's database. */
function isCandidate(db: Database): boolean {
  if (status(db) === 'deleting') return false;
  if (db.kind === 'instance' && db.instance.ReadReplicaSourceDBInstanceIdentifier) return false;
  if (db.kind === 'cluster' && db.cluster.ReplicationSourceIdentifier) return false;
  return true;
}

function leftoverReason(db: Database): string {
  if (status(db) === 'deleting') return 'deleting';
  return 'read replica';
}

export function candidates(inventory: Inventory, params: DbParams): Candidate<Database>[] {
  const { all } = databases(inventory);
  const chosen = params.dbIdentifier
    ? all.filter((db) => db.id === params.dbIdentifier)
    : all.filter(isCandidate).sort((a, b) => Number(status(b) === 'available') - Number(status(a) === 'available'));
  return chosen.map((db) => {
    const name = nameOf(db.kind === 'instance' ? db.instance.TagList : db.cluster.TagList);
    return { id: db.id, ...(name && name !== db.id ? { name } : {}), target: db };
  });
}

export function noTarget(inventory: Inventory, params: DbParams): Localized {
  const { leftovers } = databases(inventory);
  if (params.dbIdentifier) {
    return text(
      `The course names the database ${params.dbIdentifier}, but region ${inventory.region} has no DB instance or cluster with that identifier.`,
      `과정에서 지정한 데이터베이스 ${params.dbIdentifier}이(가) ${inventory.region} 리전에 없습니다.`,
    );
  }
  const extra = leftovers.length ? ` Only ${leftovers.join(', ')}.` : '';
  const extraKo = leftovers.length ? ` 남아 있는 것: ${leftovers.join(', ')}.` : '';
  return text(
    `No RDS DB instance or Aurora cluster in region ${inventory.region} to grade.${extra}`,
    `${inventory.region} 리전에 채점할 RDS DB 인스턴스나 Aurora 클러스터가 없습니다.${extraKo}`,
  );
}

// DB subnet groups
