/** The shapes the API answers with (contract.ts), made from the stored records. */
import type { Attempt, Course, RosterEntry, Standing } from '../store/records.js';
import { latestNotCounted } from './class-report.js';
import type { AttemptView, CourseListItem, CourseResponse, StandingView, StudentResponse } from './contract.js';

export function courseListItem(course: Course): CourseListItem {
  return {
    courseId: course.courseId,
    ...(course.title ? { title: course.title } : {}),
    region: course.region,
    lang: course.lang,
    labs: course.labs.map((l) => l.lab),
  };
}

export function courseResponse(course: Course): CourseResponse {
  return { ...course };
}

export function studentResponse(entry: RosterEntry): StudentResponse {
  return { ...entry };
}

export function attemptView(a: Attempt): AttemptView {
  return {
    attemptId: a.attemptId,
    courseId: a.courseId,
    studentId: a.studentId,
    accountId: a.accountId,
    lab: a.lab,
    result: a.result,
    changes: a.changes,
    ...(a.accessFailure ? { accessFailure: a.accessFailure } : {}),
    ...(a.wrongAccount ? { wrongAccount: a.wrongAccount } : {}),
    recordedAt: a.recordedAt,
  };
}

export function standingView(s: Standing): StandingView {
  return {
    courseId: s.courseId,
    studentId: s.studentId,
    accountId: s.accountId,
    lab: s.lab,
    attempts: s.attempts,
    latestAttemptId: s.latestAttemptId,
    latest: {
      attemptId: s.latestAttemptId,
      score: s.latest.score,
      maxScore: s.latest.maxScore,
      startedAt: s.latest.startedAt,
      finishedAt: s.latest.finishedAt,
      trigger: s.latest.trigger,
      counts: s.latest.counts,
    },
    latestChanges: s.latestChanges,
    best: s.best ?? null,
    counted: s.counted,
    ...latestNotCounted(s),
  };
}
