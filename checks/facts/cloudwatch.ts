/** CloudWatch sources. */
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';

declare module '../inventory.js' {
  interface SourceTypes {
    /** Metric alarms (DescribeAlarms' default type). */
    'cloudwatch.alarms': MetricAlarm[];
  }
}

/** The metric names an alarm watches (a plain metric or metric math over several). */
export function alarmMetricNames(alarm: MetricAlarm): string[] {
  const names = alarm.MetricName ? [alarm.MetricName] : [];
  for (const m of alarm.Metrics ?? []) if (m.MetricStat?.Metric?.MetricName) names.push(m.MetricStat.Metric.MetricName);
  return names;
}
