import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { type IntakeDeps, type IntakeOutcome, takeEvent } from '../service/event-intake.js';
import { cloudTrailEventSchema, LiveEventError } from '../service/live-events.js';
import { LiveStore } from '../store/live-store.js';
import { builtOnFirstCall } from './built-on-first-call.js';
import { queueingDeps } from './queueing-deps.js';

// Every event is parsed with it: built at import, with the rest of what each invocation needs
// (the module that holds it builds it on first use, for the dispatch's sake).
cloudTrailEventSchema();

/** What the function answers (the outcome, or why the event was dropped as malformed). */
export type IntakeAnswer = IntakeOutcome | { status: 'malformed'; field: string };

/** The CloudWatch metrics (EMF) one outcome adds. */
export function intakeMetrics(answer: IntakeAnswer): Record<string, number> {
  switch (answer.status) {
    case 'accepted':
      return { EventsReceived: 1, EventsCoalesced: answer.coalesced, GradesTriggered: answer.triggered.length };
    case 'unknown-account':
      return { EventsReceived: 1, EventsDroppedUnknownAccount: 1 };
    case 'irrelevant':
      return { EventsReceived: 1, EventsDroppedIrrelevant: 1 };
    case 'malformed':
      return { EventsReceived: 1, EventsDroppedMalformed: 1 };
  }
}

export function createEventIntake(deps: IntakeDeps, logger: Logger, metrics: Metrics) {
  return middy(async (event: unknown, _context: Context): Promise<IntakeAnswer> => {
    let answer: IntakeAnswer;
    try {
      answer = await takeEvent(event, deps);
    } catch (err) {
      if (!(err instanceof LiveEventError)) throw err;
      logger.warn('not a CloudTrail event envelope: dropped', { field: err.field, error: err.message });
      answer = { status: 'malformed', field: err.field };
    }
    for (const [name, n] of Object.entries(intakeMetrics(answer))) {
      if (n) metrics.addMetric(name, MetricUnit.Count, n);
    }
    return answer;
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}

function fromEnvironment() {
  // Service and namespace come from POWERTOOLS_SERVICE_NAME / POWERTOOLS_METRICS_NAMESPACE.
  const logger = new Logger();
  const deps = queueingDeps(logger);
  return createEventIntake({ ...deps, live: new LiveStore(deps.store) }, logger, new Metrics());
}

export const handler: (event: unknown, context: Context) => Promise<IntakeAnswer> = builtOnFirstCall(fromEnvironment);
