/**
 * The deploy-time settings of the grader, read from CDK context (cdk.json, or `-c key=value` on
 * the command line) and validated, so a typo fails `cdk synth` with the key's name instead of
 * deploying a schedule that never fires.
 */
import type { Node } from 'constructs';
import * as z from 'zod';
import { describeZodError } from '../checks/zod-field.js';

const DAYS =
  /^(MON|TUE|WED|THU|FRI|SAT|SUN)(-(MON|TUE|WED|THU|FRI|SAT|SUN))?(,(MON|TUE|WED|THU|FRI|SAT|SUN)(-(MON|TUE|WED|THU|FRI|SAT|SUN))?)*$/;

/** The retention periods CloudWatch Logs accepts. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const count = z.coerce.number().int();

export const graderConfigSchema = z.object({
  /** Minutes between two regrades of every student during lab hours (a divisor of 60). */
  gradeEveryMinutes: count
    .refine((n) => n >= 1 && n <= 60 && 60 % n === 0, 'a divisor of 60 between 1 and 60')
    .default(15),
  /** Lab hours, "start-end" in whole hours of `timezone` (end exclusive): "9-18" grades 09:00 to 17:59. */
  labHours: z
    .string()
    .regex(/^\d{1,2}-\d{1,2}$/, 'like "9-18"')
    .refine((s) => {
      const [start, end] = s.split('-').map(Number) as [number, number];
      return start >= 0 && end <= 24 && start < end;
    }, 'start < end, within 0-24')
    .default('9-18'),
  /** Lab days, in cron's day-of-week terms: "MON-FRI", "TUE,THU". */
  labDays: z.string().regex(DAYS, 'like "MON-FRI" or "TUE,THU"').default('MON-FRI'),
  /** IANA time zone of the lab hours. */
  timezone: z.string().min(1).default('Asia/Seoul'),
  /** A full EventBridge Scheduler expression that replaces the three settings above. */
  scheduleExpression: z
    .string()
    .regex(/^(cron|rate)\(.+\)$/, 'cron(...) or rate(...)')
    .optional(),
  /** Whether the schedule runs (false pauses regrading between terms; on-demand grades still work). */
  scheduleEnabled: flag.default(true),
  /** Grades running at once, at most: the SQS event source's maximum concurrency (2-1000). */
  gradeConcurrency: count.refine((n) => n >= 2 && n <= 1000, 'between 2 and 1000').default(10),
  /** Days an attempt's inventory is kept in S3. */
  inventoryRetentionDays: count.refine((n) => n >= 1, 'at least 1').default(180),
  /** Days Lambda and API access logs are kept (a CloudWatch Logs retention value). */
  logRetentionDays: count
    .refine((n) => LOG_RETENTION_DAYS.includes(n), `one of ${LOG_RETENTION_DAYS.join(', ')}`)
    .default(90),
  /** Powertools log level of every function. */
  logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
  /** Where alarms are e-mailed (optional; the SNS topic exists either way). */
  alarmEmail: z.email().optional(),
  /** Deploy live grading: the event bus students' accounts forward their changes to, and its intake. */
  liveEvents: flag.default(true),
  /** Admit every account of this AWS Organization to the event bus instead of listing registered accounts. */
  liveEventsOrganizationId: z
    .string()
    .regex(/^o-[a-z0-9]{10,32}$/, 'an AWS Organizations id, like o-a1b2c3d4e5')
    .optional(),
  /** The grader account's "Event bus policy size" quota in characters (10240 unless raised in Service Quotas). */
  busPolicyMaxChars: count.refine((n) => n >= 1024, 'at least 1024').default(10_240),
  /**
   * Where instructors open the dashboard when the school serves its files itself (an https origin,
   * `https://grader.example.edu`): the only origin the HTTP API allows by CORS, and no dashboard
   * site is created. Absent: the stack serves the dashboard from S3 behind CloudFront and allows
   * exactly that distribution's origin.
   */
  dashboardOrigin: z
    .string()
    .regex(
      /^https:\/\/[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(:\d{1,5})?\/?$/,
      'an https origin only, like https://grader.example.edu (no path, no http)',
    )
    .transform((s) => s.replace(/\/$/, '').toLowerCase())
    .optional(),
  /** Keep the tables, key and bucket when the stack is deleted (default), or delete them with it. */
  retainData: flag.default(true),
});

export type GraderConfig = z.output<typeof graderConfigSchema>;

/** A setting in CDK context is not valid. */
export class GraderConfigError extends Error {
  override name = 'GraderConfigError';
}

/** The settings from CDK context (each key of {@link graderConfigSchema}, unprefixed). */
export function graderConfigFrom(node: Node): GraderConfig {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(graderConfigSchema.shape)) {
    const value = node.tryGetContext(key);
    if (value !== undefined && value !== '') raw[key] = value;
  }
  return parseGraderConfig(raw);
}

export function parseGraderConfig(raw: Record<string, unknown>): GraderConfig {
  const parsed = graderConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new GraderConfigError(`CDK context ${describeZodError(parsed.error, { whole: '(root)' })}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/**
 * The schedule's expression: the explicit one, else every `gradeEveryMinutes` during lab hours on
 * lab days, e.g. "cron(0/15 9-17 ? * MON-FRI *)". Scheduler cron has six fields and needs `?` in
 * day-of-month when day-of-week is given.
 */
export function scheduleExpressionOf(config: GraderConfig): string {
  if (config.scheduleExpression) return config.scheduleExpression;
  const [start, end] = config.labHours.split('-').map(Number) as [number, number];
  const minutes = config.gradeEveryMinutes === 60 ? '0' : `0/${config.gradeEveryMinutes}`;
  const hours = end - start === 1 ? `${start}` : `${start}-${end - 1}`;
  return `cron(${minutes} ${hours} ? * ${config.labDays} *)`;
}
