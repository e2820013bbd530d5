/**
 * AWS SDK clients for one grade. Credentials belong to one student, so a factory lives exactly as
 * long as one grade: nothing about a student's credentials is kept at module scope.
 */
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, RetryStrategyV2 } from '@smithy/types';

/** Every AWS SDK v3 client constructor fits this shape. */
export type ClientConstructor<C> = new (config: ClientConfig) => C;

export interface ClientConfig {
  region: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  retryStrategy: RetryStrategyV2;
}

/**
 * How a throttled or failed call is retried. Not the SDK's adaptive mode: its client-side rate
 * limiter starts from the rate measured in the current half second, which is 0 while a grade's
 * first parallel burst is in flight, so one throttle there drops the whole client to its floor of
 * 0.5 requests per second and the remaining calls (first attempts included) queue past the
 * grade's budget. Nor the standard mode's defaults: 3 attempts, and throttling backoff from 1 s
 * doubling to 20 s. A grade's calls are few and its budget is seconds: up to 10 attempts with
 * full-jitter exponential backoff from 200 ms, each wait capped at 3 s (a call throttled nine
 * times in a row waits at most 18 s, 9 s on average). The standard strategy's retry quota still
 * stops retrying when a client keeps failing. docs/benchmarks.md has the measurement.
 */
export const RETRY = { maxAttempts: 10, baseMs: 200, capMs: 3000 } as const;

/** The wait before retry number `attempt` (1 for the first retry): full jitter. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(RETRY.capMs, RETRY.baseMs * 2 ** (attempt - 1)));
}

/** A retry strategy for one client (its retry quota is that client's). */
export function retryStrategy(maxAttempts: number = RETRY.maxAttempts): RetryStrategyV2 {
  return new ConfiguredRetryStrategy(maxAttempts, (attempt) => retryDelayMs(attempt));
}

export interface ClientFactoryOptions {
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts per call, including the first (default {@link RETRY}`.maxAttempts`). */
  maxAttempts?: number;
  /** Extra client config for tests (e.g. a request handler that simulates throttling). */
  extra?: Record<string, unknown>;
}

/**
 * Hands out one client per (service, region) for one grade. Endpoints are left to the SDK, which
 * honours `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>` (LocalStack, moto).
 */
export class ClientFactory {
  readonly #clients = new Map<unknown, Map<string, { destroy?: () => void }>>();

  constructor(readonly options: ClientFactoryOptions = {}) {}

  /** `config` is per service (the same at every call site of a client class), not per call. */
  get<C extends { destroy?: () => void }>(
    ctor: ClientConstructor<C>,
    region: string,
    serviceConfig: Record<string, unknown> = {},
  ): C {
    let byRegion = this.#clients.get(ctor);
    if (!byRegion) {
      byRegion = new Map();
      this.#clients.set(ctor, byRegion);
    }
    let client = byRegion.get(region) as C | undefined;
    if (!client) {
      // A test's `extra.maxAttempts` still bounds the attempts (an explicit strategy overrides it).
      const attempts = (this.options.extra?.maxAttempts as number | undefined) ?? this.options.maxAttempts;
      const config: ClientConfig = {
        region,
        retryStrategy: retryStrategy(attempts),
        ...(this.options.credentials ? { credentials: this.options.credentials } : {}),
        ...serviceConfig,
        ...this.options.extra,
      };
      client = new ctor(config);
      byRegion.set(region, client);
    }
    return client;
  }

  /** Closes every client's sockets. */
  destroy(): void {
    for (const byRegion of this.#clients.values()) for (const c of byRegion.values()) c.destroy?.();
    this.#clients.clear();
  }
}

/**
 * What an S3 emulator (LocalStack, moto) needs once AWS_ENDPOINT_URL[_S3|_S3_CONTROL] points at it:
 * path-style bucket URLs (no `bucket.localhost` DNS) and, for S3 Control, no account-id host
 * prefix. Against real AWS (no override) nothing changes.
 */
export function endpointOverrideConfig(
  service: 'S3' | 'S3_CONTROL',
  env: NodeJS.ProcessEnv = process.env,
): Record<string, unknown> {
  if (!env.AWS_ENDPOINT_URL && !env[`AWS_ENDPOINT_URL_${service}`]) return {};
  return service === 'S3' ? { forcePathStyle: true } : { disableHostPrefix: true };
}
