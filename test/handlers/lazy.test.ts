/**
 * What a handler imports on first use (functions/handlers/lazy.ts): the grade worker's path from a
 * changed counted score to the LMS score queue reads the student's LTI link and queues a post only
 * for a student who launched from the LMS; a failed first build is tried again.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { lazyScorePostsOnChange, lazyUserLinks, once } from '../../functions/handlers/lazy.js';
import type { ScorePost } from '../../functions/lti/score-queue.js';

function queueSpy() {
  const posts: ScorePost[] = [];
  return { posts, queue: { enqueue: async (post: ScorePost) => void posts.push(post) } };
}

describe('lazy dependencies', () => {
  it('queues a score post for a student with an LTI link, read through the lazily imported store', async () => {
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
    const ddb = mockClient(doc);
    ddb.on(GetCommand).resolves({});
    ddb.on(GetCommand, { Key: { PK: 'COURSE#c1', SK: 'LTISTUDENT#launched' } }).resolves({
      Item: { PK: 'COURSE#c1', SK: 'LTISTUDENT#launched', courseId: 'c1', studentId: 'launched' },
    });
    const { posts, queue } = queueSpy();
    const onChange = lazyScorePostsOnChange(lazyUserLinks(doc, 'grades'), queue);

    await onChange({ courseId: 'c1', studentId: 'launched', lab: 'vpc' });
    await onChange({ courseId: 'c1', studentId: 'never-launched', lab: 'vpc' });

    expect(posts).toEqual([{ courseId: 'c1', studentId: 'launched', lab: 'vpc', reason: 'grade' }]);
    expect(ddb.commandCalls(GetCommand).map((c) => c.args[0].input.TableName)).toEqual(['grades', 'grades']);
  });

  it('builds once, and again after a failed build', async () => {
    let builds = 0;
    const value = once(async () => {
      builds += 1;
      if (builds === 1) throw new Error('first build fails');
      return builds;
    });
    await expect(value()).rejects.toThrow('first build fails');
    expect(await value()).toBe(2);
    expect(await value()).toBe(2);
    expect(builds).toBe(2);
  });
});
