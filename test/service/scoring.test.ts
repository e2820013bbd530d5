/**
 * Scoring policies, deadlines and score history: which attempt counts, and what each attempt
 * says changed. A sequence of attempts in, the standing out.
 */
import { describe, expect, it } from 'vitest';
import { deadlineOf } from '../../functions/service/deadlines.js';
import { accessFailureResult } from '../../functions/service/grade-job.js';
import { diffChecks, nextStanding, unchanged } from '../../functions/service/scoring.js';
import type { Course, RosterEntry, ScoringPolicy, Standing } from '../../functions/store/records.js';
import { scriptedLab, scriptedResult } from './helpers.js';

interface Step {
  at: string;
  passing: string[];
  /** The attempt could not read the account. */
  unreadable?: boolean;
}

/** Runs attempts through nextStanding like the worker does; returns the standings after each. */
async function play(policy: ScoringPolicy, steps: Step[], deadline?: string): Promise<Standing[]> {
  const out: Standing[] = [];
  let standing: Standing | undefined;
  for (const [i, step] of steps.entries()) {
    const result = await scriptedResult(step.passing, step.at);
    const accessFailure = step.unreadable ? { code: 'AccessDenied', message: 'role not assumable' } : undefined;
    const changes = accessFailure ? unchanged(standing?.lastGraded) : diffChecks(standing?.lastGraded, result);
    standing = nextStanding(
      standing,
      {
        courseId: 'c1',
        studentId: 's1',
        accountId: '111111111111',
        lab: 'scripted',
        attemptId: `a${i + 1}`,
        jobId: `j${i + 1}`,
        result,
        ...(accessFailure ? { accessFailure } : {}),
      },
      changes,
      policy,
      deadline,
      new Date(step.at),
    );
    out.push(standing);
  }
  return out;
}

const RISE_AND_FALL: Step[] = [
  { at: '2026-03-01T10:00:00.000Z', passing: ['t.a'] },
  { at: '2026-03-02T10:00:00.000Z', passing: ['t.a', 't.b', 't.c'] },
  { at: '2026-03-03T10:00:00.000Z', passing: ['t.a', 't.b'] },
];

describe('scoring policies', () => {
  it('latest: the last attempt counts, even when it is worse', async () => {
    const last = (await play('latest', RISE_AND_FALL)).at(-1);
    expect(last?.counted).toMatchObject({ policy: 'latest', attempt: { attemptId: 'a3', score: 20 } });
  });

  it('best: the highest score counts, and a later equal score does not replace it', async () => {
    const steps = [...RISE_AND_FALL, { at: '2026-03-04T10:00:00.000Z', passing: ['t.a', 't.b', 't.c'] }];
    const last = (await play('best', steps)).at(-1);
    expect(last?.counted.attempt).toMatchObject({ attemptId: 'a2', score: 30 });
    expect(last?.latest.score).toBe(30);
    expect(last?.attempts).toBe(4);
  });

  it('best-before-deadline: a better attempt after the deadline does not count', async () => {
    const standings = await play(
      'best-before-deadline',
      [
        { at: '2026-03-01T10:00:00.000Z', passing: ['t.a'] },
        { at: '2026-03-01T14:59:59.000Z', passing: ['t.a', 't.b'] },
        { at: '2026-03-01T15:00:01.000Z', passing: ['t.a', 't.b', 't.c'] },
      ],
      '2026-03-02T00:00:00+09:00',
    );
    const last = standings.at(-1);
    expect(last?.counted.attempt).toMatchObject({ attemptId: 'a2', score: 20 });
    expect(last?.best).toMatchObject({ attemptId: 'a3', score: 30 });
    expect(last?.latest.score).toBe(30);
  });

  it('best-before-deadline: nothing counts when every attempt came after the deadline', async () => {
    const last = (
      await play('best-before-deadline', [{ at: '2026-03-05T10:00:00.000Z', passing: ['t.a'] }], '2026-03-01T00:00:00Z')
    ).at(-1);
    expect(last?.counted.attempt).toBeNull();
  });

  it('an attempt that could not read the account is the latest result but never counts or resets history', async () => {
    const steps: Step[] = [
      { at: '2026-03-01T10:00:00.000Z', passing: ['t.a', 't.b'] },
      { at: '2026-03-02T10:00:00.000Z', passing: [], unreadable: true },
      { at: '2026-03-03T10:00:00.000Z', passing: ['t.a', 't.b', 't.c'] },
    ];
    const [, failed, after] = await play('latest', steps);
    expect(failed?.latestAttemptId).toBe('a2');
    expect(failed?.counted.attempt).toMatchObject({ attemptId: 'a1', score: 20 });
    expect(failed?.latestChanges).toMatchObject({ previousAttemptId: 'a1', newlyPassing: [], newlyFailing: [] });
    // The next real grade is compared with a1, not with the unreadable attempt.
    expect(after?.latestChanges).toMatchObject({ previousAttemptId: 'a1', newlyPassing: ['t.c'], scoreDelta: 10 });
  });
});

