/**
 * What every grader function shares: the bundling (infra/bundling.ts: a minified ESM entry per
 * handler with lazily loaded chunks, the AWS SDK left to the runtime), its own log group, the
 * Powertools environment, and the cdk-nag findings every Lambda raises, acknowledged once here.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction, NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct, IConstruct } from 'constructs';
import { bundleHandler } from '../bundling.js';
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
  const entry = join(PROJECT_ROOT, settings.entries[name]);
  // A NodejsFunction bundles into one file (esbuild --outfile): no chunks, so every import() of
  // the project's code would be inlined and its SDK imports hoisted into the entry. This asset
  // runs the shared bundling (infra/bundling.ts) with esbuild's own API instead.
  const code = Code.fromAsset(PROJECT_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs22.x'),
      command: [
        'bash',
        '-c',
        'echo "bundling runs with the project\'s esbuild: run cdk from the project (npm ci)" >&2; exit 1',
      ],
      local: {
        tryBundle(outputDir) {
          bundleHandler(entry, outputDir);
          return true;
        },
      },
    },
  });
  // Typed as NodejsFunction for the stack's parts (it adds nothing to Function).
  const f: NodejsFunction = new LambdaFunction(scope, id, {
    code,
    handler: 'index.handler',
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    logGroup,
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
