/**
 * The HTTP API as a user calls it: the local service (same Lambda handler as in AWS) on DynamoDB
 * Local, with demo students graded from recorded example inventories, over real HTTP.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type {
  AttemptsResponse,
  ErrorResponse,
  GradeResponse,
  MeResponse,
  ResultsResponse,
  RosterResponse,
  StandingsResponse,
  SummaryResponse,
} from '../../functions/api/contract.js';
import { type LocalService, startLocalService } from '../../functions/local/service.js';
import { deleteTables } from '../../functions/store/tables.js';
import { fakeAws } from '../service/helpers.js';
import { localDynamoDb } from '../support/dynamodb.js';

const EXAMPLES = ['complete', 'single-az', 'no-nat-gateway', 'ssh-open-to-world'];
const COURSE = 'demo-vpc';
const ROLE = 'arn:aws:iam::333333333333:role/LabGraderReadOnly';
/** The account the example inventories were recorded in. */
const DEMO_ACCOUNT = '123456789012';

// A student account whose STS answers at once and whose other services answer only when the test
// opens the gate (after it has the grade's response), so "the grade did not wait for them" is
// asserted without timing the request, which a loaded machine stretches.
const sts = fakeAws({ accounts: {}, roles: { [ROLE]: '333333333333' } });
let openGate: () => void = () => {};
const gate = new Promise<void>((resolve) => {
  openGate = resolve;
});
let slowAnswers = 0;
const slowAccount = {
  async handle(request: { headers: Record<string, string>; body?: unknown; hostname?: string }) {
    if (request.hostname?.startsWith('sts.')) return sts.handle(request);
    await gate;
    slowAnswers += 1;
    return sts.handle({ ...request, body: 'Action=DescribeVpcs' });
  },
};

let service: LocalService;
let dataDir: string;
const suffix = Math.random().toString(36).slice(2, 8);
const tables = { grades: `api-grades-${suffix}`, idempotency: `api-idem-${suffix}` };

let teacher: string;
let ann: string; // vpc-complete
let ben: string; // vpc-single-az

