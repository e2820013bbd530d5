/**
 * The S3 lab (module 5: storage): a private, encrypted, versioned bucket with a lifecycle rule and
 * a bucket policy that refuses plain HTTP; (bonus) cross-region replication.
 *
 * The lab bucket is found without being told its name: the course's name pattern, else every
 * bucket that is not a log or deployment bucket (each is graded; the best one is reported). Per-
 * bucket settings are read only for those candidates, in each bucket's own region. A setting that
 * was never configured is stored as `null` (AWS answers it with a 404 error), so its check fails.
 */
import type {
  Bucket,
  LifecycleRule,
  PublicAccessBlockConfiguration,
  ReplicationConfiguration,
  ServerSideEncryptionConfiguration,
} from '@aws-sdk/client-s3';
import { z } from 'zod';
import { read, readEntry, tryRead } from '../inventory.js';
import { type CheckDefinition, fail, type LabDefinition, type Localized, pass, text } from '../model.js';
import { regexParam } from '../params.js';
import {
  conditionValues,
  coversAction,
  coversResource,
  isEveryone,
  type PolicyDocument,
  type PolicyStatement,
  statementsOf,
} from '../policy.js';

/** GetBucketVersioning's answer: no Status means versioning was never enabled. */
export interface BucketVersioning {
  Status?: 'Enabled' | 'Suspended' | string;
  MFADelete?: string;
}

declare module '../inventory.js' {
  interface SourceTypes {
    's3.buckets': Bucket[];
    /** Keyed by bucket name: the region of each candidate bucket (GetBucketLocation). */
    's3.bucketRegions': Record<string, string>;
    /** Keyed by bucket name; `null`: no bucket-level Block Public Access configuration. */
    's3.publicAccessBlock': Record<string, PublicAccessBlockConfiguration | null>;
    /** The account-level Block Public Access (S3 Control); `null`: not configured. */
    's3.accountPublicAccessBlock': PublicAccessBlockConfiguration | null;
    /** Keyed by bucket name; `null`: no default encryption configuration. */
    's3.encryption': Record<string, ServerSideEncryptionConfiguration | null>;
    's3.versioning': Record<string, BucketVersioning>;
    /** Keyed by bucket name; `null`: no lifecycle configuration. */
    's3.lifecycle': Record<string, LifecycleRule[] | null>;
    /** Keyed by bucket name: the bucket policy, parsed; `null`: no bucket policy. */
    's3.policy': Record<string, PolicyDocument | null>;
    /** Keyed by bucket name; `null`: no replication configuration. */
    's3.replication': Record<string, ReplicationConfiguration | null>;
    /** Keyed by destination bucket name: its region; `null` when the bucket does not exist. */
    's3.replicationDestinationRegions': Record<string, string | null>;
  }
}

/** Buckets that hold logs or deployment artifacts (CDK, CloudFormation, SAM, Beanstalk, pipelines). */
export const DEFAULT_IGNORED_BUCKETS =
  '^(cdk-|cf-templates-|elasticbeanstalk-|aws-sam-cli-managed-|codepipeline-|aws-cloudtrail-logs-|config-bucket-|serverless-)|(^|[-_.])(logs?|logging|access-?logs?|cloudtrail|trails?|deploy|deployments?|artifacts?|pipelines?)([-_.]|$)';

export const s3Params = z.object({
  /** The lab bucket's name (case-insensitive regex); without it, every bucket not ignored is a candidate. */
  bucketPattern: regexParam.optional(),
  /** Buckets that are never the lab bucket when no pattern is given (logs, deployment artifacts). */
  ignoredBucketPattern: regexParam.default(DEFAULT_IGNORED_BUCKETS),
  /** `s3.encryption` accepts only SSE-KMS. */
  requireKms: z.boolean().default(false),
  /** `s3.replication`: the region the replica bucket must be in; any other region when unset. */
  replicaRegion: z.string().optional(),
});
export type S3Params = z.infer<typeof s3Params>;

