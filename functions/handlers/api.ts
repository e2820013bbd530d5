/**
 * The HTTP API: one Lambda behind API Gateway (HTTP API, payload 2.0, JWT authorizer) for every
 * route of functions/api/routes.ts. middy composes the cross-cutting parts, each one middleware:
 * Powertools' logger (with the API Gateway request id as correlation id), header normalization,
 * a body size limit, Powertools' parser validating the event, JSON body parsing, and the mapping
 * of every failure to a JSON error that names the problem (never a stack trace).
 *
 * The local service (functions/local/server.ts) turns HTTP requests into the same events and
 * calls the same handler.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import middy, { type MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ApiError, errorReply } from '../api/errors.js';
import { GradeRateLimiter } from '../api/rate-limit.js';
import { type ApiDeps, dispatchRoute } from '../api/routes.js';
import { KmsEncryptor } from '../service/credentials.js';
import { GradeStore } from '../store/grade-store.js';
import { S3InventoryStore } from '../store/inventory-store.js';

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type Result = APIGatewayProxyStructuredResultV2;

export interface ApiHandlerOptions {
  deps: ApiDeps;
  logger: Logger;
  /** Larger request bodies are refused with 413 before parsing (default 64 KiB). */
  maxBodyBytes?: number;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

/** 413 for a body larger than the limit, measured before anything parses it. */
function bodyLimit(maxBytes: number): MiddlewareObj<Event, Result> {
  return {
    before: (request) => {
      const { body, isBase64Encoded } = request.event;
      if (body === undefined) return;
      const bytes = isBase64Encoded ? Math.floor((body.length * 3) / 4) : Buffer.byteLength(body);
      if (bytes > maxBytes) {
        throw new ApiError(
          413,
          'payload_too_large',
          `the body is ${bytes} bytes; at most ${maxBytes} bytes are accepted`,
        );
      }
    },
  };
}

/** Every log line of a request carries API Gateway's request id (what a caller quotes) as the correlation id. */
function requestIdLogging(logger: Logger): MiddlewareObj<Event, Result> {
  return {
    before: (request) => {
      const requestId = request.event?.requestContext?.requestId;
      if (requestId) logger.setCorrelationId(requestId);
    },
  };
}

/** Every failure becomes a JSON error; ours are logged with their stack, the caller's at info. */
function errorResponses(logger: Logger): MiddlewareObj<Event, Result> {
  return {
    onError: (request) => {
      const requestId = request.event?.requestContext?.requestId;
      const reply = errorReply(request.error, requestId);
      if (reply.internal) logger.error('request failed', request.error as Error);
      else logger.info('request refused', { statusCode: reply.statusCode, error: reply.body.error });
      request.response = {
        statusCode: reply.statusCode,
        headers: { ...JSON_HEADERS, ...reply.headers },
        body: JSON.stringify(reply.body),
      };
    },
  };
}

/** Builds the handler around injected dependencies (the Lambda below, the local service, tests). */
export function createApiHandler(options: ApiHandlerOptions) {
  const { deps, logger } = options;
  return middy<Event, Result>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(requestIdLogging(logger))
    .use(errorResponses(logger))
    .use(httpHeaderNormalizer())
    .use(bodyLimit(options.maxBodyBytes ?? 64 * 1024))
    .use(parser({ schema: APIGatewayProxyEventV2Schema }) as unknown as MiddlewareObj<Event, Result>)
    .use(httpJsonBodyParser({ disableContentTypeError: true }) as MiddlewareObj<Event, Result>)
    .handler(async (event: Event): Promise<Result> => {
      const started = performance.now();
      const reply = await dispatchRoute(
        {
          method: event.requestContext.http.method,
          path: event.rawPath,
          query: event.queryStringParameters ?? {},
          body: event.body,
          claims: event.requestContext.authorizer?.jwt?.claims,
          requestId: event.requestContext.requestId,
        },
        deps,
      );
      logger.info('request', {
        method: event.requestContext.http.method,
        path: event.rawPath,
        statusCode: reply.statusCode,
        ms: Math.round(performance.now() - started),
      });
      if (reply.body === undefined) return { statusCode: reply.statusCode, headers: { ...reply.headers } };
      return {
        statusCode: reply.statusCode,
        headers: { ...JSON_HEADERS, ...reply.headers },
        body: typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body),
      };
    });
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

function numberFrom(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`environment variable ${name} is not a number: ${value}`);
  return n;
}

/**
 * The Lambda's wiring. Environment: GRADES_TABLE, INVENTORY_BUCKET, CREDENTIALS_KEY_ID;
 * optional GRADE_INTERVAL_SECONDS (20), GRADE_BUDGET_MS (20000; keep the Lambda's timeout and API
 * Gateway's 30 s above it), INSTRUCTOR_GROUP (`instructors`), STUDENT_ID_CLAIM (`sub`).
 */
function fromEnvironment() {
  const logger = new Logger({ serviceName: 'labgrader-api' });
  const dynamodb = new DynamoDBClient({});
  const store = new GradeStore(dynamodb, required('GRADES_TABLE'));
  const encryptor = new KmsEncryptor(new KMSClient({}), required('CREDENTIALS_KEY_ID'));
  const budgetMs = numberFrom('GRADE_BUDGET_MS', 20_000);
  const now = () => new Date();
  return createApiHandler({
    logger,
    deps: {
      store,
      encryptor,
      now,
      limiter: new GradeRateLimiter(store.doc, store.table, {
        intervalMs: numberFrom('GRADE_INTERVAL_SECONDS', 20) * 1000,
        lockMs: budgetMs + 10_000,
      }),
      auth: {
        instructorGroup: process.env.INSTRUCTOR_GROUP || 'instructors',
        studentIdClaim: process.env.STUDENT_ID_CLAIM || 'sub',
      },
      grading: {
        store,
        encryptor,
        now,
        log: logger,
        budgetMs,
        inventories: new S3InventoryStore(new S3Client({}), required('INVENTORY_BUCKET')),
      },
    },
  });
}

let api: ReturnType<typeof createApiHandler> | undefined;

export const handler = (event: Event, context: Context): Promise<Result> => {
  api ??= fromEnvironment();
  return api(event, context);
};
