/**
 * The API's errors and how every failure becomes a response: known errors of the domain map to a
 * 4xx naming the problem, an unavailable DynamoDB to a retryable 503, anything else to a 500 whose
 * body says only that it happened (the details go to the log, never to the caller).
 */

import {
  AccountAccessError,
  GRADER_MISCONFIGURED_METRIC,
  GraderConfigurationError,
  UnknownLabError,
} from '../errors.js';
import { ContextLinkedError, PlatformRegisteredError, StudentLinkBusyError } from '../lti/errors.js';
import { AmbiguousCourseError, NotEnrolledError } from '../service/enrolment.js';
import { FieldError } from '../service/input.js';
import { CourseParamsUnfitError, GradeRateLimitedError, NoLongerGradableError } from '../service/on-demand-grade.js';
import { AccountInUseError, CourseExistsError, CourseNotFoundError, StudentNotFoundError } from '../service/roster.js';
import { InvalidCursorError } from '../store/cursor.js';
import type { ErrorCode, ErrorResponse } from './contract.js';

/** An error the caller can act on: its status, code, message and (when there is one) the field. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: { field?: string; retryAfterSeconds?: number; headers?: Record<string, string> } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiError';
  }
}

export const badRequest = (field: string | undefined, message: string, cause?: unknown) =>
  new ApiError(400, 'bad_request', field ? `${field}: ${message}` : message, field ? { field } : {}, { cause });
export const unauthorized = (message: string) =>
  new ApiError(401, 'unauthorized', message, { headers: { 'www-authenticate': 'Bearer' } });
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
export const notFound = (message: string, field?: string) =>
  new ApiError(404, 'not_found', message, field ? { field } : {});

/** DynamoDB (or the network to it) failing in a way that may heal: the caller should retry. */
const UNAVAILABLE_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'TransactionInProgressException',
]);
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

export function isUnavailable(err: unknown): boolean {
  const e = err as { name?: string; code?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  if (!e || typeof e !== 'object') return false;
  if (UNAVAILABLE_NAMES.has(e.name ?? '') || UNAVAILABLE_CODES.has(e.code ?? '')) return true;
  if (e.$retryable) return true;
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  // Node's fetch/http wrap the socket error as the cause.
  const cause = (err as { cause?: unknown }).cause;
  return cause !== undefined && cause !== err && isUnavailable(cause);
}

/** middy's http-json-body-parser reports bad JSON as a 415 `Invalid or malformed JSON` error. */
function fromBodyParser(err: Error & { statusCode?: number; cause?: unknown }): ApiError | undefined {
  const cause = err.cause as { package?: string; message?: string; data?: unknown } | undefined;
  if (cause?.package !== '@middy/http-json-body-parser') return undefined;
  if (cause.data === undefined) return badRequest('body', 'the request needs a JSON body');
  return badRequest('body', `the body is not valid JSON${cause.message ? ` (${cause.message})` : ''}`, err);
}

export interface ErrorReply {
  statusCode: number;
  body: ErrorResponse;
  headers: Record<string, string>;
  /** Whether this is our failure (logged as an error with its stack) rather than the caller's. */
  internal: boolean;
  /** The CloudWatch metric this failure counts towards (an alarm watches it), if any. */
  metric?: typeof GRADER_MISCONFIGURED_METRIC;
}

/** Maps any failure to the response the caller sees. */
export function errorReply(err: unknown, requestId: string | undefined): ErrorReply {
  const reply = (
    statusCode: number,
    code: ErrorCode,
    message: string,
    extra: ApiError['extra'] = {},
    internal = false,
  ): ErrorReply => {
    const retryable = statusCode === 429 || statusCode === 503;
    const headers: Record<string, string> = { ...extra.headers };
    if (extra.retryAfterSeconds !== undefined) headers['retry-after'] = String(extra.retryAfterSeconds);
    return {
      statusCode,
      headers,
      internal,
      body: {
        error: {
          code,
          message,
          ...(extra.field ? { field: extra.field } : {}),
          ...(retryable ? { retryable: true } : {}),
          ...(extra.retryAfterSeconds !== undefined ? { retryAfterSeconds: extra.retryAfterSeconds } : {}),
          ...(requestId ? { requestId } : {}),
        },
      },
    };
  };
  if (err instanceof ApiError) return reply(err.statusCode, err.code, err.message, err.extra);
  // Input rejected at one field (a registration, a live event): its message already names it.
  if (err instanceof FieldError) return reply(400, 'bad_request', err.message, { field: err.field });
  if (err instanceof AccountInUseError) return reply(409, 'conflict', err.message, { field: err.field });
  if (err instanceof InvalidCursorError) {
    return reply(400, 'bad_request', 'cursor: not a cursor of this list (pass back the cursor of the previous page)', {
      field: 'cursor',
    });
  }
  if (err instanceof CourseExistsError) return reply(409, 'conflict', err.message, { field: err.field });
  if (err instanceof ContextLinkedError) return reply(409, 'conflict', err.message, { field: err.field });
  if (err instanceof PlatformRegisteredError) return reply(409, 'conflict', err.message, { field: err.field });
  if (err instanceof StudentLinkBusyError) return reply(409, 'conflict', err.message, { field: err.field });
  if (err instanceof CourseNotFoundError) return reply(404, 'not_found', err.message, { field: 'courseId' });
  if (err instanceof StudentNotFoundError) return reply(404, 'not_found', err.message, { field: 'studentId' });
  if (err instanceof UnknownLabError) return reply(404, 'not_found', err.message, { field: 'lab' });
  if (err instanceof NotEnrolledError) return reply(404, 'not_found', err.message, { field: err.field });
  if (err instanceof AmbiguousCourseError) return reply(400, 'bad_request', err.message, { field: err.field });
  if (err instanceof NoLongerGradableError) return reply(404, 'not_found', err.message);
  if (err instanceof CourseParamsUnfitError) return reply(409, 'conflict', err.message, { field: err.field });
  if (err instanceof GradeRateLimitedError) {
    return reply(429, 'rate_limited', err.message, { retryAfterSeconds: err.retryAfterSeconds });
  }
  if (err instanceof GraderConfigurationError) {
    // Ours, not the student's: logged at error level with its cause, counted, and said so.
    return {
      ...reply(
        503,
        'unavailable',
        `the grader is not configured to read students' accounts (${err.code}); this is not the student's fault: tell the operator`,
        { retryAfterSeconds: 60 },
        true,
      ),
      metric: GRADER_MISCONFIGURED_METRIC,
    };
  }
  if (err instanceof AccountAccessError) {
    // A failure that may heal (throttled, AWS unreachable); the lasting ones are stored as attempts.
    return reply(503, 'unavailable', `the student's account could not be read right now (${err.code}); try again`, {
      retryAfterSeconds: 5,
    });
  }
  if (err instanceof Error) {
    const parsed = fromBodyParser(err);
    if (parsed) return reply(parsed.statusCode, parsed.code, parsed.message, parsed.extra);
    if (err.name === 'ParseError') {
      return reply(400, 'bad_request', 'the request is not an API Gateway HTTP API (payload 2.0) event');
    }
    if ((err as { statusCode?: number }).statusCode === 415) {
      return reply(415, 'unsupported_media_type', 'content-type: send the body as application/json', {
        field: 'content-type',
      });
    }
  }
  if (isUnavailable(err)) {
    return reply(
      503,
      'unavailable',
      'the grade store is unavailable right now; try again shortly',
      { retryAfterSeconds: 2 },
      true,
    );
  }
  return reply(500, 'internal', 'the request failed on our side; quote the request id when reporting it', {}, true);
}