/** The course's parameters for the S3 collectors: the lab's defaults when they do not fit. */
export function s3ParamsOf(params: Record<string, unknown>): S3Params {
  const parsed = s3Params.safeParse(params);
  return parsed.success ? parsed.data : s3Params.parse({});
}

/** The buckets that may be the lab bucket, in ListBuckets order. */
export function labBuckets(buckets: Bucket[], p: S3Params): Bucket[] {
  const named = buckets.filter((b) => b.Name);
  if (p.bucketPattern) {
    const pattern = new RegExp(p.bucketPattern, 'i');
    return named.filter((b) => pattern.test(b.Name ?? ''));
  }
  const ignored = new RegExp(p.ignoredBucketPattern, 'i');
  return named.filter((b) => !ignored.test(b.Name ?? ''));
}

/** What the S3 lab grades: one bucket. */
export interface S3Target {
  name: string;
}

type S3Check = CheckDefinition<S3Target, S3Params>;

function bucketArn(name: string): string {
  return `arn:aws:s3:::${name}`;
}

function joinLines(items: Localized[]): Localized {
  return { en: items.map((i) => i.en).join('; '), ko: items.map((i) => i.ko).join('; ') };
}

const bucket: S3Check = {
  id: 's3.bucket',
  title: text('A lab bucket exists', '실습용 S3 버킷이 있음'),
  points: 10,
  hint: text(
    'Create a general purpose S3 bucket for the lab (bucket names are global: add something unique such as your account id).',
    '실습용 S3 범용 버킷을 만드세요(버킷 이름은 전 세계에서 고유해야 하므로 계정 ID 같은 고유한 값을 붙이세요).',
  ),
  evaluate(t, p, inventory) {
    if (t) {
      const region = tryRead(inventory, 's3.bucketRegions')?.[t.name];
      const where = region ? ` in ${region}` : '';
      return pass(
        text(
          `Bucket ${t.name}${where} is the lab bucket.`,
          `버킷 ${t.name}${region ? `(${region})` : ''}을(를) 실습 버킷으로 채점했습니다.`,
        ),
        [t.name],
      );
    }
    const all = read(inventory, 's3.buckets').map((b) => b.Name ?? '');
    if (all.length === 0) {
      return fail(text('The account has no S3 bucket.', '계정에 S3 버킷이 없습니다.'));
    }
    const list = all.join(', ');
    if (p.bucketPattern) {
      return fail(
        text(
          `No bucket name matches the course's pattern /${p.bucketPattern}/ (buckets: ${list}).`,
          `과정에서 정한 이름 패턴 /${p.bucketPattern}/에 맞는 버킷이 없습니다(버킷: ${list}).`,
        ),
        all,
      );
    }
    return fail(
      text(
        `Only log or deployment buckets exist (${list}); the lab needs a bucket of its own.`,
        `로그/배포용 버킷만 있습니다(${list}). 실습용 버킷을 따로 만들어야 합니다.`,
      ),
      all,
    );
  },
};

const PAB_FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

