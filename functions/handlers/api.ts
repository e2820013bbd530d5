/**
 * The HTTP API: one Lambda behind API Gateway (HTTP API, payload 2.0, JWT authorizer) for every
 * route of functions/api/routes/. middy composes the cross-cutting parts, each one middleware:
 * Powertools' logger (with the API Gateway request id as correlation id), header normalization,
 * a body size limit, Powertools' parser validating the event, JSON body parsing, and the mapping
 * of every failure to a JSON error that names the problem (never a stack trace).
 *
 * The local service (functions/local/server.ts) turns HTTP requests into the same events and
 * calls the same handler.
 */
import { getNumberFromEnv, getStringFromEnv } from '@aws-lambda-powertools/commons/utils/env';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import middy, { type MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { GradeRateLimiter } from '../api/rate-limit.js';
import { type ApiDeps, dispatchRoute } from '../api/router.js';
import { ROUTES } from '../api/routes/index.js';
import type { LtiDeps } from '../lti/deps.js';
import { LtiStore } from '../lti/lti-store.js';
import { PlatformKeys } from '../lti/platform-keys.js';
import { isLtiPublicPath } from '../lti/public-routes.js';
import type { ToolKeys } from '../lti/tool-keys.js';
import { KmsEncryptor } from '../service/credentials.js';
import type { GradeJob } from '../service/grade-job.js';
import { GradeStore } from '../store/grade-store.js';
import type { InventoryStore } from '../store/inventory-store.js';
import { builtOnFirstCall } from './built-on-first-call.js';
import { lazyScorePosts, lazyScorePostsOnChange, once } from './lazy.js';
import { apiGatewayEventSchema } from './middleware/api-gateway-event.js';
import { bodyLimit } from './middleware/body-limit.js';
import { emptyBodyIsNone } from './middleware/empty-body.js';
import { errorResponses, JSON_HEADERS } from './middleware/error-responses.js';

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type Result = APIGatewayProxyStructuredResultV2;

export interface ApiHandlerOptions {
  deps: ApiDeps;
  logger: Logger;
  /** Larger request bodies are refused with 413 before parsing (default 64 KiB). */
  maxBodyBytes?: number;
  /** CloudWatch metrics (EMF): `GraderMisconfigured` when the grader itself cannot grade (an alarm watches it). */
  metrics?: Metrics;
}

/**
 * The query parameters as the caller sent them, from the raw query string (repeated ones joined
 * by commas, as API Gateway does): a key such as `__proto__` reaches validation instead of being
 * dropped on the way.
 */
function queryOf(event: Event): Record<string, string> {
  const query: Record<string, string> = Object.create(null);
  if (event.rawQueryString === undefined) return Object.assign(query, event.queryStringParameters);
  for (const [k, v] of new URLSearchParams(event.rawQueryString)) {
    query[k] = Object.hasOwn(query, k) ? `${query[k]},${v}` : v;
  }
  return query;
}

/**
 * Where API Gateway (HTTP API, payload 2.0) puts its request id: Powertools'
 * `correlationPaths.API_GATEWAY_HTTP`, read by {@link requestIdOf}.
 */
const REQUEST_ID_PATH = 'requestContext.requestId';

/**
 * The Logger's correlation id search for a plain dotted path such as {@link REQUEST_ID_PATH}:
 * Powertools' own `search` runs a whole JMESPath engine (23 KB of the cold start) for it.
 */
export function requestIdOf(path: string, data: unknown): unknown {
  let value = data;
  for (const key of path.split('.')) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  // JMESPath answers null for a path that is not there.
  return value ?? null;
}

/** The public LTI endpoints' handling (and its JWT library), loaded by the first LTI request. */
const ltiHttp = once(() => import('../lti/http.js'));

/** Builds the handler around injected dependencies (the Lambda below, the local service, tests). */
export function createApiHandler(options: ApiHandlerOptions) {
  const { deps, logger, metrics } = options;
  return (
    middy<Event, Result>()
      // Every log line of a request carries API Gateway's request id (what a caller quotes).
      .use(injectLambdaContext(logger, { resetKeys: true, correlationIdPath: REQUEST_ID_PATH }))
      .use(errorResponses({ logger, ...(metrics ? { metrics } : {}) }))
      .use(httpHeaderNormalizer())
      .use(bodyLimit(options.maxBodyBytes !== undefined ? { maxBytes: options.maxBodyBytes } : {}))
      .use(parser({ schema: apiGatewayEventSchema }) as unknown as MiddlewareObj<Event, Result>)
      .use(emptyBodyIsNone())
      .use(httpJsonBodyParser({ disableContentTypeError: true }) as MiddlewareObj<Event, Result>)
      .handler(async (event: Event): Promise<Result> => {
        const started = performance.now();
        const origin = `https://${event.requestContext.domainName}`;
        if (deps.lti && isLtiPublicPath(event.rawPath)) {
          // The LMS and the browser call these without a bearer token (no authorizer on their routes).
          const { handleLtiRequest } = await ltiHttp();
          const reply = await handleLtiRequest(
            {
              method: event.requestContext.http.method,
              path: event.rawPath,
              query: event.queryStringParameters ?? {},
              body:
                typeof event.body === 'string'
                  ? event.isBase64Encoded
                    ? Buffer.from(event.body, 'base64').toString('utf8')
                    : event.body
                  : undefined,
              contentType: event.headers?.['content-type'],
              cookies: event.cookies ?? [],
              origin,
            },
            deps.lti,
          );
          logger.info('request', {
            method: event.requestContext.http.method,
            path: event.rawPath,
            statusCode: reply.statusCode,
            ms: Math.round(performance.now() - started),
          });
          return {
            statusCode: reply.statusCode,
            headers: reply.headers,
            body: reply.body,
            ...(reply.cookies ? { cookies: reply.cookies } : {}),
          };
        }
        const reply = await dispatchRoute(
          ROUTES,
          {
            method: event.requestContext.http.method,
            path: event.rawPath,
            query: queryOf(event),
            body: event.body,
            claims: event.requestContext.authorizer?.jwt?.claims,
            requestId: event.requestContext.requestId,
            origin,
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
      })
  );
}

/**
 * The Lambda's wiring. Environment: GRADES_TABLE, INVENTORY_BUCKET, CREDENTIALS_KEY_ID;
 * optional GRADE_INTERVAL_SECONDS (20), GRADE_BUDGET_MS (20000; keep the Lambda's timeout and API
 * Gateway's 30 s above it), INSTRUCTOR_GROUP (`instructors`), ADMIN_GROUP (`admins`), STUDENT_ID_CLAIM (`sub`),
 * GRADE_QUEUE_URL (the grade queue a class's regrade goes through; without it regrades answer 503). The
 * service name in logs is POWERTOOLS_SERVICE_NAME.
 */
function fromEnvironment() {
  const logger = new Logger({ correlationIdSearchFn: requestIdOf });
  const dynamodb = new DynamoDBClient({});
  const store = new GradeStore(dynamodb, getStringFromEnv({ key: 'GRADES_TABLE' }));
  const encryptor = new KmsEncryptor(undefined, getStringFromEnv({ key: 'CREDENTIALS_KEY_ID' }));
  const budgetMs = getNumberFromEnv({ key: 'GRADE_BUDGET_MS', defaultValue: 20_000 });
  const now = () => new Date();
  const queueUrl = getStringFromEnv({ key: 'GRADE_QUEUE_URL', defaultValue: '' });
  const queue = queueUrl ? lazyQueue(queueUrl) : undefined;
  const inventoryBucket = getStringFromEnv({ key: 'INVENTORY_BUCKET' });
  const { lti } = ltiFromEnvironment(store, logger, now);
  return createApiHandler({
    logger,
    // Namespace and service come from POWERTOOLS_METRICS_NAMESPACE / POWERTOOLS_SERVICE_NAME.
    metrics: new Metrics(),
    deps: {
      store,
      encryptor,
      now,
      ...(queue ? { queue } : {}),
      limiter: new GradeRateLimiter(store.doc, store.table, {
        intervalMs: getNumberFromEnv({ key: 'GRADE_INTERVAL_SECONDS', defaultValue: 20 }) * 1000,
        lockMs: budgetMs + 10_000,
      }),
      auth: {
        instructorGroup: getStringFromEnv({ key: 'INSTRUCTOR_GROUP', defaultValue: 'instructors' }),
        adminGroup: getStringFromEnv({ key: 'ADMIN_GROUP', defaultValue: 'admins' }),
        studentIdClaim: getStringFromEnv({ key: 'STUDENT_ID_CLAIM', defaultValue: 'sub' }),
      },
      grading: {
        store,
        encryptor,
        now,
        log: logger,
        budgetMs,
        inventories: lazyInventories(inventoryBucket),
        // An on-demand grade that changes a counted score is posted to the LMS too.
        ...(lti?.scorePosts ? { onCountedScoreChange: lazyScorePostsOnChange(lti.lti, lti.scorePosts) } : {}),
      },
      ...(lti ? { lti } : {}),
    },
  });
}

/**
 * What only some routes use is imported by the first request that uses it (functions/handlers/lazy.ts):
 * the grade queue for regrades, S3 for stored inventories (KMS: KmsEncryptor, for registrations and grades).
 */
function lazyQueue(queueUrl: string): { enqueue(jobs: GradeJob[]): Promise<unknown> } {
  const send = once(async () => {
    const [sdk, { enqueue }] = await Promise.all([import('@aws-sdk/client-sqs'), import('../service/dispatch.js')]);
    const sqs = new sdk.SQSClient({});
    return (jobs: GradeJob[]) => enqueue(jobs, { sqs, queueUrl });
  });
  return { enqueue: async (jobs) => (await send())(jobs) };
}

function lazyInventories(bucket: string): InventoryStore {
  const s3 = once(async () => {
    const [{ S3Client }, { S3InventoryStore }] = await Promise.all([
      import('@aws-sdk/client-s3'),
      import('../store/inventory-store.js'),
    ]);
    return new S3InventoryStore(new S3Client({}), bucket);
  });
  return {
    put: async (key, inventory) => (await s3()).put(key, inventory),
    get: async (ref) => (await s3()).get(ref),
  };
}

/** The tool's key pair, read from Secrets Manager by the first LTI request that signs or publishes. */
function lazyToolKeys(secretId: string): ToolKeys {
  const keys = once(async () => {
    const [sdk, { SecretsManagerToolKeys }] = await Promise.all([
      import('@aws-sdk/client-secrets-manager'),
      import('../lti/tool-keys.js'),
    ]);
    return new SecretsManagerToolKeys(new sdk.SecretsManagerClient({}), secretId);
  });
  return {
    signingKey: async () => (await keys()).signingKey(),
    jwks: async () => (await keys()).jwks(),
  };
}

/**
 * The LTI tool, when deployed with it: LTI_KEY_SECRET_ID (the tool's key pair), SCORE_QUEUE_URL;
 * optional LTI_TOOL_URL (the public base URL, when a custom domain fronts the API).
 */
function ltiFromEnvironment(store: GradeStore, logger: Logger, now: () => Date): { lti?: LtiDeps } {
  const secretId = getStringFromEnv({ key: 'LTI_KEY_SECRET_ID', defaultValue: '' });
  if (!secretId) return {};
  const toolUrl = getStringFromEnv({ key: 'LTI_TOOL_URL', defaultValue: '' });
  return {
    lti: {
      store,
      lti: new LtiStore(store.doc, store.table),
      keys: lazyToolKeys(secretId),
      platformKeys: new PlatformKeys(),
      scorePosts: lazyScorePosts(getStringFromEnv({ key: 'SCORE_QUEUE_URL' })),
      log: logger,
      now,
      ...(toolUrl ? { toolUrl } : {}),
    },
  };
}

export const handler: (event: Event, context: Context) => Promise<Result> = builtOnFirstCall(fromEnvironment);
