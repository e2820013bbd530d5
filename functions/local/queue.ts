/**
 * The local service's grade queue: what SQS and its Lambda trigger do in AWS, in-process. The
 * dispatch function sends to it through the SQS API it already uses (SendMessageBatch); batches of
 * up to ten messages go to the grade worker's handler as SQS events; the records the worker reports
 * as failed are retried up to `maxReceives` times, then kept as dead letters (the DLQ).
 */
import { randomUUID } from 'node:crypto';
import type { SendMessageBatchCommand, SendMessageBatchCommandOutput, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { localLambdaContext } from './lambda-context.js';

type Worker = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

interface Message {
  id: string;
  body: string;
  receives: number;
}

export interface InProcessQueueOptions {
  worker: Worker;
  /** Batches graded at once (the Lambda's concurrency). */
  concurrency?: number;
  /** Deliveries before a message becomes a dead letter (the queue's maxReceiveCount). */
  maxReceives?: number;
  onDeadLetter?: (body: string) => void;
}

export class InProcessQueue {
  readonly queueUrl = 'local://labgrader-grade-jobs';
  readonly deadLetters: string[] = [];
  private readonly pending: Message[] = [];
  private running = 0;
  /** Messages sent with DelaySeconds, not visible yet (SQS's delay; live regrade's debounce). */
  private readonly delayed = new Set<NodeJS.Timeout>();
  private idle: (() => void)[] = [];
  private stopped = false;

  constructor(private readonly options: InProcessQueueOptions) {}

  /** The slice of SQSClient that dispatch uses: SendMessageBatch. */
  readonly sqs = {
    send: async (command: SendMessageBatchCommand): Promise<SendMessageBatchCommandOutput> => {
      const entries = command.input.Entries ?? [];
      if (this.stopped) {
        // Like SQS after the queue is gone: nothing is accepted any more.
        return {
          Successful: [],
          Failed: entries.map((e) => ({ Id: e.Id, Code: 'QueueStopped', SenderFault: false })),
          $metadata: {},
        } as unknown as SendMessageBatchCommandOutput;
      }
      for (const e of entries) {
        const message = { id: randomUUID(), body: e.MessageBody ?? '', receives: 0 };
        if (!e.DelaySeconds) {
          this.pending.push(message);
          continue;
        }
        const timer = setTimeout(() => {
          this.delayed.delete(timer);
          this.pending.push(message);
          this.pump();
          if (this.isIdle()) for (const done of this.idle.splice(0)) done();
        }, e.DelaySeconds * 1000);
        this.delayed.add(timer);
      }
      this.pump();
      return {
        Successful: entries.map((e) => ({ Id: e.Id, MessageId: randomUUID(), MD5OfMessageBody: '' })),
        Failed: [],
        $metadata: {},
      } as SendMessageBatchCommandOutput;
    },
  } as unknown as SQSClient;

  /** Resolves once every message sent so far (delayed ones included) has been graded (or dead-lettered). */
  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Nothing runs, and nothing waits (a stopped queue never runs what waits). */
  private isIdle(): boolean {
    return this.running === 0 && (this.stopped || (this.pending.length === 0 && this.delayed.size === 0));
  }

  /** Stops taking batches; batches already running finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.pending.length = 0;
    for (const timer of this.delayed) clearTimeout(timer);
    this.delayed.clear();
    if (this.isIdle()) for (const done of this.idle.splice(0)) done();
    await this.drain();
  }

  private pump(): void {
    const concurrency = this.options.concurrency ?? 4;
    while (!this.stopped && this.running < concurrency && this.pending.length > 0) {
      const batch = this.pending.splice(0, 10);
      this.running += 1;
      void this.deliver(batch).finally(() => {
        this.running -= 1;
        this.pump();
        if (this.isIdle()) for (const done of this.idle.splice(0)) done();
      });
    }
  }

  private async deliver(batch: Message[]): Promise<void> {
    for (const m of batch) m.receives += 1;
    const records: SQSRecord[] = batch.map((m) => ({
      messageId: m.id,
      receiptHandle: m.id,
      body: m.body,
      attributes: {
        ApproximateReceiveCount: String(m.receives),
        SentTimestamp: String(Date.now()),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:local:000000000000:labgrader-grade-jobs',
      awsRegion: 'local',
    }));
    let failed: Set<string>;
    try {
      const context = localLambdaContext({
        name: 'grade-worker',
        requestId: randomUUID(),
        timeoutMs: 120_000,
        memoryLimitInMB: '1024',
      });
      const out = await this.options.worker({ Records: records }, context);
      failed = new Set(out.batchItemFailures.map((f) => f.itemIdentifier));
    } catch {
      failed = new Set(batch.map((m) => m.id));
    }
    for (const m of batch.filter((b) => failed.has(b.id))) {
      if (m.receives >= (this.options.maxReceives ?? 3)) {
        this.deadLetters.push(m.body);
        this.options.onDeadLetter?.(m.body);
      } else if (!this.stopped) {
        this.pending.push(m);
      }
    }
  }
}
