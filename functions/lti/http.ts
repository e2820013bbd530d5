/**
 * The tool's public HTTP endpoints (no bearer token: the platform and the browser call them):
 * `GET /lti/jwks`, `GET|POST /lti/login`, `POST /lti/launch`. Every refusal is logged with its
 * reason (never the token, state or nonce) and answered with a page that says what failed.
 */
import type { LtiDeps } from './deps.js';
import { LaunchRejectedError } from './errors.js';
import { handleLaunch } from './launch.js';
import { initiateLogin } from './login.js';
import { launchPage, PAGE_HEADERS, rejectionPage } from './pages.js';
import { LTI_PUBLIC_ROUTES } from './public-routes.js';

export { isLtiPublicPath, LTI_PUBLIC_ROUTES } from './public-routes.js';

export interface LtiHttpRequest {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  /** The raw body (already base64-decoded) and its content type. */
  body: string | undefined;
  contentType: string | undefined;
  /** The request's cookies (`name=value` each). */
  cookies: readonly string[];
  /** The tool's base URL as this request reached it (`https://host`), used when deps.toolUrl is not set. */
  origin: string;
}

export interface LtiHttpReply {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  cookies?: string[];
}

function formOf(req: LtiHttpRequest): Record<string, string | undefined> {
  if (req.method === 'GET') return req.query;
  const type = (req.contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new LaunchRejectedError(
      'bad-request',
      'the platform must send this as an HTML form POST (application/x-www-form-urlencoded)',
    );
  }
  return Object.fromEntries(new URLSearchParams(req.body ?? ''));
}

function refused(err: LaunchRejectedError, deps: LtiDeps, what: string): LtiHttpReply {
  deps.log.warn(`lti ${what} refused`, { reason: err.reason, ...err.detail });
  return { statusCode: err.statusCode, headers: PAGE_HEADERS, body: rejectionPage(err) };
}

/** Answers a public LTI request (call it only for {@link isLtiPublicPath} paths). */
export async function handleLtiRequest(req: LtiHttpRequest, deps: LtiDeps): Promise<LtiHttpReply> {
  const route = LTI_PUBLIC_ROUTES.find((r) => r.path === req.path && r.method === req.method);
  if (!route) {
    const allowed = LTI_PUBLIC_ROUTES.filter((r) => r.path === req.path)
      .map((r) => r.method)
      .join(', ');
    return {
      statusCode: 405,
      headers: { 'content-type': 'text/plain; charset=utf-8', allow: allowed },
      body: `${req.method} ${req.path} is not a route; allowed: ${allowed}\n`,
    };
  }
  if (req.path === '/lti/jwks') {
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=300' },
      body: JSON.stringify(await deps.keys.jwks()),
    };
  }
  const toolUrl = deps.toolUrl ?? req.origin;
  if (req.path === '/lti/login') {
    try {
      const answer = await initiateLogin(formOf(req), toolUrl, deps);
      return {
        statusCode: 302,
        headers: { location: answer.location, 'cache-control': 'no-store' },
        body: '',
        cookies: [answer.cookie],
      };
    } catch (err) {
      if (err instanceof LaunchRejectedError) return refused(err, deps, 'login');
      throw err;
    }
  }
  try {
    const form = formOf(req);
    const outcome = await handleLaunch({ id_token: form.id_token, state: form.state }, req.cookies, deps);
    return { statusCode: 200, headers: PAGE_HEADERS, body: launchPage(outcome, deps.dashboardUrl) };
  } catch (err) {
    if (err instanceof LaunchRejectedError) return refused(err, deps, 'launch');
    throw err;
  }
}
