/**
 * The live-grading part of the student access template, read from the committed file: the rule
 * forwards exactly the successful write calls of the services the labs read (checked against the
 * recorded CloudTrail event shapes), its role can put events on the grader's bus and nowhere else,
 * and the parameters switch each part on and off as the docs say.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forwardedEventSources, labsAffectedBy } from '../../functions/service/live-events.js';
import { PROJECT_ROOT } from '../../infra/grader-stack.js';
import { STUDENT_ROLE_LOGICAL_ID, STUDENT_TEMPLATE_PATH } from '../../infra/student-access-template.js';
import {
  LIVE_ROLE_LOGICAL_ID,
  LIVE_RULE_LOGICAL_ID,
  LIVE_TRAIL_BUCKET_LOGICAL_ID,
  LIVE_TRAIL_LOGICAL_ID,
} from '../../infra/student-live-events.js';

type Json = any;
const template: Json = JSON.parse(readFileSync(join(PROJECT_ROOT, STUDENT_TEMPLATE_PATH), 'utf8'));
const FIXTURES = join(PROJECT_ROOT, 'test/fixtures/cloudtrail');
const fixtures: [string, Json][] = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(FIXTURES, f), 'utf8'))]);

/**
 * EventBridge's matching for the operators the pattern uses: a field's array matches when any
 * element equals the event's value or is `{exists}` agreeing with its presence; objects nest.
 */
function matches(pattern: Json, event: Json): boolean {
  return Object.entries(pattern).every(([key, rule]) => {
    const value = event?.[key];
    if (!Array.isArray(rule)) return value !== null && typeof value === 'object' && matches(rule, value);
    return rule.some((r: Json) =>
      r !== null && typeof r === 'object' && 'exists' in r ? (value !== undefined) === r.exists : r === value,
    );
  });
}

/** Evaluates a condition or rule expression with the stack's parameter values. */
function evaluate(expr: Json, params: Record<string, string>): Json {
  if (typeof expr !== 'object' || expr === null) return expr;
  if ('Ref' in expr) {
    if (expr.Ref in params) return params[expr.Ref];
    const p = template.Parameters[expr.Ref];
    if (!p) throw new Error(`unknown parameter ${expr.Ref}`);
    return p.Default;
  }
  if ('Condition' in expr) return evaluate(template.Conditions[expr.Condition], params);
  if ('Fn::Equals' in expr) return evaluate(expr['Fn::Equals'][0], params) === evaluate(expr['Fn::Equals'][1], params);
  if ('Fn::And' in expr) return expr['Fn::And'].every((e: Json) => evaluate(e, params));
  if ('Fn::Or' in expr) return expr['Fn::Or'].some((e: Json) => evaluate(e, params));
  if ('Fn::Not' in expr) return !evaluate(expr['Fn::Not'][0], params);
  throw new Error(`cannot evaluate ${JSON.stringify(expr)}`);
}

/** The resources a stack with these parameters creates. */
function created(params: Record<string, string>): string[] {
  return Object.entries(template.Resources as Record<string, Json>)
    .filter(([, r]) => !r.Condition || evaluate({ Condition: r.Condition }, params))
    .map(([id]) => id)
    .sort();
}

/** The AssertDescription of every template rule these parameters break. */
function refusals(params: Record<string, string>): string[] {
  return Object.values(template.Rules as Record<string, Json>)
    .filter((rule) => !rule.RuleCondition || evaluate(rule.RuleCondition, params))
    .flatMap((rule) => rule.Assertions)
    .filter((a: Json) => !evaluate(a.Assert, params))
    .map((a: Json) => a.AssertDescription);
}

const BUS = 'arn:aws:events:ap-northeast-2:999988887777:event-bus/labgrader-live-events';
const rule = template.Resources[LIVE_RULE_LOGICAL_ID];
const pattern = rule.Properties.EventPattern;

