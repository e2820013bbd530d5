/**
 * `mon.event-rule`: an enabled EventBridge rule on the default event bus matches EC2 instance
 * state-change notifications and sends them somewhere. Account-wide: judged without a lab VPC.
 */
import { EC2_STATE_CHANGE, isRuleEnabled, matchesEc2StateChange } from '../../facts/events.js';
import { read, readEntry } from '../../inventory.js';
import { fail, pass, text } from '../../model.js';
import { monCheck } from './params.js';

const WANTED = `source ${EC2_STATE_CHANGE.source}, detail-type "${EC2_STATE_CHANGE.detailType}"`;

export const eventRule = monCheck({
  id: 'mon.event-rule',
  title: text(
    'An EventBridge rule sends EC2 instance state changes to a target',
    'EventBridge 규칙이 EC2 인스턴스 상태 변경을 대상으로 보냄',
  ),
  points: 15,
  judgedWithoutTarget: true,
  hint: text(
    'An event is a change of state, such as an instance stopping or terminating. Create an EventBridge rule on the default event bus whose event pattern matches source aws.ec2 and detail-type "EC2 Instance State-change Notification", keep it enabled, and give it a target (e.g. an SNS topic).',
    '이벤트는 인스턴스가 중지되거나 종료되는 것 같은 상태 변화입니다. 기본 이벤트 버스에 source가 aws.ec2이고 detail-type이 "EC2 Instance State-change Notification"인 이벤트 패턴의 EventBridge 규칙을 만들고, 활성화한 채 대상(예: SNS 주제)을 지정하세요.',
  ),
  evaluate(_t, _p, inventory) {
    // Rules a service created for itself (ManagedBy) are not the student's.
    const rules = read(inventory, 'events.rules').filter((r) => r.Name && !r.ManagedBy);
    const matching = rules.filter((r) => matchesEc2StateChange(r.EventPattern));
    if (matching.length === 0) {
      const others = rules.map((r) => r.Name as string);
      const listed = others.length ? others.join(', ') : 'none';
      return fail(
        text(
          `No rule on the default event bus matches EC2 instance state changes (${WANTED}); its rules: ${listed}.`,
          `기본 이벤트 버스에 EC2 인스턴스 상태 변경(${WANTED})과 일치하는 규칙이 없습니다. 규칙: ${listed}.`,
        ),
        others,
      );
    }
    const enabled = matching.filter(isRuleEnabled);
    if (enabled.length === 0) {
      const names = matching.map((r) => r.Name as string);
      return fail(
        text(
          `Rule(s) ${names.join(', ')} match EC2 instance state changes but are ${matching[0]?.State ?? 'DISABLED'}.`,
          `규칙 ${names.join(', ')}이(가) EC2 인스턴스 상태 변경과 일치하지만 비활성화(${matching[0]?.State ?? 'DISABLED'}) 상태입니다.`,
        ),
        names,
      );
    }
    for (const rule of enabled) {
      const targets = readEntry(inventory, 'events.targets', rule.Name as string);
      if (targets.length > 0) {
        const arns = targets.map((x) => x.Arn ?? x.Id ?? '');
        return pass(
          text(
            `Rule ${rule.Name} matches EC2 instance state changes and sends them to ${arns.join(', ')}.`,
            `규칙 ${rule.Name}이(가) EC2 인스턴스 상태 변경과 일치하며 ${arns.join(', ')}(으)로 보냅니다.`,
          ),
          [rule.Name as string, ...arns],
        );
      }
    }
    const names = enabled.map((r) => r.Name as string);
    return fail(
      text(
        `Rule(s) ${names.join(', ')} match EC2 instance state changes but have no target.`,
        `규칙 ${names.join(', ')}이(가) EC2 인스턴스 상태 변경과 일치하지만 대상이 없습니다.`,
      ),
      names,
    );
  },
});
