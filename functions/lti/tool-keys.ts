/**
 * The tool's own RSA key pair: it signs the client assertions of Assignment and Grade Services, and
 * its public half is served at `GET /lti/jwks` for the platform. Kept in Secrets Manager when
 * deployed, in a file of the data folder (owner-only) locally; generated on first use either way.
 * The private key never leaves this module except as a CryptoKey for jose to sign with.
 */
import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { type CryptoKey, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import * as z from 'zod';

export const TOOL_ALG = 'RS256';

/** The tool's signing key: the private key (for jose), its key id, and the public JWK. */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface ToolKeys {
  /** The key that signs now. */
  signingKey(): Promise<SigningKey>;
  /** The public keys to publish (the signing key first; older ones stay until their tokens expired). */
  jwks(): Promise<{ keys: JWK[] }>;
}

/** What is stored: private JWKs, newest first. */
const storedSchema = z.object({
  keys: z
    .array(z.object({ kty: z.literal('RSA'), kid: z.string(), n: z.string(), e: z.string(), d: z.string() }).loose())
    .min(1),
});
type Stored = z.infer<typeof storedSchema>;

/** The stored keys are not a key set (hand-edited file, a secret holding something else). */
export class ToolKeyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ToolKeyError';
  }
}

export async function newStoredKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(TOOL_ALG, { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: TOOL_ALG, use: 'sig' };
}

function publicOf(jwk: JWK): JWK {
  const { kty, n, e, kid } = jwk;
  return { kty, n, e, kid, alg: TOOL_ALG, use: 'sig' } as JWK;
}

function parseStored(text: string, where: string): Stored {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ToolKeyError(`${where} is not JSON`, { cause: err });
  }
  const parsed = storedSchema.safeParse(json);
  if (!parsed.success) throw new ToolKeyError(`${where} does not hold the tool's keys`, { cause: parsed.error });
  return parsed.data;
}

/** Keys loaded once per process; `load` reads (or creates) the stored set. */
abstract class CachedToolKeys implements ToolKeys {
  private loaded?: Promise<{ signing: SigningKey; publicKeys: JWK[] }>;

  protected abstract load(): Promise<Stored>;

  private get keys() {
    this.loaded ??= (async () => {
      const stored = await this.load();
      const newest = stored.keys[0] as JWK & { kid: string };
      const privateKey = (await importJWK({ ...newest, alg: TOOL_ALG }, TOOL_ALG)) as CryptoKey;
      return {
        signing: { kid: newest.kid, privateKey, publicJwk: publicOf(newest) },
        publicKeys: stored.keys.map((k) => publicOf(k as JWK)),
      };
    })();
    this.loaded.catch(() => {
      this.loaded = undefined;
    });
    return this.loaded;
  }

  async signingKey(): Promise<SigningKey> {
    return (await this.keys).signing;
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: (await this.keys).publicKeys };
  }
}

/** Locally: a JSON file in the data folder, readable by its owner only. */
export class FileToolKeys extends CachedToolKeys {
  constructor(private readonly file: string) {
    super();
  }

  protected async load(): Promise<Stored> {
    try {
      return parseStored(await readFile(this.file, 'utf8'), this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    await mkdir(dirname(this.file), { recursive: true });
    const stored = { keys: [await newStoredKey()] };
    try {
      await writeFile(this.file, `${JSON.stringify(stored)}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Another process created it first: use theirs.
      if ((err as NodeJS.ErrnoException).code === 'EEXIST')
        return parseStored(await readFile(this.file, 'utf8'), this.file);
      throw err;
    }
    await chmod(this.file, 0o600);
    return parseStored(JSON.stringify(stored), this.file);
  }
}

/**
 * Deployed: a Secrets Manager secret. The stack creates it with a placeholder; the first function
 * to need a key generates one and stores it as a new version whose request token is derived from
 * the placeholder's version, so two functions racing store one key (the loser's write is refused
 * and it reads the winner's).
 */
export class SecretsManagerToolKeys extends CachedToolKeys {
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
  ) {
    super();
  }

  protected async load(): Promise<Stored> {
    const current = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
    const text = current.SecretString ?? '';
    if (storedSchema.safeParse(safeJson(text)).success) return parseStored(text, `secret ${this.secretId}`);
    const stored = { keys: [await newStoredKey()] };
    try {
      await this.client.send(
        new PutSecretValueCommand({
          SecretId: this.secretId,
          SecretString: JSON.stringify(stored),
          ClientRequestToken: tokenFrom(current.VersionId ?? 'initial'),
        }),
      );
      return stored as Stored;
    } catch (err) {
      if (!(err instanceof ResourceExistsException)) throw err;
      const again = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
      return parseStored(again.SecretString ?? '', `secret ${this.secretId}`);
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A UUID-shaped request token derived from a version id (same placeholder, same token). */
function tokenFrom(versionId: string): string {
  const h = createHash('sha256').update(`labgrader-lti-key:${versionId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** For tests: keys held in memory. */
export class MemoryToolKeys extends CachedToolKeys {
  private readonly stored: Promise<Stored>;
  constructor(keys?: JWK[]) {
    super();
    this.stored = keys ? Promise.resolve({ keys } as Stored) : newStoredKey().then((k) => ({ keys: [k] }) as Stored);
  }
  protected load(): Promise<Stored> {
    return this.stored;
  }
}
