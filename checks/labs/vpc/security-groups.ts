/**
 * Security groups: the web tier's (`vpc.web-sg`), the chain to the app tier (`vpc.sg-chain`), and
 * no administration port open to the world (`vpc.no-open-admin`).
 */
import type { Instance } from '@aws-sdk/client-ec2';
import { fail, joinText, type Localized, pass, text } from '../../model.js';
import { admission, admitsAddresses, admitsGroupFrom, label, openToWorld, sgLabel } from '../../network.js';
import { groupsOf, lazyText, liveByTier, net, vpcCheck, webOpenGroups, webTierGroups } from './views.js';

export const webSg = vpcCheck({
  id: 'vpc.web-sg',
  title: text(
    'A web security group admits HTTP/HTTPS and guards a public instance',
    '웹 보안 그룹(HTTP/HTTPS 허용)이 퍼블릭 인스턴스에 연결됨',
  ),
  points: 5,
  hint: text(
    'Create a web security group with inbound HTTP (80) or HTTPS (443) from 0.0.0.0/0 and attach it to the web server in the public subnet.',
    '인바운드 HTTP(80) 또는 HTTPS(443)를 0.0.0.0/0에서 허용하는 웹 보안 그룹을 만들고, 퍼블릭 서브넷의 웹 서버에 연결하세요.',
  ),
  evaluate(t, p, inventory) {
    const n = net(inventory);
    const open = webOpenGroups(t, p, inventory);
    if (open.length === 0) {
      return fail(
        text(
          `No security group in ${t.vpcId} admits ${p.webPorts.join('/')} from anywhere.`,
          `${t.vpcId}에 ${p.webPorts.join('/')} 포트를 모든 곳(0.0.0.0/0)에서 허용하는 보안 그룹이 없습니다.`,
        ),
        [t.vpcId],
      );
    }
    const openIds = new Set(open.map((g) => g.GroupId ?? ''));
    const publicInstances = liveByTier(t, inventory).public;
    for (const i of publicInstances) {
      const g = groupsOf(i, inventory).find((id) => openIds.has(id));
      if (g) {
        return pass(
          text(
            `${sgLabel(n.securityGroup(g), g)} admits web traffic from anywhere and is attached to ${label(i.InstanceId, i.Tags)} in public subnet ${i.SubnetId}.`,
            `${sgLabel(n.securityGroup(g), g)}이(가) 웹 트래픽을 허용하고 퍼블릭 서브넷 ${i.SubnetId}의 ${label(i.InstanceId, i.Tags)}에 연결되어 있습니다.`,
          ),
          [g, i.InstanceId ?? ''],
        );
      }
    }
    const groups = open.map((g) => sgLabel(g, g.GroupId ?? '')).join(', ');
    if (publicInstances.length === 0) {
      return fail(
        text(
          `${groups} admits web traffic, but no instance runs in a public subnet of ${t.vpcId} to use it.`,
          `${groups}이(가) 웹 트래픽을 허용하지만, ${t.vpcId}의 퍼블릭 서브넷에 이를 사용하는 인스턴스가 없습니다.`,
        ),
        [...openIds],
      );
    }
    return fail(
      text(
        `${groups} admits web traffic, but none of the instances in public subnets (${publicInstances.map((i) => i.InstanceId).join(', ')}) uses it.`,
        `${groups}이(가) 웹 트래픽을 허용하지만, 퍼블릭 서브넷의 인스턴스(${publicInstances.map((i) => i.InstanceId).join(', ')})에 연결되어 있지 않습니다.`,
      ),
      [...openIds, ...publicInstances.map((i) => i.InstanceId ?? '')],
    );
  },
});

