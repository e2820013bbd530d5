/**
 * What an instructor should look at before trusting a course's grades (issue 19):
 * - accounts shared across the deployment: an account a student of this course registered that
 *   another student registered too, in another course or in this one (team members of a
 *   team-based course share theirs by design and are not flagged among themselves);
 * - accounts that changed mid-course: a student of the roster whose earlier registration (another
 *   account) has stored attempts in a lab of the course;
 * - results from the wrong account: grades that read another account than the registration's
 *   (STS caller identity), stored as evidence and never counted;
 * - history of no registration: standings stored before attempts were keyed by account, which no
 *   registration (and so no regrade) reaches.
 *
 * Reads: the roster (one Query), the deployment's account index (one Query of GSI1 ACCOUNTS) and
 * one Query per lab of the course (its standings, every registration's). Never a Scan.
 */

import type {
  AccountChangeFlag,
  CourseFlags,
  SharedAccountFlag,
  UnownedHistoryFlag,
  WrongAccountFlag,
} from '../api/contract.js';
import type { GradeStore } from '../store/grade-store.js';
import { LiveStore, type Registration } from '../store/live-store.js';
import type { Standing } from '../store/records.js';
import { courseById } from './enrolment.js';

const byStudent = <T extends { studentId: string }>(a: T, b: T) =>
  a.studentId < b.studentId ? -1 : a.studentId > b.studentId ? 1 : 0;

/**
 * The flags of one course. `mayRead(courseId)` says whether the caller may see another course's
 * students (an admin, or an instructor of that course); by default nobody may.
 */
export async function courseFlags(
  store: GradeStore,
  courseId: string,
  mayRead: (courseId: string) => Promise<boolean> = async () => false,
): Promise<CourseFlags> {
  const course = await courseById(store, courseId);
  const [roster, registrations, standings] = await Promise.all([
    store.listRoster(course.courseId),
    new LiveStore(store).allRegistrations(),
    Promise.all(course.labs.map((l) => store.listLatestResults(course.courseId, l.lab))).then((all) => all.flat()),
  ]);
  const current = new Map(roster.map((e) => [e.studentId, e.accountId]));

  const byAccount = new Map<string, Registration[]>();
  for (const r of registrations) byAccount.set(r.accountId, [...(byAccount.get(r.accountId) ?? []), r]);
  const sharedAccounts: SharedAccountFlag[] = [];
  for (const accountId of [...new Set(roster.map((e) => e.accountId))].sort()) {
    const students = roster.filter((e) => e.accountId === accountId).map((e) => e.studentId);
    const regs = byAccount.get(accountId) ?? [];
    // Within this course a team shares by design; in a course that is not team-based two students on one account is a flag too.
    const inCourse = !course.teamBased && students.length > 1;
    // Another course's registration of one of these students is their own account, not a shared one.
    const others = regs.filter((r) => r.courseId !== course.courseId && !students.includes(r.studentId));
    if (inCourse || others.length) {
      const readable = new Map<string, boolean>();
      for (const r of others) if (!readable.has(r.courseId)) readable.set(r.courseId, await mayRead(r.courseId));
      sharedAccounts.push({
        accountId,
        students: students.sort(),
        others: others
          .map((r) => ({ courseId: r.courseId, studentId: readable.get(r.courseId) ? r.studentId : null }))
          .sort((a, b) => `${a.courseId}/${a.studentId}`.localeCompare(`${b.courseId}/${b.studentId}`)),
      });
    }
  }

  const changes = new Map<string, AccountChangeFlag>();
  const wrongAccount: WrongAccountFlag[] = [];
  const unownedHistory: UnownedHistoryFlag[] = [];
  for (const s of standings as (Standing & { accountId?: string })[]) {
    const now = current.get(s.studentId);
    if (!s.accountId) {
      unownedHistory.push({
        studentId: s.studentId,
        lab: s.lab,
        attempts: s.attempts,
        lastAttemptAt: s.latest.startedAt,
      });
      continue;
    }
    if (now !== undefined && s.accountId !== now && s.attempts > 0) {
      const flag = changes.get(s.studentId) ?? { studentId: s.studentId, accountId: now, earlier: [] };
      flag.earlier.push({
        accountId: s.accountId,
        lab: s.lab,
        attempts: s.attempts,
        lastAttemptAt: s.latest.startedAt,
      });
      changes.set(s.studentId, flag);
    }
    if (s.wrongAccount && s.wrongAccount.attempts > 0) {
      wrongAccount.push({
        studentId: s.studentId,
        lab: s.lab,
        registered: s.wrongAccount.last.registered,
        accountRead: s.wrongAccount.last.accountRead,
        attempts: s.wrongAccount.attempts,
        lastAttemptId: s.wrongAccount.last.attemptId,
        lastStartedAt: s.wrongAccount.last.startedAt,
        current: now === s.accountId,
      });
    }
  }
  return {
    courseId: course.courseId,
    teamBased: course.teamBased === true,
    sharedAccounts,
    accountChanges: [...changes.values()].sort(byStudent),
    wrongAccount: wrongAccount.sort((a, b) => byStudent(a, b) || a.lab.localeCompare(b.lab)),
    unownedHistory: unownedHistory.sort((a, b) => byStudent(a, b) || a.lab.localeCompare(b.lab)),
  };
}
