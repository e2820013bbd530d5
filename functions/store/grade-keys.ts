/**
 * The keys of the grades table's items (layout: docs/data-model.md): a course's own items live in
 * its partition (`COURSE#c`), a student's attempts and standings in theirs (`STUDENT#s`).
 */
import type { Override, OverrideEvent } from './records.js';
import { KEY } from './tables.js';

const inCourse = (courseId: string, sk: string) => ({ [KEY.pk]: `COURSE#${courseId}`, [KEY.sk]: sk });
const ofStudent = (studentId: string, sk: string) => ({ [KEY.pk]: `STUDENT#${studentId}`, [KEY.sk]: sk });
const indexed = (pk: string, sk: string) => ({ [KEY.gsi1pk]: pk, [KEY.gsi1sk]: sk });

/** Builds the keys of every item kind. Ids never contain `#` (checked at registration). */
export const keys = {
  course: (courseId: string) => inCourse(courseId, '#COURSE'),
  courseIndex: (courseId: string) => indexed('COURSES', `COURSE#${courseId}`),
  student: (courseId: string, studentId: string) => inCourse(courseId, `STUDENT#${studentId}`),
  studentIndex: (courseId: string, studentId: string) => indexed(`STUDENT#${studentId}`, `COURSE#${courseId}`),
  instructor: (courseId: string, instructorId: string) => inCourse(courseId, `INSTRUCTOR#${instructorId}`),
  instructorIndex: (courseId: string, instructorId: string) =>
    indexed(`INSTRUCTOR#${instructorId}`, `COURSE#${courseId}`),
  /** One student's claim on an AWS account in a course that is not team-based. */
  accountClaim: (courseId: string, accountId: string) => inCourse(courseId, `ACCOUNTCLAIM#${accountId}`),
  credentials: (courseId: string, studentId: string) => inCourse(courseId, `CREDENTIALS#${studentId}`),
  /** Attempts of one registration (student + account) sort together, newest last. */
  attempt: (a: {
    courseId: string;
    studentId: string;
    accountId: string;
    lab: string;
    startedAt: string;
    attemptId: string;
  }) => ofStudent(a.studentId, `ATTEMPT#${a.courseId}#${a.lab}#${a.accountId}#${a.startedAt}#${a.attemptId}`),
  standing: (courseId: string, studentId: string, lab: string, accountId: string) =>
    ofStudent(studentId, `STANDING#${courseId}#${lab}#${accountId}`),
  regradeRun: (courseId: string, lab: string, runId: string) => inCourse(courseId, `REGRADE#${lab}#${runId}`),
  /** An override of one registration's check; one stored before overrides were keyed by account has none. */
  override: (o: Pick<Override, 'courseId' | 'lab' | 'studentId' | 'accountId' | 'checkId'>) =>
    inCourse(o.courseId, `OVERRIDE#${o.lab}#${o.studentId}#${o.accountId ? `${o.accountId}#` : ''}${o.checkId}`),
  overrideEvent: (e: OverrideEvent) => inCourse(e.courseId, `OVERRIDELOG#${e.lab}#${e.at}#${e.studentId}#${e.checkId}`),
  studentRegrade: (courseId: string, lab: string, runId: string, studentId: string) =>
    inCourse(courseId, `REGRADE#${lab}#${runId}#STUDENT#${studentId}`),
  /** The class row of a standing (its slim form): beside the standing, in the class's GSI1 partition. */
  classRow: (courseId: string, studentId: string, lab: string, accountId: string) =>
    ofStudent(studentId, `CLASSROW#${courseId}#${lab}#${accountId}`),
  /** The class views' partition: a course's lab. Class rows are in it (standings stored before them too). */
  classIndex: (courseId: string, studentId: string, lab: string, accountId: string) =>
    indexed(`COURSE#${courseId}#LAB#${lab}`, `STUDENT#${studentId}#${accountId}`),
};
