/**
 * The id_token of a launch (LTI 1.3 resource link launch, `POST /lti/launch`), checked in full: the
 * signature against the platform's JWKS, `iss`, `aud`, `azp`, `exp`, the nonce used once, the state
 * bound to this browser, the deployment id, message type and version. launch.ts maps what it says.
 */
import { decodeJwt, errors, type JWTPayload, jwtVerify } from 'jose';
import { CLAIM, type LaunchClaims, launchClaimsSchema } from './claims.js';
import type { LtiDeps } from './deps.js';
import { rejectLaunch as reject } from './errors.js';
import { keyPartProblem } from './key-part.js';
import { BINDING_COOKIE, sha256 } from './login.js';
import { PlatformKeysRefusedError } from './platform-keys.js';
import type { PlatformRegistration } from './records.js';

const CLOCK_TOLERANCE_S = 30;
/** Longer form fields are no launch's: an id_token is a few KB, a state 43 characters. */
const MAX_ID_TOKEN = 16_384;
const MAX_STATE = 512;

export interface LaunchForm {
  id_token?: string | undefined;
  state?: string | undefined;
}

/**
 * The platform and claims of a launch whose form, signature, claims, state and nonce all check out;
 * throws {@link LaunchRejectedError} with the reason when one does not.
 */
export async function verifyLaunch(
  form: LaunchForm,
  cookies: readonly string[],
  deps: LtiDeps,
): Promise<{ platform: PlatformRegistration; claims: LaunchClaims }> {
  const idToken = formField(form.id_token, 'id_token', MAX_ID_TOKEN);
  const state = formField(form.state, 'state', MAX_STATE);
  const { platform } = await platformOf(idToken, deps);
  const payload = await verify(idToken, platform, deps);
  const claims = checkClaims(payload, platform, deps.allowLocalHttp === true);
  await checkStateAndNonce(state, cookies, claims, payload, platform, deps);
  return { platform, claims };
}

/** A field of the launch form, there and not longer than `max`; else refused naming it. */
function formField(value: string | undefined, field: string, max: number): string {
  if (value === undefined) {
    reject('bad-request', `the launch must be a form POST with ${field} (as the platform sends it)`, {});
  }
  if (value.length > max) reject('bad-request', `the launch's ${field} is longer than ${max} characters`, {});
  return value;
}

/** The registration the token claims to be for (unverified `iss` and `aud`; the signature is checked next). */
async function platformOf(
  idToken: string,
  deps: LtiDeps,
): Promise<{ platform: PlatformRegistration; unverified: JWTPayload }> {
  let unverified: JWTPayload;
  try {
    unverified = decodeJwt(idToken);
  } catch (err) {
    return reject('malformed-token', 'the id_token is not a JWT', {}, err);
  }
  const issuer = typeof unverified.iss === 'string' ? unverified.iss : '';
  // Looked up by key before anything is verified: what cannot be a key is no platform's issuer.
  if (keyPartProblem(issuer)) return reject('malformed-token', "the id_token's iss is not a platform issuer", {});
  const audiences =
    typeof unverified.aud === 'string' ? [unverified.aud] : Array.isArray(unverified.aud) ? unverified.aud : [];
  const registrations = issuer ? await deps.lti.platformsOf(issuer) : [];
  if (registrations.length === 0) {
    return reject('unknown-platform', `labgrader is not registered for platform ${issuer || '(no iss)'}`, { issuer });
  }
  const platform = registrations.find((r) => audiences.includes(r.clientId));
  if (!platform) {
    return reject(
      'wrong-audience',
      `the id_token is for ${audiences.join(', ') || '(no aud)'}, not a client id labgrader has at ${issuer}`,
      { issuer, audience: audiences.join(' ') },
    );
  }
  return { platform, unverified };
}

/** Verifies the signature and the registered claims (iss, aud, exp, iat) with jose. */
async function verify(idToken: string, platform: PlatformRegistration, deps: LtiDeps): Promise<JWTPayload> {
  const detail = { issuer: platform.issuer, clientId: platform.clientId };
  try {
    const { payload } = await jwtVerify(idToken, deps.platformKeys.of(platform.jwksUrl), {
      issuer: platform.issuer,
      audience: platform.clientId,
      algorithms: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256'],
      requiredClaims: ['exp', 'iat', 'nonce', 'sub'],
      clockTolerance: CLOCK_TOLERANCE_S,
      currentDate: deps.now(),
    });
    return payload;
  } catch (err) {
    if (err instanceof errors.JWKSNoMatchingKey) {
      return reject(
        'unknown-key',
        `the id_token is signed with a key ${platform.issuer} does not publish (kid not in its JWKS)`,
        detail,
        err,
      );
    }
    if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JOSEAlgNotAllowed) {
      return reject(
        'bad-signature',
        `the id_token's signature does not verify with ${platform.issuer}'s keys`,
        detail,
        err,
      );
    }
    if (err instanceof errors.JWTExpired)
      return reject('expired', 'the id_token has expired: open the link in the LMS again', detail, err);
    if (err instanceof errors.JWTClaimValidationFailed) {
      if (err.claim === 'aud')
        return reject('wrong-audience', `the id_token is not for client ${platform.clientId}`, detail, err);
      if (err.claim === 'iss')
        return reject('wrong-issuer', `the id_token is not issued by ${platform.issuer}`, detail, err);
      if (err.claim === 'iat' || err.claim === 'nbf')
        return reject('not-yet-valid', 'the id_token is not valid yet (check the clocks)', detail, err);
      return reject(
        'invalid-claims',
        `the id_token's ${err.claim} claim ${err.reason === 'missing' ? 'is missing' : 'is not valid'}`,
        detail,
        err,
      );
    }
    if (err instanceof PlatformKeysRefusedError) {
      return reject(
        'platform-keys-refused',
        `${platform.issuer} is registered with a key set URL labgrader does not call (${err.problem}): an instructor registers the platform again with its public JWKS URL`,
        detail,
        err,
      );
    }
    if (
      err instanceof errors.JWKSTimeout ||
      err instanceof errors.JWKSInvalid ||
      (err instanceof Error && !(err instanceof errors.JOSEError))
    ) {
      return reject(
        'platform-keys-unavailable',
        `labgrader could not fetch ${platform.issuer}'s keys; try again in a minute`,
        detail,
        err,
      );
    }
    return reject('malformed-token', 'the id_token is not a valid signed JWT', detail, err);
  }
}

