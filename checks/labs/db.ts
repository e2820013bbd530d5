/**
 * The DB lab (module 6): an RDS database (or Aurora cluster) in a DB subnet group of private
 * subnets, Multi-AZ, private, encrypted, backed up, reachable only from the app tier's security
 * group, with a read replica in another region. Subnet tiers and security-group chains come from
 * checks/network.ts, the same notion the VPC lab uses.
 */
import type { DBCluster, DBInstance, DBSubnetGroup } from '@aws-sdk/client-rds';
import * as z from 'zod';
import { arnRegion } from '../facts/rds.js';
import { type Inventory, read, SourceUnavailableError, tryRead } from '../inventory.js';
import {
  type Candidate,
  type CheckDefinition,
  errorOutcome,
  fail,
  type LabDefinition,
  type Localized,
  pass,
  text,
} from '../model.js';
import {
  type ChainVerdict,
  chainFrom,
  defaultRoute,
  isUnroutedDefaultSubnet,
  label,
  nameOf,
  networkOf,
  routeTarget,
} from '../network.js';

// ---------------------------------------------------------------------------------------------
// Parameters

const ENGINE_FAMILIES = ['mysql', 'mariadb', 'postgres', 'aurora', 'oracle', 'sqlserver', 'db2'] as const;
type EngineFamily = (typeof ENGINE_FAMILIES)[number];

/** `us-east-1`, `ap-northeast-2`, `us-gov-west-1`. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export const dbParams = z.object({
  /** The course names the database (instance or cluster identifier); otherwise the best one is graded. */
  dbIdentifier: z.string().min(1).optional(),
  /** The region the read replica must be in; otherwise the primary's replica list decides. */
  replicaRegion: z.string().regex(REGION, 'expected an AWS region such as ap-northeast-2').optional(),
  /** Engine families the lab accepts (`aurora` covers aurora-mysql and aurora-postgresql). */
  engines: z.array(z.enum(ENGINE_FAMILIES)).min(1).default(['mysql', 'mariadb', 'postgres', 'aurora']),
  minBackupRetentionDays: z.number().int().min(1).max(35).default(1),
  /** Availability zones the DB subnet group (and an Aurora cluster's instances) must span. */
  minAzs: z.number().int().min(2).default(2),
});
export type DbParams = z.infer<typeof dbParams>;

