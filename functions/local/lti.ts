/**
 * The LTI 1.3 tool in the local service: the tool's key pair in a file of the data folder, the
 * score posts through an in-process queue (retried, then kept as dead letters) worked by the same
 * score worker as in AWS, and http:// platforms accepted on this machine so a tester can drive the
 * tool with a fake platform.
 */
import { join } from 'node:path';
import type { Logger } from '@aws-lambda-powertools/logger';
import { createScoreWorker } from '../handlers/lti-score-worker.js';
import { AgsClient } from '../lti/ags.js';
import type { LtiDeps } from '../lti/deps.js';
import { LtiStore } from '../lti/lti-store.js';
import { PlatformKeys } from '../lti/platform-keys.js';
import { queueScorePosts } from '../lti/score-post.js';
import { SqsScorePostQueue } from '../lti/score-queue.js';
import { FileToolKeys } from '../lti/tool-keys.js';
import type { GradeStore } from '../store/grade-store.js';
import { InProcessQueue } from './queue.js';

export interface LocalLti {
  deps: LtiDeps;
  /** The grade jobs' hook: a changed counted score queues a post. */
  onCountedScoreChange: ReturnType<typeof queueScorePosts>;
  /** Score posts that could not be delivered. */
  deadLetters: string[];
  /** Resolves when every queued score post was posted or dead-lettered. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export function createLocalLti(options: {
  store: GradeStore;
  dataDir: string;
  logger: Logger;
  now: () => Date;
}): LocalLti {
  const { store, logger, now } = options;
  const lti = new LtiStore(store.doc, store.table);
  const keys = new FileToolKeys(join(options.dataDir, 'lti-tool-key.json'));
  const deadLetters: string[] = [];
  const worker = createScoreWorker({
    logger,
    deps: { store, lti, ags: new AgsClient({ keys, now, allowLocalHttp: true }), log: logger, now },
    deadLetter: async (body) => {
      deadLetters.push(body);
    },
  });
  const queue = new InProcessQueue({
    worker,
    onDeadLetter: (body) => {
      deadLetters.push(body);
      logger.error('score post failed three times; kept as a dead letter', { post: body });
    },
  });
  const scorePosts = new SqsScorePostQueue(queue.sqs, queue.queueUrl);
  return {
    deps: {
      store,
      lti,
      keys,
      platformKeys: new PlatformKeys({ allowLocalHttp: true }),
      scorePosts,
      log: logger,
      now,
      allowLocalHttp: true,
    },
    onCountedScoreChange: queueScorePosts(lti, scorePosts),
    deadLetters,
    drain: () => queue.drain(),
    stop: () => queue.stop(),
  };
}
