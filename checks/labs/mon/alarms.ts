/**
 * `mon.cpu-alarm` and `mon.notification`: a CloudWatch alarm on the CPU of a lab instance or lab
 * Auto Scaling group, judged by its metric's dimensions (an alarm on another VPC's instance does
 * not count), that acts, and notifies an SNS topic somebody confirmed a subscription to.
 */
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { cpuResourcesOf, describeAlarmMetric, type WatchedResource } from '../../facts/cloudwatch.js';
import { isConfirmed, isTopicArn } from '../../facts/sns.js';
import { label } from '../../facts/tags.js';
import { type Inventory, read } from '../../inventory.js';
import { fail, joinText, type Localized, type Outcome, pass, type TargetCheck, text } from '../../model.js';
import { labGroups, labInstances, type MonParams, type MonTarget, monCheck } from './params.js';

/** A lab alarm: an alarm with the lab resources among those whose CPU it watches. */
interface LabAlarm {
  alarm: MetricAlarm;
  name: string;
  /** The lab resources it watches, labelled for messages. */
  watched: string[];
  /** The same in Korean. */
  watchedKo: string[];
  ids: string[];
}

/** Why an alarm on a lab resource does not act when it fires, if it does not. */
function inaction(alarm: MetricAlarm): Localized | undefined {
  if (alarm.ActionsEnabled === false) return text('its actions are disabled', '작업(액션)이 비활성화되어 있음');
  if ((alarm.AlarmActions ?? []).length === 0) return text('it has no alarm action', '경보 작업이 없음');
  return undefined;
}

/**
 * Every alarm on the CPU of a lab instance or lab group, and the CPU alarms on other resources.
 * Auto Scaling groups are read only when some alarm watches a group's CPU.
 */
function labAlarms(
  inventory: Inventory,
  t: MonTarget,
  p: MonParams,
): { lab: LabAlarm[]; elsewhere: { alarm: MetricAlarm; watched: WatchedResource[] }[] } {
  const alarms = read(inventory, 'cloudwatch.alarms');
  const cpu = alarms
    .map((alarm) => ({ alarm, watched: cpuResourcesOf(alarm, p.cpuMetricNames) }))
    .filter((a) => a.watched.length > 0);
  const instances = new Map(
    labInstances(inventory, t).map((i) => [i.InstanceId as string, label(i.InstanceId, i.Tags)]),
  );
  const groups = cpu.some((a) => a.watched.some((w) => w.dimension === 'AutoScalingGroupName'))
    ? new Set(labGroups(inventory, t).map((g) => g.AutoScalingGroupName as string))
    : new Set<string>();
  const lab: LabAlarm[] = [];
  const elsewhere: { alarm: MetricAlarm; watched: WatchedResource[] }[] = [];
  for (const { alarm, watched } of cpu) {
    const mine = watched.filter((w) => (w.dimension === 'InstanceId' ? instances.has(w.id) : groups.has(w.id)));
    if (mine.length === 0) {
      elsewhere.push({ alarm, watched });
      continue;
    }
    lab.push({
      alarm,
      name: alarm.AlarmName ?? '',
      watched: mine.map((w) => (w.dimension === 'InstanceId' ? (instances.get(w.id) ?? w.id) : `group ${w.id}`)),
      watchedKo: mine.map((w) =>
        w.dimension === 'InstanceId' ? (instances.get(w.id) ?? w.id) : `오토 스케일링 그룹 ${w.id}`,
      ),
      ids: mine.map((w) => w.id),
    });
  }
  return { lab, elsewhere };
}

