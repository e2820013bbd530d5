/**
 * Development tokens for the local service: JWTs signed with HMAC-SHA256 and a secret kept in the
 * local data folder, carrying the claims API Gateway's JWT authorizer would pass on from Cognito
 * (`sub`, `cognito:groups`). They exist only for the local service; a deployment uses Cognito.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The local service's data folder (DynamoDB Local's files, inventories, keys), in the project's root. */
export const DEFAULT_DATA_DIR = '.labgrader';
const SECRET_FILE = 'dev-token.secret';

/**
 * The folder of labgrader's package.json, whether this module runs from source or from dist/.
 * The build copies package.json into dist/ (functions/version.ts imports it): that copy is not the
 * project's root, or the built CLI would look for the service's data in dist/.labgrader.
 */
function projectRoot(): string {
  const ours = (dir: string) => {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) return false;
    try {
      return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'labgrader';
    } catch {
      return false; // Not ours; keep looking upwards.
    }
  };
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (ours(dir)) return basename(dir) === 'dist' && ours(dirname(dir)) ? dirname(dir) : dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/**
 * The data folder the service and `labgrader token` share, as an absolute path: the one given
 * (`--data-dir`, then `LABGRADER_DATA_DIR`), else `.labgrader` in the project's root, wherever the
 * command is run from.
 */
export function resolveDataDir(given?: string): string {
  return given ? resolve(given) : join(projectRoot(), DEFAULT_DATA_DIR);
}

/** The data folder has no signing secret: the local service never ran there. */
export class MissingSecretError extends Error {
  constructor(readonly dataDir: string) {
    super(`no local service data in ${dataDir} (no ${SECRET_FILE})`);
    this.name = 'MissingSecretError';
  }
}

/** The data folder's signing secret, as the service created it; never creates one. */
export async function loadSecret(dataDir: string): Promise<Buffer> {
  let hex: string;
  try {
    hex = (await readFile(join(dataDir, SECRET_FILE), 'utf8')).trim();
  } catch (err) {
    // No such folder, or a file where the folder should be: no service ever ran there.
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new MissingSecretError(dataDir);
    throw err;
  }
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new MissingSecretError(dataDir);
  return Buffer.from(hex, 'hex');
}
const ISSUER = 'labgrader-local';

export interface DevClaims {
  sub: string;
  'cognito:groups'?: string[];
  iss: string;
  iat: number;
  exp: number;
}

/** A token that is not valid: malformed, signed with another secret, or expired. */
export class DevTokenError extends Error {
  constructor(
    message: string,
    readonly reason: 'malformed' | 'signature' | 'expired',
  ) {
    super(message);
    this.name = 'DevTokenError';
  }
}

/** The data folder's signing secret, created (readable by its owner only) on first use. */
export async function loadOrCreateSecret(dataDir: string): Promise<Buffer> {
  const file = join(dataDir, SECRET_FILE);
  try {
    const hex = (await readFile(file, 'utf8')).trim();
    if (/^[0-9a-f]{64}$/.test(hex)) return Buffer.from(hex, 'hex');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32);
  await writeFile(file, `${secret.toString('hex')}\n`, { mode: 0o600, flag: 'w' });
  await chmod(file, 0o600);
  return secret;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signDevToken(
  secret: Uint8Array,
  who: { subject: string; groups?: string[] },
  options: { ttlSeconds?: number; now?: Date } = {},
): string {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const claims: DevClaims = {
    sub: who.subject,
    ...(who.groups?.length ? { 'cognito:groups': who.groups } : {}),
    iss: ISSUER,
    iat,
    exp: iat + (options.ttlSeconds ?? 12 * 3600),
  };
  const signingInput = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  const signature = createHmac('sha256', secret).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

/** The token's claims, if it is ours, intact and not expired. */
export function verifyDevToken(secret: Uint8Array, token: string, now = new Date()): DevClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new DevTokenError('the token is not a JWT', 'malformed');
  const [header, payload, signature] = parts as [string, string, string];
  let alg: unknown;
  let claims: DevClaims;
  try {
    alg = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')).alg;
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new DevTokenError('the token is not a JWT', 'malformed');
  }
  // Only HS256: a token cannot choose a weaker algorithm ("none") for itself.
  if (alg !== 'HS256') throw new DevTokenError('the token is not signed with HS256', 'malformed');
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new DevTokenError('the token was not signed by this local service', 'signature');
  }
  if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') {
    throw new DevTokenError('the token has no subject or expiry', 'malformed');
  }
  if (claims.exp * 1000 <= now.getTime()) throw new DevTokenError('the token has expired', 'expired');
  return claims;
}
