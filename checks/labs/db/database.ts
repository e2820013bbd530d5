/**
 * What the DB lab grades (a DB instance, or an Aurora or Multi-AZ DB cluster with its instances)
 * and what its checks read of it, for either kind.
 */
import type { DBCluster, DBInstance } from '@aws-sdk/client-rds';
import { defineCheck, type Localized, text } from '../../model.js';
import { type DbParams, ENGINE_FAMILIES, type EngineFamily } from './params.js';

/** What the lab grades: a DB instance, or an Aurora (or Multi-AZ DB) cluster with its instances. */
export type Database =
  | { kind: 'instance'; id: string; instance: DBInstance }
  | { kind: 'cluster'; id: string; cluster: DBCluster; members: DBInstance[] };

export function engineFamily(engine: string | undefined): EngineFamily | undefined {
  if (!engine) return undefined;
  if (engine.startsWith('aurora')) return 'aurora';
  return ENGINE_FAMILIES.find((f) => engine === f || engine.startsWith(`${f}-`));
}

/** `db:name` or `cluster:name` of an RDS ARN; a bare identifier is `db:<id>`. */
export function arnResource(identifier: string): { type: string; name: string } {
  const parts = identifier.split(':');
  if (parts[0] !== 'arn') return { type: 'db', name: identifier };
  return { type: parts[5] ?? '', name: parts.slice(6).join(':') };
}

const DEFAULT_PORTS: Partial<Record<string, number>> = {
  mysql: 3306,
  mariadb: 3306,
  'aurora-mysql': 3306,
  aurora: 3306,
  postgres: 5432,
  'aurora-postgresql': 5432,
  oracle: 1521,
  sqlserver: 1433,
  db2: 50000,
};

export function status(db: Database): string {
  return (db.kind === 'instance' ? db.instance.DBInstanceStatus : db.cluster.Status) ?? 'unknown';
}

export function engine(db: Database): string | undefined {
  return db.kind === 'instance' ? db.instance.Engine : db.cluster.Engine;
}

export function subnetGroupName(db: Database): string | undefined {
  return db.kind === 'instance' ? db.instance.DBSubnetGroup?.DBSubnetGroupName : db.cluster.DBSubnetGroup;
}

export function securityGroupIds(db: Database): string[] {
  const groups = db.kind === 'instance' ? db.instance.VpcSecurityGroups : db.cluster.VpcSecurityGroups;
  return (groups ?? []).map((g) => g.VpcSecurityGroupId ?? '').filter((id) => id !== '');
}

/** The port the database listens on (0 stands for "not reported" in DbInstancePort). */
export function portOf(db: Database): number {
  const reported = db.kind === 'instance' ? db.instance.Endpoint?.Port || db.instance.DbInstancePort : db.cluster.Port;
  if (reported) return reported;
  const e = engine(db) ?? '';
  return DEFAULT_PORTS[e] ?? DEFAULT_PORTS[engineFamily(e) ?? ''] ?? 3306;
}

export function arnOf(db: Database): string | undefined {
  return db.kind === 'instance' ? db.instance.DBInstanceArn : db.cluster.DBClusterArn;
}

/** The replica identifiers the primary lists: ARNs for cross-region replicas, bare ids in-region. */
export function replicaIdentifiers(db: Database): string[] {
  return (
    (db.kind === 'instance' ? db.instance.ReadReplicaDBInstanceIdentifiers : db.cluster.ReadReplicaIdentifiers) ?? []
  );
}

export function kindName(db: Database): Localized {
  return db.kind === 'instance' ? text('DB instance', 'DB 인스턴스') : text('DB cluster', 'DB 클러스터');
}

/** `DB instance course-db`, `DB 클러스터 course-aurora`. */
export function named(db: Database): Localized {
  const k = kindName(db);
  return text(`${k.en} ${db.id}`, `${k.ko} ${db.id}`);
}

/** What a status that is not `available` means, for people. */
export function describeStatus(s: string): Localized {
  switch (s) {
    case 'creating':
      return text(
        'is still being created (status creating); grade again once it is available',
        '아직 생성 중입니다(상태 creating). 사용 가능(available)이 된 뒤 다시 채점하세요',
      );
    case 'modifying':
      return text(
        'is being modified (status modifying); grade again once the change is applied',
        '수정 중입니다(상태 modifying). 변경이 적용된 뒤 다시 채점하세요',
      );
    case 'backing-up':
      return text(
        'is taking a backup (status backing-up); grade again once it is available',
        '백업 중입니다(상태 backing-up). 사용 가능(available)이 된 뒤 다시 채점하세요',
      );
    case 'deleting':
      return text('is being deleted (status deleting)', '삭제 중입니다(상태 deleting)');
    default:
      return text(`has status ${s}; expected available`, `상태가 ${s}입니다. available이어야 합니다`);
  }
}

export const IN_PROGRESS = new Set([
  'creating',
  'modifying',
  'backing-up',
  'configuring-enhanced-monitoring',
  'upgrading',
  'rebooting',
  'maintenance',
  'renaming',
  'resetting-master-credentials',
  'storage-optimization',
]);

/** Types a check of the DB lab (`db.subnet-group` and `db.instance` are judged without a target). */
export const dbCheck = defineCheck<Database, DbParams>;
