/**
 * middy middleware: every failure of an HTTP handler becomes a JSON error response (errorReply
 * decides the status and the words; never a stack trace). Our own failures are logged at error
 * level with their stack, the caller's at info; a failure errorReply gives a metric (the grader's
 * own configuration) is counted, for the alarm that watches it (infra/constructs/alarms.ts).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { errorReply } from '../../api/errors.js';

export const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export interface ErrorResponsesOptions {
  logger: Pick<Logger, 'error' | 'info'>;
  /**
   * Powertools metrics: a counted failure is published at once (EMF), so a request without one
   * writes no empty-metrics warning as Powertools' logMetrics would on every request.
   */
  metrics?: Pick<Metrics, 'addMetric' | 'publishStoredMetrics'>;
}

export function errorResponses<E extends Pick<APIGatewayProxyEventV2, 'requestContext'>>(
  options: ErrorResponsesOptions,
): MiddlewareObj<E, APIGatewayProxyStructuredResultV2> {
  const { logger } = options;
  const errorResponsesOnError: MiddlewareObj<E, APIGatewayProxyStructuredResultV2>['onError'] = (request) => {
    const reply = errorReply(request.error, request.event?.requestContext?.requestId);
    if (reply.internal) logger.error('request failed', request.error as Error);
    else logger.info('request refused', { statusCode: reply.statusCode, error: reply.body.error });
    if (reply.metric && options.metrics) {
      options.metrics.addMetric(reply.metric, MetricUnit.Count, 1);
      options.metrics.publishStoredMetrics();
    }
    request.response = {
      statusCode: reply.statusCode,
      headers: { ...JSON_HEADERS, ...reply.headers },
      body: JSON.stringify(reply.body),
    };
  };
  return { onError: errorResponsesOnError };
}