describe('the live-grading rule', () => {
  it("forwards from the student's default bus to the grader's bus, through its own role, while enabled", () => {
    expect(rule.Properties).toMatchObject({ EventBusName: 'default', State: 'ENABLED' });
    expect(rule.Properties.Targets).toEqual([
      {
        Id: 'grader-event-bus',
        Arn: { Ref: 'GraderEventBusArn' },
        RoleArn: { 'Fn::GetAtt': [LIVE_ROLE_LOGICAL_ID, 'Arn'] },
      },
    ]);
  });

  it('matches the write calls of every service the labs read, as CloudTrail delivers them', () => {
    const forwarded = fixtures.filter(([, e]) => matches(pattern, e)).map(([name]) => name);
    expect(forwarded.sort()).toEqual(
      [
        'autoscaling-create-auto-scaling-group',
        'cloudformation-create-stack',
        'cloudtrail-create-trail',
        'ec2-create-vpc',
        'elasticloadbalancing-create-load-balancer',
        'events-put-rule',
        'iam-create-user',
        'logs-create-log-group',
        'monitoring-put-metric-alarm',
        'rds-create-db-instance',
        's3-create-bucket',
        'sns-create-topic',
      ].sort(),
    );
    // Each forwarded event regrades some lab (the intake's map agrees with the rule).
    for (const [name, e] of fixtures.filter(([, ev]) => matches(pattern, ev))) {
      expect(labsAffectedBy(e.detail.eventSource), name).not.toEqual([]);
    }
  });

  it('is held to a recorded write event of every service it forwards (test/fixtures/cloudtrail/)', () => {
    const covered = new Set(fixtures.filter(([, e]) => matches(pattern, e)).map(([, e]) => e.detail.eventSource));
    expect(
      forwardedEventSources().filter((source) => !covered.has(source)),
      'forwarded services without a recorded write event: add one as test/fixtures/cloudtrail/<service>-<call>.json and name it in the forwarded list of this file',
    ).toEqual([]);
  });

  it('leaves out read-only calls, refused calls, other detail-types and services no lab reads', () => {
    const [, vpc] = fixtures.find(([n]) => n === 'ec2-create-vpc')!;
    expect(matches(pattern, fixtures.find(([n]) => n === 'ec2-describe-vpcs')![1])).toBe(false);
    expect(matches(pattern, fixtures.find(([n]) => n === 'ec2-create-vpc-denied')![1])).toBe(false);
    expect(matches(pattern, { ...vpc, detail: { ...vpc.detail, readOnly: true } })).toBe(false);
    expect(matches(pattern, { ...vpc, 'detail-type': 'AWS Console Signin via CloudTrail' })).toBe(false);
    expect(
      matches(pattern, {
        ...vpc,
        source: 'aws.lambda',
        detail: { ...vpc.detail, eventSource: 'lambda.amazonaws.com' },
      }),
    ).toBe(false);
    // The matcher is not vacuous: the unchanged event matches.
    expect(matches(pattern, vpc)).toBe(true);
  });

  it("stays within EventBridge's 2048-character event pattern limit", () => {
    expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(2048);
  });
});

