/** The route table as a whole: every path parameter is validated by a schema before any lookup. */

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { route, unvalidatedPathParams } from '../../functions/api/router.js';
import { ROUTES } from '../../functions/api/routes/index.js';

describe('route table', () => {
  it('declares a schema for every path parameter (PATH_PARAMS or the route`s own `path`)', () => {
    expect(unvalidatedPathParams(ROUTES)).toEqual([]);
  });

  it('names a path parameter that has no schema, and not one the route declares', () => {
    const handler = async () => ({ statusCode: 200 });
    const routes = [
      route({
        method: 'GET',
        pattern: '/courses/{courseId}/x/{thing}',
        access: 'anyone',
        query: z.object({}),
        handler,
      }),
      route({
        method: 'GET',
        pattern: '/courses/{courseId}/y/{thing}',
        access: 'anyone',
        path: { thing: z.string().max(8) },
        query: z.object({}),
        handler,
      }),
    ];
    expect(unvalidatedPathParams(routes)).toEqual(['GET /courses/{courseId}/x/{thing}: {thing}']);
  });
});
