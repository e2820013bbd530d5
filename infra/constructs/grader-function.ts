/**
 * What every grader function shares: the bundling (one minified ESM file per handler, the AWS SDK
 * left to the runtime), its own log group, the Powertools environment, and the cdk-nag findings
 * every Lambda raises, acknowledged once here.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct, IConstruct } from 'constructs';
import type { GraderConfig } from '../config.js';
import type { HandlerName } from '../entries.js';

/** The project root: entries, the lock file and tsconfig are found from here. */
export const PROJECT_ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

/** Powertools metrics namespace of every function. */
export const METRICS_NAMESPACE = 'labgrader';

/** What the stack hands every part that makes functions. */
export interface FunctionSettings {
  config: GraderConfig;
  /** Handler files by function, relative to the project root. */
  entries: Record<HandlerName, string>;
}

/** Records a cdk-nag finding as accepted, with the reason, on the construct that raises it. */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** The logical id of a construct's CloudFormation resource, as cdk-nag names it in findings. */
export function logicalIdOf(construct: IConstruct): string {
  const stack = Stack.of(construct);
  return stack.resolve(stack.getLogicalId(construct.node.defaultChild as never)) as string;
}

/** A grader Lambda: `service` becomes POWERTOOLS_SERVICE_NAME, `extra` its own settings. */
export function graderFunction(
  scope: Construct,
  settings: FunctionSettings,
  name: HandlerName,
  id: string,
  service: string,
  extra: Partial<NodejsFunctionProps>,
): NodejsFunction {
  const { config } = settings;
  const logGroup = new LogGroup(scope, `${id}Logs`, {
    retention: config.logRetentionDays as RetentionDays,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const f = new NodejsFunction(scope, id, {
    entry: join(PROJECT_ROOT, settings.entries[name]),
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
}
