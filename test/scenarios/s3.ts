/**
 * The S3 lab's marking sheet: a complete lab, then one student mistake per scenario, each with
 * the checks it must break. Scenarios marked `example` are also the files in examples/s3/.
 */
import type { Bucket, PublicAccessBlockConfiguration } from '@aws-sdk/client-s3';
import type { Inventory } from '../../checks/inventory.js';
import { type PolicyStatement, statementsOf } from '../../checks/policy.js';
import type { Scenario } from '../support/scenario.js';
import { ACCOUNT, inventoryOf, mutate } from './ec2-builders.js';

export const s3Ids = {
  bucket: `course-assets-${ACCOUNT}`,
  replica: `course-assets-replica-${ACCOUNT}`,
  logs: `course-logs-${ACCOUNT}`,
  cdk: `cdk-hnb659fds-assets-${ACCOUNT}-us-east-1`,
  kmsKey: `arn:aws:kms:us-east-1:${ACCOUNT}:key/8417344f-9913-4ad1-9670-aaba6ee16f1c`,
};

const arn = (name: string) => `arn:aws:s3:::${name}`;

function bucket(name: string, created: string): Bucket {
  return { Name: name, CreationDate: new Date(created) };
}

const allOn: PublicAccessBlockConfiguration = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

const allOff: PublicAccessBlockConfiguration = {
  BlockPublicAcls: false,
  IgnorePublicAcls: false,
  BlockPublicPolicy: false,
  RestrictPublicBuckets: false,
};

/** AWS's recommended statement: deny every S3 action over plain HTTP, on the bucket and its objects. */
function denyInsecureTransport(name: string): PolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [arn(name), `${arn(name)}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

const readerStatement: PolicyStatement = {
  Sid: 'AppRoleReads',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/course-ec2-role` },
  Action: ['s3:GetObject', 's3:ListBucket'],
  Resource: [arn(s3Ids.bucket), `${arn(s3Ids.bucket)}/*`],
};

/**
 * A finished S3 lab: the lab bucket (private, SSE-KMS, versioned, lifecycle, TLS-only, replicated
 * to eu-west-1), its replica, and a log and a CDK bucket that are never the lab bucket.
 */
export function completeS3Lab(): Inventory {
  const { bucket: b, replica } = s3Ids;
  return inventoryOf({
    's3.buckets': [
      bucket(s3Ids.cdk, '2026-10-01T10:00:00.000Z'),
      bucket(b, '2026-11-19T08:00:00.000Z'),
      bucket(replica, '2026-11-19T08:05:00.000Z'),
      bucket(s3Ids.logs, '2026-11-19T08:10:00.000Z'),
    ],
    // Only candidates are located and read: not the log or the CDK bucket.
    's3.bucketRegions': { [b]: 'us-east-1', [replica]: 'eu-west-1' },
    's3.publicAccessBlock': { [b]: { ...allOn }, [replica]: { ...allOn } },
    's3.accountPublicAccessBlock': null,
    's3.encryption': {
      [b]: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: s3Ids.kmsKey },
            BucketKeyEnabled: true,
          },
        ],
      },
      [replica]: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }],
      },
    },
    's3.versioning': { [b]: { Status: 'Enabled' }, [replica]: { Status: 'Enabled' } },
    's3.lifecycle': {
      [b]: [
        {
          ID: 'logs-to-ia-then-glacier',
          Status: 'Enabled',
          Filter: { Prefix: 'logs/' },
          Transitions: [
            { Days: 30, StorageClass: 'STANDARD_IA' },
            { Days: 90, StorageClass: 'GLACIER' },
          ],
          NoncurrentVersionExpiration: { NoncurrentDays: 60 },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
        },
      ],
      [replica]: null,
    },
    's3.policy': {
      [b]: { Version: '2012-10-17', Statement: [readerStatement, denyInsecureTransport(b)] },
      [replica]: null,
    },
    's3.replication': {
      [b]: {
        Role: `arn:aws:iam::${ACCOUNT}:role/course-s3-replication`,
        Rules: [
          {
            ID: 'to-eu-west-1',
            Priority: 1,
            Status: 'Enabled',
            Filter: {},
            DeleteMarkerReplication: { Status: 'Disabled' },
            Destination: { Bucket: arn(replica), StorageClass: 'STANDARD' },
          },
        ],
      },
      [replica]: null,
    },
    's3.replicationDestinationRegions': { [replica]: 'eu-west-1' },
  });
}

