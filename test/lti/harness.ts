/**
 * The LTI tests' world: DynamoDB Local tables with a course and its roster, a fake LMS platform on
 * 127.0.0.1, and the tool's public endpoints served on 127.0.0.1 the way the API serves them; a
 * `browser` walks the login, the platform's authorization and the launch with its own cookies.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import type { LtiDeps } from '../../functions/lti/deps.js';
import { handleLtiRequest } from '../../functions/lti/http.js';
import { LtiStore } from '../../functions/lti/lti-store.js';
import { PlatformKeys } from '../../functions/lti/platform-keys.js';
import { linkContext, registerPlatform } from '../../functions/lti/registration.js';
import { MemoryToolKeys } from '../../functions/lti/tool-keys.js';
import { registerCourse, registerStudents } from '../../functions/service/roster.js';
import { type RecordedLog, recordingLog } from '../service/helpers.js';
import { useTables } from '../support/dynamodb.js';
import { FakeLms, formFields } from '../support/fake-lms.js';

export const COURSE = 'aws101';

export interface LtiWorld {
  lms: FakeLms;
  tool: string;
  deps: LtiDeps;
  log: RecordedLog;
  tables: ReturnType<typeof useTables>;
}

export function useLtiWorld(prefix: string, courseLabs: string[] = ['vpc']): LtiWorld {
  const tables = useTables(prefix);
  const world = { tables } as LtiWorld;
  let server: Server;
  beforeAll(async () => {
    world.lms = await new FakeLms({ custom: { lab: courseLabs[0] as string } }).start();
    world.log = recordingLog();
    world.deps = {
      store: tables.store,
      lti: new LtiStore(tables.store.doc, tables.store.table),
      keys: new MemoryToolKeys(),
      platformKeys: new PlatformKeys({ cooldownMs: 0, allowLocalHttp: true }),
      log: world.log,
      now: () => new Date(),
      allowLocalHttp: true,
    };
    server = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const chunks: Buffer[] = [];
      for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
      const reply = await handleLtiRequest(
        {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          body: Buffer.concat(chunks).toString('utf8'),
          contentType: req.headers['content-type'],
          cookies: req.headers.cookie ? req.headers.cookie.split(/;\s*/) : [],
          origin: world.tool,
        },
        world.deps,
      );
      res.writeHead(reply.statusCode, { ...reply.headers, ...(reply.cookies ? { 'set-cookie': reply.cookies } : {}) });
      res.end(reply.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    world.tool = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    world.lms.toolJwksUrl = `${world.tool}/lti/jwks`;
    const now = new Date();
    await registerPlatform(world.deps.lti, world.lms.registration(), now, { allowLocalHttp: true });
    await registerCourse(tables.store, COURSE, {
      title: 'AWS 101',
      region: 'ap-northeast-2',
      lang: 'en',
      labs: courseLabs.map((lab) => ({ lab })),
      scoringPolicy: 'best',
      // The students share the recorded example inventories' account.
      teamBased: true,
    });
    await registerStudents(tables.store, COURSE, [
      { studentId: 's-alice', name: 'Alice', email: 'Alice@Example.edu', ...role('111111111111') },
      { studentId: 's-bob', name: 'Bob', sisId: 'SIS-B2', ...role('222222222222') },
      { studentId: 's-carol', name: 'Carol', ...role('333333333333') },
    ]);
    await linkContext(
      tables.store,
      world.deps.lti,
      COURSE,
      { issuer: world.lms.issuer, contextId: world.lms.contextId },
      now,
    );
    world.lms.users.set('alice', { sub: 'lms-user-alice', email: 'alice@example.edu', name: 'Alice A' });
    world.lms.users.set('bob', { sub: 'lms-user-bob', sis: 'SIS-B2' });
    world.lms.users.set('carol', { sub: 'lms-user-carol', email: 'carol@elsewhere.edu' });
    world.lms.users.set('mallory', { sub: 'lms-user-mallory', email: 'mallory@example.edu' });
    world.lms.users.set('teacher', {
      sub: 'lms-user-teacher',
      roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'],
    });
  });
  afterAll(async () => {
    await world.lms?.stop();
    await new Promise<void>((resolve) => {
      server?.close(() => resolve());
      server?.closeAllConnections();
    });
  });
  return world;
}

/** Every student builds in the account of the recorded example inventories. */
function role(_: string) {
  const account = '123456789012';
  return { accountId: account, roleArn: `arn:aws:iam::${account}:role/LabGraderReadOnly`, externalId: 'course-aws101' };
}

export interface LaunchSteps {
  /** What the tool answered the login with. */
  login: Response;
  cookie: string | undefined;
  /** The form the platform's authorization endpoint answered. */
  form: { action: string; fields: Record<string, string> };
  /** The launch's answer. */
  launch: Response;
  html: string;
}

/**
 * A browser opening the LMS link: login initiation (form POST, as Canvas sends it), the platform's
 * authorization endpoint, then the form_post to the launch. `change` may alter what the browser
 * posts (another state, no cookie...).
 */
export async function openLink(
  world: LtiWorld,
  loginHint: string,
  change: (steps: { cookie: string | undefined; fields: Record<string, string> }) => void = () => undefined,
): Promise<LaunchSteps> {
  const login = await fetch(`${world.tool}/lti/login`, {
    method: 'POST',
    body: new URLSearchParams(world.lms.loginParams(loginHint, `${world.tool}/lti/launch`)),
    redirect: 'manual',
  });
  const setCookie = login.headers.getSetCookie()[0];
  const location = login.headers.get('location');
  if (login.status !== 302 || !location) throw new Error(`login answered ${login.status}: ${await login.text()}`);
  const auth = await fetch(location);
  if (auth.status !== 200)
    throw new Error(`the platform's auth endpoint answered ${auth.status}: ${await auth.text()}`);
  const form = formFields(await auth.text());
  const posted = { cookie: setCookie?.split(';')[0], fields: { ...form.fields } };
  change(posted);
  const launch = await fetch(form.action, {
    method: 'POST',
    body: new URLSearchParams(posted.fields),
    headers: posted.cookie ? { cookie: posted.cookie } : {},
    redirect: 'manual',
  });
  return { login, cookie: posted.cookie, form, launch, html: await launch.text() };
}

/** Posts a form to the launch again (a replay), with the cookie given. */
export async function postLaunch(world: LtiWorld, fields: Record<string, string>, cookie: string | undefined) {
  const res = await fetch(`${world.tool}/lti/launch`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: cookie ? { cookie } : {},
  });
  return { status: res.status, html: await res.text() };
}

/** The reasons of the refusals logged so far. */
export function refusals(log: RecordedLog): string[] {
  return log.lines.filter((l) => l.message.endsWith('refused')).map((l) => (l.extra[0] as { reason: string }).reason);
}