const blockPublic: S3Check = {
  id: 's3.block-public',
  title: text('Block Public Access is fully on', '퍼블릭 액세스 차단이 모두 켜져 있음'),
  points: 20,
  hint: text(
    'S3 buckets are private by default; keep them so: turn on all four Block Public Access settings for the bucket (or for the whole account). Only a static website bucket is ever opened.',
    'S3 버킷은 기본적으로 프라이빗입니다. 버킷(또는 계정 전체)의 퍼블릭 액세스 차단 설정 4개를 모두 켜 두세요. 정적 웹 사이트 호스팅용 버킷이 아니라면 열 이유가 없습니다.',
  ),
  evaluate(t, _p, inventory) {
    const own = readEntry(inventory, 's3.publicAccessBlock', t.name);
    const ownOff = PAB_FLAGS.filter((f) => own?.[f] !== true);
    if (ownOff.length === 0) {
      return pass(
        text(
          `Block Public Access is fully on for bucket ${t.name}.`,
          `버킷 ${t.name}의 퍼블릭 액세스 차단이 모두 켜져 있습니다.`,
        ),
        [t.name],
      );
    }
    // S3 applies the stricter of the account's and the bucket's setting, flag by flag.
    const account = read(inventory, 's3.accountPublicAccessBlock');
    const off = ownOff.filter((f) => account?.[f] !== true);
    const accountId = inventory.accountId ?? tryRead(inventory, 'sts.callerIdentity')?.Account ?? 'account';
    if (off.length === 0) {
      return pass(
        text(
          `Block Public Access is fully on for bucket ${t.name} (account ${accountId} blocks ${ownOff.join(', ')}).`,
          `버킷 ${t.name}의 퍼블릭 액세스 차단이 모두 켜져 있습니다(계정 ${accountId} 설정이 ${ownOff.join(', ')} 차단).`,
        ),
        [t.name, accountId],
      );
    }
    const none = own === null && account === null;
    return fail(
      none
        ? text(
            `Neither bucket ${t.name} nor account ${accountId} has a Block Public Access configuration.`,
            `버킷 ${t.name}과 계정 ${accountId} 모두 퍼블릭 액세스 차단 설정이 없습니다.`,
          )
        : text(
            `Bucket ${t.name} does not block public access: ${off.join(', ')} ${off.length === 1 ? 'is' : 'are'} off for the bucket and for account ${accountId}.`,
            `버킷 ${t.name}의 퍼블릭 액세스가 차단되지 않습니다: 버킷과 계정 ${accountId} 모두 ${off.join(', ')} 설정이 꺼져 있습니다.`,
          ),
      [t.name],
    );
  },
};

const KMS = new Set(['aws:kms', 'aws:kms:dsse']);

const encryption: S3Check = {
  id: 's3.encryption',
  title: text('Default encryption is on (SSE-S3 or SSE-KMS)', '기본 암호화(SSE-S3 또는 SSE-KMS) 설정'),
  points: 20,
  hint: text(
    "Set the bucket's default encryption (server-side encryption): SSE-S3, or SSE-KMS with a KMS key when the course asks for it. KMS keys are regional.",
    '버킷의 기본 암호화(서버 측 암호화, SSE)를 설정하세요: SSE-S3, 또는 과정에서 요구하면 KMS 키를 쓰는 SSE-KMS. KMS 키는 리전 단위 서비스입니다.',
  ),
  evaluate(t, p, inventory) {
    const config = readEntry(inventory, 's3.encryption', t.name);
    const algorithms = (config?.Rules ?? [])
      .map((r) => r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm)
      .filter((a): a is NonNullable<typeof a> => a !== undefined);
    if (algorithms.length === 0) {
      return fail(
        text(`Bucket ${t.name} has no default encryption.`, `버킷 ${t.name}에 기본 암호화가 설정되어 있지 않습니다.`),
        [t.name],
      );
    }
    const kms = algorithms.find((a) => KMS.has(a));
    if (p.requireKms && !kms) {
      return fail(
        text(
          `Bucket ${t.name} encrypts with ${algorithms.join(', ')} (SSE-S3); the course requires SSE-KMS (aws:kms).`,
          `버킷 ${t.name}은(는) ${algorithms.join(', ')}(SSE-S3)로 암호화합니다. 과정에서는 SSE-KMS(aws:kms)를 요구합니다.`,
        ),
        [t.name],
      );
    }
    const key = config?.Rules?.find((r) => KMS.has(r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? ''))
      ?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID;
    const what = kms ? `SSE-KMS${key ? ` (${key})` : ''}` : 'SSE-S3 (AES256)';
    return pass(
      text(
        `Bucket ${t.name} encrypts new objects with ${what}.`,
        `버킷 ${t.name}은(는) 새 객체를 ${what}로 암호화합니다.`,
      ),
      [t.name, ...(key ? [key] : [])],
    );
  },
};