const complete = completeS3Lab();
type Evaluation = Parameters<NonNullable<Scenario['assert']>>[0];

function expectMessage(e: Evaluation, id: string, ...parts: string[]): void {
  const message = e.checks.find((c) => c.id === id)?.message ?? '';
  for (const part of parts) if (!message.includes(part)) throw new Error(`${id} message lacks "${part}": ${message}`);
}

function expectTarget(e: Evaluation, name: string): void {
  if (e.target?.id !== name) throw new Error(`graded ${e.target?.id}, expected ${name}`);
}

const denied = { code: 'AccessDenied', message: 'Access Denied' };

export const scenarios: Scenario[] = [
  {
    name: 'complete',
    description: 'the finished lab: the lab bucket passes every check, log and CDK buckets are ignored',
    inventory: complete,
    expected: {},
    example: true,
    assert: (e) => {
      expectTarget(e, s3Ids.bucket);
      if (e.score !== e.maxScore + e.bonusScore) throw new Error(`score ${e.score} of ${e.maxScore}`);
      if (e.candidates.map((c) => c.id).join() !== `${s3Ids.bucket},${s3Ids.replica}`) {
        throw new Error(`candidates: ${e.candidates.map((c) => c.id).join()}`);
      }
      expectMessage(e, 's3.replication', s3Ids.replica, 'eu-west-1');
    },
  },
  {
    name: 'no-lab-bucket',
    description: 'only a log bucket and a CDK bucket exist',
    inventory: mutate(complete, (d) => {
      d['s3.buckets'] = d['s3.buckets'].filter((b) => b.Name === s3Ids.logs || b.Name === s3Ids.cdk);
    }),
    expected: { 's3.bucket': 'fail' },
    others: 'skip',
    example: true,
    assert: (e) => expectMessage(e, 's3.bucket', 'log or deployment', s3Ids.logs),
  },
  {
    name: 'no-buckets',
    description: 'the account has no bucket at all',
    inventory: mutate(complete, (d) => {
      d['s3.buckets'] = [];
    }),
    expected: { 's3.bucket': 'fail' },
    others: 'skip',
  },
  {
    name: 'pattern-matches-nothing',
    description: 'the course names buckets photos-*; the student used another name',
    inventory: complete,
    options: { params: { bucketPattern: '^photos-' } },
    expected: { 's3.bucket': 'fail' },
    others: 'skip',
    assert: (e) => expectMessage(e, 's3.bucket', '/^photos-/'),
  },
  {
    name: 'pattern-picks-the-bucket',
    description: 'the course pattern names the lab bucket exactly',
    inventory: complete,
    options: { params: { bucketPattern: '^course-assets-\\d+$' } },
    expected: {},
    assert: (e) => {
      expectTarget(e, s3Ids.bucket);
      if (e.candidates.length !== 1) throw new Error(`candidates: ${e.candidates.map((c) => c.id).join()}`);
    },
  },
  {
    name: 'public-bucket',
    description: 'Block Public Access was turned off and a policy lets anyone read the objects',
    inventory: mutate(complete, (d) => {
      d['s3.publicAccessBlock'][s3Ids.bucket] = { ...allOff };
      const policy = d['s3.policy'][s3Ids.bucket] ?? {};
      const publicRead = { Sid: 'PublicRead', Effect: 'Allow', Principal: '*' as const, Action: 's3:GetObject' };
      policy.Statement = [...statementsOf(policy), { ...publicRead, Resource: `${arn(s3Ids.bucket)}/*` }];
      d['s3.policy'][s3Ids.bucket] = policy;
    }),
    expected: { 's3.block-public': 'fail' },
    example: true,
    assert: (e) => expectMessage(e, 's3.block-public', 'BlockPublicAcls', 'RestrictPublicBuckets', s3Ids.bucket),
  },
  {
    name: 'no-public-access-block-anywhere',
    description: 'neither the bucket nor the account has a Block Public Access configuration',
    inventory: mutate(complete, (d) => {
      d['s3.publicAccessBlock'][s3Ids.bucket] = null;
    }),
    expected: { 's3.block-public': 'fail' },
    assert: (e) => expectMessage(e, 's3.block-public', 'Neither'),
  },
  {
    name: 'account-level-block',
    description: 'the bucket has no setting of its own, but the account blocks all public access',
    inventory: mutate(complete, (d) => {
      d['s3.publicAccessBlock'][s3Ids.bucket] = null;
      d['s3.accountPublicAccessBlock'] = { ...allOn };
    }),
    expected: {},
    assert: (e) => expectMessage(e, 's3.block-public', 'account'),
  },
  {
    name: 'split-block',
    description: 'the bucket and the account each block part of public access: RestrictPublicBuckets is on nowhere',
    inventory: mutate(complete, (d) => {
      d['s3.publicAccessBlock'][s3Ids.bucket] = { ...allOn, BlockPublicPolicy: false, RestrictPublicBuckets: false };
      d['s3.accountPublicAccessBlock'] = { ...allOff, BlockPublicPolicy: true };
    }),
    expected: { 's3.block-public': 'fail' },
    assert: (e) => {
      expectMessage(e, 's3.block-public', 'RestrictPublicBuckets');
      const message = e.checks.find((c) => c.id === 's3.block-public')?.message ?? '';
      if (message.includes('BlockPublicPolicy')) throw new Error(`the account blocks public policies: ${message}`);
    },
  },
  {
    name: 'account-block-denied-bucket-on',
    description: 'the account setting could not be read, but the bucket blocks everything itself',
    inventory: mutate(complete, (_d, inv) => {
      inv.sources['s3.accountPublicAccessBlock'] = { error: denied };
    }),
    expected: {},
  },
  {
    name: 'account-block-denied-bucket-off',
    description: 'the bucket blocks nothing and the account setting could not be read: the grader cannot tell',
    inventory: mutate(complete, (d, inv) => {
      d['s3.publicAccessBlock'][s3Ids.bucket] = { ...allOff };
      inv.sources['s3.accountPublicAccessBlock'] = { error: denied };
    }),
    expected: { 's3.block-public': 'error' },
  },
  {
    name: 'no-encryption',
    description: 'the bucket has no default encryption configuration',
    inventory: mutate(complete, (d) => {
      d['s3.encryption'][s3Ids.bucket] = null;
    }),
    expected: { 's3.encryption': 'fail' },
    example: true,
  },
  {
    name: 'sse-s3-where-kms-required',
    description: 'the course requires SSE-KMS; the bucket uses SSE-S3',
    inventory: mutate(complete, (d) => {
      d['s3.encryption'][s3Ids.bucket] = {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }],
      };
    }),
    options: { params: { requireKms: true } },
    expected: { 's3.encryption': 'fail' },
    assert: (e) => expectMessage(e, 's3.encryption', 'SSE-KMS'),
  },
  {
    name: 'sse-s3-accepted',
    description: 'SSE-S3 passes when the course does not require KMS',
    inventory: mutate(complete, (d) => {
      d['s3.encryption'][s3Ids.bucket] = {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }],
      };
    }),
    expected: {},
  },
  {
    name: 'versioning-suspended',
    description: 'versioning was suspended (and replication, which needs it, removed)',
    inventory: mutate(complete, (d) => {
      d['s3.versioning'][s3Ids.bucket] = { Status: 'Suspended' };
      d['s3.replication'][s3Ids.bucket] = null;
      d['s3.replicationDestinationRegions'] = {};
    }),
    expected: { 's3.versioning': 'fail', 's3.replication': 'fail' },
    example: true,
    assert: (e) => expectMessage(e, 's3.versioning', 'suspended'),
  },
  {
    name: 'versioning-never-enabled',
    description: 'versioning was never turned on (GetBucketVersioning answers without Status)',
    inventory: mutate(complete, (d) => {
      d['s3.versioning'][s3Ids.bucket] = {};
      d['s3.replication'][s3Ids.bucket] = null;
      d['s3.replicationDestinationRegions'] = {};
    }),
    expected: { 's3.versioning': 'fail', 's3.replication': 'fail' },
  },
  {
    name: 'no-lifecycle',
    description: 'the bucket has no lifecycle configuration',
    inventory: mutate(complete, (d) => {
      d['s3.lifecycle'][s3Ids.bucket] = null;
    }),
    expected: { 's3.lifecycle': 'fail' },
  },
  {
    name: 'lifecycle-disabled',
    description: 'the lifecycle rule exists but is disabled',
    inventory: mutate(complete, (d) => {
      for (const r of d['s3.lifecycle'][s3Ids.bucket] ?? []) r.Status = 'Disabled';
    }),
    expected: { 's3.lifecycle': 'fail' },
    assert: (e) => expectMessage(e, 's3.lifecycle', 'disabled'),
  },
  {
    name: 'lifecycle-only-aborts-uploads',
    description: 'the only rule cleans up incomplete multipart uploads: nothing transitions or expires',
    inventory: mutate(complete, (d) => {
      d['s3.lifecycle'][s3Ids.bucket] = [
        { ID: 'abort-mpu', Status: 'Enabled', Filter: {}, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
      ];
    }),
    expected: { 's3.lifecycle': 'fail' },
  },
  {
    name: 'lifecycle-expiration-only',
    description: 'a rule expires objects after 365 days (no transition): that is enough',
    inventory: mutate(complete, (d) => {
      d['s3.lifecycle'][s3Ids.bucket] = [{ ID: 'expire', Status: 'Enabled', Filter: {}, Expiration: { Days: 365 } }];
    }),
    expected: {},
  },
  {
    name: 'policy-without-tls',
    description: 'the bucket policy grants the app role access but never denies plain HTTP',
    inventory: mutate(complete, (d) => {
      d['s3.policy'][s3Ids.bucket] = { Version: '2012-10-17', Statement: [readerStatement] };
    }),
    expected: { 's3.tls-only': 'fail' },
    example: true,
    assert: (e) => expectMessage(e, 's3.tls-only', 'aws:SecureTransport'),
  },
  {
    name: 'no-bucket-policy',
    description: 'the bucket has no bucket policy (NoSuchBucketPolicy)',
    inventory: mutate(complete, (d) => {
      d['s3.policy'][s3Ids.bucket] = null;
    }),
    expected: { 's3.tls-only': 'fail' },
  },
  {
    name: 'tls-deny-objects-only',
    description: 'the TLS deny covers the objects but not the bucket itself',
    inventory: mutate(complete, (d) => {
      const statement = { ...denyInsecureTransport(s3Ids.bucket), Resource: `${arn(s3Ids.bucket)}/*` };
      d['s3.policy'][s3Ids.bucket] = { Version: '2012-10-17', Statement: [statement] };
    }),
    expected: { 's3.tls-only': 'fail' },
    assert: (e) => expectMessage(e, 's3.tls-only', 'DenyInsecureTransport', arn(s3Ids.bucket)),
  },
  {
    name: 'tls-deny-get-only',
    description: 'the TLS deny covers only s3:GetObject',
    inventory: mutate(complete, (d) => {
      const statement = { ...denyInsecureTransport(s3Ids.bucket), Action: 's3:GetObject' };
      d['s3.policy'][s3Ids.bucket] = { Version: '2012-10-17', Statement: [statement] };
    }),
    expected: { 's3.tls-only': 'fail' },
    assert: (e) => expectMessage(e, 's3.tls-only', 's3:*'),
  },
  {
    name: 'tls-deny-other-spellings',
    description: 'a single-statement policy with Principal {"AWS": "*"}, a boolean false and lowercase action',
    inventory: mutate(complete, (d) => {
      d['s3.policy'][s3Ids.bucket] = {
        Version: '2012-10-17',
        Statement: {
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: ['S3:*'],
          Resource: [`${arn(s3Ids.bucket)}*`],
          Condition: { Bool: { 'aws:securetransport': false } },
        },
      };
    }),
    expected: {},
  },
  {
    name: 'tls-deny-split-statements',
    description: 'the TLS deny is written as two statements, one for the bucket and one for its objects',
    inventory: mutate(complete, (d) => {
      const deny = denyInsecureTransport(s3Ids.bucket);
      d['s3.policy'][s3Ids.bucket] = {
        Version: '2012-10-17',
        Statement: [
          { ...deny, Sid: 'DenyHttpBucket', Resource: arn(s3Ids.bucket) },
          { ...deny, Sid: 'DenyHttpObjects', Resource: `${arn(s3Ids.bucket)}/*` },
        ],
      };
    }),
    expected: {},
    assert: (e) => expectMessage(e, 's3.tls-only', 'DenyHttpBucket', 'DenyHttpObjects'),
  },
  {
    name: 'tls-deny-split-leaves-a-gap',
    description:
      'two TLS denies: s3:* on the objects, only s3:GetObject on the bucket; together they miss PutObject there',
    inventory: mutate(complete, (d) => {
      const deny = denyInsecureTransport(s3Ids.bucket);
      d['s3.policy'][s3Ids.bucket] = {
        Version: '2012-10-17',
        Statement: [
          { ...deny, Sid: 'DenyHttpBucket', Action: 's3:GetObject', Resource: arn(s3Ids.bucket) },
          { ...deny, Sid: 'DenyHttpObjects', Resource: `${arn(s3Ids.bucket)}/*` },
        ],
      };
    }),
    expected: { 's3.tls-only': 'fail' },
    assert: (e) => expectMessage(e, 's3.tls-only', 'DenyHttpBucket'),
  },
  {
    name: 'tls-allow-instead-of-deny',
    description: 'the policy allows HTTPS requests instead of denying HTTP ones',
    inventory: mutate(complete, (d) => {
      d['s3.policy'][s3Ids.bucket] = {
        Version: '2012-10-17',
        Statement: [
          {
            ...denyInsecureTransport(s3Ids.bucket),
            Effect: 'Allow',
            Condition: { Bool: { 'aws:SecureTransport': 'true' } },
          },
        ],
      };
    }),
    expected: { 's3.tls-only': 'fail' },
  },
  {
    name: 'bucket-policy-denied',
    description: 'GetBucketPolicy was denied: the TLS check is an error, not a fail',
    inventory: mutate(complete, (_d, inv) => {
      inv.sources['s3.policy'] = { error: denied };
    }),
    expected: { 's3.tls-only': 'error' },
    assert: (e) => {
      const check = e.checks.find((c) => c.id === 's3.tls-only');
      if (check?.errorCode !== 'AccessDenied') throw new Error(`errorCode ${check?.errorCode}`);
    },
  },
  {
    name: 'replication-same-region',
    description: 'replication goes to a bucket in the same region (SRR, not cross-region)',
    inventory: mutate(complete, (d) => {
      d['s3.replicationDestinationRegions'] = { [s3Ids.replica]: 'us-east-1' };
      d['s3.bucketRegions'][s3Ids.replica] = 'us-east-1';
    }),
    expected: { 's3.replication': 'fail' },
    assert: (e) => expectMessage(e, 's3.replication', 'is in us-east-1'),
  },
  {
    name: 'replica-in-wrong-region',
    description: 'the course names ap-northeast-2 for the replica; it is in eu-west-1',
    inventory: complete,
    options: { params: { replicaRegion: 'ap-northeast-2' } },
    expected: { 's3.replication': 'fail' },
    assert: (e) => expectMessage(e, 's3.replication', 'ap-northeast-2'),
  },
  {
    name: 'replica-deleted',
    description: 'the replication destination bucket no longer exists',
    inventory: mutate(complete, (d) => {
      d['s3.buckets'] = d['s3.buckets'].filter((b) => b.Name !== s3Ids.replica);
      delete d['s3.bucketRegions'][s3Ids.replica];
      d['s3.replicationDestinationRegions'] = { [s3Ids.replica]: null };
    }),
    expected: { 's3.replication': 'fail' },
    assert: (e) => expectMessage(e, 's3.replication', 'does not exist'),
  },
  {
    name: 'bucket-not-read',
    description: 'the inventory was recorded for other buckets: the lab bucket was never read, nothing is failed',
    inventory: mutate(complete, (d) => {
      for (const key of [
        's3.publicAccessBlock',
        's3.encryption',
        's3.versioning',
        's3.lifecycle',
        's3.policy',
        's3.replication',
      ] as const) {
        delete (d[key] as Record<string, unknown>)[s3Ids.bucket];
      }
    }),
    options: { params: { bucketPattern: '^course-assets-\\d+$' } },
    expected: {
      's3.block-public': 'error',
      's3.encryption': 'error',
      's3.versioning': 'error',
      's3.lifecycle': 'error',
      's3.tls-only': 'error',
      's3.replication': 'error',
    },
  },
  {
    name: 'leftover-bucket',
    description: 'an unconfigured test bucket sits next to the lab bucket: the lab bucket is graded',
    inventory: mutate(complete, (d) => {
      const junk = 'my-first-bucket-2026';
      d['s3.buckets'].unshift(bucket(junk, '2026-09-01T00:00:00.000Z'));
      d['s3.bucketRegions'][junk] = 'ap-northeast-2';
      d['s3.publicAccessBlock'][junk] = { ...allOn };
      d['s3.encryption'][junk] = { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] };
      d['s3.versioning'][junk] = {};
      d['s3.lifecycle'][junk] = null;
      d['s3.policy'][junk] = null;
      d['s3.replication'][junk] = null;
    }),
    expected: {},
    assert: (e) => expectTarget(e, s3Ids.bucket),
  },
];
