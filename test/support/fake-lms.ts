/**
 * A fake LMS platform on 127.0.0.1 for the LTI tests, speaking the platform's side of LTI 1.3 and
 * Assignment and Grade Services: its own RSA keys and JWKS (rotatable), an OIDC authorization
 * endpoint answering a form_post to the tool's launch URL with a signed id_token, a token endpoint
 * that verifies the tool's client assertion against the tool's own JWKS, and line items and scores
 * endpoints that check the bearer token and its scopes. Failures can be scripted per path.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type CryptoKey,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';

const AGS = 'https://purl.imsglobal.org/spec/lti-ags/scope/';
export const ALL_AGS_SCOPES = [`${AGS}lineitem`, `${AGS}lineitem.readonly`, `${AGS}score`, `${AGS}result.readonly`];

export interface FakeUser {
  sub: string;
  email?: string;
  name?: string;
  sis?: string;
  roles?: string[];
}

interface Key {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface LineItemRecord {
  id: string;
  label: string;
  scoreMaximum: number;
  resourceId?: string;
  scores: Record<string, unknown>[];
}

export interface FakeLmsOptions {
  clientId?: string;
  deploymentId?: string;
  contextId?: string;
  /** The tool's JWKS URL (the token endpoint verifies client assertions with it). */
  toolJwksUrl?: string;
  /** Lifetime of the access tokens the token endpoint issues (seconds). */
  tokenLifetime?: number;
  /** Custom parameters of the placement (e.g. { lab: 'vpc' }). */
  custom?: Record<string, string>;
  scopes?: string[];
}

type Tamper = (claims: JWTPayload, header: { kid: string; alg: string }) => { key?: CryptoKey } | undefined;

async function newKey(): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomBytes(6).toString('hex');
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

export class FakeLms {
  url = '';
  readonly clientId: string;
  readonly deploymentId: string;
  readonly contextId: string;
  readonly users = new Map<string, FakeUser>();
  readonly lineItems: LineItemRecord[] = [];
  /** Every request the platform received (method and path), in order. */
  readonly requests: { method: string; path: string }[] = [];
  jwksFetches = 0;
  tokenRequests = 0;
  /** Scripted answers: path prefix → statuses to answer, one per request, before answering normally. */
  readonly failures = new Map<string, number[]>();
  custom: Record<string, string>;
  scopes: string[];
  toolJwksUrl: string | undefined;
  tokenLifetime: number;
  private keys: Key[] = [];
  private readonly tokens = new Map<string, { scopes: string[]; expiresAt: number }>();
  private server?: Server;
  private tamper: Tamper | undefined;

  constructor(options: FakeLmsOptions = {}) {
    this.clientId = options.clientId ?? 'labgrader-client-1';
    this.deploymentId = options.deploymentId ?? '1:deployment-a';
    this.contextId = options.contextId ?? 'ctx-aws-101';
    this.custom = options.custom ?? {};
    this.scopes = options.scopes ?? ALL_AGS_SCOPES;
    this.toolJwksUrl = options.toolJwksUrl;
    this.tokenLifetime = options.tokenLifetime ?? 3600;
  }

  get issuer(): string {
    return this.url;
  }
  get jwksUrl(): string {
    return `${this.url}/jwks`;
  }
  get authUrl(): string {
    return `${this.url}/auth`;
  }
  get tokenUrl(): string {
    return `${this.url}/token`;
  }
  get lineItemsUrl(): string {
    return `${this.url}/api/lti/courses/${this.contextId}/line_items`;
  }

  /** The registration labgrader stores for this platform. */
  registration() {
    return {
      issuer: this.issuer,
      clientId: this.clientId,
      deploymentIds: [this.deploymentId],
      jwksUrl: this.jwksUrl,
      authUrl: this.authUrl,
      tokenUrl: this.tokenUrl,
    };
  }

  async start(): Promise<this> {
    this.keys = [await newKey()];
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }

  /** Publishes a new signing key (the old one stays published until `retireOldKeys`). */
  async rotateKey(): Promise<void> {
    this.keys.unshift(await newKey());
  }