const versioning: S3Check = {
  id: 's3.versioning',
  title: text('Versioning is enabled', '버전 관리 활성화'),
  points: 15,
  hint: text(
    'Enable bucket versioning: every overwrite or delete keeps the previous version, so mistakes can be undone (replication needs it too).',
    '버킷의 버전 관리를 활성화하세요. 덮어쓰거나 삭제해도 이전 버전이 남아 복구할 수 있습니다(객체 복제에도 필요합니다).',
  ),
  evaluate(t, _p, inventory) {
    const status = readEntry(inventory, 's3.versioning', t.name).Status;
    if (status === 'Enabled') {
      return pass(
        text(`Bucket ${t.name} has versioning enabled.`, `버킷 ${t.name}의 버전 관리가 활성화되어 있습니다.`),
        [t.name],
      );
    }
    return fail(
      status === 'Suspended'
        ? text(
            `Versioning of bucket ${t.name} is suspended; it must be enabled.`,
            `버킷 ${t.name}의 버전 관리가 일시 중지(Suspended) 상태입니다. 활성화해야 합니다.`,
          )
        : text(
            `Bucket ${t.name} has never had versioning enabled.`,
            `버킷 ${t.name}에 버전 관리가 활성화된 적이 없습니다.`,
          ),
      [t.name],
    );
  },
};

/** Does an enabled lifecycle rule move or delete objects (current or noncurrent versions)? */
function ruleActs(rule: LifecycleRule): boolean {
  const expires = rule.Expiration?.Days !== undefined || rule.Expiration?.Date !== undefined;
  return (
    expires ||
    (rule.Transitions ?? []).length > 0 ||
    (rule.NoncurrentVersionTransitions ?? []).length > 0 ||
    rule.NoncurrentVersionExpiration?.NoncurrentDays !== undefined
  );
}

const lifecycle: S3Check = {
  id: 's3.lifecycle',
  title: text('A lifecycle rule transitions or expires objects', '수명 주기 규칙으로 객체 이동 또는 만료'),
  points: 15,
  hint: text(
    'Add a lifecycle rule (lifecycle policy): give it a number of days after which objects move to a cheaper storage class (e.g. Standard-IA, Glacier) or expire.',
    '수명 주기 정책(규칙)을 추가하세요. 날짜만 정해 주면 객체가 더 저렴한 스토리지 클래스(Standard-IA, Glacier 등)로 옮겨지거나 만료됩니다.',
  ),
  evaluate(t, _p, inventory) {
    const rules = readEntry(inventory, 's3.lifecycle', t.name);
    if (rules === null || rules.length === 0) {
      return fail(
        text(`Bucket ${t.name} has no lifecycle configuration.`, `버킷 ${t.name}에 수명 주기 구성이 없습니다.`),
        [t.name],
      );
    }
    const good = rules.find((r) => r.Status === 'Enabled' && ruleActs(r));
    if (good) {
      return pass(
        text(
          `Bucket ${t.name}: lifecycle rule ${good.ID ?? '(unnamed)'} is enabled and transitions or expires objects.`,
          `버킷 ${t.name}: 수명 주기 규칙 ${good.ID ?? '(이름 없음)'}이(가) 활성화되어 객체를 이동하거나 만료합니다.`,
        ),
        [t.name],
      );
    }
    const disabled = rules.filter((r) => r.Status !== 'Enabled' && ruleActs(r));
    const list = rules.map((r) => r.ID ?? '(unnamed)').join(', ');
    return fail(
      disabled.length > 0
        ? text(
            `Bucket ${t.name}: lifecycle rule(s) ${disabled.map((r) => r.ID ?? '(unnamed)').join(', ')} would act but are disabled.`,
            `버킷 ${t.name}: 수명 주기 규칙 ${disabled.map((r) => r.ID ?? '(이름 없음)').join(', ')}이(가) 비활성화되어 있습니다.`,
          )
        : text(
            `Bucket ${t.name}: no lifecycle rule (${list}) transitions or expires objects.`,
            `버킷 ${t.name}: 수명 주기 규칙(${list}) 중 객체를 이동하거나 만료하는 것이 없습니다.`,
          ),
      [t.name],
    );
  },
};

