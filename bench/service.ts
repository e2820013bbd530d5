/**
 * Figures 4 and 5, on the grading service's own code and AWS's DynamoDB Local: the schedule's
 * fan-out (dispatchGrades over a 1,000-student roster of a 3-lab course, SQS mocked) and the
 * class view's read (the class row of every student of a 1,000-student course, one lab: what
 * `/results`, `/summary` and the CSV read).
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand, type SendMessageBatchCommandInput, SQSClient } from '@aws-sdk/client-sqs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { Inventory } from '../checks/inventory.js';
import { LABS } from '../checks/labs/index.js';
import type { LabDefinition } from '../checks/model.js';
import { grade } from '../functions/grade.js';
import { dispatchGrades } from '../functions/service/dispatch.js';
import type { GradeStore } from '../functions/store/grade-store.js';
import type { Course, RosterEntry } from '../functions/store/records.js';
import { GSI1, KEY } from '../functions/store/tables.js';
import { withLocalTables } from './local-tables.js';
import { median } from './stats.js';
import { firstAttempt } from './stored-attempt.js';

export interface FanOutFigure {
  students: number;
  labs: string[];
  messages: number;
  sendMessageBatchCalls: number;
  /** Largest batch sent (SQS takes at most 10). */
  largestBatch: number;
  /** Every (student, lab) was enqueued exactly once. */
  complete: boolean;
  /** dispatchGrades wall time (roster read from DynamoDB Local included), by the mocked SQS latency. */
  byLatency: { sqsLatencyMs: number; ms: number }[];
}

export interface DashboardFigure {
  students: number;
  lab: string;
  items: number;
  queryCalls: number;
  /** Median wall time of listClassRows (the class view's one Query, all pages) over the runs. */
  ms: number;
  runs: number;
  /** Read capacity units DynamoDB reported (ReturnConsumedCapacity: TOTAL), summed over the pages. */
  readCapacityUnits: number;
  /** The same per 10 students (target ≤ 1). */
  readCapacityUnitsPer10Students: number;
  /** Mean size of one class row as stored (JSON of the item, keys included): what the view reads per student. */
  meanRowBytes: number;
  /** Mean size of one whole result document (JSON), read only on drill-down. */
  meanResultBytes: number;
}

export interface ServiceFigures {
  fanOut: FanOutFigure | { notMeasured: string };
  dashboard: DashboardFigure | { notMeasured: string };
}

