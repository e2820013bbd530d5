/**
 * Hostile and careless input against every route of the API, through the real local service on
 * DynamoDB Local (issue 20, "Tests that must exist"): over-long ids, odd characters, huge numbers,
 * prototype keys, wrong content types and wrong shapes. Every answer is a 4xx naming the field,
 * none is a 5xx, and the stored data is the same afterwards. The routes come from the route table
 * itself, so a route added later is attacked too.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLab } from '../../checks/labs/index.js';
import { ROUTES } from '../../functions/api/routes/index.js';
import { startTestService, type TestService } from '../support/local-api.js';

const COURSE = 'demo-vpc';
const STUDENT = 'vpc-complete';
const GOOD: Record<string, string> = { courseId: COURSE, studentId: STUDENT, lab: 'vpc' };
const LONG = 'a'.repeat(2100);
/** The vpc lab's checks that count toward its maximum score (all but the bonus). */
const VPC_COUNTED = findLab('vpc')!
  .checks.filter((c) => !c.bonus)
  .map((c) => c.id);
// (`..` alone is left out: the client itself resolves it before sending.)
const ODD = ['a#b', 'a b', 'a/../b', '채점', 'a\u0000b', '$(rm)', '<script>', '%', 'x'.repeat(129)];

const PLATFORM = {
  issuer: 'http://localhost:9999',
  clientId: 'c1',
  deploymentIds: ['d1'],
  jwksUrl: 'http://localhost:9999/jwks',
  authUrl: 'http://localhost:9999/auth',
  tokenUrl: 'http://localhost:9999/token',
};

let t: TestService;
let teacher: string;
let student: string;
let before: unknown[];

async function snapshot(): Promise<unknown[]> {
  const out = await t.service.store.doc.send(
    new ScanCommand({ TableName: t.service.tables.grades, ConsistentRead: true }),
  );
  const items = (out.Items ?? []).filter((i) => !String(i.pk).startsWith('RATE#'));
  return items.sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
}

