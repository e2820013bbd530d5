/**
 * The bus-policy function: rewrites the grader's event bus policy so it admits exactly the
 * registered students' accounts (functions/service/bus-policy.ts). Invoked by the grades table's
 * stream, filtered to the account index items (a registration added or removed), and once a day.
 * Each run rewrites the whole policy, so any trigger, repeated or late, leaves the same result.
 * Past the policy quota the policy in force stays, the error is logged and counted
 * (BusPolicyOverLimit, which an alarm watches); retrying would not help, so it is not thrown.
 */
import { getNumberFromEnv, getStringFromEnv } from '@aws-lambda-powertools/commons/utils/env';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import {
  type BusPolicyDeps,
  type BusPolicySync,
  BusPolicyTooLargeError,
  DEFAULT_BUS_POLICY_MAX_CHARS,
  syncBusPolicy,
} from '../service/bus-policy.js';
import { GradeStore } from '../store/grade-store.js';
import { LiveStore } from '../store/live-store.js';
import { builtOnFirstCall } from './built-on-first-call.js';

export type BusPolicyAnswer =
  | BusPolicySync
  | { status: 'over-limit'; accounts: number; chars: number; maxChars: number };

export function createBusPolicySync(deps: BusPolicyDeps, logger: Logger, metrics: Metrics) {
  return middy(async (_event: unknown, _context: Context): Promise<BusPolicyAnswer> => {
    try {
      const sync = await syncBusPolicy(deps);
      metrics.addMetric('BusPolicyAccounts', MetricUnit.Count, sync.accounts);
      return sync;
    } catch (err) {
      if (!(err instanceof BusPolicyTooLargeError)) throw err;
      logger.error('event bus policy not updated', { error: err.message });
      metrics.addMetric('BusPolicyOverLimit', MetricUnit.Count, 1);
      return { status: 'over-limit', accounts: err.accounts, chars: err.chars, maxChars: err.maxChars };
    }
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}

function fromEnvironment() {
  const logger = new Logger();
  const store = new GradeStore(new DynamoDBClient({}), getStringFromEnv({ key: 'GRADES_TABLE' }));
  const organizationId = getStringFromEnv({ key: 'LIVE_EVENTS_ORGANIZATION_ID', defaultValue: '' });
  return createBusPolicySync(
    {
      live: new LiveStore(store),
      events: new EventBridgeClient({}),
      busName: getStringFromEnv({ key: 'EVENT_BUS_NAME' }),
      busArn: getStringFromEnv({ key: 'EVENT_BUS_ARN' }),
      options: {
        ...(organizationId ? { organizationId } : {}),
        maxChars: getNumberFromEnv({ key: 'BUS_POLICY_MAX_CHARS', defaultValue: DEFAULT_BUS_POLICY_MAX_CHARS }),
      },
      log: logger,
    },
    logger,
    new Metrics(),
  );
}

export const handler: (event: unknown, context: Context) => Promise<BusPolicyAnswer> =
  builtOnFirstCall(fromEnvironment);