export const sgChain = vpcCheck({
  id: 'vpc.sg-chain',
  title: text(
    "The app tier admits traffic only from the web tier's security group",
    '앱 계층은 웹 계층 보안 그룹에서 오는 트래픽만 허용(security chain)',
  ),
  points: 10,
  hint: text(
    "Security group chaining: in the app tier's security group, set the inbound source to the web tier's security group instead of an IP range.",
    '보안 그룹 체인(security chain): 앱 계층 보안 그룹의 인바운드 소스를 IP 대역이 아니라 웹 계층의 보안 그룹으로 지정하세요.',
  ),
  evaluate(t, p, inventory) {
    const n = net(inventory);
    const web = webTierGroups(t, p, inventory);
    if (web.size === 0) {
      return fail(
        text(
          `No web tier found in ${t.vpcId}: no security group admits ${p.webPorts.join('/')} from anywhere and no instance runs in a public subnet.`,
          `${t.vpcId}에서 웹 계층을 찾지 못했습니다: 웹 포트를 허용하는 보안 그룹도, 퍼블릭 서브넷의 인스턴스도 없습니다.`,
        ),
        [t.vpcId],
      );
    }
    // A chain is judged by its sources' kind: security groups (the web tier's among them) pass,
    // any IP range fails. A second group source (a bastion's, for SSH) does not break it.
    // The app tier: groups on instances in private subnets; without such instances, the groups
    // that name a web-tier group as a source.
    // Index loops: a large account's candidates hold thousands of app instances.
    let app: string[] = [];
    const seen = new Set<string>();
    const appInstances = liveByTier(t, inventory).private;
    for (let i = 0; i < appInstances.length; i += 1) {
      const groups = groupsOf(appInstances[i] as Instance, inventory);
      for (let j = 0; j < groups.length; j += 1) {
        const g = groups[j] as string;
        if (seen.has(g)) continue;
        seen.add(g);
        if (!web.has(g)) app.push(g);
      }
    }
    if (app.length === 0) {
      app = n
        .securityGroupsOf(t.vpcId)
        .filter((sg) => sg.GroupName !== 'default' && !web.has(sg.GroupId ?? ''))
        .filter((sg) => admitsGroupFrom(sg, web))
        .map((sg) => sg.GroupId ?? '');
    }
    const webList = [...web].map((g) => sgLabel(n.securityGroup(g), g)).join(', ');
    if (app.length === 0) {
      return fail(
        text(
          `No app-tier security group admits traffic from the web tier's group (${webList}).`,
          `웹 계층 보안 그룹(${webList})에서 오는 트래픽을 허용하는 앱 계층 보안 그룹이 없습니다.`,
        ),
        [...web],
      );
    }
    // An IP range on any app-tier group breaks the chain; a second group on the instances that
    // admits only other groups (the VPC's default one) does not, while one of them admits the web tier.
    const problems: Localized[] = [];
    let chained = false;
    for (const g of app) {
      const sg = n.securityGroup(g);
      if (admitsGroupFrom(sg, web)) chained = true;
      // Who else it admits is listed only for a group that admits an address (most admit groups only).
      if (admitsAddresses(sg)) {
        const a = admission(sg);
        const cidrs = [...a.cidrSources, ...a.prefixListSources];
        const name = sgLabel(sg, g);
        problems.push(
          text(
            `${name} admits traffic from ${cidrs.join(', ')} (an IP range, not the web tier's security group)`,
            `${name}이(가) ${cidrs.join(', ')}(IP 대역)에서 오는 트래픽을 허용합니다`,
          ),
        );
      }
    }
    if (!chained) {
      const names = app.map((g) => sgLabel(n.securityGroup(g), g)).join(', ');
      problems.push(
        text(
          `${names} ${app.length > 1 ? 'do' : 'does'} not admit traffic from the web tier's group (${webList})`,
          `${names}이(가) 웹 계층 보안 그룹(${webList})에서 오는 트래픽을 허용하지 않습니다`,
        ),
      );
    }
    if (problems.length > 0) return fail(joinText(problems), [...app, ...web]);
    const appList = app;
    return pass(
      lazyText(() => {
        const names = appList.map((g) => sgLabel(n.securityGroup(g), g)).join(', ');
        return text(
          `App-tier group(s) ${names} admit traffic only from ${webList}.`,
          `앱 계층 보안 그룹 ${names}이(가) ${webList}에서 오는 트래픽만 허용합니다.`,
        );
      }),
      [...app, ...web],
    );
  },
});

export const noOpenAdmin = vpcCheck({
  id: 'vpc.no-open-admin',
  title: text('No SSH/RDP open to the world', 'SSH/RDP가 전체 인터넷에 열려 있지 않음'),
  points: 10,
  hint: text(
    'Never open SSH (22) or RDP (3389) to 0.0.0.0/0: use Session Manager, or allow only your own IP (/32).',
    'SSH(22)나 RDP(3389)를 0.0.0.0/0에 열지 마세요. 세션 매니저(Session Manager)를 쓰거나 내 IP(/32)만 허용하세요.',
  ),
  evaluate(t, p, inventory) {
    const n = net(inventory);
    const groups = n.securityGroupsOf(t.vpcId);
    const open: Localized[] = [];
    const evidence: string[] = [];
    for (const sg of groups) {
      for (const port of p.adminPorts) {
        const rules = openToWorld(sg, port);
        if (rules.length > 0) {
          const name = sgLabel(sg, sg.GroupId ?? '');
          const cidrs = [
            ...new Set(rules.flatMap((r) => r.cidrs.filter((c) => c === '0.0.0.0/0' || c === '::/0'))),
          ].join(', ');
          open.push(
            text(`${name} opens port ${port} to ${cidrs}`, `${name}이(가) ${port}번 포트를 ${cidrs}에 열어 두었습니다`),
          );
          evidence.push(sg.GroupId ?? '');
        }
      }
    }
    if (open.length > 0) return fail(joinText(open), evidence);
    return pass(
      text(
        `None of the ${groups.length} security groups of ${t.vpcId} opens ${p.adminPorts.join('/')} to the world.`,
        `${t.vpcId}의 보안 그룹 ${groups.length}개 중 ${p.adminPorts.join('/')} 포트를 전체에 연 것이 없습니다.`,
      ),
      groups.map((g) => g.GroupId ?? ''),
    );
  },
});
