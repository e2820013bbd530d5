/** `db.subnet-group`: the database's DB subnet group spans enough AZs with private subnets only. */
import type { DBSubnetGroup } from '@aws-sdk/client-rds';
import { type Inventory, read } from '../../inventory.js';
import { fail, type Localized, pass, text } from '../../model.js';
import { defaultRoute, isUnroutedDefaultSubnet, label, networkOf, routeTarget } from '../../network.js';
import { type Database, dbCheck, named, subnetGroupName } from './database.js';

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

// Checks

export const subnetGroupCheck = dbCheck({
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
});
