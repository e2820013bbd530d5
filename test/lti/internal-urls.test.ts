/**
 * labgrader never calls a host of the network it runs in because an LMS or an instructor named it
 * (server-side request forgery): a platform registered with a loopback, link-local, private,
 * CGNAT, multicast or reserved address, or localhost, is refused with a 400 naming the field,
 * however the WHATWG URL parser lets the address be spelled; a line item the platform names
 * elsewhere is not posted to; and no call follows a redirect. Only on this machine
 * (`allowLocalHttp`) are localhost, 127.0.0.1 and [::1] accepted, as before.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorReply } from '../../functions/api/errors.js';
import { AgsClient, AgsError } from '../../functions/lti/ags.js';
import type { LtiStore } from '../../functions/lti/lti-store.js';
import { PlatformKeys, PlatformKeysRefusedError } from '../../functions/lti/platform-keys.js';
import { isLocalHost } from '../../functions/lti/platform-url.js';
import type { PlatformRegistration } from '../../functions/lti/records.js';
import { platformInputSchema, registerPlatform } from '../../functions/lti/registration.js';
import { MemoryToolKeys } from '../../functions/lti/tool-keys.js';

const NOW = new Date('2026-03-10T09:00:00.000Z');
const LMS = 'https://lms.example.edu';
const PLATFORM = {
  issuer: LMS,
  clientId: 'client-1',
  deploymentIds: ['dep-1'],
  jwksUrl: `${LMS}/jwks`,
  authUrl: `${LMS}/auth`,
  tokenUrl: `${LMS}/token`,
};
/** A refusal is decided before the store is read: a store that is never reached. */
const NO_STORE = {} as LtiStore;

/** The instance metadata service, spelled every way the URL parser turns into 169.254.169.254. */
const METADATA = [
  'https://169.254.169.254/latest/meta-data/iam/security-credentials/',
  'https://2852039166/latest/meta-data/',
  'https://0xa9fea9fe/latest/meta-data/',
  'https://0251.0376.0251.0376/latest/meta-data/',
  'https://169.254.43518/latest/meta-data/',
  'https://[::ffff:169.254.169.254]/latest/meta-data/',
  'https://[::ffff:a9fe:a9fe]/latest/meta-data/',
  'https://[::169.254.169.254]/latest/meta-data/',
  'https://%31%36%39.254.169.254/latest/meta-data/',
  'https://[fd00:ec2::254]/latest/meta-data/',
];

/** Other hosts of labgrader's own network, by what the refusal calls them. */
const INTERNAL_BY_KIND: Record<string, string[]> = {
  loopback: ['127.0.0.1', '127.1:8443', '[::1]'],
  'link-local': ['[fe80::1]'],
  private: ['10.0.0.5', '172.16.8.1', '192.168.1.10', '[fd12:3456::1]'],
  CGNAT: ['100.64.0.1'],
  unspecified: ['0.0.0.0', '0', '[::]'],
  multicast: ['224.0.0.1', '[ff02::1]'],
  reserved: ['255.255.255.255', '198.18.0.1'],
  'this machine': ['localhost', 'LOCALHOST.', 'grader.localhost'],
};
const INTERNAL: [url: string, says: string][] = Object.entries(INTERNAL_BY_KIND).flatMap(([says, hosts]) =>
  hosts.map((host): [string, string] => [`https://${host}/token`, says]),
);

async function refusalOf(input: unknown, allowLocalHttp = false) {
  const err = await registerPlatform(NO_STORE, input, NOW, { allowLocalHttp }).catch((e: unknown) => e);
  return errorReply(err, 'req-1') as { statusCode: number; body: { error: { field?: string; message: string } } };
}

describe('registering a platform whose URL is a host of labgrader’s own network', () => {
  it.each(METADATA)('the instance metadata service as %s: 400 naming jwksUrl', async (url) => {
    const reply = await refusalOf({ ...PLATFORM, jwksUrl: url });
    expect(reply.statusCode).toBe(400);
    expect(reply.body.error).toMatchObject({
      field: 'jwksUrl',
      message: expect.stringMatching(/(link-local|private|reserved) address/),
    });
  });

  it.each(INTERNAL)('%s as the token URL: 400 naming tokenUrl, saying what it is', async (url, says) => {
    const reply = await refusalOf({ ...PLATFORM, tokenUrl: url });
    expect(reply.statusCode).toBe(400);
    expect(reply.body.error.field).toBe('tokenUrl');
    expect(reply.body.error.message).toContain(says);
  });

  it.each(['issuer', 'jwksUrl', 'authUrl', 'tokenUrl'])('each URL field is checked: %s', async (field) => {
    const reply = await refusalOf({ ...PLATFORM, [field]: 'https://[::ffff:10.0.0.5]/x' });
    expect(reply.body.error).toMatchObject({ field, message: expect.stringMatching(/private address/) });
  });

  it("is refused by the API's own shape check too (the route's schema, before the registration's)", () => {
    // The route's schema here is the local service's, which lets localhost, 127.0.0.1 and [::1] through.
    const notLocal = [...METADATA, ...INTERNAL.map(([u]) => u)].filter((u) => !isLocalHost(new URL(u).hostname));
    for (const url of notLocal) {
      const parsed = platformInputSchema(true).safeParse({ ...PLATFORM, authUrl: url });
      expect(parsed.success, url).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['authUrl']);
    }
  });
});