async function send(method: string, path: string, token: string, body?: string, contentType = 'application/json') {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = contentType;
  const res = await fetch(`${t.service.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let json: { error?: { field?: string; message?: string } } | undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

const fill = (pattern: string, values: Record<string, string>) =>
  pattern.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? GOOD[name] ?? 'x'));

interface Case {
  what: string;
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  field: string | RegExp;
}

function cases(): Case[] {
  const all: Case[] = [];
  for (const r of ROUTES) {
    const params = [...r.pattern.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
    const goodBody = r.body ? '{}' : undefined;
    for (const name of params) {
      for (const value of [LONG, ...ODD]) {
        if (name === 'lab' && value.length <= 64) continue; // an unknown lab id is a 404, also named below
        all.push({
          what: `${name} = ${JSON.stringify(value.slice(0, 12))}${value.length > 12 ? `… (${value.length})` : ''}`,
          method: r.method,
          path: fill(r.pattern, { [name]: value }),
          ...(goodBody ? { body: goodBody } : {}),
          field: name,
        });
      }
      if (name === 'lab')
        all.push({ what: 'an unknown lab', method: r.method, path: fill(r.pattern, { lab: 'n#pe' }), field: 'lab' });
    }
    const path = fill(r.pattern, {});
    all.push({
      what: 'an unknown query parameter',
      method: r.method,
      path: `${path}?constructor=1`,
      field: 'constructor',
    });
    all.push({
      what: 'a __proto__ query parameter',
      method: r.method,
      path: `${path}?__proto__=1`,
      field: '__proto__',
    });
    if (r.body) {
      const bodies: [string, string, string | RegExp, string?][] = [
        ['an array body', '[1]', 'body'],
        ['a string body', '"vpc"', 'body'],
        ['a number body', '1e308', 'body'],
        ['a null body', 'null', 'body'],
        ['malformed JSON', '{"a":', 'body'],
        ['a __proto__ key', '{"__proto__": {"polluted": 1}}', /^(__proto__|body)$/],
        ['a constructor key', '{"constructor": {"prototype": {"polluted": 1}}}', 'constructor'],
        [
          'a nested __proto__ key',
          '{"labs": [{"__proto__": {"polluted": 1}}]}',
          /^(labs\[0\]\.__proto__|__proto__|labs)$/,
        ],
        ['an unknown field', '{"zzz": 1}', 'zzz'],
        ['text instead of JSON', 'lab=vpc', 'body', 'text/plain'],
        ['JSON sent as form data', '{"lab":"vpc"}', /.+/, 'application/x-www-form-urlencoded'],
      ];
      for (const [what, body, field, contentType] of bodies) {
        all.push({ what, method: r.method, path, body, field, ...(contentType ? { contentType } : {}) });
      }
    }
  }
  // Field-level attacks on the bodies that take them.
  const course = (lab: Record<string, unknown>) =>
    JSON.stringify({ region: 'us-east-1', labs: [{ lab: 'vpc', ...lab }] });
  all.push(
    {
      what: 'huge points',
      method: 'PUT',
      path: '/courses/h1',
      body: course({ points: { 'vpc.tags': 1e308 } }),
      field: 'labs[0].points.vpc.tags',
    },
    {
      what: 'fractional points',
      method: 'PUT',
      path: '/courses/h1',
      body: course({ points: { 'vpc.tags': 1.5 } }),
      field: 'labs[0].points.vpc.tags',
    },
    {
      what: 'negative points',
      method: 'PUT',
      path: '/courses/h1',
      body: course({ points: { 'vpc.tags': -10 } }),
      field: 'labs[0].points.vpc.tags',
    },
    {
      what: 'points as text',
      method: 'PUT',
      path: '/courses/h1',
      body: course({ points: { 'vpc.tags': '10' } }),
      field: 'labs[0].points.vpc.tags',
    },
    {
      what: 'points of no check',
      method: 'PUT',
      path: '/courses/h1',
      body: course({ points: { constructor: 1 } }),
      field: 'labs[0].points.constructor',
    },
    {
      what: 'a prototype parameter',
      method: 'PUT',
      path: '/courses/h1',
      body: course({ params: { constructor: { prototype: { x: 1 } } } }),
      field: 'labs[0].params.constructor',
    },
    {
      what: 'an unknown parameter',
      method: 'PUT',
      path: '/courses/h1',
      body: course({ params: { nosuchParam: 1 } }),
      field: 'labs[0].params.nosuchParam',
    },
    {
      what: 'a naming pattern that backtracks exponentially',
      method: 'PUT',
      path: '/courses/h1',
      body: course({ params: { publicNamePattern: '^(a+)+$' } }),
      field: 'labs[0].params.publicNamePattern',
    },
    {
      what: 'disabled as a string',
      method: 'PUT',
      path: '/courses/h1',
      body: course({ disabled: 'vpc.tags' }),
      field: 'labs[0].disabled',
    },
    {
      what: 'every counted check switched off',
      method: 'PUT',
      path: '/courses/h1',
      body: course({ disabled: VPC_COUNTED }),
      field: 'labs[0].disabled',
    },
    // A year typed wrong judges every attempt late (or none): refused, naming the deadline.
    {
      what: 'a course deadline in the year 26',
      method: 'PUT',
      path: '/courses/h1',
      body: course({ deadline: '0026-12-31T23:59:00+09:00' }),
      field: 'labs[0].deadline',
    },
    {
      what: 'an extension to the year 9999',
      method: 'PUT',
      path: `/courses/${COURSE}/students/${STUDENT}/extensions/vpc`,
      body: JSON.stringify({ deadline: '9999-12-31T23:59:59Z' }),
      field: 'deadline',
    },
    {
      what: 'a roster deadline in the year 1970',
      method: 'PUT',
      path: `/courses/${COURSE}/students/h2`,
      body: JSON.stringify({
        accountId: '123456789012',
        access: 'session',
        deadlines: { vpc: '1970-01-01T00:00:00Z' },
      }),
      field: 'deadlines.vpc',
    },
    {
      what: 'a long title',
      method: 'PUT',
      path: '/courses/h1',
      body: JSON.stringify({ region: 'us-east-1', title: 'x'.repeat(5000), labs: [{ lab: 'vpc' }] }),
      field: 'title',
    },
    {
      what: 'a huge number as region',
      method: 'PUT',
      path: '/courses/h1',
      body: JSON.stringify({ region: 1e308, labs: [{ lab: 'vpc' }] }),
      field: 'region',
    },
    {
      what: 'a long lab in a grade',
      method: 'POST',
      path: '/grades',
      body: JSON.stringify({ lab: LONG }),
      field: 'lab',
    },
    {
      what: 'a long student in a grade',
      method: 'POST',
      path: '/grades',
      body: JSON.stringify({ lab: 'vpc', studentId: LONG }),
      field: 'studentId',
    },
    {
      what: 'odd characters in a course of a grade',
      method: 'POST',
      path: '/grades',
      body: JSON.stringify({ lab: 'vpc', courseId: 'a#b' }),
      field: 'courseId',
    },
    {
      what: 'a long course in a query',
      method: 'GET',
      path: `/students/${STUDENT}/grades?lab=vpc&courseId=${LONG}`,
      field: 'courseId',
    },
    { what: 'a huge limit', method: 'GET', path: `/courses/${COURSE}/students?limit=1e308`, field: 'limit' },
    { what: 'a negative limit', method: 'GET', path: `/courses/${COURSE}/students?limit=-1`, field: 'limit' },
    // Number('0x10') is 16 and Number(' 5') is 5: a limit is written in decimal digits, nothing else.
    { what: 'a hexadecimal limit', method: 'GET', path: `/courses/${COURSE}/students?limit=0x10`, field: 'limit' },
    { what: 'a limit with a space', method: 'GET', path: `/courses/${COURSE}/students?limit=%205`, field: 'limit' },
    {
      what: 'a limit in exponent form',
      method: 'GET',
      path: `/students/${STUDENT}/grades?lab=vpc&limit=1e1`,
      field: 'limit',
    },
    { what: 'a long cursor', method: 'GET', path: `/courses/${COURSE}/students?cursor=${LONG}`, field: 'cursor' },
    {
      what: 'a long account id',
      method: 'PUT',
      path: `/courses/${COURSE}/students/h2`,
      body: JSON.stringify({ accountId: LONG }),
      field: 'accountId',
    },
    {
      what: 'a huge account id',
      method: 'PUT',
      path: `/courses/${COURSE}/students/h2`,
      body: JSON.stringify({ accountId: 1e308 }),
      field: 'accountId',
    },
    {
      what: 'long deadlines keys',
      method: 'PUT',
      path: `/courses/${COURSE}/students/h2`,
      body: JSON.stringify({
        accountId: '123456789012',
        access: 'session',
        deadlines: { [LONG]: '2026-12-01T00:00:00Z' },
      }),
      field: /^deadlines\./,
    },
    // Free text is text: no control characters, lone surrogates or bidirectional overrides (they
    // reach the CSV, the dashboard, terminals and the LMS's gradebook import).
    {
      what: 'a NUL in a course title',
      method: 'PUT',
      path: '/courses/h1',
      body: JSON.stringify({ region: 'us-east-1', title: 'AWS\u0000101', labs: [{ lab: 'vpc' }] }),
      field: 'title',
    },
    ...(
      [
        ['a right-to-left override in a name', 'name', 'Kim \u202Egnp.exe'],
        ['an email that is none', 'email', '=HYPERLINK("http://x")'],
        ['a terminal escape in an SIS id', 'sisId', '\u001b[2J42'],
      ] as const
    ).map(([what, field, value]) => ({
      what,
      method: 'PUT',
      path: `/courses/${COURSE}/students/h2`,
      body: JSON.stringify({ accountId: '123456789012', access: 'session', [field]: value }),
      field,
    })),
    {
      what: 'a lone surrogate in an override reason',
      method: 'PUT',
      path: `/courses/${COURSE}/labs/vpc/students/${STUDENT}/overrides/vpc.dns`,
      body: JSON.stringify({ status: 'pass', reason: 'ok \ud800' }),
      field: 'reason',
    },
    {
      what: 'a NUL in the reason of an override removal',
      method: 'DELETE',
      path: `/courses/${COURSE}/labs/vpc/students/${STUDENT}/overrides/vpc.dns?reason=a%00b`,
      field: 'reason',
    },
    {
      what: 'a bell in a platform name',
      method: 'PUT',
      path: '/lti/platforms',
      body: JSON.stringify({ ...PLATFORM, name: 'Canvas\u0007' }),
      field: 'name',
    },
    // LTI identifiers become parts of DynamoDB keys (URL-encoded): text only, and short enough.
    {
      what: 'a lone surrogate as the token audience',
      method: 'PUT',
      path: '/lti/platforms',
      body: JSON.stringify({ ...PLATFORM, tokenAudience: '\ud800' }),
      field: 'tokenAudience',
    },
    {
      what: 'a lone surrogate as client id',
      method: 'PUT',
      path: '/lti/platforms',
      body: JSON.stringify({ ...PLATFORM, clientId: '\ud800' }),
      field: 'clientId',
    },
    // A URL labgrader would call, on a host of its own network (even the local service refuses these).
    ...(
      [
        ['jwksUrl', 'https://169.254.169.254/latest/meta-data/iam/security-credentials/'],
        ['jwksUrl', 'https://0xa9fea9fe/latest/meta-data/'],
        ['tokenUrl', 'https://[::ffff:169.254.169.254]/latest/api/token'],
        ['tokenUrl', 'https://2852039166/latest/api/token'],
        ['authUrl', 'https://[fe80::1]/auth'],
        ['authUrl', 'https://10.0.0.5/auth'],
        ['issuer', 'https://grader.localhost'],
      ] as const
    ).map(([field, url]) => ({
      what: `${field} on an internal host (${url})`,
      method: 'PUT',
      path: '/lti/platforms',
      body: JSON.stringify({ ...PLATFORM, [field]: url }),
      field,
    })),
    {
      what: 'an issuer too long for a key once encoded',
      method: 'PUT',
      path: '/lti/platforms',
      body: JSON.stringify({ ...PLATFORM, issuer: `http://localhost/${'%41'.repeat(600)}` }),
      field: 'issuer',
    },
    {
      what: 'a context id of 255 Korean characters',
      method: 'PUT',
      path: `/courses/${COURSE}/lti/contexts`,
      body: JSON.stringify({ issuer: PLATFORM.issuer, contextId: '채'.repeat(255) }),
      field: 'contextId',
    },
    {
      what: 'a lone surrogate as the issuer of a context',
      method: 'PUT',
      path: `/courses/${COURSE}/lti/contexts`,
      body: JSON.stringify({ issuer: '\ud800', contextId: 'c1' }),
      field: 'issuer',
    },
    {
      what: 'a control character in an LMS user id',
      method: 'PUT',
      path: `/courses/${COURSE}/students/${STUDENT}/lti`,
      body: JSON.stringify({ issuer: PLATFORM.issuer, sub: 'u\u00001' }),
      field: 'sub',
    },
    {
      what: 'long credentials',
      method: 'PUT',
      path: `/courses/${COURSE}/students/${STUDENT}/credentials`,
      body: JSON.stringify({
        accessKeyId: `ASIA${'A'.repeat(3000)}`,
        secretAccessKey: 'x'.repeat(40),
        sessionToken: 'x'.repeat(40),
        expiration: new Date(Date.now() + 3_600_000).toISOString(),
      }),
      field: 'accessKeyId',
    },
  );
  return all;
}

beforeAll(async () => {
  t = await startTestService('hostile', ['vpc/complete']);
  teacher = t.service.token({ subject: 'teacher', groups: ['instructors'] });
  student = t.service.token({ subject: STUDENT });
  before = await snapshot();
});

afterAll(async () => {
  await t?.stop();
});

describe('hostile input against every route', () => {
  it.each(cases())('$method $what', async (c) => {
    for (const token of [teacher, student]) {
      const res = await send(c.method, c.path, token, c.body, c.contentType);
      const who = token === teacher ? 'instructor' : 'student';
      expect(res.status, `${who}: ${res.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${who}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
      if (res.status === 403) continue; // a student refused before the input is read
      expect(res.json?.error?.field, `${who}: ${res.text.slice(0, 300)}`).toMatch(
        typeof c.field === 'string' ? new RegExp(`^${c.field.replace(/[.[\]]/g, '\\$&')}$`) : c.field,
      );
      expect(res.text).not.toMatch(/\bat .*\.[jt]s:\d+/);
    }
  });

  it('left the stored data as it was, and no prototype polluted', async () => {
    expect(await snapshot()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