describe('score history', () => {
  it('records the checks newly passing and newly failing since the previous attempt', async () => {
    const [first, second, third] = await play('best', RISE_AND_FALL);
    expect(first?.latestChanges).toEqual({
      previousAttemptId: null,
      previousScore: null,
      scoreDelta: 10,
      newlyPassing: ['t.a'],
      newlyFailing: ['t.b', 't.c'],
      newlyError: [],
    });
    expect(second?.latestChanges).toMatchObject({
      previousAttemptId: 'a1',
      scoreDelta: 20,
      newlyPassing: ['t.b', 't.c'],
      newlyFailing: [],
    });
    expect(third?.latestChanges).toMatchObject({
      previousAttemptId: 'a2',
      previousScore: 30,
      scoreDelta: -10,
      newlyPassing: [],
      newlyFailing: ['t.c'],
    });
  });

  it('remembers recent job ids, newest first and bounded', async () => {
    const steps = Array.from({ length: 25 }, (_, i) => ({
      at: new Date(Date.UTC(2026, 2, 1, 0, i)).toISOString(),
      passing: [],
    }));
    const last = (await play('latest', steps)).at(-1);
    expect(last?.recentJobIds[0]).toBe('j25');
    expect(last?.recentJobIds).toHaveLength(20);
    expect(last?.version).toBe(25);
  });
});

describe('deadlines', () => {
  const course = {
    courseId: 'c1',
    labs: [{ lab: 'vpc', deadline: '2026-04-01T00:00:00Z' }, { lab: 'db' }],
  } as Course;
  const entry = { deadlines: { vpc: '2026-04-08T00:00:00Z' } } as unknown as RosterEntry;

  it("a student's extension replaces the course's deadline for that lab only", () => {
    expect(deadlineOf(course, entry, 'vpc')).toBe('2026-04-08T00:00:00Z');
    expect(deadlineOf(course, undefined, 'vpc')).toBe('2026-04-01T00:00:00Z');
    expect(deadlineOf(course, entry, 'db')).toBeUndefined();
  });
});

describe('an attempt that could not read the account', () => {
  it('has every check as error with the reason, scored by the course options', async () => {
    const result = await accessFailureResult(
      scriptedLab,
      { code: 'AccessDenied', message: 'the role cannot be assumed with this external id' },
      {
        region: 'ap-northeast-2',
        options: { lang: 'en', disabled: ['t.c'], params: { pass: ['t.a'] } },
        trigger: 'schedule',
        studentId: 's1',
        courseId: 'c1',
        now: () => new Date('2026-03-01T00:00:00Z'),
      },
    );
    expect(result.checks.map((c) => [c.id, c.status, c.errorCode ?? null])).toEqual([
      ['t.a', 'error', 'AccessDenied'],
      ['t.b', 'error', 'AccessDenied'],
      ['t.c', 'skip', null],
    ]);
    expect(result.checks[0]?.message).toContain('the role cannot be assumed with this external id');
    expect(result).toMatchObject({ score: 0, maxScore: 20, studentId: 's1', courseId: 'c1', region: 'ap-northeast-2' });
    expect(result.sourceErrors).toEqual([
      {
        source: 'sts.callerIdentity',
        code: 'AccessDenied',
        message: 'the role cannot be assumed with this external id',
      },
    ]);
  });
});
