/** The Lambda context the local service hands its handlers, as the Lambda runtime would. */
import type { Context } from 'aws-lambda';

export interface LocalContextOptions {
  /** The function's short name: `api` is `labgrader-api-local`. */
  name: string;
  requestId: string;
  /** The function's timeout: `getRemainingTimeInMillis` counts down from it. */
  timeoutMs: number;
  memoryLimitInMB: string;
}

export function localLambdaContext(options: LocalContextOptions): Context {
  const deadline = Date.now() + options.timeoutMs;
  const functionName = `labgrader-${options.name}-local`;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: options.memoryLimitInMB,
    awsRequestId: options.requestId,
    logGroupName: `/local/labgrader-${options.name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
