/**
 * The on-demand grade limit, per student: at most one grade per interval, and never two at once.
 * Kept in the grades table (item `RATE#<studentId>` / `#GRADE`, expiring by TTL) and taken with a
 * conditional write, so it holds across concurrent Lambdas: of two simultaneous requests for the
 * same student, exactly one wins and grades; the other gets 429 with Retry-After.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conditionalWrite } from '../store/items.js';
import { KEY } from '../store/tables.js';

export interface RateLimitOptions {
  /** Minimum time between the starts of two grades of one student (default 20 s). */
  intervalMs?: number;
  /**
   * How long a running grade holds the lock at most (a crashed grade frees it after this).
   * Should exceed the grade's own time budget.
   */
  lockMs?: number;
}

/** `release(false)`: the grade did not happen (the grader's own failure): the slot is free at once. */
export type Acquired = { ok: true; release: (consumed?: boolean) => Promise<void>; nextAllowedAt: Date };
export type Refused = { ok: false; retryAfterSeconds: number; running: boolean };

const rateKey = (studentId: string) => ({ [KEY.pk]: `RATE#${studentId}`, [KEY.sk]: '#GRADE' });

export class GradeRateLimiter {
  readonly intervalMs: number;
  readonly lockMs: number;

  constructor(
    readonly doc: DynamoDBDocumentClient,
    readonly table: string,
    options: RateLimitOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 20_000;
    this.lockMs = options.lockMs ?? 60_000;
  }

  /** Takes the student's grade slot, or says how long to wait. */
  async acquire(studentId: string, holder: string, now: Date): Promise<Acquired | Refused> {
    const t = now.getTime();
    const nextAllowed = t + this.intervalMs;
    // While the grade runs nobody else may start one, whatever the interval.
    const notBefore = Math.max(nextAllowed, t + this.lockMs);
    const taken = await conditionalWrite(
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...rateKey(studentId),
            kind: 'rate-limit',
            holder,
            running: true,
            notBefore,
            // When the slot frees if the grade finishes in time (what Retry-After says).
            nextAllowed,
            startedAt: t,
            [KEY.ttl]: Math.ceil(notBefore / 1000) + 3600,
          },
          ConditionExpression: 'attribute_not_exists(#pk) OR #notBefore <= :now',
          ExpressionAttributeNames: { '#pk': KEY.pk, '#notBefore': 'notBefore' },
          ExpressionAttributeValues: { ':now': t },
        }),
      ),
    );
    if (!taken) {
      const out = await this.doc.send(
        new GetCommand({ TableName: this.table, Key: rateKey(studentId), ConsistentRead: true }),
      );
      const running = out.Item?.running === true;
      // A running grade holds the slot until `notBefore` only if it crashes; normally the slot
      // frees one interval after the grade started.
      const until = Number((running ? out.Item?.nextAllowed : undefined) ?? out.Item?.notBefore ?? t + 1000);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((until - t) / 1000)), running };
    }
    return {
      ok: true,
      nextAllowedAt: new Date(nextAllowed),
      // The next grade may start one interval after this one started, and not before it finished.
      release: async (consumed = true) => {
        // Our lock expired and someone else holds the slot now: theirs stands.
        await conditionalWrite(
          this.doc.send(
            new UpdateCommand({
              TableName: this.table,
              Key: rateKey(studentId),
              UpdateExpression: 'SET #notBefore = :next, #running = :false',
              ConditionExpression: '#holder = :holder',
              ExpressionAttributeNames: { '#notBefore': 'notBefore', '#running': 'running', '#holder': 'holder' },
              ExpressionAttributeValues: { ':next': consumed ? nextAllowed : t, ':false': false, ':holder': holder },
            }),
          ),
        );
      },
    };
  }
}
