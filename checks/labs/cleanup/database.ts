/** cleanup.db: databases, stopped or not, the replica in its own region included. */
import { readIn } from '../../inventory.js';
import { joinText, text } from '../../model.js';
import { type Leftover, leftoverCheck, perDayOfGbMonth, perDayOfHourly, sum } from './leftovers.js';

export const db = leftoverCheck({
  id: 'cleanup.db',
  title: text('No database is left', '데이터베이스 삭제'),
  points: 25,
  hint: text(
    'A stopped RDS database still pays for its storage, and AWS starts it again after 7 days. Delete the read replica first (in its own region), then the primary (skip or keep a final snapshot as you need), then the Aurora cluster if any. A Multi-AZ database costs twice a Single-AZ one.',
    '중지한 RDS 데이터베이스도 스토리지 요금이 나오고, 7일이 지나면 AWS가 자동으로 다시 시작합니다. 삭제 순서: 다른 리전의 읽기 전용 복제본을 먼저 삭제하고, 그다음 기본(프라이머리) 인스턴스를 삭제하세요(필요하면 최종 스냅샷을 남기세요). Aurora라면 마지막으로 클러스터를 삭제합니다. 다중 AZ 배포는 단일 AZ의 두 배 요금입니다.',
  ),
  clean: text('No RDS database or Aurora cluster is left', '남은 RDS 데이터베이스나 Aurora 클러스터가 없습니다'),
  leftovers(region, p, inventory) {
    const left: Leftover[] = [];
    for (const i of readIn(inventory, region, 'rds.dbInstances')) {
      if (i.DBInstanceStatus === 'deleting') continue;
      const copies = i.MultiAZ ? 2 : 1;
      // Aurora keeps its storage in the cluster, billed by use: only the instance hours are known.
      const aurora = (i.Engine ?? '').startsWith('aurora');
      const storage = aurora ? 0 : perDayOfGbMonth(p.dbStorageGbMonth, (i.AllocatedStorage ?? 0) * copies);
      const stopped = i.DBInstanceStatus === 'stopped';
      const hours = aurora ? undefined : perDayOfHourly(p.dbInstanceHour?.[i.DBInstanceClass ?? ''], copies);
      const replica = i.ReadReplicaSourceDBInstanceIdentifier !== undefined;
      const what = joinText(
        [
          text(i.DBInstanceClass ?? '?', i.DBInstanceClass ?? '?'),
          ...(i.MultiAZ ? [text('Multi-AZ', '다중 AZ')] : []),
          ...(replica
            ? [
                text(
                  `read replica of ${i.ReadReplicaSourceDBInstanceIdentifier}`,
                  `${i.ReadReplicaSourceDBInstanceIdentifier}의 읽기 전용 복제본`,
                ),
              ]
            : []),
        ],
        ', ',
      );
      left.push({
        id: i.DBInstanceIdentifier ?? '?',
        kind: 'db-instance',
        region,
        // Its read replicas (named by ARN when in another region) go first.
        deleteAfter: (i.ReadReplicaDBInstanceIdentifiers ?? []).map(identifierOf),
        state: stopped
          ? text(
              `(${what.en}) is stopped: it still pays for ${i.AllocatedStorage ?? '?'} GB of storage and restarts by itself after 7 days`,
              `(${what.ko}) 중지됨: ${i.AllocatedStorage ?? '?'} GB 스토리지 요금이 계속 나오고 7일 후 자동으로 다시 시작됩니다`,
            )
          : text(
              `(${what.en}) is still ${i.DBInstanceStatus ?? 'there'}`,
              `(${what.ko}) 아직 ${i.DBInstanceStatus ?? '존재'} 상태`,
            ),
        perDay: stopped ? storage : sum(hours, storage),
      });
    }
    for (const c of readIn(inventory, region, 'rds.dbClusters')) {
      if (c.Status === 'deleting') continue;
      left.push({
        id: c.DBClusterIdentifier ?? '?',
        kind: 'db-cluster',
        region,
        // Its instances first, and the clusters replicating it.
        deleteAfter: [
          ...(c.DBClusterMembers ?? []).map((m) => m.DBInstanceIdentifier ?? ''),
          ...(c.ReadReplicaIdentifiers ?? []).map(identifierOf),
        ],
        state: text(
          `(${c.Engine ?? 'Aurora'} cluster) is still ${c.Status ?? 'there'}; its storage is billed by use`,
          `(${c.Engine ?? 'Aurora'} 클러스터) 아직 ${c.Status ?? '존재'} 상태, 스토리지는 사용량만큼 과금`,
        ),
        perDay: undefined,
      });
    }
    return left;
  },
});

/** `arn:aws:rds:eu-west-1:123456789012:db:course-db-replica` → `course-db-replica`; a bare id as it is. */
function identifierOf(idOrArn: string): string {
  return idOrArn.startsWith('arn:') ? (idOrArn.split(':').at(-1) ?? idOrArn) : idOrArn;
}