async function call(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; raw?: string; contentType?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.raw !== undefined || options.body !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    body = options.raw ?? JSON.stringify(options.body);
  }
  const res = await fetch(`${service.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  const isJson = res.headers.get('content-type')?.includes('json');
  return {
    status: res.status,
    headers: res.headers,
    text,
    json: (isJson && text ? JSON.parse(text) : undefined) as any,
  };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'labgrader-api-'));
  const examplesDir = join(dataDir, 'examples');
  await mkdir(join(examplesDir, 'vpc'), { recursive: true });
  for (const name of EXAMPLES)
    await copyFile(join('examples/vpc', `${name}.json`), join(examplesDir, 'vpc', `${name}.json`));
  service = await startLocalService({
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    tables,
    port: 0,
    dataDir,
    examplesDir,
    dashboardDir: join(dataDir, 'no-dashboard'),
    scheduleMinutes: 0,
    gradeBudgetMs: 400,
    logLevel: 'SILENT',
    grading: {
      graderCredentials: { accessKeyId: 'AKIAGRADERGRADER0001', secretAccessKey: 'grader-secret' },
      stsClientConfig: { requestHandler: slowAccount },
      clientConfig: { requestHandler: slowAccount, maxAttempts: 1 },
    },
  });
  teacher = service.token({ subject: 'teacher', groups: ['instructors'] });
  ann = service.token({ subject: 'vpc-complete' });
  ben = service.token({ subject: 'vpc-single-az' });
});

afterAll(async () => {
  openGate(); // lets any call still held by the slow account finish before the service stops
  await service?.stop();
  const client = localDynamoDb();
  await deleteTables(client, tables);
  client.destroy();
  await rm(dataDir, { recursive: true, force: true });
});

describe('who may call what', () => {
  const routes: [string, string][] = [
    ['GET', '/me'],
    ['GET', '/labs'],
    ['POST', '/grades'],
    ['GET', '/students/vpc-complete/grades?lab=vpc'],
    ['GET', '/students/vpc-complete/standings'],
    ['GET', '/courses'],
    ['GET', `/courses/${COURSE}`],
    ['PUT', `/courses/${COURSE}`],
    ['GET', `/courses/${COURSE}/students`],
    ['PUT', `/courses/${COURSE}/students/x1`],
    ['DELETE', `/courses/${COURSE}/students/x1`],
    ['PUT', `/courses/${COURSE}/students/x1/credentials`],
    ['GET', `/courses/${COURSE}/labs/vpc/results`],
    ['GET', `/courses/${COURSE}/labs/vpc/summary`],
    ['GET', `/courses/${COURSE}/labs/vpc/results.csv`],
  ];

  it.each(routes)('%s %s without a token is 401 with a JSON error', async (method, path) => {
    const res = await call(method, path, method === 'GET' || method === 'DELETE' ? {} : { body: { lab: 'vpc' } });
    expect(res.status).toBe(401);
    expect((res.json as ErrorResponse).error.code).toBe('unauthorized');
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('an expired token is 401, and so is a token signed elsewhere or a malformed header', async () => {
    const expired = service.token({ subject: 'vpc-complete' }, { now: new Date(Date.now() - 13 * 3600_000) });
    const a = await call('GET', '/students/vpc-complete/standings', { token: expired });
    expect(a.status).toBe(401);
    expect(a.json.error.message).toMatch(/expired/);

    const [h, p] = ann.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: 'teacher', 'cognito:groups': ['instructors'], exp: 9e9 })).toString('base64url')}.${ann.split('.')[2]}`;
    expect((await call('GET', '/courses', { token: forged })).status).toBe(401);
    expect(p).toBeDefined();
    const res = await fetch(`${service.url}/courses`, { headers: { authorization: 'Basic dGVhY2hlcg==' } });
    expect(res.status).toBe(401);
  });

  it('student A cannot read or grade student B', async () => {
    for (const [method, path, body] of [
      ['GET', '/students/vpc-single-az/grades?lab=vpc'],
      ['GET', '/students/vpc-single-az/standings'],
      ['POST', '/grades', { lab: 'vpc', studentId: 'vpc-single-az' }],
      ['PUT', `/courses/${COURSE}/students/vpc-single-az/credentials`, { expiration: 'x' }],
    ] as [string, string, unknown?][]) {
      const res = await call(method, path, { token: ann, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.json.error.code).toBe('forbidden');
    }
  });

  it('a student cannot use the instructor routes, nor see a course they are not in', async () => {
    for (const [method, path] of [
      ['GET', `/courses/${COURSE}/labs/vpc/results`],
      ['GET', `/courses/${COURSE}/labs/vpc/summary`],
      ['GET', `/courses/${COURSE}/labs/vpc/results.csv`],
      ['GET', `/courses/${COURSE}/students`],
      ['DELETE', `/courses/${COURSE}/students/vpc-single-az`],
    ]) {
      expect((await call(method as string, path as string, { token: ann })).status, path).toBe(403);
    }
    const put = await call('PUT', `/courses/${COURSE}/students/vpc-complete`, { token: ann, body: { accountId: '1' } });
    expect(put.status).toBe(403);
    expect((await call('GET', `/courses/${COURSE}`, { token: service.token({ subject: 'stranger' }) })).status).toBe(
      403,
    );
  });

  it('GET /me tells a student their courses and an instructor every course', async () => {
    const student = (await call('GET', '/me', { token: ann })).json as MeResponse;
    expect(student).toMatchObject({ subject: 'vpc-complete', role: 'student' });
    expect(student.courses.map((c) => c.courseId)).toEqual([COURSE]);
    const instructor = (await call('GET', '/me', { token: teacher })).json as MeResponse;
    expect(instructor.role).toBe('instructor');
    expect(instructor.courses.map((c) => c.courseId)).toContain(COURSE);
    const labs = await call('GET', '/labs?lang=ko', { token: ann });
    expect(labs.json.items.find((l: { lab: string }) => l.lab === 'vpc').checks[0].id).toBe('vpc.exists');
  });
});