describe("the rule's role", () => {
  const role = template.Resources[LIVE_ROLE_LOGICAL_ID];

  it("may only events:PutEvents on the grader's one bus", () => {
    const statements = role.Properties.Policies.flatMap((p: Json) => p.PolicyDocument.Statement);
    expect(statements.map(({ Sid: _sid, ...s }: Json) => s)).toEqual([
      { Effect: 'Allow', Action: 'events:PutEvents', Resource: { Ref: 'GraderEventBusArn' } },
    ]);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it("is assumed by this account's EventBridge only, and is not under the path the grader may assume", () => {
    const [trust, ...others] = role.Properties.AssumeRolePolicyDocument.Statement;
    expect(others).toEqual([]);
    expect(trust).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
    expect(role.Properties.Path).not.toBe(template.Resources[STUDENT_ROLE_LOGICAL_ID].Properties.Path);
  });
});

describe('the trail', () => {
  const trail = template.Resources[LIVE_TRAIL_LOGICAL_ID];
  const bucket = template.Resources[LIVE_TRAIL_BUCKET_LOGICAL_ID];

  it('is the cheapest that works: one region, management write events only, no data events, logs kept a day', () => {
    expect(trail.Properties).toMatchObject({
      IsLogging: true,
      IsMultiRegionTrail: false,
      IncludeGlobalServiceEvents: true,
      EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }],
    });
    expect(trail.Properties.EventSelectors[0].DataResources).toBeUndefined();
    expect(trail.Properties.InsightSelectors).toBeUndefined();
    expect(trail.Properties.CloudWatchLogsLogGroupArn).toBeUndefined();
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
      { Id: 'expire-trail-logs', Status: 'Enabled', ExpirationInDays: 1 },
    ]);
  });

  it("never counts as the S3 lab's bucket (a log bucket by name) nor passes mon.cloudtrail (not multi-region)", async () => {
    const { DEFAULT_IGNORED_BUCKETS } = await import('../../checks/facts/s3.js');
    const name = (bucket.Properties.BucketName['Fn::Sub'] as string).replace(/\$\{[^}]+\}/g, '111122223333');
    expect(name).toMatch(/^labgrader-trail-/);
    expect(new RegExp(DEFAULT_IGNORED_BUCKETS, 'i').test(name)).toBe(true);
    expect(trail.Properties.IsMultiRegionTrail).toBe(false);
  });
});

describe('the parameters', () => {
  const live = [LIVE_ROLE_LOGICAL_ID, LIVE_RULE_LOGICAL_ID];
  const trail = Object.keys(template.Resources).filter((id) => id.startsWith('LiveEventsTrail'));

  it('turn live grading on by default: role, rule and trail, with the grader role', () => {
    expect(template.Parameters.LiveGrading.Default).toBe('true');
    expect(created({ GraderEventBusArn: BUS })).toEqual([STUDENT_ROLE_LOGICAL_ID, ...live, ...trail].sort());
    expect(refusals({ GraderEventBusArn: BUS })).toEqual([]);
  });

  it('with LiveGrading=false create only the read-only role, and need no bus', () => {
    expect(created({ LiveGrading: 'false' })).toEqual([STUDENT_ROLE_LOGICAL_ID]);
    expect(refusals({ LiveGrading: 'false' })).toEqual([]);
    const outputs = Object.entries(template.Outputs as Record<string, Json>)
      .filter(([, o]) => !o.Condition || evaluate({ Condition: o.Condition }, { LiveGrading: 'false' }))
      .map(([id]) => id);
    expect(outputs).toEqual(['RoleArn']);
  });

  it('with CreateTrail=false leave the trail to the one the student already has', () => {
    expect(created({ GraderEventBusArn: BUS, CreateTrail: 'false' })).toEqual(
      [STUDENT_ROLE_LOGICAL_ID, ...live].sort(),
    );
  });

  it('with GraderRole=false make the events-only stack a student deploys in us-east-1 for IAM', () => {
    expect(created({ GraderEventBusArn: BUS, GraderRole: 'false' })).toEqual([...live, ...trail].sort());
  });

  it('refuse live grading without the bus ARN, and a stack that would create nothing, with a clear message', () => {
    expect(refusals({})).toEqual([expect.stringMatching(/GraderEventBusArn/)]);
    expect(refusals({ LiveGrading: 'false', GraderRole: 'false' })).toEqual([
      expect.stringMatching(/would create nothing/),
    ]);
  });

  it('accept only an event bus ARN (or nothing) for the bus', () => {
    const allowed = new RegExp(template.Parameters.GraderEventBusArn.AllowedPattern);
    expect(allowed.test(BUS)).toBe(true);
    expect(allowed.test('')).toBe(true);
    expect(allowed.test('arn:aws:sqs:ap-northeast-2:999988887777:queue')).toBe(false);
    expect(allowed.test('arn:aws:events:ap-northeast-2:999988887777:rule/x')).toBe(false);
  });
});
