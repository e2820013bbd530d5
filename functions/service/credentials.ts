/**
 * How the grader gets into one student's account, for one grade. Nothing here lives at module
 * scope: every grade builds its own credentials from the student's roster entry, so one student's
 * credentials can never serve another's grade, even in a warm Lambda.
 *
 * Session credentials (Learner Lab) are kept sealed: encrypted with an encryption context naming
 * the course and the student, so a sealed blob copied to another student's item cannot be opened.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { AccountAccessError } from '../errors.js';
import type { GradeStore } from '../store/grade-store.js';
import type { RosterEntry, SealedCredentials } from '../store/records.js';

/** Encrypts small secrets bound to a context; KMS in AWS, a local AES-GCM key in the local service. */
export interface Encryptor {
  /** Recorded with each sealed item, so a reader knows which key sealed it. */
  readonly name: string;
  encrypt(plaintext: Uint8Array, context: Record<string, string>): Promise<Uint8Array>;
  /** Fails when the ciphertext was not sealed with this very context. */
  decrypt(ciphertext: Uint8Array, context: Record<string, string>): Promise<Uint8Array>;
}

export class KmsEncryptor implements Encryptor {
  readonly name = 'kms';
  #kms: KMSClient | undefined;

  /**
   * `kms` undefined: the Lambda's own client (default configuration), built by the first seal or
   * open together with the command it sends, so a handler that never seals or opens session
   * credentials loads no KMS client (docs/benchmarks.md, figure 6).
   */
  constructor(
    kms: KMSClient | undefined,
    readonly keyId: string,
  ) {
    this.#kms = kms;
  }

  async encrypt(plaintext: Uint8Array, context: Record<string, string>): Promise<Uint8Array> {
    // The SDK package is imported where it is used: the roster and the dispatch import this
    // module without sealing or assuming anything.
    const sdk = await import('@aws-sdk/client-kms');
    const out = await this.#client(sdk).send(
      new sdk.EncryptCommand({ KeyId: this.keyId, Plaintext: plaintext, EncryptionContext: context }),
    );
    if (!out.CiphertextBlob) throw new Error('KMS Encrypt returned no ciphertext');
    return out.CiphertextBlob;
  }

  async decrypt(ciphertext: Uint8Array, context: Record<string, string>): Promise<Uint8Array> {
    const sdk = await import('@aws-sdk/client-kms');
    const out = await this.#client(sdk).send(
      new sdk.DecryptCommand({ KeyId: this.keyId, CiphertextBlob: ciphertext, EncryptionContext: context }),
    );
    if (!out.Plaintext) throw new Error('KMS Decrypt returned no plaintext');
    return out.Plaintext;
  }

  #client(sdk: typeof import('@aws-sdk/client-kms')): KMSClient {
    this.#kms ??= new sdk.KMSClient({});
    return this.#kms;
  }
}

/** AES-256-GCM with a local key; the encryption context is the additional authenticated data. */
export class AesGcmEncryptor implements Encryptor {
  readonly name = 'aes-256-gcm';
  readonly #key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== 32) throw new Error('an AES-256-GCM key is 32 bytes');
    this.#key = Buffer.from(key);
  }

  /** A key given as base64 (e.g. the local service's key file or environment variable). */
  static fromBase64(key: string): AesGcmEncryptor {
    return new AesGcmEncryptor(Buffer.from(key, 'base64'));
  }

  static generateKey(): string {
    return randomBytes(32).toString('base64');
  }

  async encrypt(plaintext: Uint8Array, context: Record<string, string>): Promise<Uint8Array> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(contextBytes(context));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  async decrypt(ciphertext: Uint8Array, context: Record<string, string>): Promise<Uint8Array> {
    const data = Buffer.from(ciphertext);
    const decipher = createDecipheriv('aes-256-gcm', this.#key, data.subarray(0, 12));
    decipher.setAuthTag(data.subarray(12, 28));
    decipher.setAAD(contextBytes(context));
    return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]);
  }
}

function contextBytes(context: Record<string, string>): Buffer {
  return Buffer.from(JSON.stringify(Object.entries(context).sort(([a], [b]) => a.localeCompare(b))));
}

/** Session credentials as a student submits them (`aws configure export-credentials` shape). */
export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ISO 8601. */
  expiration: string;
}

function sealingContext(courseId: string, studentId: string): Record<string, string> {
  return { purpose: 'labgrader-session-credentials', courseId, studentId };
}

