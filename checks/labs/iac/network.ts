/**
 * iac.network: the lab VPC's network is built by student stacks; iac.drift (bonus): the stack
 * holding the VPC was checked for drift and is in sync (as DescribeStacks reports it: the grader
 * never starts a drift detection).
 */
import type { Tag } from '@aws-sdk/client-ec2';
import { label } from '../../facts/tags.js';
import { type Inventory, read } from '../../inventory.js';
import { fail, joinText, type Localized, pass, skip, text } from '../../model.js';
import { type IacTarget, iacCheck, ownerOf, stacksOf } from './target.js';

interface LabResource {
  id: string;
  tags: Tag[] | undefined;
  kind: Localized;
}

/** The VPC, its subnets, the route tables made for it (not the main one AWS creates) and its internet gateways. */
function networkResources(t: IacTarget, inventory: Inventory): LabResource[] {
  const out: LabResource[] = [{ id: t.vpcId, tags: t.vpc.Tags, kind: text('VPC', 'VPC') }];
  for (const s of read(inventory, 'ec2.subnets')) {
    if (s.VpcId === t.vpcId) out.push({ id: s.SubnetId ?? '', tags: s.Tags, kind: text('subnet', '서브넷') });
  }
  for (const rt of read(inventory, 'ec2.routeTables')) {
    // The main route table comes with the VPC: no template creates it.
    if (rt.VpcId !== t.vpcId || (rt.Associations ?? []).some((a) => a.Main)) continue;
    out.push({ id: rt.RouteTableId ?? '', tags: rt.Tags, kind: text('route table', '라우팅 테이블') });
  }
  for (const igw of read(inventory, 'ec2.internetGateways')) {
    if ((igw.Attachments ?? []).some((a) => a.VpcId === t.vpcId)) {
      out.push({
        id: igw.InternetGatewayId ?? '',
        tags: igw.Tags,
        kind: text('internet gateway', '인터넷 게이트웨이'),
      });
    }
  }
  return out;
}

export const network = iacCheck({
  id: 'iac.network',
  judgedWithoutTarget: true,
  title: text('The lab network is built by stacks', '실습 네트워크를 스택으로 구성'),
  points: 30,
  hint: text(
    'A network built by hand in the console cannot be rebuilt the same way in another region or for a test. Declare the VPC, its subnets, route tables and internet gateway in a template (AWS::EC2::VPC, AWS::EC2::Subnet, AWS::EC2::RouteTable, AWS::EC2::InternetGateway) and deploy it as a stack; delete the hand-built one.',
    '콘솔에서 손으로 만든 네트워크는 다른 리전이나 테스트 환경에 똑같이 다시 만들 수 없습니다. VPC, 서브넷, 라우팅 테이블, 인터넷 게이트웨이를 템플릿(AWS::EC2::VPC, AWS::EC2::Subnet, AWS::EC2::RouteTable, AWS::EC2::InternetGateway)에 선언해 스택으로 배포하고, 손으로 만든 것은 삭제하세요.',
  ),
  evaluate(t, p, inventory) {
    if (t === undefined) {
      return fail(
        p.vpcId
          ? text(`The course's lab VPC ${p.vpcId} does not exist.`, `과정이 지정한 실습 VPC ${p.vpcId}가 없습니다.`)
          : text(
              'The account has no non-default VPC: no stack builds the lab network.',
              '계정에 기본 VPC가 아닌 VPC가 없어 실습 네트워크를 만든 스택이 없습니다.',
            ),
        p.vpcId ? [p.vpcId] : [],
      );
    }
    const owner = ownerOf(inventory, stacksOf(inventory, p));
    const resources = networkResources(t, inventory);
    const handmade = resources.filter((r) => !owner(r.id, r.tags));
    if (handmade.length > 0) {
      const list = joinText(
        handmade.map((r) => text(`${r.kind.en} ${label(r.id, r.tags)}`, `${r.kind.ko} ${label(r.id, r.tags)}`)),
        ', ',
      );
      return fail(
        text(
          `${handmade.length} of ${resources.length} network resources of ${label(t.vpcId, t.vpc.Tags)} belong to no student stack (built by hand?): ${list.en}.`,
          `${label(t.vpcId, t.vpc.Tags)}의 네트워크 리소스 ${resources.length}개 중 ${handmade.length}개가 학생 스택에 속하지 않습니다(콘솔에서 직접 만든 리소스?): ${list.ko}.`,
        ),
        handmade.map((r) => r.id),
      );
    }
    const stacks = [...new Set(resources.map((r) => owner(r.id, r.tags)?.StackName ?? '?'))].join(', ');
    return pass(
      text(
        `The ${resources.length} network resources of ${label(t.vpcId, t.vpc.Tags)} belong to student stacks: ${stacks}.`,
        `${label(t.vpcId, t.vpc.Tags)}의 네트워크 리소스 ${resources.length}개 모두 학생 스택에 속합니다: ${stacks}.`,
      ),
      resources.map((r) => r.id),
    );
  },
});

export const drift = iacCheck({
  id: 'iac.drift',
  title: text('(Bonus) The network stack is in sync (no drift)', '(보너스) 네트워크 스택에 드리프트 없음'),
  points: 5,
  bonus: true,
  hint: text(
    'Drift is a change made outside CloudFormation (in the console, by hand) that the template no longer describes. Run "Detect drift" on the stack that holds the VPC, look at the drifted resources, and bring them back through the template until the stack is IN_SYNC.',
    '드리프트는 CloudFormation 밖에서(콘솔에서 직접) 바꿔서 템플릿과 달라진 변경입니다. VPC가 있는 스택에서 "드리프트 감지"를 실행해 드리프트된 리소스를 확인하고, 템플릿으로 되돌려 스택이 IN_SYNC가 되게 하세요.',
  ),
  evaluate(t, p, inventory) {
    const holder = ownerOf(inventory, stacksOf(inventory, p))(t.vpcId, t.vpc.Tags);
    if (!holder) {
      return skip(
        text(
          `The lab VPC ${t.vpcId} is not a resource of a student stack (see iac.network).`,
          `실습 VPC ${t.vpcId}가 학생 스택의 리소스가 아닙니다(iac.network 참고).`,
        ),
        [t.vpcId],
      );
    }
    const status = holder.DriftInformation?.StackDriftStatus ?? 'NOT_CHECKED';
    const checked = holder.DriftInformation?.LastCheckTimestamp;
    const when = checked ? ` (${new Date(checked).toISOString()})` : '';
    const evidence = [holder.StackId ?? '', t.vpcId];
    if (status === 'IN_SYNC') {
      return pass(
        text(
          `Stack ${holder.StackName}, which holds ${t.vpcId}, is IN_SYNC${when}.`,
          `${t.vpcId}가 있는 스택 ${holder.StackName}은(는) 드리프트가 없습니다(IN_SYNC)${when}.`,
        ),
        evidence,
      );
    }
    if (status === 'NOT_CHECKED') {
      return fail(
        text(
          `Drift detection has never run on stack ${holder.StackName}, which holds ${t.vpcId} (NOT_CHECKED).`,
          `${t.vpcId}가 있는 스택 ${holder.StackName}에서 드리프트 감지를 실행한 적이 없습니다(NOT_CHECKED).`,
        ),
        evidence,
      );
    }
    return fail(
      text(
        `Stack ${holder.StackName}, which holds ${t.vpcId}, is ${status}${when}; expected IN_SYNC.`,
        `${t.vpcId}가 있는 스택 ${holder.StackName}의 드리프트 상태가 ${status}입니다${when}. IN_SYNC여야 합니다.`,
      ),
      evidence,
    );
  },
});
