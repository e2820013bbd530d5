/** What the LTI tool's functions need, injected (the Lambda, the local service and tests build it). */
import type { Log } from '../service/grade-job.js';
import type { GradeStore } from '../store/grade-store.js';
import type { LtiStore } from './lti-store.js';
import type { PlatformKeys } from './platform-keys.js';
import type { ScorePostQueue } from './score-queue.js';
import type { ToolKeys } from './tool-keys.js';

export interface LtiDeps {
  store: GradeStore;
  lti: LtiStore;
  keys: ToolKeys;
  platformKeys: PlatformKeys;
  /** Where score posts are queued (a launch syncs the student's current score). */
  scorePosts?: ScorePostQueue;
  log: Log;
  now: () => Date;
  /**
   * The tool's public base URL (`https://grader.example.edu`); the launch URL is `<toolUrl>/lti/launch`.
   * Without it, the request's own host is used.
   */
  toolUrl?: string;
  /** Accept platform and launch URLs on localhost/127.0.0.1/[::1], http:// too (the local service and tests only). */
  allowLocalHttp?: boolean;
  /** Where a launched student's browser may open the dashboard (the page links to it). */
  dashboardUrl?: string;
}
