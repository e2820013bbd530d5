/**
 * One grade, end to end: read the account (or take a recorded inventory), evaluate the lab, and
 * wrap the evaluation in the result document. The CLI, the grade worker and the HTTP API all call
 * this one function.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { evaluateLab, resolveParams } from '../checks/engine.js';
import { COMMON_SOURCES, type Inventory, type SourceKey } from '../checks/inventory.js';
import { loadLab } from '../checks/labs/load.js';
import type { GradeResult, LabDefinition, LabOptions, Trigger } from '../checks/model.js';
import { AccountAccessError, UnknownLabError } from './errors.js';
import { ClientFactory } from './inventory/clients.js';
import { collectInventory } from './inventory/collect.js';
import { LAZY_COLLECTORS } from './inventory/registry.js';
import { GRADER_VERSION } from './version.js';

export { AccountAccessError, UnknownLabError };

/** The lab with this id (only its own checks are imported), else UnknownLabError. */
export async function requireLab(id: string): Promise<LabDefinition> {
  const lab = await loadLab(id);
  if (!lab) throw new UnknownLabError(id);
  return lab;
}

/** The sources a lab's grade reads: the lab's own, and who the caller is. */
export function sourcesOf(lab: LabDefinition): SourceKey[] {
  return [...new Set<SourceKey>([...COMMON_SOURCES, ...lab.sources])];
}

export interface CollectRequest {
  lab: LabDefinition;
  region: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  options?: LabOptions;
  budgetMs?: number;
  /** Extra SDK client config (tests). */
  clientConfig?: Record<string, unknown>;
  now?: () => Date;
}

const ACCESS_HINTS: Record<string, string> = {
  CredentialsProviderError: 'no AWS credentials found: set a profile (--profile), AWS_PROFILE or AWS_ACCESS_KEY_ID',
  ExpiredToken: 'the AWS credentials have expired: refresh them (aws sso login, or new session credentials)',
  ExpiredTokenException: 'the AWS credentials have expired: refresh them (aws sso login, or new session credentials)',
  InvalidClientTokenId: 'the AWS access key is not valid: check the credentials or profile',
  UnrecognizedClientException: 'the AWS access key is not valid: check the credentials or profile',
  SignatureDoesNotMatch: 'the AWS secret key does not match the access key: check the credentials or profile',
  AccessDenied:
    'access denied: the role cannot be assumed with these credentials and external id, or the caller may not call STS',
};

/** Reads what a grade of `lab` needs from the account. Throws AccountAccessError when nothing can be read. */
export async function collectForLab(req: CollectRequest): Promise<Inventory> {
  const params = resolveParams(req.lab, req.options?.params);
  const clients = new ClientFactory({
    ...(req.credentials ? { credentials: req.credentials } : {}),
    ...(req.clientConfig ? { extra: req.clientConfig } : {}),
  });
  try {
    const inventory = await collectInventory({
      region: req.region,
      clients,
      sources: sourcesOf(req.lab),
      // Only the collector modules (and SDK clients) of the sources this lab reads are imported.
      collectors: LAZY_COLLECTORS,
      params,
      lab: req.lab.id,
      ...(req.lab.regional ? { regional: req.lab.regional } : {}),
      ...(req.budgetMs !== undefined ? { budgetMs: req.budgetMs } : {}),
      ...(req.now ? { now: req.now } : {}),
    });
    const identity = inventory.sources['sts.callerIdentity'];
    if (identity?.error) {
      // Nothing else can have worked if the caller cannot even be identified.
      const { code, message } = identity.error;
      const hint = ACCESS_HINTS[code] ?? `could not reach AWS (${code}): ${firstLine(message)}`;
      throw new AccountAccessError(hint, code);
    }
    return inventory;
  } finally {
    clients.destroy();
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

export interface GradeRequest extends Omit<CollectRequest, 'lab'> {
  lab: string | LabDefinition;
  trigger: Trigger;
  /** Grade this recorded inventory instead of reading the account. */
  inventory?: Inventory;
  studentId?: string;
  courseId?: string;
}

/** Grades one account (or a recorded inventory) for one lab. */
export async function grade(req: GradeRequest): Promise<{ result: GradeResult; inventory: Inventory }> {
  const now = req.now ?? (() => new Date());
  const lab = typeof req.lab === 'string' ? await requireLab(req.lab) : req.lab;
  resolveParams(lab, req.options?.params);
  const started = now();
  const t0 = performance.now();
  const inventory = req.inventory ?? (await collectForLab({ ...req, lab }));
  const t1 = performance.now();
  const evaluation = evaluateLab(lab, inventory, req.options ?? {});
  const t2 = performance.now();
  const result: GradeResult = {
    schemaVersion: 1,
    ...(req.studentId ? { studentId: req.studentId } : {}),
    ...(req.courseId ? { courseId: req.courseId } : {}),
    ...evaluation,
    trigger: req.trigger,
    startedAt: started.toISOString(),
    finishedAt: now().toISOString(),
    timing: { collectMs: Math.round(t1 - t0), evaluateMs: Math.round(t2 - t1), totalMs: Math.round(t2 - t0) },
    inventoryCollectedAt: inventory.collectedAt,
    graderVersion: GRADER_VERSION,
  };
  return { result, inventory };
}
