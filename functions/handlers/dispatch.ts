/**
 * The dispatch function: triggered by an EventBridge schedule whose input names the course
 * (`{ "courseId": "aws-101" }`; without it every course is dispatched). Enqueues one grade job per
 * (student, lab): the fan-out itself is dispatchGrades.
 */
import { getStringFromEnv } from '@aws-lambda-powertools/commons/utils/env';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { describeZodError } from '../../checks/zod-field.js';
import { type DispatchDeps, type DispatchSummary, dispatchGrades } from '../service/dispatch.js';
import { builtOnFirstCall } from './built-on-first-call.js';
import { queueingDeps } from './queueing-deps.js';

/** The schedule's input, or an EventBridge scheduled event (whose `time` is the tick). */
export const dispatchEventSchema = z.looseObject({
  courseId: z.string().min(1).optional(),
  labs: z.array(z.string().min(1)).optional(),
  time: z.iso.datetime({ offset: true }).optional(),
});

/** The schedule's input is not what dispatch takes (names the field). */
export class DispatchInputError extends Error {
  override name = 'DispatchInputError';
}

/**
 * With `metrics`, counts the jobs enqueued and the grades change detection saved
 * (GradesSkippedUnchanged: accounts whose live events show no change since their last grade).
 */
export function createDispatch(
  deps: DispatchDeps,
  logger: Logger,
  metrics?: Metrics,
  options: { liveEvents?: boolean } = {},
) {
  const handler = middy(async (event: unknown, _context: Context): Promise<DispatchSummary> => {
    const parsed = dispatchEventSchema.safeParse(event ?? {});
    if (!parsed.success) {
      throw new DispatchInputError(`dispatch input field ${describeZodError(parsed.error, { whole: '(event)' })}`, {
        cause: parsed.error,
      });
    }
    const { courseId, labs, time } = parsed.data;
    const summary = await dispatchGrades(
      {
        ...(courseId ? { courseId } : {}),
        ...(labs ? { labs } : {}),
        ...(time ? { scheduledAt: time } : {}),
        // Without the live intake no change is seen: change detection would leave changed accounts out.
        ...(options.liveEvents === false ? { fullRegrades: true } : {}),
      },
      deps,
    );
    metrics?.addMetric('GradesEnqueued', MetricUnit.Count, summary.enqueued);
    metrics?.addMetric('GradesSkippedUnchanged', MetricUnit.Count, summary.skippedUnchanged);
    return summary;
  }).use(injectLambdaContext(logger));
  if (metrics) handler.use(logMetrics(metrics));
  return handler;
}

function fromEnvironment() {
  // The service name in logs is POWERTOOLS_SERVICE_NAME.
  const logger = new Logger();
  return createDispatch(
    queueingDeps(logger),
    logger,
    // Namespace and service come from POWERTOOLS_METRICS_NAMESPACE / POWERTOOLS_SERVICE_NAME.
    new Metrics(),
    { liveEvents: getStringFromEnv({ key: 'LIVE_EVENTS', defaultValue: 'true' }) !== 'false' },
  );
}

export const handler: (event: unknown, context: Context) => Promise<DispatchSummary> =
  builtOnFirstCall(fromEnvironment);
