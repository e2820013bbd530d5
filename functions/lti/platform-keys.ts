/**
 * The platforms' public keys, fetched from their JWKS URLs by jose and cached per URL: a key id
 * the cache does not know makes jose fetch the set again (the platform rotated its keys), at most
 * once per cooldown, so a flood of bad tokens cannot make labgrader hammer the platform. jose is
 * imported by the first verification, so an API that serves no launch does not load it.
 */
import type { JWTVerifyGetKey } from 'jose';

export interface PlatformKeysOptions {
  /** How long a fetched key set is trusted without refetching (default 10 min). */
  cacheMaxAgeMs?: number;
  /** Least time between two fetches of one set (default 30 s). */
  cooldownMs?: number;
  /** Timeout of one fetch (default 5 s). */
  timeoutMs?: number;
}

export class PlatformKeys {
  private readonly sets = new Map<string, JWTVerifyGetKey>();

  constructor(private readonly options: PlatformKeysOptions = {}) {}

  /** The key resolver of one platform's JWKS URL (one cache per URL). */
  of(jwksUrl: string): JWTVerifyGetKey {
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