/** Encrypts a student's session credentials for storage. */
export async function sealCredentials(
  encryptor: Encryptor,
  courseId: string,
  studentId: string,
  credentials: SessionCredentials,
  submittedAt: Date,
): Promise<SealedCredentials> {
  const plaintext = Buffer.from(JSON.stringify(credentials), 'utf8');
  return {
    courseId,
    studentId,
    sealedBy: encryptor.name,
    ciphertext: await encryptor.encrypt(plaintext, sealingContext(courseId, studentId)),
    expiration: credentials.expiration,
    submittedAt: submittedAt.toISOString(),
  };
}

/** Opens sealed credentials; they only open for the (course, student) they were sealed for. */
export async function openCredentials(encryptor: Encryptor, sealed: SealedCredentials): Promise<SessionCredentials> {
  const plaintext = await encryptor.decrypt(sealed.ciphertext, sealingContext(sealed.courseId, sealed.studentId));
  return JSON.parse(Buffer.from(plaintext).toString('utf8')) as SessionCredentials;
}

/** The role session name students see in their CloudTrail: it names the grader. */
export const ROLE_SESSION_NAME = 'labgrader';

export interface AccessDeps {
  store: GradeStore;
  encryptor: Encryptor;
  now: () => Date;
  /** The grader's own credentials for AssumeRole (default: the Lambda's). Tests inject fakes. */
  graderCredentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Extra STS client config for AssumeRole (tests: a request handler). */
  stsClientConfig?: Record<string, unknown>;
}

/**
 * One AssumeRole for all the SDK clients of a grade: each client resolves (and caches) its
 * credentials provider on its own, so a provider handed to the STS, EC2, RDS... clients of one
 * grade would assume the role once per client. The first resolution is shared, and kept until a
 * minute before it expires; a failed one is forgotten, so the next client tries again.
 */
function sharedAcrossClients(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let pending: Promise<AwsCredentialIdentity> | undefined;
  return () => {
    if (pending) return pending;
    const current = provider().then(
      (identity) => {
        const expires = identity.expiration?.getTime();
        if (expires !== undefined && expires - Date.now() < 60_000 && pending === current) pending = undefined;
        return identity;
      },
      (err: unknown) => {
        if (pending === current) pending = undefined;
        throw err;
      },
    );
    pending = current;
    return current;
  };
}

/**
 * The credentials a grade of this student uses: a provider that assumes their role with their
 * ExternalId (resolved lazily by the SDK, so an unassumable role surfaces as the grade's
 * AccountAccessError), or their own sealed session credentials. Throws AccountAccessError when
 * session credentials are missing, expired or cannot be opened (no secret in the message).
 */
export async function studentCredentials(
  entry: RosterEntry,
  region: string,
  deps: AccessDeps,
): Promise<AwsCredentialIdentity | AwsCredentialIdentityProvider> {
  if (entry.access.mode === 'role') {
    const { fromTemporaryCredentials } = await import('@aws-sdk/credential-providers');
    return sharedAcrossClients(
      fromTemporaryCredentials({
        params: {
          RoleArn: entry.access.roleArn,
          ExternalId: entry.access.externalId,
          RoleSessionName: ROLE_SESSION_NAME,
          DurationSeconds: 900,
        },
        ...(deps.graderCredentials ? { masterCredentials: deps.graderCredentials } : {}),
        clientConfig: { region, ...deps.stsClientConfig },
      }),
    );
  }
  const sealed = await deps.store.getSealedCredentials(entry.courseId, entry.studentId);
  if (!sealed) {
    throw new AccountAccessError(
      'no session credentials have been submitted for this student: submit current ones from the lab console',
      'SessionCredentialsMissing',
    );
  }
  // DynamoDB's TTL deletes expired items eventually (within days), so expiry is checked here too.
  if (Date.parse(sealed.expiration) <= deps.now().getTime()) {
    throw new AccountAccessError(
      `the submitted session credentials expired at ${sealed.expiration}: submit new ones from the lab console`,
      'ExpiredToken',
    );
  }
  let opened: SessionCredentials;
  try {
    opened = await openCredentials(deps.encryptor, sealed);
  } catch (err) {
    const code = (err as { name?: string }).name;
    // A transient KMS failure heals on retry; a blob that does not open never will.
    if (code !== 'InvalidCiphertextException' && !(err instanceof Error && /authenticate/.test(err.message))) throw err;
    throw new AccountAccessError(
      'the stored session credentials could not be decrypted: submit them again',
      'CredentialsUnreadable',
      { cause: err },
    );
  }
  return {
    accessKeyId: opened.accessKeyId,
    secretAccessKey: opened.secretAccessKey,
    sessionToken: opened.sessionToken,
    expiration: new Date(opened.expiration),
  };
}
