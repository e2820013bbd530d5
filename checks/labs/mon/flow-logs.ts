/**
 * `mon.flow-logs` and `mon.log-retention`: the lab VPC's flow logs are active and delivered (to
 * CloudWatch Logs or S3), and the CloudWatch Logs groups they write to do not keep logs forever.
 */
import type { FlowLog } from '@aws-sdk/client-ec2';
import { flowLogDestinationType, flowLogGroupName } from '../../facts/flow-logs.js';
import { read, readEntry, tryRead } from '../../inventory.js';
import { fail, joinText, type Localized, pass, skip, text } from '../../model.js';
import { type MonParams, type MonTarget, monCheck } from './params.js';

const DESTINATION: Record<string, Localized> = {
  'cloud-watch-logs': text('CloudWatch Logs', 'CloudWatch Logs'),
  s3: text('S3', 'S3'),
  'kinesis-data-firehose': text('Amazon Data Firehose', 'Amazon Data Firehose'),
};

/** `CloudWatch Logs group /lab/flow` or `S3 arn:aws:s3:::bucket/prefix`. */
function destinationOf(f: FlowLog): Localized {
  const type = flowLogDestinationType(f) ?? 'unknown';
  const where = flowLogGroupName(f) ?? f.LogDestination ?? '';
  const kind = DESTINATION[type] ?? text(type, type);
  return text(`${kind.en} ${where}`.trim(), `${kind.ko} ${where}`.trim());
}

/** Why a flow log does not count, if it does not. */
function flowLogProblem(f: FlowLog, p: MonParams): Localized | undefined {
  if (f.FlowLogStatus !== undefined && f.FlowLogStatus !== 'ACTIVE') {
    return text(`its status is ${f.FlowLogStatus}`, `상태가 ${f.FlowLogStatus}임`);
  }
  // AWS reports FAILED with a reason (access error, rate limited...); an answer without a
  // delivery status has not reported a failure.
  if (f.DeliverLogsStatus === 'FAILED') {
    const why = f.DeliverLogsErrorMessage ? `: ${f.DeliverLogsErrorMessage}` : '';
    return text(`delivery FAILED${why}`, `로그 전송 실패(FAILED)${why}`);
  }
  const type = flowLogDestinationType(f);
  if (!type || !(p.flowLogDestinations as string[]).includes(type)) {
    return text(
      `it delivers to ${type ?? 'an unknown destination'}, not to ${p.flowLogDestinations.join(' or ')}`,
      `${type ?? '알 수 없는 대상'}으로 전송하며, ${p.flowLogDestinations.join(' 또는 ')}이(가) 아님`,
    );
  }
  return undefined;
}

function vpcFlowLogs(flowLogs: FlowLog[], t: MonTarget): FlowLog[] {
  return flowLogs.filter((f) => f.ResourceId === t.vpcId);
}

export const flowLogs = monCheck({
  id: 'mon.flow-logs',
  title: text('The lab VPC has an active, delivered flow log', '실습 VPC에 전송이 성공하는 활성 흐름 로그가 있음'),
  points: 15,
  hint: text(
    'A VPC flow log records the IP traffic of the whole VPC: create one on the VPC itself (not on one subnet or network interface) that publishes to CloudWatch Logs (for analysis right away) or to S3 (cheaper), with a role or bucket policy that lets the service deliver.',
    'VPC 흐름 로그는 VPC 전체의 IP 트래픽을 기록합니다. 서브넷이나 네트워크 인터페이스 하나가 아니라 VPC 자체에 흐름 로그를 만들고, 바로 분석하려면 CloudWatch Logs로, 저렴하게 보관하려면 S3로 게시하세요. 로그를 전송할 수 있도록 IAM 역할이나 버킷 정책도 필요합니다.',
  ),
  evaluate(t, p, inventory) {
    const all = read(inventory, 'ec2.flowLogs');
    const mine = vpcFlowLogs(all, t);
    if (mine.length === 0) {
      // Flow logs on the VPC's subnets or interfaces watch only part of it.
      const subnets = new Set(
        (tryRead(inventory, 'ec2.subnets') ?? []).filter((s) => s.VpcId === t.vpcId).map((s) => s.SubnetId),
      );
      const partial = all.filter((f) => subnets.has(f.ResourceId)).map((f) => `${f.FlowLogId} (${f.ResourceId})`);
      const tail = partial.length
        ? text(
            ` Flow logs on some of its subnets (${partial.join(', ')}) do not cover the whole VPC.`,
            ` 일부 서브넷의 흐름 로그(${partial.join(', ')})는 VPC 전체를 기록하지 않습니다.`,
          )
        : text('', '');
      return fail(
        text(`VPC ${t.vpcId} has no flow log.${tail.en}`, `VPC ${t.vpcId}에 흐름 로그가 없습니다.${tail.ko}`),
        [t.vpcId],
      );
    }
    const good = mine.find((f) => !flowLogProblem(f, p));
    if (good) {
      const where = destinationOf(good);
      return pass(
        text(
          `Flow log ${good.FlowLogId} of ${t.vpcId} is active and delivers ${good.TrafficType ?? 'ALL'} traffic to ${where.en}.`,
          `${t.vpcId}의 흐름 로그 ${good.FlowLogId}이(가) 활성 상태이며 ${good.TrafficType ?? 'ALL'} 트래픽을 ${where.ko}(으)로 전송합니다.`,
        ),
        [t.vpcId, good.FlowLogId ?? ''],
      );
    }
    const why = joinText(
      mine.map((f) => {
        const problem = flowLogProblem(f, p) as Localized;
        return text(`${f.FlowLogId}: ${problem.en}`, `${f.FlowLogId}: ${problem.ko}`);
      }),
    );
    return fail(
      text(
        `No flow log of ${t.vpcId} is active and delivered: ${why.en}.`,
        `${t.vpcId}의 흐름 로그 중 활성 상태로 전송되는 것이 없습니다: ${why.ko}.`,
      ),
      [t.vpcId, ...mine.map((f) => f.FlowLogId ?? '')],
    );
  },
});

