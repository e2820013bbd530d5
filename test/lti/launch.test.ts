/**
 * LTI 1.3 launches against a fake LMS on 127.0.0.1: the full login → authorization → launch flow
 * lands a student on their own view, and every way a launch can be forged or replayed is refused
 * with a page that says why and a log line with the reason (never the token).
 */
import { generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { registerStudent, removeStudent } from '../../functions/service/roster.js';
import { withCallInGap } from '../support/call-in-gap.js';
import { COURSE, openLink, postLaunch, refusals, useLtiWorld } from './harness.js';

const world = useLtiWorld('lti-launch');

describe('a launch from the LMS', () => {
  it('walks login, authorization and launch, lands the student on their own view and links the LMS user', async () => {
    const steps = await openLink(world, 'alice');

    // The login redirected to the platform with a fresh state and nonce, bound to this browser.
    const auth = new URL(steps.login.headers.get('location') as string);
    expect(auth.origin + auth.pathname).toBe(world.lms.authUrl);
    expect(auth.searchParams.get('redirect_uri')).toBe(`${world.tool}/lti/launch`);
    expect(auth.searchParams.get('login_hint')).toBe('alice');
    expect(auth.searchParams.get('lti_message_hint')).toBe('msg-alice');
    expect(steps.cookie).toMatch(/^lti_binding_/);
    expect(steps.login.headers.getSetCookie()[0]).toMatch(/HttpOnly/);

    expect(steps.launch.status).toBe(200);
    expect(steps.launch.headers.get('content-type')).toMatch(/text\/html/);
    expect(steps.html).toContain('Alice');
    expect(steps.html).toContain('Not graded yet');

    const link = await world.deps.lti.getUserLinkByStudent(COURSE, 's-alice');
    expect(link).toMatchObject({
      sub: 'lms-user-alice',
      issuer: world.lms.issuer,
      deploymentId: world.lms.deploymentId,
      linkedBy: 'email',
      ags: { lineItemsUrl: world.lms.lineItemsUrl },
    });
    expect(link?.ags?.scopes).toContain('https://purl.imsglobal.org/spec/lti-ags/scope/score');
    expect(world.log.text()).not.toContain(steps.form.fields.id_token);
  });

  it('recognises a student by the SIS id claim, and again by the stored link on the next launch', async () => {
    const first = await openLink(world, 'bob');
    expect(first.launch.status).toBe(200);
    expect((await world.deps.lti.getUserLinkByStudent(COURSE, 's-bob'))?.linkedBy).toBe('sis-id');
    const again = await openLink(world, 'bob');
    expect(again.launch.status).toBe(200);
    expect(again.html).toContain('Bob');
  });

  it("shows an instructor the placement's course and lab", async () => {
    const steps = await openLink(world, 'teacher');
    expect(steps.launch.status).toBe(200);
    expect(steps.html).toContain(COURSE);
    expect(steps.html).toContain('<b>vpc</b>');
  });

  it('accepts a launch signed with a rotated key (the JWKS is fetched again for an unknown kid)', async () => {
    await openLink(world, 'alice');
    const before = world.lms.jwksFetches;
    await world.lms.rotateKey();
    world.lms.retireOldKeys();
    const steps = await openLink(world, 'alice');
    expect(steps.launch.status).toBe(200);
    expect(world.lms.jwksFetches).toBe(before + 1);
    // The next launch with the same key is served from the cache.
    await openLink(world, 'alice');
    expect(world.lms.jwksFetches).toBe(before + 1);
  });
});

describe('a launch labgrader refuses', () => {
  const refused = async (html: string, status: number, reason: string, words: RegExp) => {
    expect(status).toBe(400);
    expect(html).toContain('labgrader could not open this launch');
    expect(html).toMatch(words);
    expect(html).toContain(`Reason code: ${reason}`);
    expect(html).not.toMatch(/at .*\.ts:\d+/);
    expect(refusals(world.log).at(-1)).toBe(reason);
  };

  it('bad signature: signed by a key that is not the published one under its kid', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    world.lms.tamperNext(() => ({ key: privateKey }));
    const s = await openLink(world, 'alice');
    await refused(s.html, s.launch.status, 'bad-signature', /signature does not verify/);
  });

  it('unknown key id: a kid the platform does not publish', async () => {
    world.lms.tamperNext((_c, header) => {
      header.kid = 'not-a-published-kid';
      return undefined;
    });
    const s = await openLink(world, 'alice');
    await refused(s.html, s.launch.status, 'unknown-key', /kid not in its JWKS/);
  });

  it('a registration stored before URLs were checked, with its key set on this network: not fetched, refused', async () => {
    const platform = await world.deps.lti.getPlatform(world.lms.issuer, world.lms.clientId);
    if (!platform) throw new Error('the world registered the fake LMS');
    const jwksBefore = world.lms.jwksFetches;
    expect(await world.deps.lti.putPlatform({ ...platform, jwksUrl: 'https://169.254.169.254/jwks' })).toBe(true);
    let s: Awaited<ReturnType<typeof openLink>>;
    try {
      s = await openLink(world, 'alice');
    } finally {
      await world.deps.lti.putPlatform(platform);
    }
    await refused(s.html, s.launch.status, 'platform-keys-refused', /key set URL labgrader does not call/);
    expect(s.html).toContain('169.254.169.254 is a link-local address');
    expect(world.lms.jwksFetches).toBe(jwksBefore);
  });

  it('expired id_token', async () => {
    world.lms.tamperNext((claims) => {
      claims.iat = Math.floor(Date.now() / 1000) - 3600;
      claims.exp = Math.floor(Date.now() / 1000) - 600;
      return undefined;
    });
    const s = await openLink(world, 'alice');
    await refused(s.html, s.launch.status, 'expired', /expired/);
  });

  it('wrong audience: the token is for another client', async () => {
    world.lms.tamperNext((claims) => {
      claims.aud = 'someone-else';
      return undefined;
    });
    const s = await openLink(world, 'alice');
    await refused(s.html, s.launch.status, 'wrong-audience', /someone-else/);
  });

  it('several audiences without labgrader as the authorized party (azp)', async () => {
    world.lms.tamperNext((claims) => {
      claims.aud = [world.lms.clientId, 'other-tool'];
      claims.azp = 'other-tool';
      return undefined;
    });
    const s = await openLink(world, 'alice');
    await refused(s.html, s.launch.status, 'wrong-azp', /authorized party/);
  });

  it('replayed nonce: the same id_token posted a second time', async () => {
    const first = await openLink(world, 'alice');
    expect(first.launch.status).toBe(200);
    const replay = await postLaunch(world, first.form.fields, first.cookie);
    await refused(replay.html, replay.status, 'replayed-nonce', /already used/);
  });

  it('wrong state: a state labgrader never issued', async () => {
    const s = await openLink(world, 'alice', (p) => {
      p.fields.state = 'forged-state-value';
    });
    await refused(s.html, s.launch.status, 'unknown-state', /unknown or expired state/);
  });

  it('state not bound to this browser: the launch arrives without the login cookie, or with another one', async () => {
    const without = await openLink(world, 'alice', (p) => {
      p.cookie = undefined;
    });
    await refused(without.html, without.launch.status, 'state-not-bound', /browser that started it/);
    const other = await openLink(world, 'alice', (p) => {
      p.cookie = `${p.cookie?.split('=')[0]}=another-browsers-value`;
    });
    await refused(other.html, other.launch.status, 'state-not-bound', /browser that started it/);
  });

  it('unknown deployment', async () => {
    world.lms.tamperNext((claims) => {
      claims['https://purl.imsglobal.org/spec/lti/claim/deployment_id'] = 'deployment-never-registered';
      return undefined;
    });
    const s = await openLink(world, 'alice');
    await refused(s.html, s.launch.status, 'unknown-deployment', /deployment-never-registered/);
  });

  it('wrong message type and wrong version', async () => {
    world.lms.tamperNext((claims) => {
      claims['https://purl.imsglobal.org/spec/lti/claim/message_type'] = 'LtiDeepLinkingRequest';
      return undefined;
    });
    const type = await openLink(world, 'alice');
    await refused(type.html, type.launch.status, 'wrong-message-type', /LtiDeepLinkingRequest/);
    world.lms.tamperNext((claims) => {
      claims['https://purl.imsglobal.org/spec/lti/claim/version'] = '1.1';
      return undefined;
    });
    const version = await openLink(world, 'alice');
    await refused(version.html, version.launch.status, 'wrong-version', /1\.3\.0/);
  });

  it("a placement naming a lab the course does not grade (Canvas: the tool URL's ?lab=)", async () => {
    world.lms.tamperNext((claims) => {
      claims['https://purl.imsglobal.org/spec/lti/claim/custom'] = {};
      claims['https://purl.imsglobal.org/spec/lti/claim/target_link_uri'] = `${world.tool}/lti/launch?lab=s3`;
      return undefined;
    });
    const s = await openLink(world, 'alice');
    await refused(s.html, s.launch.status, 'no-lab', /names lab s3, which is not a lab of course aws101/);
  });

  it.each([
    ['lineitems', 'https://169.254.169.254/latest/meta-data/'],
    ['lineitems', 'https://2852039166/latest/meta-data/'],
    ['lineitems', 'https://[::ffff:169.254.169.254]/latest/meta-data/'],
    ['lineitem', 'https://0xa9fea9fe/latest/meta-data/'],
    ['lineitem', 'https://10.0.0.5/line_items/1'],
    ['lineitem', 'http://lms.example.edu/line_items/1'],
  ])(
    'a grade service %s URL labgrader must not call (%s): refused naming it, the link unchanged',
    async (field, url) => {
      const before = await world.deps.lti.getUserLinkByStudent(COURSE, 's-alice');
      world.lms.tamperNext((claims) => {
        const endpoint = claims['https://purl.imsglobal.org/spec/lti-ags/claim/endpoint'] as Record<string, unknown>;
        endpoint[field] = url;
        return undefined;
      });
      const s = await openLink(world, 'alice');
      await refused(s.html, s.launch.status, 'invalid-claims', new RegExp(`lti-ags/claim/endpoint\\.${field} claim`));
      expect(await world.deps.lti.getUserLinkByStudent(COURSE, 's-alice')).toEqual(before);
    },
  );

  it('an LMS user who is no roster student is told how to get linked', async () => {
    const s = await openLink(world, 'mallory');
    await refused(s.html, s.launch.status, 'student-not-found', /lms-user-mallory.*ask your instructor/);
  });

  it('a student removed from the roster while their launch is on its way is refused and left unlinked', async () => {
    const account = '123456789012';
    const access = {
      accountId: account,
      roleArn: `arn:aws:iam::${account}:role/LabGraderReadOnly`,
      externalId: 'course-aws101',
    };
    await registerStudent(world.tables.store, COURSE, 's-dave', { email: 'dave@example.edu', ...access });
    world.lms.users.set('dave', { sub: 'lms-user-dave', email: 'dave@example.edu' });
    const store = world.deps.store;
    // The removal runs after the launch has read the roster, before it links the LMS user.
    world.deps.store = withCallInGap(store, { after: ['listRoster'] }, () => removeStudent(store, COURSE, 's-dave'));
    try {
      const s = await openLink(world, 'dave');
      await refused(s.html, s.launch.status, 'student-not-found', /student s-dave .*changed while you launched/);
    } finally {
      world.deps.store = store;
    }
    expect(await world.deps.lti.getUserLinkByStudent(COURSE, 's-dave')).toBeUndefined();
    expect(await world.deps.lti.getUserLinkBySub(COURSE, world.lms.issuer, 'lms-user-dave')).toBeUndefined();
  });

  it('a login from a platform that is not registered', async () => {
    const res = await fetch(
      `${world.tool}/lti/login?${new URLSearchParams({ ...world.lms.loginParams('alice', `${world.tool}/lti/launch`), iss: 'https://unknown.example' })}`,
      {
        redirect: 'manual',
      },
    );
    await refused(
      await res.text(),
      res.status,
      'unknown-platform',
      /not registered for platform https:\/\/unknown\.example/,
    );
  });

  it.each([
    ['a lone UTF-16 surrogate', '\ud800'],
    ['too long to be a key', `https://lms.example/${'x'.repeat(3000)}`],
  ])('an unsigned id_token whose iss is %s: refused as malformed, not a failure of ours', async (_what, iss) => {
    const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${part({ alg: 'RS256' })}.${part({ iss, aud: world.lms.clientId })}.c2ln`;
    const res = await postLaunch(world, { id_token: token, state: 'forged' }, undefined);
    await refused(res.html, res.status, 'malformed-token', /id_token&#39;s iss is not a platform issuer/);
  });

  it('an id_token too long to be one: the page names the id_token, not the state', async () => {
    const res = await postLaunch(world, { id_token: 'a'.repeat(20_000), state: 'forged' }, undefined);
    await refused(res.html, res.status, 'bad-request', /id_token is longer than 16384 characters/);
  });

  it('never logs the id_token, the state or the nonce', async () => {
    const s = await openLink(world, 'alice', (p) => {
      p.fields.state = 'forged';
    });
    expect(world.log.text()).not.toContain(s.form.fields.id_token as string);
    const nonce = JSON.parse(
      Buffer.from((s.form.fields.id_token as string).split('.')[1] as string, 'base64url').toString(),
    ).nonce;
    expect(world.log.text()).not.toContain(nonce);
  });
});

describe('GET /lti/jwks', () => {
  it('publishes the public half of the tool key and nothing private', async () => {
    const res = await fetch(`${world.tool}/lti/jwks`);
    expect(res.status).toBe(200);
    const { keys } = (await res.json()) as { keys: Record<string, string>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(keys[0]?.kid).toBeTruthy();
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(keys[0]).not.toHaveProperty(secret);
    const signing = await world.deps.keys.signingKey();
    expect(keys[0]).toMatchObject({ kid: signing.kid, n: signing.publicJwk.n, e: signing.publicJwk.e });
  });
});