describe('spellings the first check let through', () => {
  it.each([
    // ::ffff:0:0:0/96 (SIIT's IPv4-translated addresses) and the rest of ::/8 embed 169.254.169.254 too.
    'https://[::ffff:0:a9fe:a9fe]/latest/meta-data/',
    'https://[::ffff:0:169.254.169.254]/latest/meta-data/',
    'https://[::ffff:ffff:a9fe:a9fe]/latest/meta-data/',
    'https://[::1:a9fe:a9fe]/latest/meta-data/',
  ])('%s: 400, a reserved address', async (url) => {
    const reply = await refusalOf({ ...PLATFORM, jwksUrl: url });
    expect(reply.statusCode).toBe(400);
    expect(reply.body.error).toMatchObject({ field: 'jwksUrl', message: expect.stringMatching(/reserved address/) });
  });

  it('localhost with two trailing dots: 400, a name of this machine', async () => {
    const reply = await refusalOf({ ...PLATFORM, tokenUrl: 'https://localhost../token' });
    expect(reply.body.error).toMatchObject({ field: 'tokenUrl', message: expect.stringMatching(/this machine/) });
  });

  it('an empty fragment is a fragment: 400', async () => {
    const reply = await refusalOf({ ...PLATFORM, authUrl: 'https://lms.example.edu/auth#' });
    expect(reply.body.error).toMatchObject({ field: 'authUrl', message: expect.stringMatching(/fragment/) });
  });

  it('an unspecified address is called one, with "an"', async () => {
    const reply = await refusalOf({ ...PLATFORM, tokenUrl: 'https://0.0.0.0/token' });
    expect(reply.body.error.message).toBe(
      "tokenUrl: 0.0.0.0 is an unspecified address, not a platform's public host: labgrader does not call it",
    );
  });

  it('an IPv4-mapped public address is still judged by its IPv4 address (accepted)', () => {
    expect(
      platformInputSchema(false).safeParse({ ...PLATFORM, jwksUrl: 'https://[::ffff:8.8.8.8]/jwks' }).success,
    ).toBe(true);
  });
});

describe('what stays accepted', () => {
  it.each([
    'https://canvas.instructure.com/api/lti/security/jwks',
    'https://moodle.example.edu:8443/mod/lti/certs.php',
    'https://8.8.8.8/jwks',
    'https://[2606:4700:4700::1111]/jwks',
    'https://169.254.169.254.example.edu/jwks',
  ])('a public host: %s', (url) => {
    expect(platformInputSchema(false).safeParse({ ...PLATFORM, jwksUrl: url }).success).toBe(true);
  });

  it('on this machine (allowLocalHttp) only localhost, 127.0.0.1 and [::1], as before', () => {
    const local = (url: string) => platformInputSchema(true).safeParse({ ...PLATFORM, jwksUrl: url }).success;
    expect(local('http://localhost:8080/jwks')).toBe(true);
    expect(local('http://127.0.0.1:9999/jwks')).toBe(true);
    expect(local('http://[::1]:9999/jwks')).toBe(true);
    expect(local('https://localhost/jwks')).toBe(true);
    expect(local('http://127.0.0.2/jwks')).toBe(false);
    expect(local('https://127.0.0.2/jwks')).toBe(false);
    expect(local('https://grader.localhost/jwks')).toBe(false);
    expect(local('https://169.254.169.254/jwks')).toBe(false);
  });

  it('elsewhere not even https://localhost', async () => {
    const reply = await refusalOf({ ...PLATFORM, authUrl: 'https://localhost:8443/auth' });
    expect(reply.body.error).toMatchObject({ field: 'authUrl', message: expect.stringMatching(/this machine/) });
  });
});

