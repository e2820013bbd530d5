/**
 * A student's first stored attempt of a lab and the standing it starts, built as the grade job
 * builds them (functions/service/grade-job.ts), for the bench's DynamoDB figures.
 */
import { randomUUID } from 'node:crypto';
import type { grade } from '../functions/grade.js';
import { diffChecks, nextStanding } from '../functions/service/scoring.js';
import type { Attempt } from '../functions/store/records.js';
import { trimResult } from '../functions/store/trim.js';

type GradeResult = Awaited<ReturnType<typeof grade>>['result'];
type Who = Pick<Attempt, 'courseId' | 'studentId' | 'accountId' | 'lab'>;

export function firstAttempt(who: Who, result: GradeResult, jobId: string, now: Date) {
  const stored = trimResult(result);
  const attemptId = randomUUID();
  const changes = diffChecks(undefined, result);
  const attempt: Attempt = { ...who, attemptId, jobId, result: stored, changes, recordedAt: now.toISOString() };
  const standing = nextStanding(
    undefined,
    { ...who, attemptId, jobId, result: stored },
    changes,
    'latest',
    undefined,
    now,
  );
  return { stored, attempt, standing };
}