export const logRetention = monCheck({
  id: 'mon.log-retention',
  title: text('Flow-log groups have a retention period', '흐름 로그의 로그 그룹에 보존 기간이 있음'),
  points: 10,
  hint: text(
    'A CloudWatch Logs group keeps its logs forever ("Never expire") unless you set a retention period, and stored logs are billed every month: set a retention (e.g. 30 days) on the log group your VPC flow logs write to.',
    'CloudWatch Logs 로그 그룹은 보존 기간을 정하지 않으면 로그를 영구 보관(만기 없음)하며, 저장된 로그는 매달 요금이 부과됩니다. VPC 흐름 로그가 기록하는 로그 그룹에 보존 기간(예: 30일)을 설정하세요.',
  ),
  evaluate(t, p, inventory) {
    const mine = vpcFlowLogs(read(inventory, 'ec2.flowLogs'), t);
    if (mine.length === 0) {
      return skip(
        text(
          `VPC ${t.vpcId} has no flow log (see mon.flow-logs).`,
          `VPC ${t.vpcId}에 흐름 로그가 없습니다(mon.flow-logs 참고).`,
        ),
        [t.vpcId],
      );
    }
    const names = [...new Set(mine.flatMap((f) => flowLogGroupName(f) ?? []))];
    if (names.length === 0) {
      return skip(
        text(
          `The flow logs of ${t.vpcId} write to no CloudWatch Logs group (${mine.map((f) => destinationOf(f).en).join(', ')}); an S3 bucket keeps objects by its lifecycle rules, not by a retention period.`,
          `${t.vpcId}의 흐름 로그는 CloudWatch Logs 로그 그룹에 기록하지 않습니다(${mine.map((f) => destinationOf(f).ko).join(', ')}). S3 버킷은 보존 기간이 아니라 수명 주기 규칙으로 객체를 보관합니다.`,
        ),
        [t.vpcId, ...mine.map((f) => f.FlowLogId ?? '')],
      );
    }
    const problems: Localized[] = [];
    const kept: string[] = [];
    for (const name of names) {
      const group = readEntry(inventory, 'logs.flowLogGroups', name);
      const days = group?.retentionInDays;
      if (group === null) {
        problems.push(
          text(
            `log group ${name} does not exist (created by the flow log, it would keep logs forever)`,
            `로그 그룹 ${name}이(가) 없음(흐름 로그가 만들면 영구 보관됨)`,
          ),
        );
      } else if (days === undefined) {
        problems.push(
          text(`log group ${name} never expires its logs`, `로그 그룹 ${name}의 보존 기간이 '만기 없음'임`),
        );
      } else if (days < p.minRetentionDays) {
        problems.push(
          text(
            `log group ${name} keeps logs ${days} day(s); the course asks for at least ${p.minRetentionDays}`,
            `로그 그룹 ${name}의 보존 기간이 ${days}일로, 과정 기준 ${p.minRetentionDays}일 이상이어야 함`,
          ),
        );
      } else {
        kept.push(`${name} (${days} days)`);
      }
    }
    if (problems.length) {
      const why = joinText(problems);
      return fail(
        text(`Flow-log groups of ${t.vpcId}: ${why.en}.`, `${t.vpcId} 흐름 로그의 로그 그룹: ${why.ko}.`),
        names,
      );
    }
    return pass(
      text(
        `Every log group the flow logs of ${t.vpcId} write to has a retention period: ${kept.join(', ')}.`,
        `${t.vpcId}의 흐름 로그가 기록하는 모든 로그 그룹에 보존 기간이 있습니다: ${kept.join(', ')}.`,
      ),
      names,
    );
  },
});