/** Why no alarm is on a lab resource: what the lab has, and the CPU alarms that watch something else. */
function noLabAlarm(
  inventory: Inventory,
  t: MonTarget,
  elsewhere: { alarm: MetricAlarm; watched: WatchedResource[] }[],
): Outcome {
  const instances = labInstances(inventory, t).map((i) => i.InstanceId as string);
  // Terminated (or shutting-down) instances: an alarm on one never fires again. Judged by state
  // alone: DescribeInstances no longer names a terminated instance's VPC or subnet.
  const gone = new Set(
    read(inventory, 'ec2.instances')
      .filter((i) => (i.State?.Name === 'terminated' || i.State?.Name === 'shutting-down') && i.InstanceId)
      .map((i) => i.InstanceId as string),
  );
  const onGone = elsewhere.filter((a) => a.watched.some((w) => w.dimension === 'InstanceId' && gone.has(w.id)));
  const outside = elsewhere.filter((a) => !onGone.includes(a));
  const listed = (alarms: typeof elsewhere, lang: 'en' | 'ko') =>
    alarms.map((a) => `${a.alarm.AlarmName} (${describeAlarmMetric(a.alarm, lang)})`).join(', ');
  const evidence = [t.vpcId, ...instances, ...elsewhere.map((a) => a.alarm.AlarmName ?? '')];
  const labList = instances.length ? instances.join(', ') : 'none';
  const labListKo = instances.length ? instances.join(', ') : '없음';
  const tails: Localized[] = [];
  if (onGone.length) {
    tails.push(
      text(
        ` CPU alarms on terminated instances never fire again: ${listed(onGone, 'en')}.`,
        ` 종료된(terminated) 인스턴스의 CPU 경보는 다시 실행되지 않습니다: ${listed(onGone, 'ko')}.`,
      ),
    );
  }
  if (outside.length) {
    tails.push(
      text(
        ` CPU alarms on resources outside the lab VPC do not count: ${listed(outside, 'en')}.`,
        ` 실습 VPC 밖의 리소스에 대한 CPU 경보는 인정되지 않습니다: ${listed(outside, 'ko')}.`,
      ),
    );
  }
  const tail = joinText(tails, '');
  return fail(
    text(
      `No CloudWatch alarm watches CPUUtilization of an instance or Auto Scaling group of ${t.vpcId} (instances: ${labList}).${tail.en}`,
      `${t.vpcId}의 인스턴스나 오토 스케일링 그룹의 CPUUtilization 지표를 감시하는 CloudWatch 경보가 없습니다(인스턴스: ${labListKo}).${tail.ko}`,
    ),
    evidence,
  );
}

/**
 * Types a check of the lab's CPU alarms: `evaluate` gets the alarms on the CPU of a lab resource
 * (at least one); without any, the check fails saying what the lab has and which CPU alarms watch
 * something else.
 */
function alarmCheck(
  check: TargetCheck<MonTarget & { alarms: LabAlarm[] }, MonParams>,
): TargetCheck<MonTarget, MonParams> {
  return monCheck({
    ...check,
    evaluate(t, p, inventory) {
      const { lab, elsewhere } = labAlarms(inventory, t, p);
      if (lab.length === 0) return noLabAlarm(inventory, t, elsewhere);
      return check.evaluate({ ...t, alarms: lab }, p, inventory);
    },
  });
}

export const cpuAlarm = alarmCheck({
  id: 'mon.cpu-alarm',
  title: text(
    'A CPU alarm watches a lab instance or group and acts',
    '실습 인스턴스나 그룹의 CPU 경보가 작업을 실행함',
  ),
  points: 20,
  hint: text(
    "A CloudWatch alarm watches one metric: choose the AWS/EC2 metric CPUUtilization of your lab instance (dimension InstanceId) or of your Auto Scaling group (AutoScalingGroupName), keep the alarm's actions enabled, and give it an action for the ALARM state (an SNS topic or a scaling policy).",
    'CloudWatch 경보는 하나의 지표를 감시합니다. 실습 인스턴스(InstanceId 차원)나 오토 스케일링 그룹(AutoScalingGroupName 차원)의 AWS/EC2 CPUUtilization 지표를 고르고, 경보 작업을 활성화한 채 경보(ALARM) 상태에서 실행할 작업(SNS 주제나 조정 정책)을 지정하세요.',
  ),
  evaluate({ alarms: lab }) {
    const acting = lab.find((a) => !inaction(a.alarm));
    if (acting) {
      const actions = (acting.alarm.AlarmActions ?? []).join(', ');
      return pass(
        text(
          `Alarm ${acting.name} watches CPU of ${acting.watched.join(', ')} and acts on ALARM: ${actions}.`,
          `경보 ${acting.name}이(가) ${acting.watchedKo.join(', ')}의 CPU를 감시하고 경보 상태에서 작업을 실행합니다: ${actions}.`,
        ),
        [acting.name, ...acting.ids],
      );
    }
    const why = joinText(
      lab.map((a) => {
        const reason = inaction(a.alarm) as Localized;
        return text(
          `${a.name} (${a.watched.join(', ')}): ${reason.en}`,
          `${a.name}(${a.watchedKo.join(', ')}): ${reason.ko}`,
        );
      }),
    );
    return fail(
      text(
        `Alarms on CPU of lab resources do not act: ${why.en}.`,
        `실습 리소스의 CPU 경보가 작업을 실행하지 않습니다: ${why.ko}.`,
      ),
      lab.flatMap((a) => [a.name, ...a.ids]),
    );
  },
});

