/**
 * Score posts go through a queue (SQS when deployed, the in-process queue locally), so a grade is
 * stored whatever the LMS does: a message names only (course, student, lab); the worker reads the
 * counted score when it runs, so late or repeated messages post the current score, never a stale one.
 */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';

export const scorePostSchema = z.object({
  courseId: z.string().min(1).max(128),
  studentId: z.string().min(1).max(128),
  lab: z.string().min(1).max(64),
  /** Why it was queued (a grade changed the counted score, a launch, a regrade). */
  reason: z.enum(['grade', 'launch', 'regrade']).default('grade'),
});
export type ScorePost = z.input<typeof scorePostSchema>;

export interface ScorePostQueue {
  enqueue(post: ScorePost): Promise<void>;
}

/** Sends to an SQS queue (any client with SendMessageBatch: the local in-process queue too). */
export class SqsScorePostQueue implements ScorePostQueue {
  constructor(
    private readonly sqs: Pick<SQSClient, 'send'>,
    private readonly queueUrl: string,
  ) {}

  async enqueue(post: ScorePost): Promise<void> {
    const out = await this.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: this.queueUrl,
        Entries: [{ Id: 'score', MessageBody: JSON.stringify(scorePostSchema.parse(post)) }],
      }),
    );
    const failed = out.Failed?.[0];
    if (failed) throw new Error(`the score post was not queued (${failed.Code ?? 'unknown'})`);
  }
}
