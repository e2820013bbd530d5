/** Grades: the on-demand grade and a student's attempts and standings. */
import * as z from 'zod';
import { enrolmentFor, labById } from '../../service/enrolment.js';
import { accountIdSchema, idSchema } from '../../service/input.js';
import { gradeNow } from '../../service/on-demand-grade.js';
import { StudentNotFoundError } from '../../service/roster.js';
import type { Standing } from '../../store/records.js';
import type { AttemptsResponse, GradeResponse, StandingsResponse } from '../contract.js';
import { badRequest, forbidden } from '../errors.js';
import { cursorSchema, limitSchema, mapPage } from '../paging.js';
import { json, route } from '../router.js';
import { noQuery } from '../validation.js';
import { attemptView, standingView } from '../views.js';

export const gradeRoutes = [
  route({
    method: 'POST',
    pattern: '/grades',
    access: 'self',
    query: noQuery,
    body: z.strictObject({
      lab: z.string().min(1).max(64),
      studentId: idSchema.optional(),
      courseId: idSchema.optional(),
    }),
    handler: async ({ req, who, body, deps }) => {
      if (body.studentId === undefined && who.role === 'instructor') {
        throw badRequest('studentId', 'required: an instructor names the student to grade');
      }
      const studentId = body.studentId ?? who.studentId;
      const graded = await gradeNow(
        { studentId, lab: body.lab, requestId: req.requestId, ...(body.courseId ? { courseId: body.courseId } : {}) },
        deps,
      );
      const reply: GradeResponse = {
        attemptId: graded.attempt.attemptId,
        courseId: graded.course.courseId,
        studentId,
        lab: graded.standing.lab,
        result: graded.attempt.result,
        changes: graded.attempt.changes,
        ...(graded.accessFailure ? { accessFailure: graded.accessFailure } : {}),
        ...(graded.wrongAccount ? { wrongAccount: graded.wrongAccount } : {}),
        counted: graded.standing.counted,
        nextGradeAllowedAt: graded.nextAllowedAt.toISOString(),
      };
      return json(201, reply);
    },
  }),

  route({
    method: 'GET',
    pattern: '/students/{studentId}/grades',
    access: 'self',
    query: z.strictObject({
      lab: z.string().min(1).max(64),
      courseId: idSchema.optional(),
      /** An earlier registration of the student (instructors): its account. */
      accountId: accountIdSchema.optional(),
      limit: limitSchema,
      cursor: cursorSchema,
    }),
    handler: async ({ params: { studentId: id }, who, query: q, deps }) => {
      const lab = labById(q.lab);
      const { course, entry } = await enrolmentFor(deps.store, id, lab, q.courseId);
      // The current registration's attempts; an instructor may read an earlier registration's.
      const accountId = q.accountId ?? entry.accountId;
      if (accountId !== entry.accountId && who.role !== 'instructor') {
        throw forbidden(`account ${accountId} is not student ${id}'s current registration`);
      }
      const page = await deps.store.listAttempts({
        courseId: course.courseId,
        studentId: id,
        accountId,
        lab: lab.id,
        ...(q.limit ? { limit: q.limit } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
      const body: AttemptsResponse = {
        courseId: course.courseId,
        studentId: id,
        accountId,
        current: accountId === entry.accountId,
        lab: lab.id,
        ...mapPage(page, attemptView),
      };
      return json(200, body);
    },
  }),

  route({
    method: 'GET',
    pattern: '/students/{studentId}/standings',
    access: 'self',
    query: z.strictObject({ courseId: idSchema.optional() }),
    handler: async ({ params: { studentId: id }, who, query: q, deps }) => {
      const enrolments = (await deps.store.listEnrolments(id)).filter((e) => !q.courseId || e.courseId === q.courseId);
      if (q.courseId && enrolments.length === 0) throw new StudentNotFoundError(q.courseId, id);
      const standings = (await Promise.all(enrolments.map((e) => deps.store.listStandings(e.courseId, id)))).flat();
      const current = new Set(enrolments.map((e) => `${e.courseId}/${e.accountId}`));
      const isCurrent = (s: Standing) => current.has(`${s.courseId}/${s.accountId}`);
      const body: StandingsResponse = {
        studentId: id,
        items: standings.filter(isCurrent).map(standingView),
        // Earlier registrations (another account) are history, for the instructor.
        ...(who.role === 'instructor' ? { history: standings.filter((s) => !isCurrent(s)).map(standingView) } : {}),
      };
      return json(200, body);
    },
  }),
];
