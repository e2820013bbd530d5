/**
 * Assignment and Grade Services 2.0, the tool's side: an OAuth 2 client-credentials token obtained
 * with a JWT assertion signed by the tool's key (IMS Security Framework 4.1), cached until shortly
 * before it expires; line items found by `resource_id` or created; scores posted. Every call is
 * retried with exponential backoff (honouring `Retry-After`) when the platform is unavailable
 * (network failure, 429, 5xx); other refusals are permanent. Tokens are never logged or returned.
 * Every URL is checked again just before it is called (platform-url.ts), whatever was stored: a
 * registration, a launch's grade service URLs or a remembered line item written before that check
 * existed is refused for good, never fetched.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { platformUrlProblem } from './platform-url.js';
import type { PlatformRegistration } from './records.js';
import { AGS_SCOPE } from './scopes.js';
import { TOOL_ALG, type ToolKeys } from './tool-keys.js';

const LINE_ITEM = 'application/vnd.ims.lis.v2.lineitem+json';
const LINE_ITEMS = 'application/vnd.ims.lis.v2.lineitemcontainer+json';
const SCORE = 'application/vnd.ims.lis.v1.score+json';

/** The platform refused or failed; `retryable` says whether trying later may succeed. */
export class AgsError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AgsError';
  }
}

export interface LineItem {
  id: string;
  label: string;
  scoreMaximum: number;
  resourceId?: string;
}

export interface Score {
  userId: string;
  scoreGiven: number;
  scoreMaximum: number;
  activityProgress: 'Initialized' | 'Started' | 'InProgress' | 'Submitted' | 'Completed';
  gradingProgress: 'FullyGraded' | 'Pending' | 'PendingManual' | 'Failed' | 'NotReady';
  timestamp: string;
  comment?: string;
}

