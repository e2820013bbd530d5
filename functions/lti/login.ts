/**
 * OIDC login initiation (LTI 1.3 / IMS Security Framework, section 5.1.1): the platform sends the
 * browser here with `iss`, `login_hint`, `target_link_uri` (and usually `client_id`,
 * `lti_message_hint`, `lti_deployment_id`); labgrader answers with a redirect to the platform's
 * authorization endpoint carrying a fresh `state` and `nonce`. The state is kept (10 minutes) with
 * the hash of a random value set as a cookie in this browser, so only the browser that started the
 * login can complete the launch.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as z from 'zod';
import type { LtiDeps } from './deps.js';
import { LaunchRejectedError } from './errors.js';
import { isLocalHost } from './platform-url.js';
import type { PlatformRegistration } from './records.js';

export const STATE_TTL_SECONDS = 600;
/** Cookie name prefix of the browser binding; the cookie's name carries the state it belongs to. */
export const BINDING_COOKIE = 'lti_binding_';

const loginSchema = z.object({
  iss: z.string().min(1).max(2048),
  login_hint: z.string().min(1).max(4096),
  target_link_uri: z.string().min(1).max(2048),
  lti_message_hint: z.string().max(4096).optional(),
  client_id: z.string().min(1).max(255).optional(),
  lti_deployment_id: z.string().min(1).max(255).optional(),
});

export interface LoginAnswer {
  /** The platform's authorization endpoint with the authentication request. */
  location: string;
  /** The Set-Cookie value binding the state to this browser. */
  cookie: string;
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const random = () => randomBytes(32).toString('base64url');

/** The tool's launch URL (the `redirect_uri` registered at the platform). */
export function launchUrl(toolUrl: string): string {
  return `${toolUrl.replace(/\/+$/, '')}/lti/launch`;
}

async function registrationFor(
  deps: LtiDeps,
  issuer: string,
  clientId: string | undefined,
): Promise<PlatformRegistration> {
  if (clientId) {
    const found = await deps.lti.getPlatform(issuer, clientId);
    if (!found) {
      throw new LaunchRejectedError(
        'unknown-platform',
        `labgrader is not registered for platform ${issuer} with client id ${clientId}`,
        {
          issuer,
          clientId,
        },
      );
    }
    return found;
  }
  const all = await deps.lti.platformsOf(issuer);
  if (all.length === 1) return all[0] as PlatformRegistration;
  throw new LaunchRejectedError(
    'unknown-platform',
    all.length === 0
      ? `labgrader is not registered for platform ${issuer}`
      : `platform ${issuer} has ${all.length} registrations and the login did not say which (client_id)`,
    { issuer },
  );
}

/** Validates a login initiation (query or form parameters) and answers the redirect. */
export async function initiateLogin(
  params: Record<string, string | undefined>,
  toolUrl: string,
  deps: LtiDeps,
): Promise<LoginAnswer> {
  const parsed = loginSchema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LaunchRejectedError(
      'bad-request',
      `the login request's ${issue?.path.join('.') || 'parameters'} ${issue?.code === 'invalid_type' ? 'is missing' : 'is not valid'}`,
    );
  }
  const p = parsed.data;
  const platform = await registrationFor(deps, p.iss, p.client_id);
  const detail = { issuer: p.iss, clientId: platform.clientId, deploymentId: p.lti_deployment_id };
  if (p.lti_deployment_id && !platform.deploymentIds.includes(p.lti_deployment_id)) {
    throw new LaunchRejectedError(
      'unknown-deployment',
      `deployment ${p.lti_deployment_id} of ${p.iss} is not registered with labgrader`,
      detail,
    );
  }
  const redirectUri = launchUrl(toolUrl);
  let target: URL;
  try {
    target = new URL(p.target_link_uri);
  } catch {
    throw new LaunchRejectedError('bad-request', "the login request's target_link_uri is not a URL", detail);
  }
  // The launch only ever lands on this tool: a target elsewhere is someone else's link.
  if (target.origin !== new URL(redirectUri).origin) {
    throw new LaunchRejectedError(
      'bad-request',
      `target_link_uri ${target.origin} is not this tool (${new URL(redirectUri).origin})`,
      detail,
    );
  }
  const state = random();
  const nonce = random();
  const binding = random();
  await deps.lti.putState({
    state,
    nonce,
    issuer: p.iss,
    clientId: platform.clientId,
    bindingHash: sha256(binding),
    expiresAt: Math.floor(deps.now().getTime() / 1000) + STATE_TTL_SECONDS,
  });
  const auth = new URL(platform.authUrl);
  const query: Record<string, string> = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: platform.clientId,
    redirect_uri: redirectUri,
    login_hint: p.login_hint,
    state,
    nonce,
    ...(p.lti_message_hint ? { lti_message_hint: p.lti_message_hint } : {}),
  };
  for (const [k, v] of Object.entries(query)) auth.searchParams.set(k, v);
  const secure = new URL(redirectUri).protocol === 'https:' || isLocalHost(new URL(redirectUri).hostname);
  // SameSite=None: the launch is a cross-site form POST from the platform, which must carry it.
  const cookie = [
    `${BINDING_COOKIE}${state.slice(0, 22)}=${binding}`,
    'Path=/lti/',
    `Max-Age=${STATE_TTL_SECONDS}`,
    'HttpOnly',
    ...(secure ? ['Secure', 'SameSite=None'] : ['SameSite=Lax']),
  ].join('; ');
  deps.log.info('lti login', detail);
  return { location: auth.toString(), cookie };
}