describe('grading on demand', () => {
  it('a student grades their own account and reads it back in their history, newest first', async () => {
    const res = await call('POST', '/grades', { token: ann, body: { lab: 'vpc' } });
    expect(res.status).toBe(201);
    const graded = res.json as GradeResponse;
    expect(graded).toMatchObject({ courseId: COURSE, studentId: 'vpc-complete', lab: 'vpc' });
    expect(graded.result.trigger).toBe('api');
    expect(graded.result.checks.every((c) => c.status === 'pass' || c.status === 'skip')).toBe(true);
    expect(graded.result.score).toBeGreaterThanOrEqual(graded.result.maxScore);

    const history = (await call('GET', '/students/vpc-complete/grades?lab=vpc', { token: ann }))
      .json as AttemptsResponse;
    // The seeding grade (schedule) and this one.
    expect(history.items.map((a) => a.attemptId)[0]).toBe(graded.attemptId);
    expect(history.items.map((a) => a.result.trigger)).toEqual(['api', 'schedule']);

    const standings = (await call('GET', '/students/vpc-complete/standings', { token: ann })).json as StandingsResponse;
    expect(standings.items).toHaveLength(1);
    expect(standings.items[0]).toMatchObject({ lab: 'vpc', attempts: 2, latestAttemptId: graded.attemptId });
  });

  it('a second grade within the interval is 429 with Retry-After', async () => {
    const res = await call('POST', '/grades', { token: ann, body: { lab: 'vpc' } });
    expect(res.status).toBe(429);
    const wait = Number(res.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(20);
    expect(res.json.error).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterSeconds: wait });
  });

  it('concurrent requests for the same student run one grade; the others are 429', async () => {
    const before = await service.store.getStanding(COURSE, 'vpc-single-az', 'vpc', DEMO_ACCOUNT);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => call('POST', '/grades', { token: ben, body: { lab: 'vpc' } })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 429, 429, 429, 429, 429]);
    const after = await service.store.getStanding(COURSE, 'vpc-single-az', 'vpc', DEMO_ACCOUNT);
    expect(after?.attempts).toBe((before?.attempts ?? 0) + 1);
    const graded = answers.find((a) => a.status === 201)?.json as GradeResponse;
    expect(graded.result.checks.find((c) => c.id === 'vpc.public-subnets')?.status).toBe('fail');
  });

  it('an instructor grades a named student; a student naming another is refused', async () => {
    const res = await call('POST', '/grades', {
      token: teacher,
      body: { lab: 'vpc', studentId: 'vpc-no-nat-gateway' },
    });
    expect(res.status).toBe(201);
    expect(res.json.studentId).toBe('vpc-no-nat-gateway');
    const missing = await call('POST', '/grades', { token: teacher, body: { lab: 'vpc' } });
    expect(missing.status).toBe(400);
    expect(missing.json.error.field).toBe('studentId');
  });

  it('a grade that runs out of time returns what it has, with error checks', async () => {
    const put = await call('PUT', `/courses/${COURSE}/students/slow-sam`, {
      token: teacher,
      body: { accountId: '333333333333', roleArn: ROLE, externalId: 'sam-external-id' },
    });
    expect(put.status).toBe(201);
    const res = await call('POST', '/grades', { token: service.token({ subject: 'slow-sam' }), body: { lab: 'vpc' } });
    // Answered within its budget, while every call to the account was still unanswered.
    expect(slowAnswers).toBe(0);
    openGate();
    expect(res.status).toBe(201);
    const result = (res.json as GradeResponse).result;
    expect(result.sourceErrors.map((e) => e.code)).toContain('Timeout');
    expect(result.checks.some((c) => c.status === 'error')).toBe(true);
    expect(result.checks.some((c) => c.status === 'fail')).toBe(false);
  });
});

