/**
 * The invocations whose first response bench/first-response.ts times, and what is checked of each
 * (so a figure cannot be the time of a failure): the events the handlers receive, the course and
 * roster they read (seeded in DynamoDB Local) and each response's verification.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Inventory } from '../checks/inventory.js';
import type { CheckResult } from '../checks/model.js';
import type { GradeStore } from '../functions/store/grade-store.js';
import type { ChildRun } from './first-response.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const LAB = 'vpc';
export const EXAMPLE = join(ROOT, 'examples', LAB, 'complete.json');
const COURSE = 'cold-course';
const STUDENTS = 100;
export const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/bench-grade-jobs';
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:bench-grade-jobs';

export interface Invocation {
  handler: string;
  invocation: string;
  check: string;
  event: (run: number) => unknown;
  verify: (run: number, r: ChildRun) => Promise<string | undefined>;
}

function apiEvent(studentId: string, requestId: string) {
  const body = JSON.stringify({ lab: LAB, courseId: COURSE });
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/grades',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'bench',
      domainName: 'bench.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'bench',
      http: { method: 'POST', path: '/grades', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: { sub: studentId }, scopes: null } },
    },
  };
}

/** One SQS message as Lambda's event source mapping delivers it (the worker reads `messageId` and `body`). */
function sqsEvent(job: Record<string, unknown>) {
  const sent = String(Date.now());
  const attributes = {
    ApproximateReceiveCount: '1',
    SentTimestamp: sent,
    SenderId: 'bench',
    ApproximateFirstReceiveTimestamp: sent,
  };
  const source = { eventSource: 'aws:sqs', eventSourceARN: QUEUE_ARN, awsRegion: 'us-east-1' };
  const record = {
    messageId: randomUUID(),
    receiptHandle: 'bench',
    body: JSON.stringify(job),
    attributes,
    messageAttributes: {},
    md5OfBody: '',
  };
  return { Records: [{ ...record, ...source }] };
}

const studentId = (n: number) => `cold-${String(n).padStart(3, '0')}`;
export const statuses = (checks: CheckResult[] | undefined) =>
  JSON.stringify((checks ?? []).map((c) => [c.id, c.status]).sort());

/** Seeds the course and its 100 students, each registered with a role in the example's account. */
export async function seed(store: GradeStore, inventory: Inventory, at: Date): Promise<void> {
  const accountId = (inventory.sources['sts.callerIdentity']?.data as { Account?: string } | undefined)?.Account;
  if (!accountId) throw new Error(`${EXAMPLE} has no sts.callerIdentity account`);
  await store.putCourse({
    courseId: COURSE,
    title: 'Cold start course',
    region: inventory.region,
    lang: 'en',
    labs: [{ lab: LAB }],
    scoringPolicy: 'latest',
    skipPastDeadline: false,
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
  });
  for (let n = 0; n < STUDENTS; n += 1) {
    await store.putRosterEntry({
      courseId: COURSE,
      studentId: studentId(n),
      accountId,
      access: { mode: 'role', roleArn: `arn:aws:iam::${accountId}:role/LabGraderReadOnly`, externalId: `ext-${n}` },
      registeredAt: at.toISOString(),
      updatedAt: at.toISOString(),
    });
  }
}

/** The api's, the dispatch's and the grade worker's invocations; `expected` is the in-process grade's check statuses. */
export function invocationsOf(store: GradeStore, suffix: string, expected: string): Invocation[] {
  return [
    {
      handler: 'api',
      invocation: `POST /grades (lab ${LAB}, examples/${LAB}/complete.json through the fake AWS)`,
      check:
        "201, the result's check statuses equal an in-process grade of the same inventory, the student's role assumed, the inventory put to S3",
      event: (run) => apiEvent(studentId(run), `cold-api-${run}-${suffix}`),
      verify: async (_run, r) => {
        const res = r.done.response as { statusCode?: number; body?: string };
        if (res?.statusCode !== 201) return `status ${res?.statusCode}: ${res?.body}`;
        const body = JSON.parse(res.body ?? '{}') as { result?: { checks?: CheckResult[] } };
        if (statuses(body.result?.checks) !== expected) return 'check statuses differ from the in-process grade';
        if (!r.seen.assumed.some((a) => a.endsWith(':role/LabGraderReadOnly'))) return 'no AssumeRole';
        if (r.seen.puts.length !== 1) return `${r.seen.puts.length} inventories put`;
        return undefined;
      },
    },
    {
      handler: 'dispatch',
      invocation: `the schedule's tick of a course of ${STUDENTS} students`,
      check: `${STUDENTS} grade jobs enqueued (the summary and the fake SQS agree, distinct students)`,
      event: (run) => ({ courseId: COURSE, time: new Date(Date.UTC(2026, 11, 7, 9, run)).toISOString() }),
      verify: async (_run, r) => {
        const summary = r.done.response as { enqueued?: number };
        const students = new Set(
          r.seen.messages.map((m) => (JSON.parse(m.MessageBody ?? '{}') as { studentId?: string }).studentId),
        );
        if (summary?.enqueued !== STUDENTS || r.seen.messages.length !== STUDENTS || students.size !== STUDENTS)
          return `enqueued ${summary?.enqueued}, ${r.seen.messages.length} messages, ${students.size} students`;
        return undefined;
      },
    },
    {
      handler: 'gradeWorker',
      invocation: `one SQS message: a grade job of lab ${LAB}`,
      check:
        "no batch item failure; the student's standing in DynamoDB Local holds the job's attempt, whose check statuses equal an in-process grade",
      event: (run) =>
        sqsEvent({
          jobId: `cold-worker-${run}-${suffix}`,
          courseId: COURSE,
          studentId: studentId(STUDENTS - 1 - run),
          lab: LAB,
          trigger: 'schedule',
        }),
      verify: async (run, r) => {
        const res = r.done.response as { batchItemFailures?: unknown[] };
        if (!res || (res.batchItemFailures ?? []).length > 0) return `failures: ${JSON.stringify(res)}`;
        const entry = await store.getRosterEntry(COURSE, studentId(STUDENTS - 1 - run));
        const standing = await store.getStanding(COURSE, studentId(STUDENTS - 1 - run), LAB, entry?.accountId ?? '');
        if (!standing?.recentJobIds.includes(`cold-worker-${run}-${suffix}`)) return 'no attempt stored for the job';
        if (statuses(standing.latest.checks) !== expected)
          return 'stored check statuses differ from the in-process grade';
        return undefined;
      },
    },
  ];
}
