/** `db.replica`: an available read replica of the database in another region. */
import type { DBInstance } from '@aws-sdk/client-rds';
import { arnRegion } from '../../facts/rds.js';
import { readIn } from '../../inventory.js';
import { errorOutcome, fail, pass, text } from '../../model.js';
import { arnOf, arnResource, type Database, dbCheck, describeStatus, named, replicaIdentifiers } from './database.js';

/** The regions a database's cross-region replicas are in, by its replica list. */
function listedRegionsOf(db: Database, region: string): string[] {
  return [
    ...new Set(
      replicaIdentifiers(db)
        .map(arnRegion)
        .filter((r): r is string => !!r && r !== region),
    ),
  ];
}

export const replicaCheck = dbCheck({
  id: 'db.replica',
  title: text('A read replica is available in another region', '다른 리전에 읽기 전용 복제본이 사용 가능 상태임'),
  points: 2,
  hint: text(
    'Create a cross-region read replica of the database (Actions → Create read replica, choosing another region). A read replica serves reads close to users in that region and can be promoted if the primary region fails; Multi-AZ alone does not make reads faster.',
    'DB의 읽기 전용 복제본을 다른 리전에 만드세요(작업 → 읽기 전용 복제본 생성, 대상 리전 선택). 읽기 전용 복제본은 그 리전 사용자의 읽기를 처리하고 원본 리전에 장애가 나면 승격할 수 있습니다. 다중 AZ 배포만으로는 읽기 속도가 빨라지지 않습니다.',
  ),
  evaluate(db, params, inventory) {
    const listed = replicaIdentifiers(db);
    const listedRegions = listedRegionsOf(db, inventory.region);
    const sameRegion = listed.filter((r) => !arnRegion(r) || arnRegion(r) === inventory.region);
    if (params.replicaRegion === inventory.region) {
      return errorOutcome(
        text(
          `The course's replica region ${params.replicaRegion} is the graded region; a cross-region replica needs another region.`,
          `과정에 설정된 복제 리전 ${params.replicaRegion}이(가) 채점 리전과 같습니다. 다른 리전이어야 합니다.`,
        ),
        'InvalidLabParameter',
      );
    }
    const regions = params.replicaRegion ? [params.replicaRegion] : listedRegions;
    if (regions.length === 0) {
      const same = sameRegion.length
        ? text(
            ` Its only replica(s) ${sameRegion.join(', ')} are in ${inventory.region}, the same region.`,
            ` 복제본 ${sameRegion.join(', ')}은(는) 같은 리전(${inventory.region})에 있습니다.`,
          )
        : text('', '');
      return fail(
        text(
          `${named(db).en} has no read replica in another region (its replica list names none).${same.en}`,
          `${named(db).ko}에 다른 리전의 읽기 전용 복제본이 없습니다.${same.ko}`,
        ),
        [db.id, ...sameRegion],
      );
    }
    const arn = arnOf(db);
    const listedNames = listed.map(arnResource);
    const found: DBInstance[] = [];
    for (const region of regions) {
      for (const i of readIn(inventory, region, 'rds.dbInstances')) {
        const replicates =
          (arn !== undefined && i.ReadReplicaSourceDBInstanceIdentifier === arn) ||
          (i.DBInstanceArn !== undefined && listed.includes(i.DBInstanceArn)) ||
          (db.kind === 'instance' &&
            listedNames.some((n) => n.type === 'db' && n.name === i.DBInstanceIdentifier) &&
            arnRegion(i.DBInstanceArn) === region) ||
          (db.kind === 'cluster' && listedNames.some((n) => n.type === 'cluster' && n.name === i.DBClusterIdentifier));
        if (replicates) found.push(i);
      }
    }
    const where = regions.join(', ');
    const ids = found.map((i) => i.DBInstanceIdentifier ?? '');
    const available = found.filter((i) => i.DBInstanceStatus === 'available');
    if (available.length) {
      return pass(
        text(
          `Read replica ${available.map((i) => i.DBInstanceIdentifier).join(', ')} of ${db.id} is available in ${where}.`,
          `${db.id}의 읽기 전용 복제본 ${available.map((i) => i.DBInstanceIdentifier).join(', ')}이(가) ${where} 리전에서 사용 가능 상태입니다.`,
        ),
        [db.id, ...ids],
      );
    }
    if (found.length) {
      const states = found.map((i) => {
        const s = describeStatus(i.DBInstanceStatus ?? 'unknown');
        return { en: `${i.DBInstanceIdentifier} ${s.en}`, ko: `${i.DBInstanceIdentifier}: ${s.ko}` };
      });
      return fail(
        text(
          `The read replica of ${db.id} in ${where} is not available: ${states.map((s) => s.en).join('; ')}.`,
          `${where} 리전의 ${db.id} 읽기 전용 복제본이 사용 가능 상태가 아닙니다: ${states.map((s) => s.ko).join('; ')}.`,
        ),
        [db.id, ...ids],
      );
    }
    const elsewhere = params.replicaRegion ? listedRegions.filter((r) => r !== params.replicaRegion) : [];
    const note = elsewhere.length
      ? text(
          ` Its replica list points to ${elsewhere.join(', ')} instead.`,
          ` 복제본 목록은 대신 ${elsewhere.join(', ')} 리전을 가리킵니다.`,
        )
      : listed.length
        ? text(` Its replica list names ${listed.join(', ')}.`, ` 복제본 목록: ${listed.join(', ')}.`)
        : text('', '');
    return fail(
      text(
        `No read replica of ${db.id} exists in ${where}; expected an available cross-region read replica there.${note.en}`,
        `${where} 리전에 ${db.id}의 읽기 전용 복제본이 없습니다.${note.ko}`,
      ),
      [db.id],
    );
  },
});
