/** `asg.scaling-policy`: a scaling policy of the group reacts to its CPU. */
import type { ScalingPolicy } from '@aws-sdk/client-auto-scaling';
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { describeAlarmMetric, watchesCpuOf } from '../../facts/cloudwatch.js';
import { read } from '../../inventory.js';
import { fail, joinText, type Localized, pass, text } from '../../model.js';
import type { AlbParams } from './params.js';
import { groupCheck } from './target.js';

interface PolicyVerdict {
  ok: boolean;
  message: Localized;
  evidence: string[];
}

function judgePolicy(policy: ScalingPolicy, params: AlbParams, alarms: () => MetricAlarm[]): PolicyVerdict {
  const name = policy.PolicyName ?? '';
  const type = policy.PolicyType ?? 'SimpleScaling';
  const evidence = [policy.PolicyARN ?? name];
  const isCpu = (metric: string | undefined) => metric !== undefined && params.cpuMetricNames.includes(metric);
  if (policy.Enabled === false)
    return { ok: false, message: text(`${name} (${type}) is disabled`, `${name}(${type})이(가) 비활성화됨`), evidence };
  if (type === 'TargetTrackingScaling') {
    const tt = policy.TargetTrackingConfiguration;
    const predefined = tt?.PredefinedMetricSpecification?.PredefinedMetricType;
    const custom = tt?.CustomizedMetricSpecification;
    const customNames = [custom?.MetricName, ...(custom?.Metrics ?? []).map((m) => m.MetricStat?.Metric?.MetricName)];
    if (predefined === 'ASGAverageCPUUtilization' || customNames.some(isCpu)) {
      return {
        ok: true,
        message: text(
          `${name} tracks average CPU utilisation at ${tt?.TargetValue}%`,
          `${name}이(가) 평균 CPU 사용률 ${tt?.TargetValue}%를 목표로 추적`,
        ),
        evidence,
      };
    }
    const metric = predefined ?? customNames.find((n) => n !== undefined) ?? 'an unknown metric';
    return {
      ok: false,
      message: text(`${name} tracks ${metric}, not CPU`, `${name}은(는) CPU가 아닌 ${metric}을(를) 추적`),
      evidence,
    };
  }
  if (type === 'StepScaling' || type === 'SimpleScaling') {
    const driving = alarms().filter((a) => a.AlarmActions?.includes(policy.PolicyARN ?? ''));
    if (driving.length === 0) {
      return {
        ok: false,
        message: text(
          `${name} (${type}) is driven by no CloudWatch alarm`,
          `${name}(${type})을(를) 실행하는 CloudWatch 경보가 없음`,
        ),
        evidence,
      };
    }
    // The alarm must watch this group's CPU by its dimensions: a CPU alarm on another group, on
    // one instance or on the whole region's instances does not say how loaded this group is.
    const group = policy.AutoScalingGroupName ?? '';
    const cpu = driving.find(
      (a) => watchesCpuOf(a, params.cpuMetricNames, 'AutoScalingGroupName', group) && a.ActionsEnabled !== false,
    );
    const alarmNames = driving.map((a) => a.AlarmName ?? '');
    if (cpu) {
      return {
        ok: true,
        message: text(
          `${name} (${type}) is driven by CPU alarm ${cpu.AlarmName}`,
          `${name}(${type})을(를) CPU 경보 ${cpu.AlarmName}이(가) 실행`,
        ),
        evidence: [...evidence, cpu.AlarmName ?? ''],
      };
    }
    const watched = driving.map(
      (a) => `${a.AlarmName} on ${describeAlarmMetric(a)}${a.ActionsEnabled === false ? ' (actions disabled)' : ''}`,
    );
    const watchedKo = driving.map(
      (a) => `${a.AlarmName}: ${describeAlarmMetric(a, 'ko')}${a.ActionsEnabled === false ? ', 작업 꺼짐' : ''}`,
    );
    return {
      ok: false,
      message: text(
        `${name} (${type}) is driven by ${watched.join(', ')}, not by an enabled alarm on the CPU of group ${group}`,
        `${name}(${type})을(를) 실행하는 경보(${watchedKo.join('; ')})가 그룹 ${group}의 CPU 경보가 아니거나 작업이 꺼져 있음`,
      ),
      evidence: [...evidence, ...alarmNames],
    };
  }
  return {
    ok: false,
    message: text(
      `${name} is ${type}, which forecasts rather than reacts to CPU`,
      `${name}은(는) ${type}로, CPU에 반응하지 않고 예측함`,
    ),
    evidence,
  };
}

export const scalingPolicy = groupCheck({
  id: 'asg.scaling-policy',
  title: text('A scaling policy reacts to CPU', '조정 정책이 CPU 사용률에 반응함'),
  points: 10,
  hint: text(
    'A scaling policy decides by which metric the group grows and shrinks: use target tracking on average CPU utilisation, or a step/simple policy triggered by a CloudWatch alarm on CPUUtilization.',
    '조정 정책은 어떤 지표를 기준으로 그룹을 늘리고 줄일지 정합니다. 평균 CPU 사용률 대상 추적 정책을 쓰거나, CPUUtilization에 대한 CloudWatch 경보가 실행하는 단계/단순 조정 정책을 쓰세요.',
  ),
  evaluate({ name }, params, inventory) {
    const policies = read(inventory, 'autoscaling.policies').filter((p) => p.AutoScalingGroupName === name);
    if (policies.length === 0) {
      return fail(
        text(`Auto Scaling group ${name} has no scaling policy.`, `오토 스케일링 그룹 ${name}에 조정 정책이 없습니다.`),
        [name],
      );
    }
    // Alarms are read only when a step/simple policy needs them, so a denied CloudWatch read only
    // matters when it decides the verdict.
    const alarms = () => read(inventory, 'cloudwatch.alarms');
    // Policies that need no alarm are judged first: the first one reacting to CPU decides.
    const needsAlarm = (p: ScalingPolicy) => ['StepScaling', 'SimpleScaling'].includes(p.PolicyType ?? 'SimpleScaling');
    const ordered = [...policies.filter((p) => !needsAlarm(p)), ...policies.filter(needsAlarm)];
    const verdicts: PolicyVerdict[] = [];
    for (const policy of ordered) {
      const verdict = judgePolicy(policy, params, alarms);
      if (verdict.ok) {
        return pass(
          text(
            `Auto Scaling group ${name}: ${verdict.message.en}.`,
            `오토 스케일링 그룹 ${name}: ${verdict.message.ko}.`,
          ),
          [name, ...verdict.evidence],
        );
      }
      verdicts.push(verdict);
    }
    return fail(
      text(
        `No scaling policy of ${name} reacts to CPU: ${joinText(verdicts.map((v) => v.message)).en}.`,
        `${name}의 조정 정책 중 CPU에 반응하는 것이 없습니다: ${joinText(verdicts.map((v) => v.message)).ko}.`,
      ),
      [name, ...verdicts.flatMap((v) => v.evidence)],
    );
  },
});
