/**
 * middy middleware: every failure of an HTTP handler becomes a JSON error response (errorReply
 * decides the status and the words; never a stack trace). Our own failures are logged at error
 * level with their stack, the caller's at info.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { errorReply } from '../../api/errors.js';

export const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export interface ErrorResponsesOptions {
  logger: Pick<Logger, 'error' | 'info'>;
}

export function errorResponses<E extends Pick<APIGatewayProxyEventV2, 'requestContext'>>(
  options: ErrorResponsesOptions,
): MiddlewareObj<E, APIGatewayProxyStructuredResultV2> {
  const { logger } = options;
  const errorResponsesOnError: MiddlewareObj<E, APIGatewayProxyStructuredResultV2>['onError'] = (request) => {
    const reply = errorReply(request.error, request.event?.requestContext?.requestId);
    if (reply.internal) logger.error('request failed', request.error as Error);
    else logger.info('request refused', { statusCode: reply.statusCode, error: reply.body.error });
    request.response = {
      statusCode: reply.statusCode,
      headers: { ...JSON_HEADERS, ...reply.headers },
      body: JSON.stringify(reply.body),
    };
  };
  return { onError: errorResponsesOnError };
}
