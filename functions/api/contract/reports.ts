/**
 * The API's class reports (functions/api/routes/reports.ts, live.ts): the latest results, the
 * summary of where the class is stuck, what the accounts still cost, what live grading did.
 */
import type { Status } from '../../../checks/model.js';
import type { AttemptSummary, ScoringPolicy } from '../../store/records.js';
import type { Page } from '../contract.js';

/** One student's latest result in a lab, compact (the full document: the student's grades). */
export interface ResultRow {
  studentId: string;
  name?: string;
  attempts: number;
  latestAttemptId: string;
  score: number;
  maxScore: number;
  /** `finishedAt` of the latest attempt. */
  gradedAt: string;
  trigger: string;
  /** The latest attempt could not read the account. */
  accessFailure: boolean;
  /** The latest attempt read this account, not the registration's (flagged, not counted). */
  wrongAccount?: string;
  counted: { policy: ScoringPolicy; attempt: AttemptSummary | null };
  checks: { id: string; status: Status; points: number; earned: number }[];
  /** What the account still costs by the latest grade, for a lab that estimates it (the cleanup report). */
  cost?: LeftoverCost;
}

/**
 * What an account still costs by a grade of a lab that estimates it (the cleanup report), USD:
 * the known part, and what could not be priced or looked at (then the figures are a lower bound,
 * never a guess of zero).
 */
export interface LeftoverCost {
  perDay: number;
  perMonth: number;
  /** Resources without a known price (`id (region)`) and checks that could not look (`check: not read (code)`). */
  unknown: string[];
}

/** What the class still pays by the students' latest grades (the cleanup report), USD, estimated. */
export interface ClassCost {
  /** The known part, summed over the students. */
  perDay: number;
  perMonth: number;
  /** Students with something left that costs (or may cost) money. */
  students: number;
  /** Students whose estimate is partly or wholly unknown: the total is then a lower bound. */
  unknown: number;
}

export type ResultsResponse = Page<ResultRow> & { courseId: string; lab: string };

/** `GET .../summary`: where the class is stuck. */
export interface SummaryResponse {
  courseId: string;
  lab: string;
  /** Students on the roster. */
  students: number;
  /** Students with at least one attempt (their latest attempt is what is counted below). */
  attempted: number;
  notAttempted: { studentId: string; name?: string }[];
  maxScore: number;
  /** Per check of the lab, in the lab's order. */
  checks: {
    id: string;
    title: string;
    points: number;
    pass: number;
    fail: number;
    error: number;
    skip: number;
    /** pass / (pass + fail), 0..1; null when nobody was judged (all error/skip). */
    passRate: number | null;
  }[];
  /** Latest scores of the students who attempted. */
  scores: {
    min: number | null;
    max: number | null;
    mean: number | null;
    median: number | null;
    /** Ten buckets of `maxScore / 10`; the last one includes `to`. */
    buckets: { from: number; to: number; count: number }[];
  };
  /** For a lab that estimates costs (the cleanup report): the class total. */
  cost?: ClassCost;
}

/** `GET /courses/{courseId}/live`: what live grading did for the course, and what change detection saved. */
export interface LiveGradingResponse {
  courseId: string;
  /** The course's live-grading settings, defaults filled in (course `liveGrading`). */
  settings: { debounceSeconds: number; safetyIntervalHours: number; settleMinutes: number; fullRegrades: boolean };
  /** Since the course began. */
  counters: {
    /** Events from the course's students' accounts the intake took. */
    eventsReceived: number;
    /** Events folded into a debounce window another event had opened (no grade of their own). */
    eventsCoalesced: number;
    /** Grades live events started (trigger `event`). */
    gradesTriggered: number;
    /** Schedule grades change detection left out: the account had not changed since its last grade. */
    gradesSkippedUnchanged: number;
  };
  students: {
    total: number;
    /** Students whose account has forwarded at least one event (change detection applies to them). */
    forwarding: number;
    /** Of those, the ones that forward from us-east-1 too (IAM's events): needed for the IAM lab. */
    forwardingGlobal: number;
  };
}