  retireOldKeys(): void {
    this.keys = this.keys.slice(0, 1);
  }

  /** Changes the next id_token the auth endpoint issues (claims, header, or the signing key). */
  tamperNext(tamper: Tamper): void {
    this.tamper = tamper;
  }

  /** The next `count` requests under `pathPrefix` are answered with `status`. */
  failNext(pathPrefix: string, status: number, count = 1): void {
    this.failures.set(pathPrefix, [...(this.failures.get(pathPrefix) ?? []), ...Array(count).fill(status)]);
  }

  /** The parameters a login initiation from this platform carries (what the LMS sends the browser with). */
  loginParams(loginHint: string, targetLinkUri: string): Record<string, string> {
    return {
      iss: this.issuer,
      login_hint: loginHint,
      target_link_uri: targetLinkUri,
      lti_message_hint: `msg-${loginHint}`,
      client_id: this.clientId,
      lti_deployment_id: this.deploymentId,
    };
  }

  scoresOf(sub: string): Record<string, unknown>[] {
    return this.lineItems.flatMap((i) => i.scores.filter((s) => s.userId === sub));
  }

  private async idToken(user: FakeUser, nonce: string): Promise<string> {
    const key = this.keys[0] as Key;
    const now = Math.floor(Date.now() / 1000);
    const claims: JWTPayload = {
      iss: this.issuer,
      aud: this.clientId,
      sub: user.sub,
      iat: now,
      exp: now + 300,
      nonce,
      ...(user.email ? { email: user.email } : {}),
      ...(user.name ? { name: user.name } : {}),
      'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiResourceLinkRequest',
      'https://purl.imsglobal.org/spec/lti/claim/version': '1.3.0',
      'https://purl.imsglobal.org/spec/lti/claim/deployment_id': this.deploymentId,
      'https://purl.imsglobal.org/spec/lti/claim/target_link_uri': 'unused',
      'https://purl.imsglobal.org/spec/lti/claim/resource_link': { id: 'rl-1', title: 'Lab' },
      'https://purl.imsglobal.org/spec/lti/claim/roles': user.roles ?? [
        'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
      ],
      'https://purl.imsglobal.org/spec/lti/claim/context': { id: this.contextId, label: 'AWS101', title: 'AWS 101' },
      'https://purl.imsglobal.org/spec/lti/claim/custom': this.custom,
      ...(user.sis ? { 'https://purl.imsglobal.org/spec/lti/claim/lis': { person_sourcedid: user.sis } } : {}),
      'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': { scope: this.scopes, lineitems: this.lineItemsUrl },
    };
    const header = { kid: key.kid, alg: 'RS256' };
    const tampered = this.tamper?.(claims, header);
    this.tamper = undefined;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: header.alg, kid: header.kid, typ: 'JWT' })
      .sign(tampered?.key ?? key.privateKey);
  }

  private json(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
    res.writeHead(status, { 'content-type': type });
    res.end(JSON.stringify(body));
  }

  private bearer(req: IncomingMessage, scope: string): boolean {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const known = token ? this.tokens.get(token) : undefined;
    return !!known && known.expiresAt > Date.now() && known.scopes.includes(scope);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname });
    for (const [prefix, statuses] of this.failures) {
      if (url.pathname.startsWith(prefix) && statuses.length) {
        const status = statuses.shift() as number;
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end(`scripted ${status}`);
        return;
      }
    }
    if (url.pathname === '/jwks') {
      this.jwksFetches += 1;
      return this.json(res, 200, { keys: this.keys.map((k) => k.publicJwk) });
    }
    if (url.pathname === '/auth') return this.authorize(url, res);
    if (url.pathname === '/token' && req.method === 'POST') return this.token(await readBody(req), res);
    const items = `/api/lti/courses/${this.contextId}/line_items`;
    if (url.pathname === items) {
      if (
        !this.bearer(req, `${AGS}lineitem`) &&
        !(req.method === 'GET' && this.bearer(req, `${AGS}lineitem.readonly`))
      ) {
        return this.json(res, 401, { error: 'invalid token' });
      }
      if (req.method === 'GET') {
        const rid = url.searchParams.get('resource_id');
        const found = this.lineItems.filter((i) => !rid || i.resourceId === rid).map(({ scores: _s, ...i }) => i);
        return this.json(res, 200, found, 'application/vnd.ims.lis.v2.lineitemcontainer+json');
      }
      const body = JSON.parse(await readBody(req)) as Omit<LineItemRecord, 'id' | 'scores'>;
      const item: LineItemRecord = { ...body, id: `${this.url}${items}/${this.lineItems.length + 1}`, scores: [] };
      this.lineItems.push(item);
      const { scores: _s, ...shown } = item;
      return this.json(res, 201, shown, 'application/vnd.ims.lis.v2.lineitem+json');
    }
    const scores = new RegExp(`^${items}/(\\d+)/scores$`).exec(url.pathname);
    if (scores && req.method === 'POST') {
      if (!this.bearer(req, `${AGS}score`)) return this.json(res, 401, { error: 'invalid token' });
      if (req.headers['content-type'] !== 'application/vnd.ims.lis.v1.score+json') {
        return this.json(res, 415, { error: 'score content type' });
      }
      const item = this.lineItems[Number(scores[1]) - 1];
      if (!item) return this.json(res, 404, { error: 'no such line item' });
      item.scores.push(JSON.parse(await readBody(req)));
      res.writeHead(204);
      res.end();
      return;
    }
    this.json(res, 404, { error: `no route ${url.pathname}` });
  }

  /** The OIDC authorization endpoint: checks the authentication request, answers an auto-posting form. */
  private async authorize(url: URL, res: ServerResponse): Promise<void> {
    const q = Object.fromEntries(url.searchParams);
    const problems = [
      q.scope !== 'openid' && 'scope',
      q.response_type !== 'id_token' && 'response_type',
      q.response_mode !== 'form_post' && 'response_mode',
      q.client_id !== this.clientId && 'client_id',
      !q.nonce && 'nonce',
      !q.state && 'state',
      q.prompt !== 'none' && 'prompt',
    ].filter(Boolean);
    const user = this.users.get(q.login_hint ?? '');
    if (problems.length || !user) return this.json(res, 400, { error: 'invalid_request', problems, user: !!user });
    const idToken = await this.idToken(user, q.nonce as string);
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(
      `<form method="post" action="${q.redirect_uri}"><input type="hidden" name="id_token" value="${idToken}"><input type="hidden" name="state" value="${q.state}"></form>`,
    );
  }

  private async token(body: string, res: ServerResponse): Promise<void> {
    this.tokenRequests += 1;
    const form = new URLSearchParams(body);
    if (
      form.get('grant_type') !== 'client_credentials' ||
      form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' ||
      !this.toolJwksUrl
    ) {
      return this.json(res, 400, { error: 'invalid_request' });
    }
    try {
      await jwtVerify(form.get('client_assertion') ?? '', createRemoteJWKSet(new URL(this.toolJwksUrl)), {
        issuer: this.clientId,
        subject: this.clientId,
        audience: this.tokenUrl,
        requiredClaims: ['jti', 'exp', 'iat'],
      });
    } catch {
      return this.json(res, 401, { error: 'invalid_client' });
    }
    const scopes = (form.get('scope') ?? '').split(' ').filter((s) => this.scopes.includes(s));
    const token = randomUUID();
    this.tokens.set(token, { scopes, expiresAt: Date.now() + this.tokenLifetime * 1000 });
    this.json(res, 200, {
      access_token: token,
      token_type: 'Bearer',
      expires_in: this.tokenLifetime,
      scope: scopes.join(' '),
    });
  }
}

/** The hidden fields of the platform's auto-posting form (what the browser would POST to the tool). */
export function formFields(html: string): { action: string; fields: Record<string, string> } {
  const action = /action="([^"]+)"/.exec(html)?.[1] ?? '';
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/name="([^"]+)" value="([^"]*)"/g)) fields[m[1] as string] = m[2] as string;
  return { action, fields };
}
