/**
 * Change detection in the schedule's dispatch: with live regrade, a (student, lab) whose account
 * has not changed since its last grade is left out, until the course's safety interval passes or
 * the course asks for full regrades; accounts that forward no events are always regraded.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createDispatch } from '../../functions/handlers/dispatch.js';
import { type DispatchDeps, dispatchGrades, unchangedSinceGraded } from '../../functions/service/dispatch.js';
import { liveGradingSettings } from '../../functions/service/live-events.js';
import { registerCourse, registerStudent } from '../../functions/service/roster.js';
import { nextStanding, unchanged } from '../../functions/service/scoring.js';
import { LiveStore } from '../../functions/store/live-store.js';
import type { RosterEntry, Standing } from '../../functions/store/records.js';
import { useTables } from '../support/dynamodb.js';
import { recordingLog } from './helpers.js';

const tables = useTables('change');
const sqs = mockClient(SQSClient);
const NOW = new Date('2026-03-20T06:00:00.000Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

function entry(signals: Partial<RosterEntry>): RosterEntry {
  return {
    courseId: 'c',
    studentId: 's',
    accountId: '111122223333',
    access: { mode: 'role', roleArn: 'arn:aws:iam::111122223333:role/labgrader/R', externalId: 'x' },
    registeredAt: hoursAgo(100),
    updatedAt: hoursAgo(100),
    ...signals,
  };
}

function standing(gradedAt: string | undefined, lastChangeAt?: string): Standing {
  return {
    ...(gradedAt
      ? {
          lastGraded: {
            attemptId: 'a',
            score: 1,
            maxScore: 2,
            startedAt: gradedAt,
            finishedAt: gradedAt,
            statuses: {},
          },
        }
      : {}),
    ...(lastChangeAt ? { lastChangeAt } : {}),
  } as Standing;
}

describe('unchangedSinceGraded', () => {
  const defaults = liveGradingSettings({});
  const live = entry({ liveSince: hoursAgo(10) });

  it.each([
    ['live, graded 2 h ago, no change since forwarding began', live, 'vpc', standing(hoursAgo(2)), true],
    ['live, changed 3 h ago, graded 2 h ago', live, 'vpc', standing(hoursAgo(2), hoursAgo(3)), true],
    ['live, changed after the last grade', live, 'vpc', standing(hoursAgo(2), hoursAgo(1)), false],
    ['live, graded within the settle time after the change', live, 'vpc', standing(hoursAgo(2), hoursAgo(2.1)), false],
    ['live, last grade older than the safety interval', live, 'vpc', standing(hoursAgo(25)), false],
    ['never graded', live, 'vpc', standing(undefined), false],
    ['no events ever forwarded', entry({}), 'vpc', standing(hoursAgo(2)), false],
    ['graded before forwarding began', entry({ liveSince: hoursAgo(1) }), 'vpc', standing(hoursAgo(2)), false],
    ['IAM lab, no event ever came from us-east-1', live, 'iam', standing(hoursAgo(2)), false],
    [
      'IAM lab, events come from us-east-1',
      entry({ liveSince: hoursAgo(10), liveGlobalAt: hoursAgo(9) }),
      'iam',
      standing(hoursAgo(2)),
      true,
    ],
  ])('%s → skip: %s', (_why, e, lab, s, skip) => {
    expect(unchangedSinceGraded(e, lab, s, defaults, NOW)).toBe(skip);
  });

  it('never skips when the course asks for full regrades', () => {
    const full = liveGradingSettings({ liveGrading: { fullRegrades: true } });
    expect(unchangedSinceGraded(live, 'vpc', standing(hoursAgo(2)), full, NOW)).toBe(false);
  });
});

describe('dispatch with change detection', () => {
  const deps = (): DispatchDeps => ({
    store: tables.store,
    sqs: new SQSClient({ region: 'us-east-1' }),
    queueUrl: 'https://sqs.us-east-1.amazonaws.com/999988887777/grade-jobs',
    now: () => NOW,
    log: recordingLog(),
  });

  beforeEach(() => {
    sqs.reset();
    sqs.on(SendMessageBatchCommand).resolves({ Failed: [] });
  });

  async function graded(courseId: string, studentId: string, accountId: string, lab: string, at: string) {
    const result = {
      startedAt: at,
      finishedAt: at,
      score: 1,
      maxScore: 2,
      checks: [],
    } as unknown as Standing['latest'];
    const s = nextStanding(
      undefined,
      { courseId, studentId, accountId, lab, attemptId: `att-${studentId}`, jobId: `job-${studentId}`, result },
      unchanged(undefined),
      'best',
      undefined,
      new Date(at),
    );
    await tables.store.writeAttempt(
      {
        attemptId: `att-${studentId}`,
        courseId,
        studentId,
        accountId,
        lab,
        jobId: `job-${studentId}`,
        result,
        changes: unchanged(undefined),
        recordedAt: at,
      },
      s,
      null,
    );
  }

  it('leaves out the live, unchanged student, grades the changed and the not-live ones, and counts what it saved', async () => {
    await registerCourse(tables.store, 'cd', { region: 'us-east-1', labs: [{ lab: 'vpc' }] }, NOW);
    for (const [i, id] of ['quiet', 'changed', 'offline'].entries()) {
      const account = String(500000000000 + i);
      await registerStudent(tables.store, 'cd', id, {
        accountId: account,
        roleArn: `arn:aws:iam::${account}:role/labgrader/R`,
        externalId: `x-${i}`,
      });
      await graded('cd', id, account, 'vpc', hoursAgo(2));
    }
    const live = new LiveStore(tables.store);
    await live.markLive('cd', 'quiet', hoursAgo(5), false);
    await live.markLive('cd', 'changed', hoursAgo(5), false);
    await live.recordChange('cd', 'changed', 'vpc', '500000000001', hoursAgo(1));

    const summary = await dispatchGrades({ courseId: 'cd', scheduledAt: NOW.toISOString() }, deps());
    expect(summary).toMatchObject({ enqueued: 2, skippedUnchanged: 1 });
    const students = sqs
      .commandCalls(SendMessageBatchCommand)
      .flatMap((c) => c.args[0].input.Entries ?? [])
      .map((e) => JSON.parse(e.MessageBody ?? '').studentId)
      .sort();
    expect(students).toEqual(['changed', 'offline']);
    expect((await live.stats('cd')).gradesSkippedUnchanged).toBe(1);

    // The recorded change survives the next stored grade (the standing carries it forward).
    const previous = await tables.store.getStanding('cd', 'changed', 'vpc', '500000000001');
    const result = { ...previous!.latest, startedAt: NOW.toISOString(), finishedAt: NOW.toISOString() };
    const next = nextStanding(
      previous,
      {
        courseId: 'cd',
        studentId: 'changed',
        accountId: '500000000001',
        lab: 'vpc',
        attemptId: 'att-2',
        jobId: 'job-2',
        result,
      },
      unchanged(previous?.lastGraded),
      'best',
      undefined,
      NOW,
    );
    await tables.store.writeAttempt(
      {
        attemptId: 'att-2',
        courseId: 'cd',
        studentId: 'changed',
        accountId: '500000000001',
        lab: 'vpc',
        jobId: 'job-2',
        result,
        changes: unchanged(undefined),
        recordedAt: NOW.toISOString(),
      },
      next,
      previous!.version,
    );
    expect((await tables.store.getStanding('cd', 'changed', 'vpc', '500000000001'))?.lastChangeAt).toBe(hoursAgo(1));
  });

  it('regrades everyone when the course asks for full regrades', async () => {
    await registerCourse(
      tables.store,
      'full',
      { region: 'us-east-1', labs: [{ lab: 'vpc' }], liveGrading: { fullRegrades: true } },
      NOW,
    );
    await registerStudent(tables.store, 'full', 'quiet', {
      accountId: '600000000001',
      roleArn: 'arn:aws:iam::600000000001:role/labgrader/R',
      externalId: 'x-q',
    });
    await graded('full', 'quiet', '600000000001', 'vpc', hoursAgo(2));
    await new LiveStore(tables.store).markLive('full', 'quiet', hoursAgo(5), false);
    expect(await dispatchGrades({ courseId: 'full' }, deps())).toMatchObject({ enqueued: 1, skippedUnchanged: 0 });
  });

  it('reports the grades it saved as a CloudWatch metric from the Lambda handler (GradesSkippedUnchanged)', async () => {
    await registerCourse(tables.store, 'metric', { region: 'us-east-1', labs: [{ lab: 'vpc' }] }, NOW);
    await registerStudent(tables.store, 'metric', 'quiet', {
      accountId: '700000000001',
      roleArn: 'arn:aws:iam::700000000001:role/labgrader/R',
      externalId: 'x-m',
    });
    await graded('metric', 'quiet', '700000000001', 'vpc', hoursAgo(2));
    await new LiveStore(tables.store).markLive('metric', 'quiet', hoursAgo(5), false);
    const metrics = new Metrics({ namespace: 'labgrader', serviceName: 'labgrader-dispatch' });
    const added: Record<string, number> = {};
    vi.spyOn(metrics, 'addMetric').mockImplementation((name, _unit, value) => {
      added[name] = value;
      return metrics;
    });
    vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
    const handler = createDispatch(deps(), new Logger({ logLevel: 'SILENT' }), metrics);
    await handler({ courseId: 'metric', time: NOW.toISOString() }, {
      functionName: 'dispatch',
      awsRequestId: 'r-metric',
    } as Context);
    expect(added).toEqual({ GradesEnqueued: 0, GradesSkippedUnchanged: 1 });

    // With the grader's live intake switched off (liveEvents=false), nothing is left out.
    const off = createDispatch(deps(), new Logger({ logLevel: 'SILENT' }), metrics, { liveEvents: false });
    await off({ courseId: 'metric', time: NOW.toISOString() }, {
      functionName: 'dispatch',
      awsRequestId: 'r-off',
    } as Context);
    expect(added).toEqual({ GradesEnqueued: 1, GradesSkippedUnchanged: 0 });
  });
});
