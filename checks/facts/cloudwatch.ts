/**
 * CloudWatch sources, and what a metric alarm watches by its metric's namespace, name and
 * dimensions: an alarm is on an instance's or an Auto Scaling group's CPU only when its metric (or
 * a metric of its metric math) is that resource's. Shared by the ALB and monitoring labs.
 */
import type { Dimension, MetricAlarm } from '@aws-sdk/client-cloudwatch';

declare module '../inventory.js' {
  interface SourceTypes {
    /** Metric alarms (DescribeAlarms' default type). */
    'cloudwatch.alarms': MetricAlarm[];
  }
}

/** The EC2 dimensions that name one lab resource. */
export type ResourceDimension = 'InstanceId' | 'AutoScalingGroupName';

/** One resource whose metric an alarm watches. */
export interface WatchedResource {
  dimension: ResourceDimension;
  id: string;
}

interface WatchedMetric {
  namespace: string | undefined;
  metricName: string | undefined;
  dimensions: Dimension[];
}

/** The metrics an alarm reads: its own metric, or each metric of its metric math. */
function metricsOf(alarm: MetricAlarm): WatchedMetric[] {
  const metrics: WatchedMetric[] = [];
  if (alarm.MetricName) {
    metrics.push({ namespace: alarm.Namespace, metricName: alarm.MetricName, dimensions: alarm.Dimensions ?? [] });
  }
  for (const m of alarm.Metrics ?? []) {
    const metric = m.MetricStat?.Metric;
    if (metric?.MetricName) {
      metrics.push({ namespace: metric.Namespace, metricName: metric.MetricName, dimensions: metric.Dimensions ?? [] });
    }
  }
  return metrics;
}

/**
 * The instances and groups whose CPU the alarm watches: an `AWS/EC2` metric named in
 * `cpuMetricNames` whose only dimension is `InstanceId` or `AutoScalingGroupName`. (EC2 publishes
 * CPU per instance and per group; a metric with another or a further dimension is another series.)
 */
export function cpuResourcesOf(alarm: MetricAlarm, cpuMetricNames: readonly string[]): WatchedResource[] {
  const watched: WatchedResource[] = [];
  for (const m of metricsOf(alarm)) {
    if (m.namespace !== 'AWS/EC2' || !m.metricName || !cpuMetricNames.includes(m.metricName)) continue;
    const [only, ...more] = m.dimensions;
    if (!only || more.length > 0 || !only.Value) continue;
    if (only.Name === 'InstanceId' || only.Name === 'AutoScalingGroupName') {
      watched.push({ dimension: only.Name, id: only.Value });
    }
  }
  return watched;
}

/** Whether the alarm watches the CPU of the given resource. */
export function watchesCpuOf(
  alarm: MetricAlarm,
  cpuMetricNames: readonly string[],
  dimension: ResourceDimension,
  id: string,
): boolean {
  return cpuResourcesOf(alarm, cpuMetricNames).some((r) => r.dimension === dimension && r.id === id);
}

/** `CPUUtilization of AutoScalingGroupName=lab-asg`, for messages. */
export function describeAlarmMetric(alarm: MetricAlarm, lang: 'en' | 'ko' = 'en'): string {
  const parts = metricsOf(alarm).map((m) => {
    const dims = m.dimensions.map((d) => `${d.Name}=${d.Value}`).join(', ');
    if (lang === 'ko') return `${m.metricName}${dims ? `(${dims})` : '(차원 없음)'}`;
    return `${m.metricName}${dims ? ` of ${dims}` : ' (no dimension)'}`;
  });
  return parts.join(' + ') || (lang === 'ko' ? '지표 없음' : 'no metric');
}