describe('the class, as an instructor sees it', () => {
  it('registers a course and students, and pages through the roster with a cursor', async () => {
    const course = await call('PUT', '/courses/aws-101', {
      token: teacher,
      body: { title: 'AWS 101', region: 'ap-northeast-2', labs: [{ lab: 'vpc' }, { lab: 'db' }] },
    });
    expect(course.status).toBe(201);
    expect(
      (
        await call('PUT', '/courses/aws-101', {
          token: teacher,
          body: { region: 'ap-northeast-2', labs: [{ lab: 'vpc' }] },
        })
      ).status,
    ).toBe(200);
    for (const id of ['s3', 's1', 's2']) {
      // One account per student.
      const account = `11112222333${id.slice(1)}`;
      const res = await call('PUT', `/courses/aws-101/students/${id}`, {
        token: teacher,
        body: {
          name: `학생 ${id}`,
          accountId: account,
          roleArn: `arn:aws:iam::${account}:role/Grader`,
          externalId: `ext-${id}`,
        },
      });
      expect(res.status).toBe(201);
    }
    const first = (await call('GET', '/courses/aws-101/students?limit=2', { token: teacher })).json as RosterResponse;
    expect(first.items.map((s) => s.studentId)).toEqual(['s1', 's2']);
    expect(first.cursor).toBeDefined();
    const second = (await call('GET', `/courses/aws-101/students?limit=2&cursor=${first.cursor}`, { token: teacher }))
      .json as RosterResponse;
    expect(second.items.map((s) => s.studentId)).toEqual(['s3']);
    expect(second.cursor).toBeUndefined();

    // A cursor of one list does not continue another.
    const other = await call('GET', `/courses/${COURSE}/students?cursor=${first.cursor}`, { token: teacher });
    expect(other.status).toBe(400);
    expect(other.json.error.field).toBe('cursor');

    expect((await call('DELETE', '/courses/aws-101/students/s3', { token: teacher })).status).toBe(204);
    expect((await call('DELETE', '/courses/aws-101/students/s3', { token: teacher })).status).toBe(404);
    expect(
      (await call('GET', '/courses', { token: teacher })).json.items.map((c: { courseId: string }) => c.courseId),
    ).toContain('aws-101');
  });

  it('lists the latest result of every student, paged', async () => {
    const page = (await call('GET', `/courses/${COURSE}/labs/vpc/results?limit=3`, { token: teacher }))
      .json as ResultsResponse;
    expect(page.items).toHaveLength(3);
    const rest = (
      await call('GET', `/courses/${COURSE}/labs/vpc/results?limit=3&cursor=${page.cursor}`, { token: teacher })
    ).json as ResultsResponse;
    const ids = [...page.items, ...rest.items].map((r) => r.studentId);
    expect(ids).toEqual(['slow-sam', 'vpc-complete', 'vpc-no-nat-gateway', 'vpc-single-az', 'vpc-ssh-open-to-world']);
    const ssh = rest.items.find((r) => r.studentId === 'vpc-ssh-open-to-world');
    expect(ssh?.checks.find((c) => c.id === 'vpc.no-open-admin')?.status).toBe('fail');
    expect(ssh?.score).toBeLessThan(ssh?.maxScore ?? 0);
  });

  it('summarizes where the class is stuck and who has not attempted', async () => {
    await call('PUT', `/courses/${COURSE}/students/late-lee`, {
      token: teacher,
      body: {
        name: '이 지각',
        accountId: '444455556666',
        roleArn: 'arn:aws:iam::444455556666:role/G',
        externalId: 'lee-ext',
      },
    });
    const summary = (await call('GET', `/courses/${COURSE}/labs/vpc/summary`, { token: teacher }))
      .json as SummaryResponse;
    expect(summary.students).toBe(6);
    expect(summary.attempted).toBe(5);
    expect(summary.notAttempted).toEqual([{ studentId: 'late-lee', name: '이 지각' }]);
    const admin = summary.checks.find((c) => c.id === 'vpc.no-open-admin');
    expect(admin).toMatchObject({ pass: 3, fail: 1, error: 1 });
    expect(admin?.passRate).toBe(0.75);
    const nat = summary.checks.find((c) => c.id === 'vpc.nat');
    expect(nat?.fail).toBe(1);
    expect(summary.scores.buckets.reduce((n, b) => n + b.count, 0)).toBe(5);
    expect(summary.scores.max).toBeGreaterThanOrEqual(summary.maxScore);
    expect(summary.scores.min).toBe(0);
  });

  it('exports a CSV that a CSV library reads back: BOM, one row per student, a column per check', async () => {
    await call('PUT', `/courses/${COURSE}/students/odd-name`, {
      token: teacher,
      body: {
        name: 'Kim, "Jay"\n김재이',
        accountId: '777788889999',
        roleArn: 'arn:aws:iam::777788889999:role/G',
        externalId: 'odd-ext',
      },
    });
    const res = await call('GET', `/courses/${COURSE}/labs/vpc/results.csv`, { token: teacher });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toContain(`${COURSE}-vpc-results.csv`);
    const bytes = Buffer.from(
      await (
        await fetch(`${service.url}/courses/${COURSE}/labs/vpc/results.csv`, {
          headers: { authorization: `Bearer ${teacher}` },
        })
      ).arrayBuffer(),
    );
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const rows: Record<string, string>[] = parse(bytes, { bom: true, columns: true, record_delimiter: '\r\n' });
    expect(rows.map((r) => r.studentId)).toEqual([
      'late-lee',
      'odd-name',
      'slow-sam',
      'vpc-complete',
      'vpc-no-nat-gateway',
      'vpc-single-az',
      'vpc-ssh-open-to-world',
    ]);
    expect(rows.find((r) => r.studentId === 'odd-name')?.name).toBe('Kim, "Jay"\n김재이');
    expect(rows.find((r) => r.studentId === 'late-lee')).toMatchObject({
      name: '이 지각',
      score: '',
      'vpc.exists': '',
    });
    const ssh = rows.find((r) => r.studentId === 'vpc-ssh-open-to-world');
    expect(ssh?.['vpc.no-open-admin']).toBe('fail');
    expect(ssh?.['vpc.exists']).toBe('pass');
    expect(Number(ssh?.score)).toBeGreaterThan(0);
    expect(Object.keys(rows[0] ?? {})).toEqual(expect.arrayContaining(['score', 'maxScore', 'vpc.nat', 'vpc.tags']));
  });
});