const COURSE = 'bench-course';
const REGION = 'us-east-1';
const silent = { info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` over `items`, `width` at a time. */
async function inParallel<T>(items: T[], width: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
}

function studentId(n: number): string {
  return `student-${String(n).padStart(4, '0')}`;
}

async function seedCourse(store: GradeStore, labs: LabDefinition[], students: number, now: Date): Promise<void> {
  const course: Course = {
    courseId: COURSE,
    title: 'Benchmark course',
    region: REGION,
    lang: 'en',
    labs: labs.map((l) => ({ lab: l.id })),
    scoringPolicy: 'latest',
    skipPastDeadline: false,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await store.putCourse(course);
  await inParallel(
    Array.from({ length: students }, (_, n) => n),
    16,
    async (n) => {
      const entry: RosterEntry = {
        courseId: COURSE,
        studentId: studentId(n),
        accountId: String(100000000000 + n),
        access: {
          mode: 'role',
          roleArn: `arn:aws:iam::${100000000000 + n}:role/LabGraderReadOnly`,
          externalId: `ext-${n}`,
        },
        registeredAt: now.toISOString(),
        updatedAt: now.toISOString(),
      };
      await store.putRosterEntry(entry);
    },
  );
}

async function measureFanOut(store: GradeStore, labs: LabDefinition[], students: number, latencies: number[]) {
  const byLatency: FanOutFigure['byLatency'] = [];
  let batches: SendMessageBatchCommandInput[] = [];
  for (const latency of latencies) {
    const sqs = new SQSClient({ region: REGION, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
    const mock = mockClient(sqs);
    batches = [];
    mock.on(SendMessageBatchCommand).callsFake(async (input: SendMessageBatchCommandInput) => {
      batches.push(input);
      if (latency > 0) await sleep(latency);
      const Successful = (input.Entries ?? []).map((e) => ({
        Id: e.Id as string,
        MessageId: randomUUID(),
        MD5OfMessageBody: '',
      }));
      return { Successful, Failed: [] };
    });
    const t0 = performance.now();
    await dispatchGrades(
      { courseId: COURSE, scheduledAt: '2026-11-20T09:00:00.000Z' },
      {
        store,
        sqs,
        queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/bench',
        now: () => new Date(),
        log: silent,
      },
    );
    byLatency.push({ sqsLatencyMs: latency, ms: performance.now() - t0 });
    mock.restore();
    sqs.destroy();
  }
  const jobs = batches.flatMap((b) =>
    (b.Entries ?? []).map((e) => JSON.parse(e.MessageBody ?? '{}') as { jobId: string }),
  );
  const distinct = new Set(jobs.map((j) => j.jobId));
  const expected = students * labs.length;
  return {
    students,
    labs: labs.map((l) => l.id),
    messages: jobs.length,
    sendMessageBatchCalls: batches.length,
    largestBatch: Math.max(0, ...batches.map((b) => b.Entries?.length ?? 0)),
    complete: jobs.length === expected && distinct.size === expected,
    byLatency,
  } satisfies FanOutFigure;
}

/** One stored attempt and standing per student, each a real grade of one of the lab's scenarios. */
async function seedResults(store: GradeStore, lab: LabDefinition, inventories: Inventory[], students: number) {
  let bytes = 0;
  await inParallel(
    Array.from({ length: students }, (_, n) => n),
    16,
    async (n) => {
      const now = new Date(Date.UTC(2026, 10, 20, 9, 0, n % 60));
      const who = { courseId: COURSE, studentId: studentId(n), accountId: String(100000000000 + n), lab: lab.id };
      const inventory = inventories[n % inventories.length] as Inventory;
      const { result } = await grade({
        lab,
        inventory,
        region: inventory.region,
        trigger: 'schedule',
        now: () => now,
        courseId: COURSE,
        studentId: who.studentId,
      });
      const jobId = `2026-11-20T09:00:00.000Z/${COURSE}/${who.studentId}/${lab.id}`;
      const { stored, attempt, standing } = firstAttempt(who, result, jobId, now);
      bytes += Buffer.byteLength(JSON.stringify(stored));
      await store.writeAttempt(attempt, standing, null);
    },
  );
  return bytes / students;
}

async function measureDashboard(
  client: DynamoDBClient,
  store: GradeStore,
  lab: LabDefinition,
  inventories: Inventory[],
  students: number,
  runs: number,
): Promise<DashboardFigure> {
  const meanResultBytes = await seedResults(store, lab, inventories, students);
  let capacity = 0;
  let queries = 0;
  // Ask DynamoDB for the consumed capacity of every Query the store sends, without touching the store.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'QueryCommand') return next(args);
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const out = await next(args);
      queries += 1;
      capacity +=
        (out.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity?.CapacityUnits ?? 0;
      return out;
    },
    { step: 'initialize', name: 'benchConsumedCapacity' },
  );
  const times: number[] = [];
  let items = 0;
  let perRun = { capacity: 0, queries: 0 };
  for (let i = 0; i < runs; i += 1) {
    capacity = 0;
    queries = 0;
    const t0 = performance.now();
    items = (await store.listClassRows(COURSE, lab.id)).length;
    times.push(performance.now() - t0);
    perRun = { capacity, queries };
  }
  client.middlewareStack.remove('benchConsumedCapacity');
  return {
    students,
    lab: lab.id,
    items,
    queryCalls: perRun.queries,
    ms: median(times),
    runs,
    readCapacityUnits: perRun.capacity,
    readCapacityUnitsPer10Students: (perRun.capacity * 10) / students,
    meanRowBytes: await meanItemBytes(store, lab.id),
    meanResultBytes,
  };
}

/** Mean JSON size of the items the class view's Query reads (keys included), outside the timed runs. */
async function meanItemBytes(store: GradeStore, lab: string): Promise<number> {
  let bytes = 0;
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await store.doc.send(
      new QueryCommand({
        TableName: store.table,
        IndexName: GSI1,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': KEY.gsi1pk },
        ExpressionAttributeValues: { ':pk': `COURSE#${COURSE}#LAB#${lab}` },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of out.Items ?? []) {
      bytes += Buffer.byteLength(JSON.stringify(item));
      count += 1;
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return count ? bytes / count : 0;
}

export interface ServiceOptions {
  students?: number;
  /** Inventories of the dashboard lab to grade for the seeded results (cycled through). */
  inventories: (lab: LabDefinition) => Promise<Inventory[]>;
  sqsLatencies?: number[];
  runs?: number;
}

/** Both figures, on one DynamoDB Local started for the purpose and stopped after. */
export async function measureService(options: ServiceOptions): Promise<ServiceFigures> {
  const students = options.students ?? 1000;
  const labs = LABS.slice(0, 3);
  const measured = await withLocalTables('bench', async ({ client, store }) => {
    await seedCourse(store, labs, students, new Date());
    const fanOut = await measureFanOut(store, labs, students, options.sqsLatencies ?? [0, 100]);
    const lab = labs[0] as LabDefinition;
    const dashboard = await measureDashboard(
      client,
      store,
      lab,
      await options.inventories(lab),
      students,
      options.runs ?? 5,
    );
    return { fanOut, dashboard };
  });
  return 'notMeasured' in measured ? { fanOut: measured, dashboard: measured } : measured;
}
