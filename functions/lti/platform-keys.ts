/**
 * The platforms' public keys, fetched from their JWKS URLs by jose and cached per URL: a key id
 * the cache does not know makes jose fetch the set again (the platform rotated its keys), at most
 * once per cooldown, so a flood of bad tokens cannot make labgrader hammer the platform. jose is
 * imported by the first verification, so an API that serves no launch does not load it. The URL
 * is checked again before it is fetched (platform-url.ts), whatever registration was stored.
 */
import type { JWTVerifyGetKey } from 'jose';
import { platformUrlProblem } from './platform-url.js';

/** A platform's key set URL labgrader does not call (a registration stored before the check, or edited). */
export class PlatformKeysRefusedError extends Error {
  override name = 'PlatformKeysRefusedError';
  constructor(
    readonly jwksUrl: string,
    readonly problem: string,
  ) {
    super(`labgrader does not fetch the key set at ${jwksUrl.slice(0, 200)}: ${problem}`);
  }
}

export interface PlatformKeysOptions {
  /** How long a fetched key set is trusted without refetching (default 10 min). */
  cacheMaxAgeMs?: number;
  /** Least time between two fetches of one set (default 30 s). */
  cooldownMs?: number;
  /** Timeout of one fetch (default 5 s). */
  timeoutMs?: number;
  /** Fetch from localhost, 127.0.0.1 and [::1], http too (the local service and tests only; default false). */
  allowLocalHttp?: boolean;
}

export class PlatformKeys {
  private readonly sets = new Map<string, JWTVerifyGetKey>();

  constructor(private readonly options: PlatformKeysOptions = {}) {}

  /**
   * The key resolver of one platform's JWKS URL (one cache per URL); one that rejects with
   * {@link PlatformKeysRefusedError}, fetching nothing, when labgrader does not call that URL.
   */
  of(jwksUrl: string): JWTVerifyGetKey {
    const problem = platformUrlProblem(jwksUrl, this.options.allowLocalHttp === true);
    if (problem) {
      return async () => {
        throw new PlatformKeysRefusedError(jwksUrl, problem);
      };
    }
    let set = this.sets.get(jwksUrl);
    if (!set) {
      const url = new URL(jwksUrl);
      const remote = import('jose').then(({ createRemoteJWKSet }) =>
        createRemoteJWKSet(url, {
          cacheMaxAge: this.options.cacheMaxAgeMs ?? 10 * 60_000,
          cooldownDuration: this.options.cooldownMs ?? 30_000,
          timeoutDuration: this.options.timeoutMs ?? 5_000,
        }),
      );
      set = async (protectedHeader, token) => (await remote)(protectedHeader, token);
      this.sets.set(jwksUrl, set);
    }
    return set;
  }
}