/** Deny statement for everyone whose condition matches requests without TLS. */
function deniesPlainHttp(s: PolicyStatement): boolean {
  if (s.Effect !== 'Deny' || !isEveryone(s)) return false;
  return conditionValues(s, ['Bool', 'BoolIfExists'], 'aws:SecureTransport').includes('false');
}

const tlsOnly: S3Check = {
  id: 's3.tls-only',
  title: text('The bucket policy refuses requests without TLS', '버킷 정책이 TLS(HTTPS) 없는 요청을 거부'),
  points: 20,
  hint: text(
    'Add a bucket policy (a resource-based policy) statement that denies every principal all S3 actions on the bucket and its objects when aws:SecureTransport is false.',
    '버킷 정책(리소스 기반 정책)에 aws:SecureTransport가 false일 때 모든 보안 주체의 모든 S3 작업을 버킷과 객체에 대해 거부(Deny)하는 문을 추가하세요.',
  ),
  evaluate(t, _p, inventory) {
    const policy = readEntry(inventory, 's3.policy', t.name);
    if (policy === null) {
      return fail(text(`Bucket ${t.name} has no bucket policy.`, `버킷 ${t.name}에 버킷 정책이 없습니다.`), [t.name]);
    }
    const candidates = statementsOf(policy).filter(deniesPlainHttp);
    if (candidates.length === 0) {
      return fail(
        text(
          `The policy of bucket ${t.name} has no Deny statement for requests where aws:SecureTransport is false.`,
          `버킷 ${t.name}의 정책에 aws:SecureTransport가 false인 요청을 거부(Deny)하는 문이 없습니다.`,
        ),
        [t.name],
      );
    }
    const objects = `${bucketArn(t.name)}/*`;
    const full = candidates.find(
      (s) =>
        coversAction(s, 's3:GetObject') &&
        coversAction(s, 's3:PutObject') &&
        coversResource(s, objects) &&
        coversResource(s, bucketArn(t.name)),
    );
    if (full) {
      return pass(
        text(
          `The policy of bucket ${t.name} denies requests without TLS${full.Sid ? ` (statement ${full.Sid})` : ''}.`,
          `버킷 ${t.name}의 정책이 TLS 없는 요청을 거부합니다${full.Sid ? `(문 ${full.Sid})` : ''}.`,
        ),
        [t.name],
      );
    }
    const gaps: Localized[] = [];
    for (const s of candidates) {
      const sid = s.Sid ?? '(no Sid)';
      if (!coversAction(s, 's3:GetObject') || !coversAction(s, 's3:PutObject')) {
        gaps.push(
          text(
            `statement ${sid} does not cover all S3 actions (s3:*)`,
            `문 ${sid}이(가) 모든 S3 작업(s3:*)을 포함하지 않습니다`,
          ),
        );
      }
      if (!coversResource(s, objects) || !coversResource(s, bucketArn(t.name))) {
        gaps.push(
          text(
            `statement ${sid} does not cover both ${bucketArn(t.name)} and ${objects}`,
            `문 ${sid}이(가) ${bucketArn(t.name)}와 ${objects}를 모두 포함하지 않습니다`,
          ),
        );
      }
    }
    const list = joinLines(gaps);
    return fail(
      text(
        `The policy of bucket ${t.name} denies plain HTTP only in part: ${list.en}.`,
        `버킷 ${t.name}의 정책이 HTTP 요청을 일부만 거부합니다: ${list.ko}.`,
      ),
      [t.name],
    );
  },
};

/** The bucket a replication destination names (an ARN, arn:aws:s3:::name). */
export function bucketOfArn(arn: string | undefined): string | undefined {
  return arn?.startsWith('arn:') ? arn.split(':::')[1] : arn;
}

