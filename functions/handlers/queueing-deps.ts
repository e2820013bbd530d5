/**
 * What the handlers that queue grade jobs (dispatch, event intake) take from their environment:
 * the grades table (`GRADES_TABLE`), the grade queue (`GRADE_QUEUE_URL`), the clock and the logger.
 */
import { getStringFromEnv } from '@aws-lambda-powertools/commons/utils/env';
import type { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { DispatchDeps } from '../service/dispatch.js';
import { GradeStore } from '../store/grade-store.js';

export function queueingDeps(log: Logger): DispatchDeps {
  return {
    store: new GradeStore(new DynamoDBClient({}), getStringFromEnv({ key: 'GRADES_TABLE' })),
    sqs: new SQSClient({}),
    queueUrl: getStringFromEnv({ key: 'GRADE_QUEUE_URL' }),
    now: () => new Date(),
    log,
  };
}
