/**
 * The whole grader in one stack: the schedule fans out through SQS to the grade worker, the HTTP
 * API (Cognito JWT on every route) serves on-demand grades, results and the roster; DynamoDB keeps
 * courses, roster and results, S3 each attempt's inventory, KMS seals submitted session
 * credentials. Every cdk-nag finding that stays is acknowledged here, next to its construct, with
 * the reason.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import {
  Aws,
  type CfnElement,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  TimeZone,
  Validations,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct, IConstruct } from 'constructs';
import { GSI1, gradesTableDefinition, idempotencyTableDefinition, KEY } from '../functions/store/tables.js';
import { type GraderConfig, graderConfigFrom, scheduleExpressionOf } from './config.js';
import { API_ROUTES, HANDLER_ENTRIES, type HandlerName } from './entries.js';
import { GRADER_CROSS_ACCOUNT_ACTIONS, studentRoleArnPattern } from './permissions.js';

/** The project root: entries, the lock file and tsconfig are found from here. */
export const PROJECT_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** The Cognito group whose members are instructors (the API reads it from the token's cognito:groups). */
export const INSTRUCTORS_GROUP = 'instructors';

/** Powertools metrics namespace of every function. */
export const METRICS_NAMESPACE = 'labgrader';

/** Grade worker timeout; the queue's visibility timeout is six times this (AWS's advice for SQS sources). */
const GRADE_TIMEOUT = Duration.seconds(90);

/** Messages a grade worker invocation takes at once (Powertools processes them in parallel). */
const GRADE_BATCH_SIZE = 5;

/** Receives before a grade job is parked in the dead-letter queue. */
const MAX_RECEIVE_COUNT = 3;

export interface GraderStackProps extends StackProps {
  /** Deploy-time settings; default: read from CDK context (cdk.json, `-c key=value`). */
  config?: GraderConfig;
  /** Handler files by function, relative to the project root; default: {@link HANDLER_ENTRIES}. */
  entries?: Partial<Record<HandlerName, string>>;
}

function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** A CDK table definition from the store's own CreateTable input, so the two can never drift. */
function keysOf(def: CreateTableCommandInput, keySchema = def.KeySchema ?? []) {
  const typeOf = (name: string) => {
    const type = def.AttributeDefinitions?.find((a) => a.AttributeName === name)?.AttributeType;
    return type === 'N' ? AttributeType.NUMBER : type === 'B' ? AttributeType.BINARY : AttributeType.STRING;
  };
  const hash = keySchema.find((k) => k.KeyType === 'HASH')?.AttributeName;
  const range = keySchema.find((k) => k.KeyType === 'RANGE')?.AttributeName;
  if (!hash) throw new Error(`table ${def.TableName} has no partition key`);
  return {
    partitionKey: { name: hash, type: typeOf(hash) },
    ...(range ? { sortKey: { name: range, type: typeOf(range) } } : {}),
  };
}

export class GraderStack extends Stack {
  readonly config: GraderConfig;
  readonly gradesTable: Table;
  readonly idempotencyTable: Table;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly credentialsKey: Key;
  readonly inventoryBucket: Bucket;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly api: HttpApi;
  readonly functions: Record<HandlerName, NodejsFunction>;
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: GraderStackProps = {}) {
    super(scope, id, props);
    const config = props.config ?? graderConfigFrom(this.node);
    this.config = config;
    const entries = { ...HANDLER_ENTRIES, ...props.entries };
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logRetention = config.logRetentionDays as RetentionDays;

    // ---- data ---------------------------------------------------------------------------------
    const gradesDef = gradesTableDefinition('grades');
    this.gradesTable = new Table(this, 'GradesTable', {
      ...keysOf(gradesDef),
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: KEY.ttl,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      deletionProtection: config.retainData,
      removalPolicy,
    });
    for (const gsi of gradesDef.GlobalSecondaryIndexes ?? []) {
      this.gradesTable.addGlobalSecondaryIndex({
        indexName: gsi.IndexName ?? GSI1,
        ...keysOf(gradesDef, gsi.KeySchema),
      });
    }

    this.idempotencyTable = new Table(this, 'IdempotencyTable', {
      ...keysOf(idempotencyTableDefinition('idempotency')),
      billingMode: BillingMode.PAY_PER_REQUEST,
      // Powertools idempotency records carry their expiry in `expiration`.
      timeToLiveAttribute: 'expiration',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      // Only in-flight job markers: nothing to keep when the stack goes.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.credentialsKey = new Key(this, 'CredentialsKey', {
      description: 'labgrader: seals session credentials students submit (Learner Lab)',
      enableKeyRotation: true,
      pendingWindow: Duration.days(7),
      removalPolicy,
    });

    this.inventoryBucket = new Bucket(this, 'InventoryBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [
        {
          id: 'expire-inventories',
          expiration: Duration.days(config.inventoryRetentionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy,
    });
    acknowledge(
      this.inventoryBucket,
      'AwsSolutions-S1',
      'Only the grader functions write and read this bucket (IAM-scoped to its courses/ prefix); a second access-log bucket would double the storage to log those same calls, which CloudTrail data events can record when a school needs it.',
    );

    // ---- queue --------------------------------------------------------------------------------
    this.deadLetterQueue = new Queue(this, 'GradeDeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new Queue(this, 'GradeQueue', {
      visibilityTimeout: Duration.seconds(GRADE_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(1),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });

    // ---- functions ----------------------------------------------------------------------------
    const fn = (name: HandlerName, id: string, service: string, extra: Partial<NodejsFunctionProps>) => {
      const logGroup = new LogGroup(this, `${id}Logs`, {
        retention: logRetention,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      const f = new NodejsFunction(this, id, {
        entry: join(PROJECT_ROOT, entries[name]),
        handler: 'handler',
        runtime: Runtime.NODEJS_22_X,
        architecture: Architecture.ARM_64,
        projectRoot: PROJECT_ROOT,
        depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
        logGroup,
        bundling: {
          format: OutputFormat.ESM,
          target: 'node22',
          minify: true,
          sourceMap: true,
          mainFields: ['module', 'main'],
          // The nodejs22.x runtime ships the AWS SDK v3: leave it out of the bundle.
          externalModules: ['@aws-sdk/*'],
          // CommonJS dependencies inside an ESM bundle still call require().
          banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        },
        ...extra,
        environment: {
          POWERTOOLS_SERVICE_NAME: service,
          POWERTOOLS_LOG_LEVEL: config.logLevel,
          POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
          NODE_OPTIONS: '--enable-source-maps',
          ...extra.environment,
        },
      });
      acknowledge(
        f.role!,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'The AWS managed basic execution policy only lets the function write its own CloudWatch logs.',
      );
      acknowledge(
        f,
        'AwsSolutions-L1',
        'Pinned to nodejs22.x, the runtime the grader and Powertools 2.x are built and tested on; moving runtime is a tested change, not an automatic one.',
      );
      return f;
    };

    const dispatch = fn('dispatch', 'DispatchFunction', 'labgrader-dispatch', {
      description: 'labgrader: schedule tick -> one grade job per (student, lab) on the queue',
      memorySize: 512,
      timeout: Duration.minutes(5),
      environment: { GRADES_TABLE: this.gradesTable.tableName, GRADE_QUEUE_URL: this.queue.queueUrl },
    });
    this.gradesTable.grantReadData(dispatch);
    this.queue.grantSendMessages(dispatch);

    const gradeEnvironment = {
      GRADES_TABLE: this.gradesTable.tableName,
      INVENTORY_BUCKET: this.inventoryBucket.bucketName,
      CREDENTIALS_KEY_ID: this.credentialsKey.keyArn,
    };
    const gradeWorker = fn('gradeWorker', 'GradeFunction', 'labgrader-grade-worker', {
      description: 'labgrader: grade job -> student account inventory -> checks -> stored attempt',
      memorySize: 1024,
      timeout: GRADE_TIMEOUT,
      environment: { ...gradeEnvironment, IDEMPOTENCY_TABLE: this.idempotencyTable.tableName },
    });
    gradeWorker.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: GRADE_BATCH_SIZE,
        reportBatchItemFailures: true,
        // The cap on grades in flight: protects the grader's STS and DynamoDB rates and each
        // student account's API limits however large the class is.
        maxConcurrency: config.gradeConcurrency,
      }),
    );

    const api = fn('api', 'ApiFunction', 'labgrader-api', {
      description: 'labgrader: HTTP API (on-demand grades, results, summary, CSV, roster)',
      memorySize: 1024,
      // API Gateway gives an integration at most 30 seconds.
      timeout: Duration.seconds(29),
      // Students sign in with their roster id as the Cognito username; the ID token carries it
      // as cognito:username (its `sub` is a UUID the roster does not know).
      environment: { ...gradeEnvironment, INSTRUCTOR_GROUP: INSTRUCTORS_GROUP, STUDENT_ID_CLAIM: 'cognito:username' },
    });
    this.functions = { dispatch, gradeWorker, api };

    // Grading functions: their own data, and student accounts only through the student roles.
    const studentRoles = studentRoleArnPattern(Aws.PARTITION);
    const inventoryObjects = this.inventoryBucket.arnForObjects('courses/*');
    for (const f of [gradeWorker, api]) {
      this.gradesTable.grantReadWriteData(f);
      this.credentialsKey.grantDecrypt(f);
      f.addToRolePolicy(new PolicyStatement({ actions: [...GRADER_CROSS_ACCOUNT_ACTIONS], resources: [studentRoles] }));
      f.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [inventoryObjects] }));
    }
    this.idempotencyTable.grantReadWriteData(gradeWorker);
    // The API also seals submitted session credentials and reads stored inventories back.
    this.credentialsKey.grant(api, 'kms:Encrypt');
    api.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [inventoryObjects] }));

    const logicalId = (c: IConstruct) => this.resolve(this.getLogicalId(c.node.defaultChild as CfnElement)) as string;
    const tableArn = `<${logicalId(this.gradesTable)}.Arn>`;
    const bucketArn = `<${logicalId(this.inventoryBucket)}.Arn>`;
    for (const f of [dispatch, gradeWorker, api]) {
      const policy = f.role!.node.tryFindChild('DefaultPolicy')!;
      acknowledge(
        policy,
        `AwsSolutions-IAM5[Resource::${tableArn}/index/*]`,
        "Reads the grades table's own indexes (GSI1: a course's latest results in one query); the wildcard covers only this table's indexes.",
      );
    }
    for (const f of [gradeWorker, api]) {
      const policy = f.role!.node.tryFindChild('DefaultPolicy')!;
      acknowledge(
        policy,
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/labgrader/*]',
        "Student accounts are registered after deployment, so the account is a wildcard; the path /labgrader/ limits it to roles made by the student access template, and each role's trust policy also demands the course's ExternalId.",
      );
      acknowledge(
        policy,
        `AwsSolutions-IAM5[Resource::${bucketArn}/courses/*]`,
        "Inventories are one object per attempt under courses/<courseId>/...: the wildcard is that prefix of the grader's own bucket.",
      );
    }

    // ---- schedule -----------------------------------------------------------------------------
    const scheduleRole = new Role(this, 'ScheduleRole', {
      description: 'labgrader: lets EventBridge Scheduler invoke the dispatch function',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    });
    const schedule = new Schedule(this, 'RegradeSchedule', {
      description: 'labgrader: regrade every registered student during lab hours',
      schedule: ScheduleExpression.expression(scheduleExpressionOf(config), TimeZone.of(config.timezone)),
      enabled: config.scheduleEnabled,
      target: new LambdaInvoke(dispatch, {
        // The tick's time names the jobs, so a tick delivered twice enqueues the same job ids.
        input: ScheduleTargetInput.fromObject({ time: ContextAttribute.scheduledTime }),
        role: scheduleRole,
        retryAttempts: 2,
        maxEventAge: Duration.minutes(10),
      }),
    });

    acknowledge(
      scheduleRole.node.tryFindChild('DefaultPolicy')!,
      `AwsSolutions-IAM5[Resource::<${logicalId(dispatch)}.Arn>:*]`,
      'The scheduler may invoke the dispatch function and its versions/aliases (ARN:qualifier) only: the wildcard is the qualifier of this one function.',
    );

    // ---- users and API ------------------------------------------------------------------------
    this.userPool = new UserPool(this, 'UserPool', {
      // Instructors create every account (README): nobody signs up on their own.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(7),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: config.retainData,
      removalPolicy,
    });
    acknowledge(
      this.userPool,
      'AwsSolutions-COG2',
      'MFA is optional so a class can sign in from shared lab machines on day one; instructors are told to enrol a TOTP device (docs/deploy.md), and the API itself grants students only their own grades.',
    );
    acknowledge(
      this.userPool,
      'AwsSolutions-COG8',
      'Threat protection needs the Cognito Plus feature plan, priced per active user: too costly for a class; the pool has no self sign-up and a strong password policy instead.',
    );
    new CfnUserPoolGroup(this, 'InstructorsGroup', {
      userPoolId: this.userPool.userPoolId,
      groupName: INSTRUCTORS_GROUP,
      description: 'labgrader instructors: manage courses and rosters, see every result of their courses',
    });
    this.userPoolClient = this.userPool.addClient('ApiClient', {
      // SRP for the dashboard; USER_PASSWORD_AUTH lets a terminal get a token (docs/deploy.md).
      authFlows: { userSrp: true, userPassword: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
    });

    const authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', this.userPool, {
      userPoolClients: [this.userPoolClient],
    });
    this.api = new HttpApi(this, 'HttpApi', {
      description: 'labgrader HTTP API',
      // Every route requires a valid user pool token: there is no anonymous route.
      defaultAuthorizer: authorizer,
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = new HttpStage(this, 'ApiStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            sub: '$context.authorizer.claims.sub',
            ip: '$context.identity.sourceIp',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
      throttle: { rateLimit: 50, burstLimit: 100 },
    });
    const integration = new HttpLambdaIntegration('ApiIntegration', api);
    for (const route of API_ROUTES) {
      const [method, path] = route.split(' ') as [keyof typeof HttpMethod, string];
      this.api.addRoutes({ path, methods: [HttpMethod[method]], integration });
    }

    // ---- alarms -------------------------------------------------------------------------------
    this.alarmTopic = new Topic(this, 'AlarmTopic', { displayName: 'labgrader alarms', enforceSSL: true });
    if (config.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(config.alarmEmail));
    const alarm = (id: string, description: string, metric: IMetric, threshold: number) => {
      const a = new Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(new SnsAction(this.alarmTopic));
      this.alarms.push(a);
      return a;
    };
    const fiveMinutes = { period: Duration.minutes(5) };
    alarm(
      'DeadLetterQueueAlarm',
      `Grade jobs failed ${MAX_RECEIVE_COUNT} times and were parked in the dead-letter queue: read the grade function's logs, fix, then redrive.`,
      this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ ...fiveMinutes, statistic: 'Maximum' }),
      1,
    );
    alarm(
      'GradeBacklogAlarm',
      'Grade jobs wait longer than two schedule intervals: the grade concurrency cannot keep up with the class.',
      this.queue.metricApproximateAgeOfOldestMessage({ ...fiveMinutes, statistic: 'Maximum' }),
      2 * config.gradeEveryMinutes * 60,
    );
    alarm(
      'DispatchErrorsAlarm',
      'A schedule tick failed to enqueue its grade jobs.',
      dispatch.metricErrors(fiveMinutes),
      1,
    );
    alarm('GradeErrorsAlarm', 'The grade function failed or timed out.', gradeWorker.metricErrors(fiveMinutes), 1);
    alarm(
      'GradeThrottlesAlarm',
      'The grade function was throttled (account concurrency exhausted).',
      gradeWorker.metricThrottles(fiveMinutes),
      1,
    );
    alarm('ApiErrorsAlarm', 'The API function failed.', api.metricErrors(fiveMinutes), 1);
    alarm('Api5xxAlarm', 'The HTTP API answered 5xx.', this.api.metricServerError(fiveMinutes), 5);

    // ---- outputs ------------------------------------------------------------------------------
    new CfnOutput(this, 'ApiUrl', { value: stage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'UserPoolId', {
      value: this.userPool.userPoolId,
      description: 'Create users and instructors here',
    });
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.userPoolClient.userPoolClientId,
      description: 'App client for sign-in',
    });
    new CfnOutput(this, 'GraderAccountId', {
      value: Aws.ACCOUNT_ID,
      description: 'Students enter this in the student access template (GraderAccountId)',
    });
    new CfnOutput(this, 'ScheduleName', { value: schedule.scheduleName, description: 'The regrade schedule' });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      value: this.deadLetterQueue.queueUrl,
      description: 'Failed grade jobs',
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn, description: 'Subscribe to get alarms' });
  }
}
