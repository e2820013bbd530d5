/**
 * Lazy dependencies of a handler: a module and the client it needs are imported on the first
 * request that uses them (a chunk of the bundle, infra/bundling.ts) and kept for the warm
 * container, so a request pays only for what its path uses.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LtiStore } from '../lti/lti-store.js';
import type { ScorePostQueue } from '../lti/score-queue.js';

/** Builds the value on first call and keeps it; a failed build is tried again on the next call. */
export function once<T>(build: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= build().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}

/** queueScorePosts (functions/lti/score-post.ts), imported by the first grade that changes a counted score. */
export function lazyScorePostsOnChange(lti: Pick<LtiStore, 'getUserLinkByStudent'>, queue: ScorePostQueue) {
  const post = once(async () => (await import('../lti/score-post.js')).queueScorePosts(lti, queue));
  return async (change: { courseId: string; studentId: string; lab: string }) => (await post())(change);
}

/** The LMS score queue, for the first grade that changes a counted score. */
export function lazyScorePosts(queueUrl: string): ScorePostQueue {
  const queue = once(async () => {
    const [sdk, { SqsScorePostQueue }] = await Promise.all([
      import('@aws-sdk/client-sqs'),
      import('../lti/score-queue.js'),
    ]);
    return new SqsScorePostQueue(new sdk.SQSClient({}), queueUrl);
  });
  return { enqueue: async (post) => (await queue()).enqueue(post) };
}

/** The LTI store's user links, for the first grade that changes a counted score (the grade worker reads nothing else of LTI). */
export function lazyUserLinks(doc: DynamoDBDocumentClient, table: string): Pick<LtiStore, 'getUserLinkByStudent'> {
  const lti = once(async () => new (await import('../lti/lti-store.js')).LtiStore(doc, table));
  return {
    getUserLinkByStudent: async (courseId, studentId) => (await lti()).getUserLinkByStudent(courseId, studentId),
  };
}