describe('bad input is a 4xx naming the problem', () => {
  const cases: [string, string, string, { body?: unknown; raw?: string; contentType?: string }, number, string?][] = [
    ['malformed JSON', 'POST', '/grades', { raw: '{"lab": "vpc"' }, 400],
    ['a body that is not an object', 'POST', '/grades', { raw: '["vpc"]' }, 400],
    ['a missing field', 'POST', '/grades', { body: {} }, 400, 'lab'],
    ['an unknown field', 'POST', '/grades', { body: { lab: 'vpc', labb: 1 } }, 400, 'labb'],
    ['an unknown lab', 'POST', '/grades', { body: { lab: 'vpcx' } }, 404, 'lab'],
    ['an unknown course', 'POST', '/grades', { body: { lab: 'vpc', courseId: 'nope' } }, 404, 'studentId'],
    ['text instead of JSON', 'POST', '/grades', { raw: 'lab=vpc', contentType: 'text/plain' }, 400],
    ['an oversized body', 'POST', '/grades', { body: { lab: 'x'.repeat(70_000) } }, 413],
    [
      'an unknown roster field',
      'PUT',
      `/courses/${COURSE}/students/t1`,
      { body: { acountId: '111122223333' } },
      400,
      'acountId',
    ],
    [
      'a bad account id',
      'PUT',
      `/courses/${COURSE}/students/t1`,
      { body: { accountId: '12', roleArn: ROLE, externalId: 'abc' } },
      400,
      'accountId',
    ],
    [
      'a bad course lab',
      'PUT',
      '/courses/c9',
      { body: { region: 'us-east-1', labs: [{ lab: 'nope' }] } },
      400,
      'labs[0].lab',
    ],
    [
      'an unknown nested field',
      'PUT',
      '/courses/c9',
      { body: { region: 'us-east-1', labs: [{ lab: 'vpc', dedline: 'x' }] } },
      400,
      'labs[0].dedline',
    ],
    [
      'a student of an unknown course',
      'PUT',
      '/courses/nope/students/t1',
      { body: { accountId: '111122223333', roleArn: 'arn:aws:iam::111122223333:role/G', externalId: 'abc' } },
      404,
      'courseId',
    ],
  ];
  it.each(cases)('%s', async (_what, method, path, options, status, field) => {
    const res = await call(method, path, { token: method === 'POST' ? ann : teacher, ...options });
    expect(res.status).toBe(status);
    const error = (res.json as ErrorResponse).error;
    expect(error.message).not.toMatch(/\bat .*\.ts:\d+/);
    if (field) expect(error.field).toBe(field);
  });

  it.each([
    ['a bad cursor', `/students/vpc-complete/grades?lab=vpc&cursor=not-a-cursor`, 400, 'cursor'],
    ['a limit out of range', `/courses/${COURSE}/labs/vpc/results?limit=1000`, 400, 'limit'],
    ['an unknown query parameter', `/courses/${COURSE}/labs/vpc/results?page=2`, 400, 'page'],
    ['a lab the course does not grade', `/courses/${COURSE}/labs/db/summary`, 404, 'lab'],
    ['an unknown lab', `/courses/${COURSE}/labs/nope/results.csv`, 404, 'lab'],
    ['an unknown course', '/courses/nope/labs/vpc/results', 404, 'courseId'],
    ['a history without its lab', '/students/vpc-complete/grades', 400, 'lab'],
  ])('%s', async (_what, path, status, field) => {
    const res = await call('GET', path, { token: teacher });
    expect(res.status).toBe(status);
    expect(res.json.error.field).toBe(field);
  });

  it('an unknown route is 404 and a wrong method 405', async () => {
    expect((await call('GET', '/nothing-here', { token: teacher })).status).toBe(404);
    const res = await call('DELETE', '/grades', { token: teacher });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});