// ---------------------------------------------------------------------------------------------
// The graded database

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
function arnResource(identifier: string): { type: string; name: string } {
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

function status(db: Database): string {
  return (db.kind === 'instance' ? db.instance.DBInstanceStatus : db.cluster.Status) ?? 'unknown';
}

function engine(db: Database): string | undefined {
  return db.kind === 'instance' ? db.instance.Engine : db.cluster.Engine;
}

function subnetGroupName(db: Database): string | undefined {
  return db.kind === 'instance' ? db.instance.DBSubnetGroup?.DBSubnetGroupName : db.cluster.DBSubnetGroup;
}

function securityGroupIds(db: Database): string[] {
  const groups = db.kind === 'instance' ? db.instance.VpcSecurityGroups : db.cluster.VpcSecurityGroups;
  return (groups ?? []).map((g) => g.VpcSecurityGroupId ?? '').filter((id) => id !== '');
}

/** The port the database listens on (0 stands for "not reported" in DbInstancePort). */
function portOf(db: Database): number {
  const reported = db.kind === 'instance' ? db.instance.Endpoint?.Port || db.instance.DbInstancePort : db.cluster.Port;
  if (reported) return reported;
  const e = engine(db) ?? '';
  return DEFAULT_PORTS[e] ?? DEFAULT_PORTS[engineFamily(e) ?? ''] ?? 3306;
}

function arnOf(db: Database): string | undefined {
  return db.kind === 'instance' ? db.instance.DBInstanceArn : db.cluster.DBClusterArn;
}

/** The replica identifiers the primary lists: ARNs for cross-region replicas, bare ids in-region. */
function replicaIdentifiers(db: Database): string[] {
  return (
    (db.kind === 'instance' ? db.instance.ReadReplicaDBInstanceIdentifiers : db.cluster.ReadReplicaIdentifiers) ?? []
  );
}

function kindName(db: Database): Localized {
  return db.kind === 'instance' ? text('DB instance', 'DB 인스턴스') : text('DB cluster', 'DB 클러스터');
}

/** `DB instance course-db`, `DB 클러스터 course-aurora`. */
function named(db: Database): Localized {
  const k = kindName(db);
  return text(`${k.en} ${db.id}`, `${k.ko} ${db.id}`);
}

/** What a status that is not `available` means, for people. */
function describeStatus(s: string): Localized {
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

const IN_PROGRESS = new Set([
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

function candidates(inventory: Inventory, params: DbParams): Candidate<Database>[] {
  const { all } = databases(inventory);
  const chosen = params.dbIdentifier
    ? all.filter((db) => db.id === params.dbIdentifier)
    : all.filter(isCandidate).sort((a, b) => Number(status(b) === 'available') - Number(status(a) === 'available'));
  return chosen.map((db) => {
    const name = nameOf(db.kind === 'instance' ? db.instance.TagList : db.cluster.TagList);
    return { id: db.id, ...(name && name !== db.id ? { name } : {}), target: db };
  });
}

function noTarget(inventory: Inventory, params: DbParams): Localized {
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

// ---------------------------------------------------------------------------------------------
// DB subnet groups

interface GroupVerdict {
  ok: boolean;
  azs: string[];
  /** Messages naming each public subnet and where its default route goes. */
  publicSubnets: { id: string; en: string; ko: string }[];
}

function judgeGroup(inventory: Inventory, group: DBSubnetGroup, minAzs: number): GroupVerdict {
  const network = networkOf(inventory);
  const azs = [...new Set((group.Subnets ?? []).map((s) => s.SubnetAvailabilityZone?.Name ?? '').filter((a) => a))];
  const publicSubnets: GroupVerdict['publicSubnets'] = [];
  for (const member of group.Subnets ?? []) {
    const subnet = network.subnet(member.SubnetIdentifier);
    if (!subnet || network.tierOf(subnet) !== 'public') continue;
    const effective = network.effectiveRouteTable(subnet);
    const who = label(subnet.SubnetId, subnet.Tags);
    if (isUnroutedDefaultSubnet(subnet, effective)) {
      publicSubnets.push({
        id: subnet.SubnetId ?? '',
        en: `${who} is a default subnet of the default VPC ${subnet.VpcId}, which is public`,
        ko: `${who}은(는) 기본 VPC ${subnet.VpcId}의 기본 서브넷으로, 퍼블릭 서브넷입니다`,
      });
      continue;
    }
    const via = `${effective.table?.RouteTableId} → ${routeTarget(defaultRoute(effective.table))}`;
    publicSubnets.push({
      id: subnet.SubnetId ?? '',
      en: `${who} is public (0.0.0.0/0 via ${via})`,
      ko: `${who}은(는) 퍼블릭 서브넷입니다(0.0.0.0/0 경로: ${via})`,
    });
  }
  return { ok: azs.length >= minAzs && publicSubnets.length === 0, azs, publicSubnets };
}

function groupMessage(group: DBSubnetGroup, verdict: GroupVerdict, minAzs: number): Localized {
  const name = group.DBSubnetGroupName;
  const azs = verdict.azs.join(', ') || 'none';
  if (verdict.ok) {
    return text(
      `DB subnet group ${name} spans ${verdict.azs.length} AZs (${azs}) and holds only private subnets.`,
      `DB 서브넷 그룹 ${name}이(가) ${verdict.azs.length}개 가용 영역(${azs})에 걸쳐 있고 프라이빗 서브넷만 포함합니다.`,
    );
  }
  const en: string[] = [];
  const ko: string[] = [];
  if (verdict.azs.length < minAzs) {
    en.push(`spans ${verdict.azs.length} AZ(s) (${azs}); expected at least ${minAzs}`);
    ko.push(`가용 영역이 ${verdict.azs.length}개(${azs})뿐입니다. 최소 ${minAzs}개가 필요합니다`);
  }
  if (verdict.publicSubnets.length) {
    en.push(`holds public subnets: ${verdict.publicSubnets.map((p) => p.en).join('; ')}`);
    ko.push(`퍼블릭 서브넷을 포함합니다: ${verdict.publicSubnets.map((p) => p.ko).join('; ')}`);
  }
  return text(`DB subnet group ${name} ${en.join(', and ')}.`, `DB 서브넷 그룹 ${name}: ${ko.join(', ')}.`);
}

function subnetEvidence(group: DBSubnetGroup): string[] {
  return [group.DBSubnetGroupName ?? '', ...(group.Subnets ?? []).map((s) => s.SubnetIdentifier ?? '')].filter(
    (x) => x,
  );
}

/** The database's subnet group as DescribeDBSubnetGroups lists it. */
function groupOf(db: Database, inventory: Inventory): DBSubnetGroup | undefined {
  const name = subnetGroupName(db);
  return name ? read(inventory, 'rds.dbSubnetGroups').find((g) => g.DBSubnetGroupName === name) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Checks

type DbCheck = CheckDefinition<Database, DbParams>;

const subnetGroupCheck: DbCheck = {
  id: 'db.subnet-group',
  judgedWithoutTarget: true,
  title: text(
    'A DB subnet group spans 2 AZs with private subnets only',
    'DB 서브넷 그룹이 2개 AZ의 프라이빗 서브넷으로 구성됨',
  ),
  points: 2,
  hint: text(
    'A DB subnet group tells RDS which subnets it may place the database (and its Multi-AZ standby) in. Choose private subnets (their route table sends 0.0.0.0/0 to a NAT gateway, not to the internet gateway) in at least two availability zones, and select that group when creating the database.',
    'DB 서브넷 그룹은 RDS가 DB(와 다중 AZ 배포의 대기 DB)를 둘 서브넷을 정합니다. 두 개 이상의 가용 영역에 있는 프라이빗 서브넷(라우팅 테이블의 0.0.0.0/0이 인터넷 게이트웨이가 아닌 NAT 게이트웨이로 가는 서브넷)으로 DB 서브넷 그룹을 만들고, DB를 만들 때 그 그룹을 선택하세요. 선택하지 않으면 퍼블릭 서브넷에 만들어질 수 있습니다.',
  ),
  evaluate(db, params, inventory) {
    if (db === undefined) {
      // No database yet: a subnet group made for the lab can still be judged on its own.
      const groups = read(inventory, 'rds.dbSubnetGroups');
      if (groups.length === 0) {
        return fail(
          text(
            `No DB subnet group exists in region ${inventory.region}; expected one over private subnets in at least ${params.minAzs} AZs.`,
            `${inventory.region} 리전에 DB 서브넷 그룹이 없습니다. 최소 ${params.minAzs}개 가용 영역의 프라이빗 서브넷으로 만들어야 합니다.`,
          ),
        );
      }
      const judged = groups.map((g) => ({ g, v: judgeGroup(inventory, g, params.minAzs) }));
      const best = judged.find((j) => j.v.ok) ?? (judged[0] as (typeof judged)[number]);
      const message = groupMessage(best.g, best.v, params.minAzs);
      return best.v.ok ? pass(message, subnetEvidence(best.g)) : fail(message, subnetEvidence(best.g));
    }
    const name = subnetGroupName(db);
    if (!name) {
      return fail(
        text(
          `${named(db).en} is not in a DB subnet group; expected one over private subnets in at least ${params.minAzs} AZs.`,
          `${named(db).ko}이(가) DB 서브넷 그룹에 속해 있지 않습니다. 최소 ${params.minAzs}개 가용 영역의 프라이빗 서브넷으로 된 그룹이 필요합니다.`,
        ),
        [db.id],
      );
    }
    const group = groupOf(db, inventory);
    if (!group) {
      return fail(
        text(
          `${named(db).en} names DB subnet group ${name}, which DescribeDBSubnetGroups does not list in ${inventory.region}.`,
          `${named(db).ko}의 DB 서브넷 그룹 ${name}이(가) ${inventory.region} 리전의 DB 서브넷 그룹 목록에 없습니다.`,
        ),
        [db.id, name],
      );
    }
    const verdict = judgeGroup(inventory, group, params.minAzs);
    const message = groupMessage(group, verdict, params.minAzs);
    return verdict.ok
      ? pass(message, [db.id, ...subnetEvidence(group)])
      : fail(message, [db.id, ...subnetEvidence(group)]);
  },
};

const instanceCheck: DbCheck = {
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
};

const multiAzCheck: DbCheck = {
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
};

const privateCheck: DbCheck = {
  id: 'db.private',
  title: text('The database is not publicly accessible', 'DB가 퍼블릭 액세스 불가로 설정됨'),
  points: 2,
  hint: text(
    'A database belongs in the private tier: set Public access to No, so RDS gives it no public IP address. Only the application servers inside the VPC should reach it.',
    'DB는 프라이빗 계층에 있어야 합니다. 퍼블릭 액세스를 "아니요"로 설정하면 RDS가 공인 IP를 주지 않습니다. VPC 안의 애플리케이션 서버만 DB에 접근해야 합니다.',
  ),
  evaluate(db) {
    const exposed =
      db.kind === 'instance'
        ? db.instance.PubliclyAccessible
          ? [db.id]
          : []
        : [
            ...(db.cluster.PubliclyAccessible ? [db.id] : []),
            ...db.members.filter((m) => m.PubliclyAccessible).map((m) => m.DBInstanceIdentifier ?? ''),
          ];
    const evidence = db.kind === 'cluster' ? [db.id, ...db.members.map((m) => m.DBInstanceIdentifier ?? '')] : [db.id];
    if (exposed.length === 0) {
      return pass(
        text(`${named(db).en} is not publicly accessible.`, `${named(db).ko}은(는) 퍼블릭 액세스가 꺼져 있습니다.`),
        evidence,
      );
    }
    return fail(
      text(
        `${exposed.join(', ')} ${exposed.length > 1 ? 'are' : 'is'} publicly accessible (PubliclyAccessible: true); expected a private database.`,
        `${exposed.join(', ')}의 퍼블릭 액세스가 켜져 있습니다(PubliclyAccessible: true). DB는 프라이빗이어야 합니다.`,
      ),
      evidence,
    );
  },
};

const encryptedCheck: DbCheck = {
  id: 'db.encrypted',
  title: text('The database storage is encrypted', 'DB 스토리지가 암호화됨'),
  points: 1,
  hint: text(
    'Turn on encryption at rest (AWS KMS) when creating the database; it cannot be switched on later, so an unencrypted database must be recreated from an encrypted snapshot copy.',
    'DB를 만들 때 저장 데이터 암호화(AWS KMS)를 켜세요. 나중에 켤 수 없으므로, 암호화되지 않은 DB는 스냅샷을 암호화해 복사한 뒤 그 스냅샷으로 복원해야 합니다.',
  ),
  evaluate(db) {
    const encrypted = db.kind === 'instance' ? db.instance.StorageEncrypted : db.cluster.StorageEncrypted;
    if (encrypted) {
      return pass(text(`${named(db).en} has encrypted storage.`, `${named(db).ko}의 스토리지가 암호화되어 있습니다.`), [
        db.id,
      ]);
    }
    return fail(
      text(
        `${named(db).en} has unencrypted storage (StorageEncrypted: false).`,
        `${named(db).ko}의 스토리지가 암호화되어 있지 않습니다(StorageEncrypted: false).`,
      ),
      [db.id],
    );
  },
};

const backupsCheck: DbCheck = {
  id: 'db.backups',
  title: text('Automated backups are kept', '자동 백업이 보관됨'),
  points: 1,
  hint: text(
    'Set the backup retention period to at least the required number of days. Automated backups allow point-in-time recovery, and a read replica can only be created from a source with backups on.',
    '백업 보존 기간을 필요한 일수 이상으로 설정하세요. 자동 백업이 있어야 특정 시점으로 복구할 수 있고, 읽기 전용 복제본도 백업이 켜진 원본에서만 만들 수 있습니다.',
  ),
  evaluate(db, params) {
    const days = (db.kind === 'instance' ? db.instance.BackupRetentionPeriod : db.cluster.BackupRetentionPeriod) ?? 0;
    if (days >= params.minBackupRetentionDays) {
      return pass(
        text(
          `${named(db).en} keeps automated backups for ${days} day(s).`,
          `${named(db).ko}의 자동 백업 보존 기간은 ${days}일입니다.`,
        ),
        [db.id],
      );
    }
    const what =
      days === 0
        ? text('automated backups are off', '자동 백업이 꺼져 있습니다')
        : text(`backups are kept for ${days} day(s)`, `백업 보존 기간이 ${days}일입니다`);
    return fail(
      text(
        `${named(db).en}: ${what.en} (BackupRetentionPeriod: ${days}); expected at least ${params.minBackupRetentionDays} day(s).`,
        `${named(db).ko}: ${what.ko}(BackupRetentionPeriod: ${days}). 최소 ${params.minBackupRetentionDays}일이어야 합니다.`,
      ),
      [db.id],
    );
  },
};

const sgChainCheck: DbCheck = {
  id: 'db.sg-chain',
  title: text('The DB port is open only to the app tier security group', 'DB 포트가 앱 계층 보안 그룹에만 열림'),
  points: 2,
  hint: text(
    "Give the database its own security group whose inbound rule for the DB port names the app (or web) servers' security group as the source, not an IP range such as 0.0.0.0/0: a security-group chain admits only the tier in front.",
    'DB 전용 보안 그룹을 만들고, DB 포트의 인바운드 규칙 소스로 0.0.0.0/0 같은 IP 대역이 아니라 앱(또는 웹) 서버의 보안 그룹을 지정하세요. 이렇게 보안 그룹을 연결(security chain)하면 앞 계층에서 오는 트래픽만 들어옵니다.',
  ),
  evaluate(db, _params, inventory) {
    const network = networkOf(inventory);
    const port = portOf(db);
    const ids = securityGroupIds(db);
    const groups = ids.map((id) => network.securityGroup(id));
    const missing = ids.filter((_, i) => groups[i] === undefined);
    if (ids.length === 0 || missing.length) {
      return fail(
        text(
          ids.length === 0
            ? `${named(db).en} has no VPC security group.`
            : `${named(db).en} uses security group(s) ${missing.join(', ')} that EC2 does not list.`,
          ids.length === 0
            ? `${named(db).ko}에 VPC 보안 그룹이 없습니다.`
            : `${named(db).ko}의 보안 그룹 ${missing.join(', ')}이(가) EC2 보안 그룹 목록에 없습니다.`,
        ),
        [db.id, ...ids],
      );
    }
    const vpcId = groups[0]?.VpcId ?? '';
    const own = new Set(ids);
    // The app/web tier: the VPC's other lab security groups (not the database's own, not `default`).
    const allowed = network
      .securityGroupsOf(vpcId)
      .filter((g) => g.GroupId && !own.has(g.GroupId) && g.GroupName !== 'default')
      .map((g) => g.GroupId as string);
    const verdicts = groups.map((g) => ({ g, v: chainFrom(g, [port], allowed) }));
    const names = (gid: string) => {
      const g = network.securityGroup(gid);
      const name = nameOf(g?.Tags) ?? g?.GroupName;
      return name ? `${gid} (${name})` : gid;
    };
    const open = verdicts.filter(({ v }) => v.cidrSources.length || v.prefixListSources.length);
    const fromAllowed = [...new Set(verdicts.flatMap(({ v }) => v.fromAllowed))];
    const evidence = [db.id, ...ids, ...fromAllowed];
    if (open.length) {
      const sources = (v: ChainVerdict) => [...v.cidrSources, ...v.prefixListSources].join(', ');
      const en = open.map(({ g, v }) => `${names(g?.GroupId ?? '')} admits port ${port} from ${sources(v)}`).join('; ');
      const ko = open
        .map(({ g, v }) => `${names(g?.GroupId ?? '')}이(가) 포트 ${port}을(를) ${sources(v)}에서 허용합니다`)
        .join('; ');
      return fail(
        text(
          `${en}; the DB port should be open only to the app tier's security group, never to a CIDR.`,
          `${ko}. DB 포트는 CIDR가 아니라 앱 계층 보안 그룹에만 열려 있어야 합니다.`,
        ),
        evidence,
      );
    }
    if (fromAllowed.length === 0) {
      const others = [...new Set(verdicts.flatMap(({ v }) => v.otherGroups))];
      const otherText = others.length ? ` (only from ${others.join(', ')}, not an app/web tier group of ${vpcId})` : '';
      return fail(
        text(
          `${ids.map(names).join(', ')} admit(s) port ${port} from no app/web tier security group of ${vpcId}${otherText}; expected a rule whose source is that group.`,
          `${ids.map(names).join(', ')}이(가) 포트 ${port}을(를) ${vpcId}의 앱/웹 계층 보안 그룹에서 허용하지 않습니다${others.length ? `(소스: ${others.join(', ')})` : ''}. 소스가 그 보안 그룹인 규칙이 필요합니다.`,
        ),
        evidence,
      );
    }
    return pass(
      text(
        `${ids.map(names).join(', ')} admit(s) port ${port} only from ${fromAllowed.map(names).join(', ')}.`,
        `${ids.map(names).join(', ')}이(가) 포트 ${port}을(를) ${fromAllowed.map(names).join(', ')}에서만 허용합니다.`,
      ),
      evidence,
    );
  },
};

/** The regions a database's cross-region replicas are in, by its replica list. */
function listedReplicaRegions(db: Database, region: string): string[] {
  return [
    ...new Set(
      replicaIdentifiers(db)
        .map(arnRegion)
        .filter((r): r is string => !!r && r !== region),
    ),
  ];
}

const replicaCheck: DbCheck = {
  id: 'db.replica',
  title: text('A read replica is available in another region', '다른 리전에 읽기 전용 복제본이 사용 가능 상태임'),
  points: 2,
  hint: text(
    'Create a cross-region read replica of the database (Actions → Create read replica, choosing another region). A read replica serves reads close to users in that region and can be promoted if the primary region fails; Multi-AZ alone does not make reads faster.',
    'DB의 읽기 전용 복제본을 다른 리전에 만드세요(작업 → 읽기 전용 복제본 생성, 대상 리전 선택). 읽기 전용 복제본은 그 리전 사용자의 읽기를 처리하고 원본 리전에 장애가 나면 승격할 수 있습니다. 다중 AZ 배포만으로는 읽기 속도가 빨라지지 않습니다.',
  ),
  evaluate(db, params, inventory) {
    const listed = replicaIdentifiers(db);
    const listedRegions = listedReplicaRegions(db, inventory.region);
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
    const byRegion = read(inventory, 'rds.replicaDbInstances');
    const arn = arnOf(db);
    const listedNames = listed.map(arnResource);
    const found: DBInstance[] = [];
    for (const region of regions) {
      const instances = byRegion[region];
      if (instances === undefined) {
        throw new SourceUnavailableError(
          'rds.replicaDbInstances',
          'NotCollected',
          `rds.replicaDbInstances does not hold region ${region}`,
        );
      }
      for (const i of instances) {
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
};

export const dbLab: LabDefinition<Database, DbParams> = {
  id: 'db',
  title: text(
    'Database lab: Multi-AZ RDS with a cross-region read replica',
    'DB 실습: 다중 AZ RDS와 리전 간 읽기 전용 복제본',
  ),
  module: '6',
  paramsSchema: dbParams,
  sources: [
    'rds.dbInstances',
    'rds.dbClusters',
    'rds.dbSubnetGroups',
    'rds.replicaDbInstances',
    'ec2.subnets',
    'ec2.routeTables',
    'ec2.securityGroups',
  ],
  targetKind: text('database', '데이터베이스'),
  candidates,
  noTarget,
  checks: [
    subnetGroupCheck,
    instanceCheck,
    multiAzCheck,
    privateCheck,
    encryptedCheck,
    backupsCheck,
    sgChainCheck,
    replicaCheck,
  ],
  resources(db) {
    const members = db.kind === 'cluster' ? db.members.map((m) => m.DBInstanceIdentifier ?? '') : [];
    return [db.id, ...members, subnetGroupName(db) ?? '', ...securityGroupIds(db)].filter((x) => x);
  },
};
