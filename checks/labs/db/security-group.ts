/** `db.sg-chain`: the DB port is open only to the app tier's security group. */
import { fail, pass, text } from '../../model.js';
import { type ChainVerdict, chainFrom, nameOf, networkOf } from '../../network.js';
import { dbCheck, named, portOf, securityGroupIds } from './database.js';

export const sgChainCheck = dbCheck({
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
});
