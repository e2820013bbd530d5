/**
 * Figure 8, cost per grade in the deployed shape, priced with bench/prices.json (public on-demand
 * prices, their pages and the date they were transcribed):
 * - Lambda: the grade worker's memory (infra: 1,024 MB, arm64) × the grade's measured wall time
 *   through the fake AWS with every call taking 100 ms (figure 2's measurement), rounded up to
 *   the millisecond as Lambda bills, plus one request. One grade per invocation: an upper bound
 *   (the worker takes batches of 5 and grades them side by side).
 * - DynamoDB: the request units DynamoDB Local reports (ReturnConsumedCapacity: TOTAL) for what a
 *   grade job reads (course, roster entry, standing, overrides) and writes (the attempt and the
 *   standing, one transaction), plus the idempotency record's two writes (Powertools: in progress,
 *   then completed; each under 1 KB), counted.
 * - S3: one PUT of the gzipped inventory.
 * - SQS: the dispatch sends 10 jobs per SendMessageBatch; the event source mapping receives and
 *   deletes 5 per request (its batch size).
 * The session: 100 students graded every 10 minutes for 3 hours (18 ticks, 1,800 grades per lab).
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LabDefinition } from '../checks/model.js';
import { grade } from '../functions/grade.js';
import type { GradeStore } from '../functions/store/grade-store.js';
import type { Course, RosterEntry } from '../functions/store/records.js';
import { withLocalTables } from './local-tables.js';
import PRICES from './prices.json' with { type: 'json' };
import type { CompleteScenario } from './scenarios.js';
import { firstAttempt } from './stored-attempt.js';

export { PRICES };

/** The deployed shape (infra/constructs/grading-pipeline.ts). */
export const DEPLOYED = {
  workerMemoryMb: 1024,
  /** SendMessageBatch takes at most 10 messages. */
  dispatchBatch: 10,
  /** The grade queue's event source mapping batch size. */
  receiveBatch: 5,
  /** Powertools idempotency: the in-progress record, then the completed one. */
  idempotencyWrites: 2,
} as const;

export const SESSION = { students: 100, everyMinutes: 10, hours: 3 } as const;
const TICKS = (SESSION.hours * 60) / SESSION.everyMinutes;

export interface CostFigure {
  lab: string;
  /** The grade's wall time through the fake AWS, every call taking 100 ms (figure 2). */
  durationMs: number;
  billedGbSeconds: number;
  writeRequestUnits: number;
  readRequestUnits: number;
  s3Puts: number;
  sqsRequests: number;
  /** USD, by service, for one grade. */
  usd: { lambda: number; dynamodb: number; s3: number; sqs: number; total: number };
  /** USD for the session (SESSION): 1,800 grades of this lab. */
  sessionUsd: number;
  sessionGrades: number;
}

type Capacity = { CapacityUnits?: number };
const WRITES = /^(Put|Update|Delete|TransactWrite|BatchWrite)/;

/** Sums the request units of every call through `client` while `work` runs, reads and writes apart. */
async function consumed(client: DynamoDBClient, work: () => Promise<unknown>) {
  const units = { read: 0, write: 0 };
  const name = `benchCost${randomUUID()}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const out = await next(args);
      const reported = (out.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
      const total = [reported ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      if (WRITES.test(context.commandName ?? '')) units.write += total;
      else units.read += total;
      return out;
    },
    { step: 'initialize', name },
  );
  try {
    await work();
  } finally {
    client.middlewareStack.remove(name);
  }
  return units;
}

/** The request units of one grade job's store traffic for this lab's complete scenario, on DynamoDB Local. */
async function storeUnits(client: DynamoDBClient, store: GradeStore, lab: LabDefinition, scenario: CompleteScenario) {
  const now = new Date(Date.UTC(2026, 10, 20, 9, 0, 0));
  const inventory = scenario.inventory;
  const who = { courseId: `cost-${lab.id}`, studentId: 'student-0001', accountId: '111122223333', lab: lab.id };
  const course: Course = {
    courseId: who.courseId,
    title: 'Cost course',
    region: inventory.region,
    lang: 'en',
    labs: [{ lab: lab.id }],
    scoringPolicy: 'latest',
    skipPastDeadline: false,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await store.putCourse(course);
  const entry: RosterEntry = {
    courseId: who.courseId,
    studentId: who.studentId,
    accountId: who.accountId,
    access: { mode: 'role', roleArn: `arn:aws:iam::${who.accountId}:role/LabGraderReadOnly`, externalId: 'ext-1' },
    registeredAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await store.putRosterEntry(entry);
  const { result } = await grade({
    lab,
    inventory,
    region: inventory.region,
    trigger: 'schedule',
    now: () => now,
    courseId: who.courseId,
    studentId: who.studentId,
    ...(scenario.options ? { options: scenario.options } : {}),
  });
  const jobId = `${now.toISOString()}/${who.courseId}/${who.studentId}/${lab.id}`;
  const { attempt, standing } = firstAttempt(who, result, jobId, now);
  // What runGradeJob reads, then writes (functions/service/grade-job.ts).
  return consumed(client, async () => {
    await store.getCourse(who.courseId);
    await store.getRosterEntry(who.courseId, who.studentId);
    await store.getStanding(who.courseId, who.studentId, lab.id, who.accountId);
    await store.listOverrides(who.courseId, lab.id, who);
    await store.writeAttempt(attempt, standing, null);
  });
}

export function priceGrade(
  lab: string,
  durationMs: number,
  units: { read: number; write: number },
): Omit<CostFigure, 'sessionUsd' | 'sessionGrades'> {
  const billedGbSeconds = (DEPLOYED.workerMemoryMb / 1024) * (Math.ceil(durationMs) / 1000);
  const writeRequestUnits = units.write + DEPLOYED.idempotencyWrites;
  const readRequestUnits = units.read;
  const sqsRequests = 1 / DEPLOYED.dispatchBatch + 2 / DEPLOYED.receiveBatch;
  const lambda = billedGbSeconds * PRICES.lambda.arm64PerGbSecond + PRICES.lambda.perMillionRequests / 1e6;
  const dynamodb =
    (writeRequestUnits * PRICES.dynamodb.perMillionWriteRequestUnits +
      readRequestUnits * PRICES.dynamodb.perMillionReadRequestUnits) /
    1e6;
  const s3 = PRICES.s3.standardPerThousandPuts / 1000;
  const sqs = (sqsRequests * PRICES.sqs.standardPerMillionRequests) / 1e6;
  return {
    lab,
    durationMs,
    billedGbSeconds,
    writeRequestUnits,
    readRequestUnits,
    s3Puts: 1,
    sqsRequests,
    usd: { lambda, dynamodb, s3, sqs, total: lambda + dynamodb + s3 + sqs },
  };
}

/** Figure 8 for every lab with a measured grade duration; `notMeasured` when DynamoDB Local cannot start. */
export async function measureCost(
  labs: { lab: LabDefinition; scenario: CompleteScenario; durationMs: number }[],
): Promise<CostFigure[] | { notMeasured: string }> {
  return withLocalTables('cost', async ({ client, store }) => {
    const figures: CostFigure[] = [];
    for (const { lab, scenario, durationMs } of labs) {
      const one = priceGrade(lab.id, durationMs, await storeUnits(client, store, lab, scenario));
      const sessionGrades = SESSION.students * TICKS;
      figures.push({ ...one, sessionGrades, sessionUsd: one.usd.total * sessionGrades });
    }
    return figures;
  });
}