export const notification = alarmCheck({
  id: 'mon.notification',
  title: text(
    'The CPU alarm notifies an SNS topic with a confirmed subscription',
    'CPU 경보가 구독이 확인된 SNS 주제로 알림을 보냄',
  ),
  points: 15,
  hint: text(
    "An alarm tells people through an SNS topic: add the topic as the alarm's action, and subscribe to it (e.g. by email). An email subscription stays PendingConfirmation, and receives nothing, until its owner clicks the link in the confirmation message.",
    '경보는 SNS 주제를 통해 사람에게 알립니다. 주제를 경보 작업으로 지정하고 주제를 구독(예: 이메일)하세요. 이메일 구독은 확인 메일의 링크를 누르기 전까지 PendingConfirmation(확인 대기) 상태이며 알림을 받지 못합니다.',
  ),
  evaluate({ alarms: lab }, _p, inventory) {
    const notifying = lab
      .map((a) => ({ a, topics: (a.alarm.AlarmActions ?? []).filter(isTopicArn) }))
      .filter((x) => x.topics.length > 0);
    if (notifying.length === 0) {
      const names = lab.map((a) => `${a.name} (${(a.alarm.AlarmActions ?? []).join(', ') || 'no action'})`);
      return fail(
        text(
          `No CPU alarm of the lab notifies an SNS topic: ${names.join('; ')}.`,
          `실습의 CPU 경보 중 SNS 주제로 알리는 것이 없습니다: ${names.join('; ')}.`,
        ),
        lab.map((a) => a.name),
      );
    }
    // SNS is read only now that some alarm names a topic.
    const topics = new Set(read(inventory, 'sns.topics').map((x) => x.TopicArn));
    const subscriptions = read(inventory, 'sns.subscriptions');
    const problems: Localized[] = [];
    const evidence: string[] = [];
    for (const { a, topics: arns } of notifying) {
      evidence.push(a.name);
      const disabled = a.alarm.ActionsEnabled === false;
      for (const arn of arns) {
        evidence.push(arn);
        if (!topics.has(arn)) {
          problems.push(
            text(
              `${a.name} notifies ${arn}, which does not exist in ${inventory.region}`,
              `${a.name}이(가) 알리는 ${arn} 주제가 ${inventory.region}에 없음`,
            ),
          );
          continue;
        }
        const subs = subscriptions.filter((s) => s.TopicArn === arn);
        const confirmed = subs.filter(isConfirmed);
        if (confirmed.length > 0 && !disabled) {
          const endpoints = confirmed.map((s) => `${s.Protocol}:${s.Endpoint}`).join(', ');
          return pass(
            text(
              `Alarm ${a.name} notifies SNS topic ${arn}, which has ${confirmed.length} confirmed subscription(s): ${endpoints}.`,
              `경보 ${a.name}이(가) SNS 주제 ${arn}로 알리며, 이 주제에 확인된 구독이 ${confirmed.length}개 있습니다: ${endpoints}.`,
            ),
            [a.name, arn, ...confirmed.map((s) => s.SubscriptionArn as string)],
          );
        }
        if (confirmed.length > 0) {
          problems.push(
            text(
              `${a.name} names ${arn}, which has confirmed subscriptions, but the alarm's actions are disabled`,
              `${a.name}은(는) 확인된 구독이 있는 ${arn}을(를) 지정했지만 경보 작업이 비활성화됨`,
            ),
          );
        } else if (subs.length > 0) {
          const pending = subs.map((s) => `${s.Protocol}:${s.Endpoint} ${s.SubscriptionArn}`).join(', ');
          problems.push(
            text(
              `topic ${arn} of ${a.name} has no confirmed subscription (${pending})`,
              `${a.name}의 주제 ${arn}에 확인된 구독이 없음(${pending})`,
            ),
          );
        } else {
          problems.push(text(`topic ${arn} of ${a.name} has no subscription`, `${a.name}의 주제 ${arn}에 구독이 없음`));
        }
      }
    }
    const why = joinText(problems);
    return fail(
      text(
        `No CPU alarm of the lab reaches a confirmed SNS subscription: ${why.en}.`,
        `실습의 CPU 경보가 확인된 SNS 구독에 도달하지 않습니다: ${why.ko}.`,
      ),
      evidence,
    );
  },
});
