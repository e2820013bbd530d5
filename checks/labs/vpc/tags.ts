/** `vpc.tags`: every lab resource has a Name tag; the lab's resources, for the result too. */
import type { RouteTable, Tag } from '@aws-sdk/client-ec2';
import type { Inventory } from '../../inventory.js';
import { fail, pass, text } from '../../model.js';
import { nameOf } from '../../network.js';
import { type LabResources, liveInstances, liveNats, net, type VpcTarget, viewOf, vpcCheck } from './views.js';

/** The lab's resources (for `vpc.tags` and the result's `resources`): their ids, and those without a Name. */
export function labResources(t: VpcTarget, inventory: Inventory): LabResources {
  const view = viewOf(t, inventory);
  if (view.resources) return view.resources;
  const n = net(inventory);
  const ids: string[] = [];
  const unnamed: string[] = [];
  const add = (id: string, tags: Tag[] | undefined) => {
    ids.push(id);
    if (!nameOf(tags)) unnamed.push(id);
  };
  add(t.vpcId, t.vpc.Tags);
  const subnets = n.subnetsOf(t.vpcId);
  for (const s of subnets) add(s.SubnetId ?? '', s.Tags);
  // Route tables the student made, and the main one only when some subnet uses it.
  const tables = new Map<string, RouteTable>();
  for (const table of n.routeTablesOf(t.vpcId)) {
    if (!(table.Associations ?? []).some((a) => a.Main)) tables.set(table.RouteTableId ?? '', table);
  }
  for (const s of subnets) {
    const { table } = n.effectiveRouteTable(s);
    if (table?.RouteTableId) tables.set(table.RouteTableId, table);
  }
  for (const table of tables.values()) add(table.RouteTableId ?? '', table.Tags);
  for (const g of n.internetGatewaysOf(t.vpcId)) add(g.InternetGatewayId ?? '', g.Tags);
  for (const g of liveNats(t, inventory)) add(g.NatGatewayId ?? '', g.Tags);
  for (const sg of n.securityGroupsOf(t.vpcId)) if (sg.GroupName !== 'default') add(sg.GroupId ?? '', sg.Tags);
  for (const i of liveInstances(t, inventory)) add(i.InstanceId ?? '', i.Tags);
  view.resources = { ids, unnamed };
  return view.resources;
}

export const tags = vpcCheck({
  id: 'vpc.tags',
  title: text('Every lab resource has a Name tag', '모든 실습 리소스에 Name 태그'),
  points: 5,
  hint: text(
    'Tag every resource you create with a Name (a team tag convention keeps many resources manageable).',
    '만든 리소스마다 Name 태그를 붙이세요. 리소스가 많아지면 태그 규칙이 있어야 구분하고 관리할 수 있습니다.',
  ),
  evaluate(t, _p, inventory) {
    const { ids, unnamed } = labResources(t, inventory);
    if (unnamed.length > 0) {
      const list = unnamed.join(', ');
      return fail(
        text(
          `${unnamed.length} of ${ids.length} lab resources have no Name tag: ${list}.`,
          `실습 리소스 ${ids.length}개 중 ${unnamed.length}개에 Name 태그가 없습니다: ${list}.`,
        ),
        [...unnamed],
      );
    }
    return pass(
      text(
        `All ${ids.length} lab resources have a Name tag.`,
        `실습 리소스 ${ids.length}개 모두 Name 태그가 있습니다.`,
      ),
      [...ids],
    );
  },
});