/** A fetch that answers like a platform and records every URL it is asked for. */
function platformFetch(lineItems: unknown[], created: unknown) {
  const called: string[] = [];
  const fake = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    called.push(`${init?.method ?? 'GET'} ${url}`);
    const json = (body: unknown, status = 200) =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    if (url.endsWith('/token')) return json({ access_token: 'tok', expires_in: 3600 });
    if (init?.method === 'GET') return json(lineItems);
    if (url.endsWith('/line_items')) return json(created, 201);
    return json({}, 200);
  }) as typeof fetch;
  return { fake, called };
}

const REGISTERED = { ...PLATFORM, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() } as PlatformRegistration;
const CONTAINER = `${LMS}/api/lti/courses/7/line_items`;
const SCOPES = ['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem'];
const WANTED = { label: 'VPC (vpc)', scoreMaximum: 100, resourceId: 'vpc' };

describe('a line item the platform names', () => {
  const keys = new MemoryToolKeys();

  it.each(METADATA.slice(0, 4))('found at %s: refused for good, and nothing is posted there', async (id) => {
    const { fake, called } = platformFetch([{ id, label: 'VPC', scoreMaximum: 100, resourceId: 'vpc' }], {});
    const ags = new AgsClient({ keys, fetch: fake });
    const err = await ags.findOrCreateLineItem(REGISTERED, CONTAINER, WANTED, SCOPES).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AgsError);
    expect((err as AgsError).retryable).toBe(false);
    expect((err as AgsError).message).toMatch(/named line item .*(link-local|private)/);
    expect(called.every((c) => c.includes(LMS))).toBe(true);
  });

  it('created with an id on a private host: refused', async () => {
    const { fake } = platformFetch([], { id: 'https://10.1.2.3/line_items/9', label: 'VPC', scoreMaximum: 100 });
    const err = await new AgsClient({ keys, fetch: fake })
      .findOrCreateLineItem(REGISTERED, CONTAINER, WANTED, SCOPES)
      .catch((e: unknown) => e);
    expect((err as AgsError).message).toMatch(/private address/);
  });

  it('in its own container, or at another public https URL: used', async () => {
    for (const id of [`${CONTAINER}/9?type_id=1`, 'https://grades.example.edu/items/9']) {
      const { fake } = platformFetch([], { id, label: 'VPC', scoreMaximum: 100 });
      const item = await new AgsClient({ keys, fetch: fake }).findOrCreateLineItem(
        REGISTERED,
        CONTAINER,
        WANTED,
        SCOPES,
      );
      expect(item.id).toBe(id);
    }
  });
});

