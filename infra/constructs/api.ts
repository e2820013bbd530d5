/**
 * The HTTP API: Cognito users (instructors in their group, students by roster id), one API
 * function behind a JWT authorizer on every route, and the access-logged `$default` stage. CORS
 * allows exactly one origin, the dashboard's (constructs/dashboard.ts, or `dashboardOrigin`): a
 * page on any other origin cannot read the API's answers with a token it holds.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { API_ROUTES } from '../entries.js';
import type { GraderData } from './data.js';
import { acknowledge, type FunctionSettings, graderFunction } from './grader-function.js';
import { StackPart } from './stack-part.js';

/** The Cognito group whose members are instructors (the API reads it from the token's cognito:groups). */
export const INSTRUCTORS_GROUP = 'instructors';
/** The Cognito group of the deployment's operators: every course, whoever teaches it. */
export const ADMINS_GROUP = 'admins';

export class GraderApi extends StackPart {
  readonly handler: NodejsFunction;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;

  /** @param dashboardOrigin the one origin (`https://host`) whose pages may call the API (CORS). */
  constructor(scope: Construct, id: string, settings: FunctionSettings, data: GraderData, dashboardOrigin: string) {
    super(scope, id);
    const { config } = settings;
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.handler = graderFunction(this, settings, 'api', 'ApiFunction', 'labgrader-api', {
      description: 'labgrader: HTTP API (on-demand grades, results, summary, CSV, roster)',
      memorySize: 1024,
      // API Gateway gives an integration at most 30 seconds.
      timeout: Duration.seconds(29),
      // Students sign in with their roster id as the Cognito username; the ID token carries it
      // as cognito:username (its `sub` is a UUID the roster does not know).
      environment: {
        ...data.gradingEnvironment,
        INSTRUCTOR_GROUP: INSTRUCTORS_GROUP,
        ADMIN_GROUP: ADMINS_GROUP,
        STUDENT_ID_CLAIM: 'cognito:username',
      },
    });
    data.grantGrading(this.handler);
    // The API also seals submitted session credentials and reads stored inventories back.
    data.credentialsKey.grant(this.handler, 'kms:Encrypt');
    data.grantReadInventories(this.handler);

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
      description:
        'labgrader instructors: create courses, manage the rosters and see the results of the courses they teach',
    });
    new CfnUserPoolGroup(this, 'AdminsGroup', {
      userPoolId: this.userPool.userPoolId,
      groupName: ADMINS_GROUP,
      description:
        'labgrader operators: every course of the deployment, and the instructor lists of courses nobody teaches',
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
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'labgrader HTTP API',
      // Every route requires a valid user pool token: there is no anonymous route.
      defaultAuthorizer: authorizer,
      createDefaultStage: false,
      // API Gateway answers the preflight itself (before the authorizer) and adds these headers to
      // every answer for this origin only; tokens travel in Authorization, never in cookies.
      corsPreflight: {
        allowOrigins: [dashboardOrigin],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.PUT, CorsHttpMethod.POST, CorsHttpMethod.DELETE],
        allowHeaders: ['authorization', 'content-type'],
        exposeHeaders: ['retry-after'],
        allowCredentials: false,
        maxAge: Duration.hours(1),
      },
    });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: config.logRetentionDays as RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'ApiStage', {
      httpApi: this.httpApi,
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
    const integration = new HttpLambdaIntegration('ApiIntegration', this.handler);
    for (const route of API_ROUTES) {
      const [method, path] = route.split(' ') as [keyof typeof HttpMethod, string];
      this.httpApi.addRoutes({ path, methods: [HttpMethod[method]], integration });
    }
  }
}