export interface AgsClientOptions {
  keys: ToolKeys;
  now?: () => Date;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Tries per call when the platform is unavailable (default 4). */
  attempts?: number;
  /** First backoff delay; doubled each try, with jitter (default 500 ms). */
  baseDelayMs?: number;
  /** Longest wait a `Retry-After` may ask for (default 30 s). */
  maxDelayMs?: number;
  /** One call's timeout (default 10 s). */
  timeoutMs?: number;
  /** Call localhost, 127.0.0.1 and [::1], http too (the local service and tests only; default false). */
  allowLocalHttp?: boolean;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

/** `url` with `/suffix` appended to its path (a line item URL may carry a query, as Moodle's do). */
export function withPath(url: string, suffix: string): string {
  const u = new URL(url);
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/${suffix}`;
  return u.toString();
}

export class AgsClient {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly now: () => Date;
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: AgsClientOptions) {
    this.now = options.now ?? (() => new Date());
    this.fetch = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** How many token requests were made (the cache's effect, for metrics and tests). */
  tokenRequests = 0;

  /** An access token for these scopes, from the cache while it has more than a minute left. */
  async token(platform: PlatformRegistration, scopes: readonly string[]): Promise<string> {
    const scope = [...new Set(scopes)].sort().join(' ');
    const key = `${platform.issuer}\n${platform.clientId}\n${scope}`;
    const cached = this.tokens.get(key);
    const nowMs = this.now().getTime();
    if (cached && cached.expiresAt - 60_000 > nowMs) return cached.token;
    const signing = await this.options.keys.signingKey();
    const iat = Math.floor(nowMs / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: TOOL_ALG, kid: signing.kid, typ: 'JWT' })
      .setIssuer(platform.clientId)
      .setSubject(platform.clientId)
      .setAudience(platform.tokenAudience ?? platform.tokenUrl)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 300)
      .setJti(randomUUID())
      .sign(signing.privateKey);
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope,
    });
    this.tokenRequests += 1;
    const res = await this.call('token', platform.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
    });
    const json = (await res.json().catch(() => undefined)) as
      | { access_token?: unknown; expires_in?: unknown }
      | undefined;
    if (typeof json?.access_token !== 'string' || json.access_token === '') {
      throw new AgsError(
        `the token endpoint of ${platform.issuer} answered without an access_token`,
        res.status,
        false,
      );
    }
    const lifetime = Number(json.expires_in);
    const seconds = Number.isFinite(lifetime) && lifetime > 0 ? Math.min(lifetime, 24 * 3600) : 3600;
    this.tokens.set(key, { token: json.access_token, expiresAt: nowMs + seconds * 1000 });
    return json.access_token;
  }

  /** The line item whose `resourceId` is the lab, created if the context has none. */
  async findOrCreateLineItem(
    platform: PlatformRegistration,
    lineItemsUrl: string,
    wanted: { label: string; scoreMaximum: number; resourceId: string },
    scopes: readonly string[],
  ): Promise<LineItem> {
    const find = new URL(this.callable('line items', lineItemsUrl));
    find.searchParams.set('resource_id', wanted.resourceId);
    const found = await this.authorized(platform, [AGS_SCOPE.lineItem], scopes, find.toString(), {
      method: 'GET',
      headers: { accept: LINE_ITEMS },
    });
    const items = (await found.json().catch(() => [])) as LineItem[];
    const match = Array.isArray(items) ? items.find((i) => i.resourceId === wanted.resourceId) : undefined;
    if (match?.id) return callableLineItem(platform, lineItemsUrl, match, found.status);
    const created = await this.authorized(platform, [AGS_SCOPE.lineItem], scopes, lineItemsUrl, {
      method: 'POST',
      headers: { 'content-type': LINE_ITEM, accept: LINE_ITEM },
      body: JSON.stringify(wanted),
    });
    const item = (await created.json().catch(() => undefined)) as LineItem | undefined;
    if (!item?.id) throw new AgsError(`${platform.issuer} created a line item without an id`, created.status, false);
    return callableLineItem(platform, lineItemsUrl, item, created.status);
  }

  async postScore(
    platform: PlatformRegistration,
    lineItemUrl: string,
    score: Score,
    scopes: readonly string[],
  ): Promise<void> {
    const scoresUrl = withPath(this.callable('line item', lineItemUrl), 'scores');
    await this.authorized(platform, [AGS_SCOPE.score], scopes, scoresUrl, {
      method: 'POST',
      headers: { 'content-type': SCORE },
      body: JSON.stringify(score),
    });
  }

  /** A call with a bearer token; a 401 drops the cached token and tries once more with a new one. */
  private async authorized(
    platform: PlatformRegistration,
    needed: readonly string[],
    granted: readonly string[],
    url: string,
    init: RequestInit,
  ): Promise<Response> {
    const scopes = tokenScopes(needed, granted);
    // Refused before a token is asked for.
    this.callable(new URL(url).pathname, url);
    for (let renewed = false; ; renewed = true) {
      const token = await this.token(platform, scopes);
      try {
        return await this.call(new URL(url).pathname, url, {
          ...init,
          headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
        });
      } catch (err) {
        if (renewed || !(err instanceof AgsError) || err.status !== 401) throw err;
        this.forget(platform, scopes);
      }
    }
  }

  private forget(platform: PlatformRegistration, scopes: readonly string[]): void {
    this.tokens.delete(`${platform.issuer}\n${platform.clientId}\n${[...new Set(scopes)].sort().join(' ')}`);
  }

  /** `url` if labgrader may call it; else a permanent AgsError saying why (nothing is fetched). */
  private callable(what: string, url: string): string {
    const problem = platformUrlProblem(url, this.options.allowLocalHttp === true);
    if (problem)
      throw new AgsError(`${what}: labgrader does not call ${url.slice(0, 200)}: ${problem}`, undefined, false);
    return url;
  }

  /** One HTTP call with retries and backoff while the platform is unavailable. */
  private async call(what: string, url: string, init: RequestInit): Promise<Response> {
    this.callable(what, url);
    const attempts = this.options.attempts ?? 4;
    const base = this.options.baseDelayMs ?? 500;
    const max = this.options.maxDelayMs ?? 30_000;
    let last: AgsError | undefined;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      let res: Response;
      try {
        res = await this.fetch(url, {
          ...init,
          redirect: 'error',
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        });
      } catch (err) {
        last = new AgsError(`${what}: the platform could not be reached (${(err as Error).name})`, undefined, true, {
          cause: err,
        });
        if (attempt < attempts) await this.sleep(backoff(base, attempt, max));
        continue;
      }
      if (res.ok) return res;
      const retryable = res.status === 429 || res.status >= 500;
      await res.body?.cancel().catch(() => undefined);
      last = new AgsError(`${what}: the platform answered ${res.status}`, res.status, retryable);
      if (!retryable) throw last;
      if (attempt < attempts)
        await this.sleep(retryAfter(res.headers.get('retry-after'), max) ?? backoff(base, attempt, max));
    }
    throw last as AgsError;
  }
}

/**
 * A line item the platform named, if labgrader may post to its id: on the origin of the line items
 * container (checked at the launch), or a URL labgrader would accept from a registration. Its
 * scores are posted with the platform's token, so an id elsewhere is refused (permanently).
 */
function callableLineItem(
  platform: PlatformRegistration,
  lineItemsUrl: string,
  item: LineItem,
  status: number,
): LineItem {
  const id = String(item.id);
  const sameOrigin = URL.canParse(id) && new URL(id).origin === new URL(lineItemsUrl).origin;
  const problem = sameOrigin ? undefined : platformUrlProblem(id, false);
  if (problem) throw new AgsError(`${platform.issuer} named line item ${id.slice(0, 200)}: ${problem}`, status, false);
  return item;
}

/** The scopes to ask for: what the call needs, narrowed to what the launch granted (a read-only line item scope will do to find). */
function tokenScopes(needed: readonly string[], granted: readonly string[]): string[] {
  const out = needed.filter((s) => granted.includes(s));
  if (
    needed.includes(AGS_SCOPE.lineItem) &&
    !out.includes(AGS_SCOPE.lineItem) &&
    granted.includes(AGS_SCOPE.lineItemReadOnly)
  ) {
    out.push(AGS_SCOPE.lineItemReadOnly);
  }
  return out.length ? out : [...needed];
}

function backoff(base: number, attempt: number, max: number): number {
  const exp = base * 2 ** (attempt - 1);
  return Math.min(max, Math.round(exp / 2 + Math.random() * (exp / 2)));
}

function retryAfter(header: string | null, max: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(max, seconds * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.min(max, Math.max(0, at - Date.now())) : undefined;
}
