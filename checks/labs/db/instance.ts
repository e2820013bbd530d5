/** `db.instance` and `db.multi-az`: an available database of an accepted engine, with a standby in another AZ. */
import { fail, pass, text } from '../../model.js';
import { noTarget } from './candidates.js';
import {
  dbCheck,
  describeStatus,
  engine,
  engineFamily,
  IN_PROGRESS,
  named,
  status,
  subnetGroupName,
} from './database.js';

export const instanceCheck = dbCheck({
  id: 'db.instance',
  judgedWithoutTarget: true,
  title: text(
    'An RDS database is available in the DB subnet group',
    'RDS 데이터베이스가 DB 서브넷 그룹에서 사용 가능 상태임',
  ),
  points: 2,
  hint: text(
    'Create the database with Amazon RDS (MySQL, MariaDB, PostgreSQL or Aurora) in your own VPC, selecting your DB subnet group, and wait until its status is Available.',
    'Amazon RDS(MySQL, MariaDB, PostgreSQL 또는 Aurora)로 DB를 만들 때 실습 VPC와 직접 만든 DB 서브넷 그룹을 선택하고, 상태가 사용 가능(Available)이 될 때까지 기다리세요.',
  ),
  evaluate(db, params, inventory) {
    if (db === undefined) return fail(noTarget(inventory, params));
    const family = engineFamily(engine(db));
    if (!family || !params.engines.includes(family)) {
      return fail(
        text(
          `${named(db).en} runs engine ${engine(db)}; the lab accepts ${params.engines.join(', ')}.`,
          `${named(db).ko}의 엔진은 ${engine(db)}입니다. 이 실습은 ${params.engines.join(', ')}만 인정합니다.`,
        ),
        [db.id],
      );
    }
    const s = status(db);
    if (s !== 'available') {
      const what = describeStatus(s);
      return fail(text(`${named(db).en} ${what.en}.`, `${named(db).ko}이(가) ${what.ko}.`), [db.id], {
        ...(IN_PROGRESS.has(s)
          ? {
              hint: text(
                'The database is still changing; nothing is wrong yet. Grade again in a few minutes.',
                'DB가 아직 변경 중입니다. 잘못된 것은 아니니 몇 분 뒤 다시 채점하세요.',
              ),
            }
          : {}),
      });
    }
    if (db.kind === 'cluster') {
      const live = db.members.filter((m) => m.DBInstanceStatus === 'available');
      if (live.length === 0) {
        const states = db.members.map((m) => `${m.DBInstanceIdentifier} (${m.DBInstanceStatus})`).join(', ');
        return fail(
          text(
            `${named(db).en} has no available DB instance${states ? `: ${states}` : ''}; add a writer instance.`,
            `${named(db).ko}에 사용 가능한 DB 인스턴스가 없습니다${states ? `: ${states}` : ''}. 라이터 인스턴스를 추가하세요.`,
          ),
          [db.id, ...db.members.map((m) => m.DBInstanceIdentifier ?? '')],
        );
      }
    }
    const group = subnetGroupName(db);
    if (!group) {
      return fail(
        text(
          `${named(db).en} is available but in no DB subnet group.`,
          `${named(db).ko}은(는) 사용 가능하지만 DB 서브넷 그룹에 속해 있지 않습니다.`,
        ),
        [db.id],
      );
    }
    return pass(
      text(
        `${named(db).en} (${engine(db)}) is available in DB subnet group ${group}.`,
        `${named(db).ko}(${engine(db)})이(가) DB 서브넷 그룹 ${group}에서 사용 가능 상태입니다.`,
      ),
      [db.id, group],
    );
  },
});

export const multiAzCheck = dbCheck({
  id: 'db.multi-az',
  title: text('The database is Multi-AZ', 'DB가 다중 AZ 배포로 구성됨'),
  points: 2,
  hint: text(
    'A Multi-AZ deployment keeps a synchronised standby in another availability zone and fails over to it when the primary fails, removing the single point of failure. Enable it for an RDS instance; for Aurora, add a reader instance in another AZ.',
    '다중 AZ 배포는 다른 가용 영역에 대기 DB를 두고 계속 동기화하다가, 프라이머리 DB에 장애가 나면 대기 DB를 승격(failover)해 단일 장애 지점을 없앱니다. RDS 인스턴스에서 다중 AZ 배포를 켜고, Aurora라면 다른 AZ에 리더 인스턴스를 추가하세요.',
  ),
  evaluate(db, params) {
    if (db.kind === 'instance') {
      const i = db.instance;
      if (i.MultiAZ) {
        const standby = i.SecondaryAvailabilityZone ? `, standby in ${i.SecondaryAvailabilityZone}` : '';
        const standbyKo = i.SecondaryAvailabilityZone ? `, 대기 DB: ${i.SecondaryAvailabilityZone}` : '';
        return pass(
          text(
            `${named(db).en} is Multi-AZ (primary in ${i.AvailabilityZone}${standby}).`,
            `${named(db).ko}은(는) 다중 AZ 배포입니다(프라이머리: ${i.AvailabilityZone}${standbyKo}).`,
          ),
          [db.id],
        );
      }
      const pending = i.PendingModifiedValues?.MultiAZ
        ? text(' A change to Multi-AZ is pending.', ' 다중 AZ로의 변경이 대기 중입니다.')
        : text('', '');
      return fail(
        text(
          `${named(db).en} is Single-AZ (MultiAZ: false, only in ${i.AvailabilityZone}); expected a standby in another AZ.${pending.en}`,
          `${named(db).ko}은(는) 단일 AZ(MultiAZ: false, ${i.AvailabilityZone})입니다. 다른 가용 영역에 대기 DB가 있어야 합니다.${pending.ko}`,
        ),
        [db.id],
      );
    }
    const members = db.members.filter((m) => m.DBInstanceStatus !== 'deleting');
    const azs = [...new Set(members.map((m) => m.AvailabilityZone ?? '').filter((a) => a))];
    const where = members.map((m) => `${m.DBInstanceIdentifier} (${m.AvailabilityZone})`).join(', ') || 'none';
    const evidence = [db.id, ...members.map((m) => m.DBInstanceIdentifier ?? '')];
    if (azs.length >= params.minAzs) {
      return pass(
        text(
          `${named(db).en} has instances in ${azs.length} AZs: ${where}.`,
          `${named(db).ko}의 인스턴스가 ${azs.length}개 가용 영역에 있습니다: ${where}.`,
        ),
        evidence,
      );
    }
    return fail(
      text(
        `${named(db).en} has instances in ${azs.length} AZ(s) (${where}); expected at least ${params.minAzs} AZs.`,
        `${named(db).ko}의 인스턴스가 ${azs.length}개 가용 영역에만 있습니다(${where}). 최소 ${params.minAzs}개가 필요합니다.`,
      ),
      evidence,
    );
  },
});
