/**
 * middy middleware: a request without a body is one, whatever its Content-Type says. Sending
 * `Content-Type: application/json` on every request is a common habit (`curl -H`), and
 * http-json-body-parser refuses an empty JSON body as malformed: a GET answered 400 naming a
 * `body` the route does not take. A route that needs a body names it itself.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export function emptyBodyIsNone<E extends Pick<APIGatewayProxyEventV2, 'body' | 'headers'>, R>(): MiddlewareObj<E, R> {
  const emptyBodyBefore: MiddlewareObj<E, R>['before'] = (request) => {
    const { body, headers } = request.event;
    if ((body === undefined || body === null || body === '') && headers?.['content-type'] !== undefined) {
      delete headers['content-type'];
    }
  };
  return { before: emptyBodyBefore };
}