function checkClaims(payload: JWTPayload, platform: PlatformRegistration, allowLocalHttp: boolean): LaunchClaims {
  const detail = {
    issuer: platform.issuer,
    clientId: platform.clientId,
    sub: typeof payload.sub === 'string' ? payload.sub : undefined,
  };
  // An id_token with several audiences must name labgrader as the authorized party.
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if ((audiences.length > 1 || payload.azp !== undefined) && payload.azp !== platform.clientId) {
    reject(
      'wrong-azp',
      `the id_token's authorized party (azp) is ${String(payload.azp ?? 'missing')}, not ${platform.clientId}`,
      detail,
    );
  }
  const messageType = payload[CLAIM.messageType];
  if (messageType !== 'LtiResourceLinkRequest') {
    reject(
      'wrong-message-type',
      `labgrader takes resource link launches, not ${String(messageType ?? 'a launch without message_type')}`,
      detail,
    );
  }
  const version = payload[CLAIM.version];
  if (version !== '1.3.0')
    reject('wrong-version', `labgrader speaks LTI 1.3.0, not ${String(version ?? 'an unversioned launch')}`, detail);
  const deploymentId = payload[CLAIM.deploymentId];
  if (typeof deploymentId !== 'string' || !platform.deploymentIds.includes(deploymentId)) {
    reject(
      'unknown-deployment',
      `deployment ${String(deploymentId ?? '(none)')} of ${platform.issuer} is not registered with labgrader`,
      {
        ...detail,
        deploymentId: typeof deploymentId === 'string' ? deploymentId : undefined,
      },
    );
  }
  const parsed = launchClaimsSchema(allowLocalHttp).safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    reject('invalid-claims', `the launch's ${issue?.path.join('.') || 'claims'} claim is missing or not valid`, detail);
  }
  return parsed.data;
}

/** The binding cookie's value for a state, from the request's cookies. */
function bindingOf(cookies: readonly string[], state: string): string | undefined {
  const name = `${BINDING_COOKIE}${state.slice(0, 22)}=`;
  return cookies
    .flatMap((c) => c.split(/;\s*/))
    .find((c) => c.startsWith(name))
    ?.slice(name.length);
}

async function checkStateAndNonce(
  state: string,
  cookies: readonly string[],
  claims: LaunchClaims,
  payload: JWTPayload,
  platform: PlatformRegistration,
  deps: LtiDeps,
): Promise<void> {
  const detail = { issuer: platform.issuer, clientId: platform.clientId, sub: claims.sub };
  const expiresAt = Math.max(payload.exp ?? 0, Math.floor(deps.now().getTime() / 1000)) + CLOCK_TOLERANCE_S;
  if (!(await deps.lti.useNonce(platform.issuer, claims.nonce, expiresAt))) {
    reject(
      'replayed-nonce',
      'this launch was already used (its nonce was seen before): open the link in the LMS again',
      detail,
    );
  }
  const login = await deps.lti.takeState(state);
  if (!login || login.expiresAt * 1000 < deps.now().getTime()) {
    reject(
      'unknown-state',
      'this launch does not come from a login labgrader started (unknown or expired state): open the link in the LMS again',
      detail,
    );
  }
  const binding = bindingOf(cookies, state);
  if (!binding || sha256(binding) !== login.bindingHash) {
    reject(
      'state-not-bound',
      'this launch did not come back to the browser that started it (the login cookie is missing or different); if the LMS opens labgrader in a frame, open it in a new tab',
      detail,
    );
  }
  if (login.nonce !== claims.nonce)
    reject('nonce-mismatch', "the id_token's nonce is not the one of this login", detail);
  if (login.issuer !== platform.issuer || login.clientId !== platform.clientId) {
    reject('unknown-state', 'this launch comes from another platform than the login', detail);
  }
}
