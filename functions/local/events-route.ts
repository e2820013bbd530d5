/**
 * `POST /events`, the local service only: one EventBridge event (the envelope EventBridge
 * delivers), sent by an instructor, runs the same intake and debounce as the grader's event bus in
 * AWS. The deployed API has no such route (events reach the intake through EventBridge). Wraps
 * the API handler: every other request goes to it unchanged.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { identify, requireInstructor } from '../api/auth.js';
import { badRequest, errorReply } from '../api/errors.js';
import { type IntakeDeps, takeEvent } from '../service/event-intake.js';

type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export const EVENTS_PATH = '/events';

export function withEventsRoute(api: Handler, intake: IntakeDeps): Handler {
  return async (event, context) => {
    if (event.rawPath !== EVENTS_PATH) return api(event, context);
    const requestId = event.requestContext.requestId;
    try {
      if (event.requestContext.http.method !== 'POST') throw badRequest(undefined, 'POST one EventBridge event');
      requireInstructor(identify(event.requestContext.authorizer?.jwt?.claims, intake.now()));
      let body: unknown;
      try {
        body = JSON.parse(event.body ?? '');
      } catch (err) {
        throw badRequest(undefined, 'the body is not valid JSON', err);
      }
      const outcome = await takeEvent(body, intake);
      return json(202, outcome);
    } catch (err) {
      const reply = errorReply(err, requestId);
      if (reply.internal) intake.log.error('POST /events failed', err as Error);
      return json(reply.statusCode, reply.body, reply.headers);
    }
  };
}

function json(statusCode: number, body: unknown, headers: Record<string, string> = {}) {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** A CloudTrail event as EventBridge delivers it: a student tagging a VPC (the demo's live change). */
export function demoEvent(account: string, region: string, at: Date): Record<string, unknown> {
  const time = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    version: '0',
    id: `demo-${at.getTime()}`,
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.ec2',
    account,
    time,
    region,
    resources: [],
    detail: {
      eventVersion: '1.09',
      eventTime: time,
      eventSource: 'ec2.amazonaws.com',
      eventName: 'CreateTags',
      awsRegion: region,
      requestParameters: {
        resourcesSet: { items: [{ resourceId: 'vpc-demo' }] },
        tagSet: { items: [{ key: 'Name', value: 'lab-vpc' }] },
      },
      responseElements: { _return: true },
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: account,
      eventCategory: 'Management',
    },
  };
}