/** An HTTP server on 127.0.0.1 and its origin (`http://127.0.0.1:port`). */
async function serve(handler: RequestListener): Promise<{ server: Server; origin: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function stop(...servers: Server[]): Promise<void> {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}

describe('a platform answering with a redirect', () => {
  let elsewhere: Server;
  let redirecting: Server;
  let elsewhereHits = 0;
  let base = '';

  beforeAll(async () => {
    ({ server: elsewhere } = await serve((_req, res) => {
      elsewhereHits += 1;
      res.end('{"keys":[],"access_token":"stolen"}');
    }));
    const target = `http://localhost:${(elsewhere.address() as AddressInfo).port}/latest/meta-data/`;
    ({ server: redirecting, origin: base } = await serve((_req, res) => {
      res.writeHead(302, { location: target });
      res.end();
    }));
  });
  afterAll(() => stop(elsewhere, redirecting));

  it('the token endpoint: not followed', async () => {
    const platform = { ...REGISTERED, tokenUrl: `${base}/token` };
    const ags = new AgsClient({ keys: new MemoryToolKeys(), attempts: 1, allowLocalHttp: true });
    await expect(ags.token(platform, SCOPES)).rejects.toBeInstanceOf(AgsError);
    expect(elsewhereHits).toBe(0);
  });

  it('the key set: not followed', async () => {
    const resolve = new PlatformKeys({ cooldownMs: 0, allowLocalHttp: true }).of(`${base}/jwks`);
    await expect(resolve({ alg: 'RS256', kid: 'k1' }, {} as never)).rejects.toThrow(/200 OK/);
    expect(elsewhereHits).toBe(0);
  });
});

/**
 * Registrations, user links and remembered line items written before the check existed are still
 * in the table: each URL is checked again when labgrader is about to call it, and is then not called.
 */
describe('a stored URL labgrader does not call', () => {
  const keys = new MemoryToolKeys();
  const SCORE = {
    userId: 'lms-user-1',
    scoreGiven: 7,
    scoreMaximum: 10,
    activityProgress: 'Completed',
    gradingProgress: 'FullyGraded',
    timestamp: NOW.toISOString(),
  } as const;
  const refusedForGood = (err: unknown, words: RegExp) => {
    expect(err).toBeInstanceOf(AgsError);
    expect((err as AgsError).retryable).toBe(false);
    expect((err as AgsError).message).toMatch(words);
  };

  it.each(METADATA.slice(0, 6))(
    'a line item at %s (a launch or line item record of before): no score posted, no token asked for',
    async (lineItemUrl) => {
      const { fake, called } = platformFetch([], {});
      const err = await new AgsClient({ keys, fetch: fake })
        .postScore(REGISTERED, lineItemUrl, SCORE, SCOPES)
        .catch((e: unknown) => e);
      refusedForGood(err, /does not call .*(link-local|reserved) address/);
      expect(called).toEqual([]);
    },
  );

  it('a line items container on a private host: nothing looked up or created there', async () => {
    const { fake, called } = platformFetch([{ id: 'https://10.0.0.5/line_items/9', resourceId: 'vpc' }], {});
    const err = await new AgsClient({ keys, fetch: fake })
      .findOrCreateLineItem(REGISTERED, 'https://10.0.0.5/line_items', WANTED, SCOPES)
      .catch((e: unknown) => e);
    refusedForGood(err, /10\.0\.0\.5 is a private address/);
    expect(called).toEqual([]);
  });

  it('a registration whose token URL is the metadata service: no client assertion sent there', async () => {
    const { fake, called } = platformFetch([], {});
    const platform = { ...REGISTERED, tokenUrl: 'https://[::ffff:a9fe:a9fe]/token' };
    const err = await new AgsClient({ keys, fetch: fake })
      .postScore(platform, `${CONTAINER}/9`, SCORE, SCOPES)
      .catch((e: unknown) => e);
    refusedForGood(err, /link-local address/);
    expect(called).toEqual([]);
  });

  it('on this machine (allowLocalHttp) localhost is called, over http too, and nothing else internal', async () => {
    const { fake, called } = platformFetch([], {});
    const local = new AgsClient({ keys, fetch: fake, allowLocalHttp: true });
    await local.postScore(REGISTERED, 'http://localhost:8080/line_items/9', SCORE, SCOPES);
    expect(called.at(-1)).toBe('POST http://localhost:8080/line_items/9/scores');
    const err = await local.postScore(REGISTERED, 'https://127.0.0.2/line_items/9', SCORE, SCOPES).catch((e) => e);
    refusedForGood(err, /loopback address/);
    const deployed = await new AgsClient({ keys, fetch: fake })
      .postScore(REGISTERED, 'http://localhost:8080/line_items/9', SCORE, SCOPES)
      .catch((e: unknown) => e);
    refusedForGood(deployed, /expected an https:\/\/ URL/);
    expect(called.filter((c) => c.includes('/scores'))).toHaveLength(1);
  });
});

describe('a stored key set URL labgrader does not call', () => {
  let keySet: Server;
  let hits = 0;
  let url = '';

  beforeAll(async () => {
    const served = await serve((_req, res) => {
      hits += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"keys":[]}');
    });
    keySet = served.server;
    url = `${served.origin}/jwks`;
  });
  afterAll(() => stop(keySet));

  it('is not fetched: the verification fails saying why', async () => {
    const keys = new PlatformKeys({ cooldownMs: 0, timeoutMs: 300 });
    for (const jwksUrl of [url, 'https://169.254.169.254/jwks', 'https://[::ffff:0:a9fe:a9fe]/jwks']) {
      const err = await Promise.resolve()
        .then(() => keys.of(jwksUrl)({ alg: 'RS256', kid: 'k1' }, {} as never))
        .catch((e: unknown) => e);
      expect(err, jwksUrl).toBeInstanceOf(PlatformKeysRefusedError);
      expect((err as Error).message).toMatch(/does not fetch the key set at .*(https:\/\/ URL|link-local|reserved)/);
    }
    expect(hits).toBe(0);
  });

  it('on this machine (allowLocalHttp) it is fetched, as before', async () => {
    const resolve = new PlatformKeys({ cooldownMs: 0, allowLocalHttp: true }).of(url);
    await expect(resolve({ alg: 'RS256', kid: 'k1' }, {} as never)).rejects.not.toBeInstanceOf(
      PlatformKeysRefusedError,
    );
    // jose fetches the set, and again for a kid it does not find (cooldown 0).
    expect(hits).toBeGreaterThan(0);
  });
});
