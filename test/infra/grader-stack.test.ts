/**
 * What `cdk deploy` would create, asserted on the synthesized template (offline: no AWS account,
 * no Docker). The stack is built once, with settings that differ from every default, so each
 * assertion proves the setting reached the resource.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRADER_MISCONFIGURED_METRIC } from '../../functions/errors.js';
import { gradesTableDefinition, KEY } from '../../functions/store/tables.js';
import { LTI_PUBLIC_ROUTE_KEYS } from '../../infra/constructs/lti.js';
import { API_ROUTES, HANDLER_ENTRIES, type HandlerName } from '../../infra/entries.js';
import { ADMINS_GROUP, type GraderStack, INSTRUCTORS_GROUP, PROJECT_ROOT } from '../../infra/grader-stack.js';
import { studentReadActions } from '../../infra/permissions.js';
import { buildGraderStack, entriesForTests } from './synth.js';

const SETTINGS = {
  gradeEveryMinutes: 20,
  labHours: '8-20',
  labDays: 'TUE,THU',
  timezone: 'Europe/Paris',
  gradeConcurrency: 7,
  inventoryRetentionDays: 120,
  logRetentionDays: 30,
  logLevel: 'DEBUG',
  alarmEmail: 'ta@example.edu',
};

let stack: GraderStack;
let template: Template;
let outdir: string;

beforeAll(() => {
  const built = buildGraderStack(SETTINGS);
  stack = built.stack;
  template = Template.fromStack(stack);
  outdir = built.app.outdir;
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

type Resource = { Type: string; Properties: Record<string, any>; [k: string]: unknown };
const resources = (type: string) => Object.entries(template.findResources(type) as Record<string, Resource>);
const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  stack.resolve(stack.getLogicalId(construct.node.defaultChild as any)) as string;
const fnProps = (name: HandlerName) =>
  template.findResources('AWS::Lambda::Function')[idOf(stack.functions[name])]?.Properties as Record<string, any>;
const statementsOf = (name: HandlerName) => {
  const roleId = idOf(stack.functions[name].role as any);
  return resources('AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
};
const actionsOf = (name: HandlerName) => statementsOf(name).flatMap((s) => [s.Action].flat());

describe('functions', () => {
  const names = Object.keys(HANDLER_ENTRIES) as HandlerName[];

  it.each(names)('%s runs on nodejs22.x, arm64, with the Powertools environment', (name) => {
    const props = fnProps(name);
    expect(props.Runtime).toBe('nodejs22.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.Handler).toBe('index.handler');
    expect(props.Environment.Variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: `labgrader-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      POWERTOOLS_METRICS_NAMESPACE: 'labgrader',
    });
  });

  it.each(names)('%s is one minified ESM bundle that leaves the AWS SDK to the runtime', (name) => {
    const asset = join(outdir, `asset.${fnProps(name).Code.S3Key.replace(/\.zip$/, '')}`);
    const bundle = readFileSync(join(asset, 'index.mjs'), 'utf8');
    expect(bundle).toMatch(/createRequire\(import\.meta\.url\)/);
    // A bundled SDK client would carry its endpoint rule set ("{Region}") and user agent.
    expect(bundle).not.toMatch(/\{Region\}|aws-sdk-js/);
    if (entriesForTests().placeholders.includes(name)) return;
    // The SDK client is loaded from the runtime: by require() since the handlers load the SDK's
    // CommonJS packages that way (infra/bundling.ts, requireSdkImports), by an ESM import before.
    expect(bundle).toMatch(/(?:from\s*|require\()"@aws-sdk\/client-/);
    // Minified: a few very long lines (template literals keep their own line breaks).
    expect(bundle.length / bundle.split('\n').length).toBeGreaterThan(200);
  });

  it('give every handler the environment variables it reads', () => {
    for (const name of names) {
      const file = join(PROJECT_ROOT, HANDLER_ENTRIES[name]);
      if (!existsSync(file)) continue;
      const source = readFileSync(file, 'utf8');
      const read = [
        ...source.matchAll(/required\('([A-Z0-9_]+)'\)/g),
        ...source.matchAll(/process\.env(?:\.|\[')([A-Z0-9_]+)/g),
      ].map((m) => m[1] as string);
      const provided = Object.keys(fnProps(name).Environment.Variables);
      expect(
        read.filter((v) => !v.startsWith('AWS_') && !provided.includes(v)),
        `${name} (${HANDLER_ENTRIES[name]})`,
      ).toEqual([]);
    }
  });

  it('wire the dispatch function to the grades table and the queue, the grade function to its data', () => {
    expect(fnProps('dispatch').Environment.Variables).toMatchObject({
      GRADES_TABLE: { Ref: idOf(stack.gradesTable) },
      GRADE_QUEUE_URL: { Ref: idOf(stack.queue) },
      LIVE_EVENTS: 'true',
    });
    expect(fnProps('gradeWorker').Environment.Variables).toMatchObject({
      GRADES_TABLE: { Ref: idOf(stack.gradesTable) },
      IDEMPOTENCY_TABLE: { Ref: idOf(stack.idempotencyTable) },
      SCORE_QUEUE_URL: { Ref: idOf(stack.lti.scoreQueue) },
      INVENTORY_BUCKET: { Ref: idOf(stack.inventoryBucket) },
      CREDENTIALS_KEY_ID: { 'Fn::GetAtt': [idOf(stack.credentialsKey), 'Arn'] },
    });
    expect(fnProps('api').Environment.Variables).toMatchObject({
      INSTRUCTOR_GROUP: INSTRUCTORS_GROUP,
      ADMIN_GROUP: ADMINS_GROUP,
      STUDENT_ID_CLAIM: 'cognito:username',
    });
  });

  it('keep their logs for the configured retention', () => {
    const groups = resources('AWS::Logs::LogGroup');
    expect(groups.length).toBe(Object.keys(stack.functions).length + 1); // the functions + API access logs
    for (const [, g] of groups) expect(g.Properties.RetentionInDays).toBe(30);
  });
});

describe('queue', () => {
  it('parks a job that failed three times in the dead-letter queue', () => {
    const queue = template.findResources('AWS::SQS::Queue')[idOf(stack.queue)]!;
    expect(queue.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [idOf(stack.deadLetterQueue), 'Arn'] },
      maxReceiveCount: 3,
    });
    const timeout = fnProps('gradeWorker').Timeout as number;
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout);
  });

  it('is encrypted and refuses plain HTTP, as is the dead-letter queue', () => {
    for (const [, q] of resources('AWS::SQS::Queue')) expect(q.Properties.SqsManagedSseEnabled).toBe(true);
    const denies = resources('AWS::SQS::QueuePolicy').flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    expect(
      denies.filter((s: any) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'),
    ).toHaveLength(resources('AWS::SQS::Queue').length);
  });

  it('feeds the grade function at most the configured number of grades at once, with partial batch failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: idOf(stack.functions.gradeWorker) },
      EventSourceArn: { 'Fn::GetAtt': [idOf(stack.queue), 'Arn'] },
      ScalingConfig: { MaximumConcurrency: 7 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });
});

describe('schedule', () => {
  it('runs the dispatch function every 20 minutes of lab hours, in the lab time zone, with the tick time', () => {
    const [[, schedule] = []] = resources('AWS::Scheduler::Schedule');
    expect(schedule?.Properties).toMatchObject({
      ScheduleExpression: 'cron(0/20 8-19 ? * TUE,THU *)',
      ScheduleExpressionTimezone: 'Europe/Paris',
      State: 'ENABLED',
      Target: { Arn: { 'Fn::GetAtt': [idOf(stack.functions.dispatch), 'Arn'] } },
    });
    expect(JSON.parse(schedule?.Properties.Target.Input)).toEqual({ time: '<aws.scheduler.scheduled-time>' });
  });
});

describe('data', () => {
  it('keeps the grades table as the store defines it, with TTL, point-in-time recovery and encryption', () => {
    const def = gradesTableDefinition('x');
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: def.KeySchema,
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: def.GlobalSecondaryIndexes?.[0]?.IndexName })],
      TimeToLiveSpecification: { AttributeName: KEY.ttl, Enabled: true },
      DeletionProtectionEnabled: true,
    });
    for (const [, t] of resources('AWS::DynamoDB::Table')) {
      expect(t.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(t.Properties.SSESpecification).toEqual({ SSEEnabled: true });
      expect(t.Properties.TimeToLiveSpecification.Enabled).toBe(true);
    }
    expect(resources('AWS::DynamoDB::Table')).toHaveLength(2);
  });

  it('keeps inventories private, encrypted, and only for the configured days', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 120, Status: 'Enabled' })] },
    });
  });

  it('seals session credentials with a rotating KMS key', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });
});

describe('HTTP API', () => {
  it('serves exactly the routes of the design, every one behind the Cognito JWT authorizer', () => {
    const [[authorizerId, authorizer] = []] = resources('AWS::ApiGatewayV2::Authorizer');
    expect(authorizer?.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ Ref: idOf(stack.userPoolClient) }] },
    });
    expect(JSON.stringify(authorizer?.Properties.JwtConfiguration.Issuer)).toContain(idOf(stack.userPool));
    const routes = resources('AWS::ApiGatewayV2::Route');
    const lti = new Set(LTI_PUBLIC_ROUTE_KEYS);
    expect(routes.map(([, r]) => r.Properties.RouteKey).sort()).toEqual([...API_ROUTES, ...lti].sort());
    for (const [, r] of routes.filter(([, r]) => !lti.has(r.Properties.RouteKey))) {
      expect(r.Properties, r.Properties.RouteKey).toMatchObject({
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: authorizerId },
      });
    }
  });

  it('leaves only the LTI endpoints the LMS and the browser call public (issue 18)', () => {
    const routes = resources('AWS::ApiGatewayV2::Route').filter(([, r]) => r.Properties.AuthorizationType === 'NONE');
    expect(routes.map(([, r]) => r.Properties.RouteKey).sort()).toEqual(
      ['GET /lti/jwks', 'GET /lti/login', 'POST /lti/launch', 'POST /lti/login'].sort(),
    );
  });

  it('writes access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context.requestId') },
    });
  });

  it('has an instructors group, an admins group for the operators and no self sign-up', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: INSTRUCTORS_GROUP });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: ADMINS_GROUP });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });
});

describe('alarms', () => {
  const alarms = () => resources('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);

  it('fire when a grade job reaches the dead-letter queue', () => {
    const dlq = alarms().find((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(dlq).toMatchObject({
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [idOf(stack.deadLetterQueue), 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('watch every function for errors, and the backlog for two schedule intervals', () => {
    const erroring = alarms()
      .filter((a) => a.MetricName === 'Errors')
      .map((a) => a.Dimensions[0].Value.Ref)
      .sort();
    expect(erroring).toEqual(Object.values(stack.functions).map(idOf).sort());
    expect(alarms().find((a) => a.MetricName === 'ApproximateAgeOfOldestMessage')?.Threshold).toBe(2 * 20 * 60);
  });

  it("fire on the grader's own configuration failures, counted by the API and the grade worker (issue 20 item 10)", () => {
    const misconfigured = alarms().filter((a) => a.MetricName === GRADER_MISCONFIGURED_METRIC);
    const serviceOf = (name: HandlerName) => fnProps(name).Environment.Variables.POWERTOOLS_SERVICE_NAME;
    expect(misconfigured.map((a) => a.Dimensions)).toEqual([
      [{ Name: 'service', Value: serviceOf('api') }],
      [{ Name: 'service', Value: serviceOf('gradeWorker') }],
    ]);
    for (const a of misconfigured) {
      expect(a).toMatchObject({
        Namespace: fnProps('api').Environment.Variables.POWERTOOLS_METRICS_NAMESPACE,
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    }
  });

  it('all notify the alarm topic, which mails the configured address', () => {
    for (const a of alarms()) expect(a.AlarmActions).toEqual([{ Ref: idOf(stack.alarmTopic) }]);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ta@example.edu' });
  });
});

describe("the grader's own permissions", () => {
  it('reach student accounts only by assuming roles under /labgrader/', () => {
    for (const name of ['gradeWorker', 'api'] as const) {
      const assume = statementsOf(name).filter((s) => [s.Action].flat().includes('sts:AssumeRole'));
      expect(assume.map((s) => Stack.of(stack).resolve(s.Resource))).toEqual([
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/labgrader/*']] },
      ]);
    }
    expect(actionsOf('dispatch')).not.toContain('sts:AssumeRole');
  });

  it("include none of the students' read actions and no wildcard action or resource", () => {
    const read = new Set(studentReadActions());
    for (const name of Object.keys(HANDLER_ENTRIES) as HandlerName[]) {
      expect(
        actionsOf(name).filter((a) => read.has(a) || a === '*' || /^[a-z0-9-]+:\*$/.test(a)),
        name,
      ).toEqual([]);
      expect(
        statementsOf(name).filter((s) => s.Resource === '*'),
        name,
      ).toEqual([]);
    }
  });
});

describe('live grading', () => {
  const busId = () => idOf(stack.live.bus);

  it("has an event bus for the students' accounts, admitting nobody until the bus-policy function writes the roster", () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'LabgraderTest-live-events' });
    // The policy is the function's to write (registered accounts change after deployment).
    template.resourceCountIs('AWS::Events::EventBusPolicy', 0);
    template.hasOutput('LiveEventBusArn', { Value: { 'Fn::GetAtt': [busId(), 'Arn'] } });
  });

  it("sends the bus's CloudTrail API calls of the forwarded services to the intake, which queues grade jobs", () => {
    const [[, rule] = []] = resources('AWS::Events::Rule').filter(
      ([, r]) => r.Properties.EventBusName?.Ref === busId(),
    );
    expect(rule?.Properties).toMatchObject({
      State: 'ENABLED',
      EventPattern: {
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: { eventSource: expect.arrayContaining(['ec2.amazonaws.com', 'iam.amazonaws.com']) },
      },
      Targets: [expect.objectContaining({ Arn: { 'Fn::GetAtt': [idOf(stack.functions.eventIntake), 'Arn'] } })],
    });
    expect(fnProps('eventIntake').Environment.Variables).toMatchObject({
      GRADES_TABLE: { Ref: idOf(stack.gradesTable) },
      GRADE_QUEUE_URL: { Ref: idOf(stack.queue) },
    });
    expect(actionsOf('eventIntake')).toEqual(expect.arrayContaining(['sqs:SendMessage', 'dynamodb:PutItem']));
    expect(actionsOf('eventIntake')).not.toContain('sts:AssumeRole');
  });

  it('keeps an event the intake failed on after its retries in the failed-events queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: idOf(stack.functions.eventIntake) },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [idOf(stack.live.failedEvents), 'Arn'] } } },
    });
  });

  it("lets the bus-policy function write only this bus's policy, from the account index items of the table's stream", () => {
    const policyWrites = statementsOf('busPolicy').filter((st) =>
      [st.Action].flat().some((a) => String(a).startsWith('events:')),
    );
    expect(policyWrites.map((st) => ({ Action: st.Action, Resource: st.Resource }))).toEqual([
      {
        Action: ['events:PutPermission', 'events:RemovePermission'],
        Resource: { 'Fn::GetAtt': [busId(), 'Arn'] },
      },
    ]);
    expect(fnProps('busPolicy').Environment.Variables).toMatchObject({
      EVENT_BUS_NAME: { Ref: busId() },
      EVENT_BUS_ARN: { 'Fn::GetAtt': [busId(), 'Arn'] },
      BUS_POLICY_MAX_CHARS: '10240',
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: idOf(stack.functions.busPolicy) },
      EventSourceArn: { 'Fn::GetAtt': [idOf(stack.gradesTable), 'StreamArn'] },
      FilterCriteria: {
        Filters: [{ Pattern: JSON.stringify({ dynamodb: { Keys: { PK: { S: [{ prefix: 'ACCOUNT#' }] } } } }) }],
      },
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'KEYS_ONLY' } });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 day)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [idOf(stack.functions.busPolicy), 'Arn'] } })],
    });
  });

  it('alarms when the registered accounts no longer fit in the bus policy', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'BusPolicyOverLimit',
      Namespace: 'labgrader',
      Dimensions: [{ Name: 'service', Value: 'labgrader-bus-policy' }],
      Threshold: 1,
    });
  });
});

describe('logical ids', () => {
  // CloudFormation replaces a resource whose logical id changes: a new, empty table, user pool or
  // key. These are the ids every deployed grader has had since the stack's first release.
  it.each([
    ['gradesTable', 'GradesTableE1603BF6'],
    ['idempotencyTable', 'IdempotencyTable22A5A209'],
    ['credentialsKey', 'CredentialsKeyA24B74BF'],
    ['inventoryBucket', 'InventoryBucketA869B8CB'],
    ['userPool', 'UserPool6BA7E5F2'],
    ['queue', 'GradeQueue168FAC0E'],
  ] as const)('keep %s at %s whatever part of the stack holds it', (name, id) => {
    expect(idOf(stack[name])).toBe(id);
  });

  it('keep the grade queue mapping (Lambda refuses a second mapping of the same queue and function)', () => {
    expect(Object.keys(template.findResources('AWS::Lambda::EventSourceMapping'))).toEqual([
      'GradeFunctionSqsEventSourceLabgraderTestGradeQueue3465F099174ABDE5',
      'ScoreFunctionScoreQueueSource51C69643',
      'BusPolicyFunctionAccountIndexStream3862F27D',
    ]);
  });
});

describe('the dashboard and CORS (issue 20 item 3)', () => {
  const origin = () => stack.resolve(stack.dashboardOrigin);

  it('serves the dashboard from a private bucket behind CloudFront, over HTTPS only', () => {
    expect(stack.dashboard).toBeDefined();
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
      }),
    });
    const bucketId = idOf(stack.dashboard!.bucket);
    expect(template.findResources('AWS::S3::Bucket')[bucketId]?.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });

  it("uploads the dashboard's files with a config.json naming the API, the page's only token destination", () => {
    const [, deployment] = resources('Custom::CDKBucketDeployment')[0]!;
    expect(deployment.Properties.DestinationBucketName).toEqual({ Ref: idOf(stack.dashboard!.bucket) });
    expect(deployment.Properties.DistributionPaths).toEqual(['/*']);
    // The second source is config.json, its apiBase the API's URL (substituted at deploy time).
    const markers = deployment.Properties.SourceMarkers as Record<string, unknown>[];
    expect(markers).toHaveLength(2);
    expect(JSON.stringify(markers[1])).toContain(`"Ref":"${idOf(stack.api)}"`);
  });

  it("allows exactly the distribution's origin by CORS, with the headers the dashboard sends", () => {
    expect(origin()).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [idOf(stack.dashboard!.distribution), 'DomainName'] }]],
    });
    const apis = resources('AWS::ApiGatewayV2::Api');
    expect(apis).toHaveLength(1);
    expect(apis[0]![1].Properties.CorsConfiguration).toEqual({
      AllowOrigins: [origin()],
      AllowMethods: ['GET', 'PUT', 'POST', 'DELETE'],
      AllowHeaders: ['authorization', 'content-type'],
      ExposeHeaders: ['retry-after'],
      AllowCredentials: false,
      MaxAge: 3600,
    });
    template.hasOutput('DashboardUrl', { Value: origin() });
  });
});