const replication: S3Check = {
  id: 's3.replication',
  title: text('(Bonus) Replication to a bucket in another region', '(보너스) 다른 리전 버킷으로 교차 리전 복제'),
  points: 10,
  bonus: true,
  hint: text(
    'Cross-region replication copies new objects to a bucket in another region, against a regional outage: create a versioned bucket there and add a replication rule.',
    '교차 리전 복제(CRR)는 리전 장애에 대비해 새 객체를 다른 리전의 버킷으로 복사합니다. 다른 리전에 버전 관리가 켜진 버킷을 만들고 복제 규칙을 추가하세요.',
  ),
  evaluate(t, p, inventory) {
    const config = readEntry(inventory, 's3.replication', t.name);
    const rules = (config?.Rules ?? []).filter((r) => r.Status === 'Enabled');
    if (rules.length === 0) {
      return fail(
        config === null
          ? text(`Bucket ${t.name} has no replication configuration.`, `버킷 ${t.name}에 복제 구성이 없습니다.`)
          : text(
              `Bucket ${t.name} has no enabled replication rule.`,
              `버킷 ${t.name}에 활성화된 복제 규칙이 없습니다.`,
            ),
        [t.name],
      );
    }
    const source = readEntry(inventory, 's3.bucketRegions', t.name);
    const seen: Localized[] = [];
    const evidence = [t.name];
    for (const rule of rules) {
      const dest = bucketOfArn(rule.Destination?.Bucket);
      if (!dest) continue;
      const region = readEntry(inventory, 's3.replicationDestinationRegions', dest);
      evidence.push(dest);
      const wanted = p.replicaRegion ? region === p.replicaRegion : region !== null && region !== source;
      if (wanted) {
        return pass(
          text(
            `Bucket ${t.name} (${source}) replicates to ${dest} in ${region}.`,
            `버킷 ${t.name}(${source})이(가) ${region}의 ${dest}로 복제됩니다.`,
          ),
          evidence,
        );
      }
      seen.push(
        region === null
          ? text(`destination ${dest} does not exist`, `대상 버킷 ${dest}이(가) 없습니다`)
          : text(`destination ${dest} is in ${region}`, `대상 버킷 ${dest}은(는) ${region}에 있습니다`),
      );
    }
    const expected = p.replicaRegion
      ? text(
          `the course expects a replica in ${p.replicaRegion}`,
          `과정에서는 ${p.replicaRegion}의 복제본을 요구합니다`,
        )
      : text(
          `a replica should be in a region other than ${source}`,
          `복제본은 ${source}가 아닌 다른 리전에 있어야 합니다`,
        );
    const list = joinLines(seen);
    return fail(
      text(
        `Bucket ${t.name} replicates, but ${list.en || 'no rule names a destination'}; ${expected.en}.`,
        `버킷 ${t.name}에 복제가 있지만 ${list.ko || '대상 버킷이 지정되지 않았습니다'}. ${expected.ko}.`,
      ),
      evidence,
    );
  },
};

export const s3Lab: LabDefinition<S3Target, S3Params> = {
  id: 's3',
  title: text('S3: a private, encrypted, versioned bucket', 'S3: 프라이빗·암호화·버전 관리 버킷'),
  module: '5',
  paramsSchema: s3Params as never,
  sources: [
    's3.buckets',
    's3.bucketRegions',
    's3.publicAccessBlock',
    's3.accountPublicAccessBlock',
    's3.encryption',
    's3.versioning',
    's3.lifecycle',
    's3.policy',
    's3.replication',
    's3.replicationDestinationRegions',
  ],
  targetKind: text('S3 bucket', 'S3 버킷'),
  candidates(inventory, p) {
    return labBuckets(read(inventory, 's3.buckets'), p).map((b) => ({
      id: b.Name as string,
      target: { name: b.Name as string },
    }));
  },
  noTarget(_inventory, p) {
    return p.bucketPattern
      ? text(
          `No bucket matches the course's pattern /${p.bucketPattern}/; see s3.bucket.`,
          `과정의 이름 패턴 /${p.bucketPattern}/에 맞는 버킷이 없습니다. s3.bucket을 보세요.`,
        )
      : text('No lab bucket exists; see s3.bucket.', '실습용 버킷이 없습니다. s3.bucket을 보세요.');
  },
  judgedWithoutTarget: ['s3.bucket'],
  checks: [bucket, blockPublic, encryption, versioning, lifecycle, tlsOnly, replication],
  resources: (t) => [t.name],
};
