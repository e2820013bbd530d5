/**
 * middy middleware: 413 for a request body larger than the limit, measured before anything
 * parses it (a base64 body by its decoded size).
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ApiError } from '../../api/errors.js';

export interface BodyLimitOptions {
  /** Larger bodies are refused (default 64 KiB). */
  maxBytes?: number;
}

const defaults: Required<BodyLimitOptions> = { maxBytes: 64 * 1024 };

export function bodyLimit<E extends Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>, R>(
  options: BodyLimitOptions = {},
): MiddlewareObj<E, R> {
  const { maxBytes } = { ...defaults, ...options };
  const bodyLimitBefore: MiddlewareObj<E, R>['before'] = (request) => {
    const { body, isBase64Encoded } = request.event;
    if (body === undefined || body === null) return;
    const bytes = isBase64Encoded ? Math.floor((body.length * 3) / 4) : Buffer.byteLength(body);
    if (bytes > maxBytes) {
      throw new ApiError(
        413,
        'payload_too_large',
        `the body is ${bytes} bytes; at most ${maxBytes} bytes are accepted`,
      );
    }
  };
  return { before: bodyLimitBefore };
}
