/**
 * The error-responses middleware: every failure becomes a JSON error naming the problem, with the
 * request id; ours are logged at error level, the caller's at info; no stack trace in the body.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { badRequest } from '../../functions/api/errors.js';
import { GRADER_MISCONFIGURED_METRIC, GraderConfigurationError } from '../../functions/errors.js';
import { errorResponses } from '../../functions/handlers/middleware/error-responses.js';
import { AmbiguousCourseError } from '../../functions/service/enrolment.js';
import { CourseParamsUnfitError, NoLongerGradableError } from '../../functions/service/on-demand-grade.js';

function failingWith(err: unknown, metrics?: Pick<Metrics, 'addMetric' | 'publishStoredMetrics'>) {
  const logged: { level: 'error' | 'info'; message: string }[] = [];
  const logger = {
    error: (message: string) => logged.push({ level: 'error', message }),
    info: (message: string) => logged.push({ level: 'info', message }),
  };
  const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(async () => {
    throw err;
  }).use(errorResponses({ logger: logger as never, ...(metrics ? { metrics } : {}) }));
  const event = { requestContext: { requestId: 'req-7' } } as APIGatewayProxyEventV2;
  return { run: () => handler(event, {} as Context), logged };
}

describe('errorResponses', () => {
  it("answers the caller's mistake as a 4xx naming the field, logged at info", async () => {
    const h = failingWith(badRequest('lab', 'required'));
    const res = await h.run();
    expect(res.statusCode).toBe(400);
    expect(res.headers?.['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.body as string)).toEqual({
      error: { code: 'bad_request', message: 'lab: required', field: 'lab', requestId: 'req-7' },
    });
    expect(h.logged).toEqual([{ level: 'info', message: 'request refused' }]);
  });

  it('answers our own failure as a 500 that says only that it happened, logged at error', async () => {
    const h = failingWith(new TypeError('cannot read properties of undefined (reading "x")'));
    const res = await h.run();
    expect(res.statusCode).toBe(500);
    const body = JSON.parse(res.body as string);
    expect(body.error.code).toBe('internal');
    expect(body.error.requestId).toBe('req-7');
    expect(res.body).not.toMatch(/reading "x"|at .*\.ts:\d+/);
    expect(h.logged).toEqual([{ level: 'error', message: 'request failed' }]);
  });

  it("counts the grader's own configuration failure (a 503 that says so) in Powertools' EMF, published at once", async () => {
    const metrics = new Metrics({ namespace: 'labgrader', serviceName: 'labgrader-api' });
    const published: string[] = [];
    vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => {
      published.push(JSON.stringify(metrics.serializeMetrics()));
      metrics.clearMetrics();
      return metrics;
    });
    const h = failingWith(
      new GraderConfigurationError('no credentials of its own', 'CredentialsProviderError'),
      metrics,
    );
    const res = await h.run();
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body as string).error.message).toMatch(/grader is not configured.*not the student's fault/);
    expect(h.logged).toEqual([{ level: 'error', message: 'request failed' }]);
    expect(published).toHaveLength(1);
    const emf = JSON.parse(published[0] as string);
    expect(emf._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'labgrader',
      Dimensions: [['service']],
      Metrics: [{ Name: GRADER_MISCONFIGURED_METRIC, Unit: 'Count' }],
    });
    expect(emf).toMatchObject({ service: 'labgrader-api', [GRADER_MISCONFIGURED_METRIC]: 1 });
  });

  it("counts nothing for the caller's mistakes or other failures (no empty-metrics flush either)", async () => {
    const metrics = { addMetric: vi.fn(), publishStoredMetrics: vi.fn() };
    await failingWith(badRequest('lab', 'required'), metrics).run();
    await failingWith(new TypeError('x'), metrics).run();
    expect(metrics.addMetric).not.toHaveBeenCalled();
    expect(metrics.publishStoredMetrics).not.toHaveBeenCalled();
  });

  it.each([
    [
      new AmbiguousCourseError('courseId: student s-1 does lab vpc in several courses (c-1, c-2): name one'),
      400,
      'bad_request',
      'courseId',
    ],
    [new CourseParamsUnfitError('params.maxAzs: course c-1 was saved before this bound'), 409, 'conflict', 'params'],
    [
      new NoLongerGradableError('student s-1 can no longer be graded in c-1 (not-enrolled)'),
      404,
      'not_found',
      undefined,
    ],
  ])("answers the on-demand grade's %s with its status, code and field", async (err, status, code, field) => {
    expect(err.name).toBe(err.constructor.name);
    const res = await failingWith(err).run();
    expect(res.statusCode).toBe(status);
    expect(JSON.parse(res.body as string)).toEqual({
      error: { code, message: err.message, ...(field ? { field } : {}), requestId: 'req-7' },
    });
  });
});
