/**
 * AWS SDK clients for one grade. Credentials belong to one student, so a factory lives exactly as
 * long as one grade: nothing about a student's credentials is kept at module scope.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/** Every AWS SDK v3 client constructor fits this shape. */
export type ClientConstructor<C> = new (config: ClientConfig) => C;

export interface ClientConfig {
  region: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  retryMode: 'adaptive';
  maxAttempts: number;
}

export interface ClientFactoryOptions {
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts per call, including the first (SDK adaptive retry mode). */
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
      const config: ClientConfig = {
        region,
        retryMode: 'adaptive',
        maxAttempts: this.options.maxAttempts ?? 5,
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
