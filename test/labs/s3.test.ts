import type {
  Bucket,
  GetBucketLifecycleConfigurationOutput,
  GetBucketVersioningOutput,
  GetPublicAccessBlockOutput,
  ServerSideEncryptionConfiguration,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { evaluateLab, LabParamsError } from '../../checks/engine.js';
import { INVENTORY_SCHEMA_VERSION, type Inventory } from '../../checks/inventory.js';
import { DEFAULT_IGNORED_BUCKETS, labBuckets, s3Lab, s3Params } from '../../checks/labs/s3/index.js';
import { parseInventory } from '../../functions/inventory/io.js';
import { mutate } from '../scenarios/ec2-builders.js';
import { completeS3Lab, s3Ids, scenarios } from '../scenarios/s3.js';
import { RECORDED_ACCOUNT, RECORDED_REGION, recorded } from '../support/aws-mock.js';
import { describeScenarios } from '../support/scenario.js';

const check = (inventory: Inventory, id: string, options = {}) => {
  const result = evaluateLab(s3Lab, inventory, options).checks.find((c) => c.id === id);
  if (!result) throw new Error(`no check ${id}`);
  return result;
};

const statuses = (inventory: Inventory, options = {}) =>
  Object.fromEntries(evaluateLab(s3Lab, inventory, options).checks.map((c) => [c.id, c.status]));

describe('S3 lab marking sheet', () => {
  describeScenarios(s3Lab, scenarios);
});

describe('S3 lab', () => {
  it('has exactly the check ids of the S3 table in labs.md (titles, hints and bonus flags: contract.test.ts)', () => {
    expect(s3Lab.checks.map((c) => c.id)).toEqual([
      's3.bucket',
      's3.block-public',
      's3.encryption',
      's3.versioning',
      's3.lifecycle',
      's3.tls-only',
      's3.replication',
    ]);
    expect(s3Lab.checks.filter((c) => c.bonus).map((c) => c.id)).toEqual(['s3.replication']);
  });

  it('hints use the course terms', () => {
    const ko = s3Lab.checks.map((c) => c.hint.ko).join('\n');
    for (const term of ['버킷 정책', '버전 관리', '수명 주기', '암호화', '퍼블릭 액세스 차단', '교차 리전 복제']) {
      expect(ko).toContain(term);
    }
  });

  it('names what it graded in the complete lab (grading it from only its sources: contract.test.ts)', () => {
    const evaluation = evaluateLab(s3Lab, completeS3Lab());
    expect(evaluation.target).toEqual({ kind: 'S3 bucket', id: s3Ids.bucket });
  });

  it('never takes a log or deployment bucket for the lab bucket', () => {
    const names = [
      'cdk-hnb659fds-assets-123456789012-us-east-1',
      'cf-templates-1x2y3z-us-east-1',
      'elasticbeanstalk-us-east-1-123456789012',
      'aws-sam-cli-managed-default-samclisourcebucket-abc',
      'codepipeline-us-east-1-123456789012',
      'aws-cloudtrail-logs-123456789012-abcd',
      'course-logs-123456789012',
      'my-access-logs',
      'lab.deploy.artifacts',
      'course-assets-123456789012',
      'photo-catalog-kim',
      'blog-static-site',
    ];
    const buckets: Bucket[] = names.map((Name) => ({ Name }));
    const params = s3Params.parse({});
    expect(params.ignoredBucketPattern).toBe(DEFAULT_IGNORED_BUCKETS);
    expect(labBuckets(buckets, params).map((b) => b.Name)).toEqual([
      'course-assets-123456789012',
      'photo-catalog-kim',
      'blog-static-site',
    ]);
    // A course pattern wins over the ignore list: it may name a bucket that looks like a log bucket.
    expect(labBuckets(buckets, s3Params.parse({ bucketPattern: '^course-logs-' })).map((b) => b.Name)).toEqual([
      'course-logs-123456789012',
    ]);
  });

  it('speaks Korean when asked, in the course terms', () => {
    const suspended = mutate(completeS3Lab(), (d) => {
      d['s3.versioning'][s3Ids.bucket] = { Status: 'Suspended' };
    });
    const result = check(suspended, 's3.versioning', { lang: 'ko' });
    expect(result.message).toContain('버전 관리가 일시 중지');
    expect(result.hint).toContain('버전 관리');
  });

  it('refuses parameters that do not fit, naming the parameter', () => {
    expect(() => evaluateLab(s3Lab, completeS3Lab(), { params: { bucketPattern: '([' } })).toThrow(LabParamsError);
    expect(() => evaluateLab(s3Lab, completeS3Lab(), { params: { requireKms: 'yes' } })).toThrow(/requireKms/);
  });

  it('grades the recorded reference bucket: no bucket policy and no replication, the rest in place', () => {
    const name = 'course-assets-123456789012-us-east-1';
    const at = (command: string) => recorded(`s3/${command}.${name}`);
    const inventory = parseInventory({
      schemaVersion: INVENTORY_SCHEMA_VERSION,
      region: RECORDED_REGION,
      accountId: RECORDED_ACCOUNT,
      collectedAt: '2026-11-25T17:00:00.000Z',
      sources: {
        'sts.callerIdentity': { data: recorded('sts/GetCallerIdentity') },
        's3.buckets': { data: recorded<{ Buckets: Bucket[] }>('s3/ListBuckets').Buckets },
        // GetBucketLocation answered {} (no LocationConstraint): us-east-1.
        's3.bucketRegions': { data: { [name]: 'us-east-1' } },
        's3.publicAccessBlock': {
          data: { [name]: (at('GetPublicAccessBlock') as GetPublicAccessBlockOutput).PublicAccessBlockConfiguration },
        },
        's3.accountPublicAccessBlock': { data: null },
        's3.encryption': {
          data: {
            [name]: (
              at('GetBucketEncryption') as { ServerSideEncryptionConfiguration: ServerSideEncryptionConfiguration }
            ).ServerSideEncryptionConfiguration,
          },
        },
        's3.versioning': { data: { [name]: at('GetBucketVersioning') as GetBucketVersioningOutput } },
        's3.lifecycle': {
          data: { [name]: (at('GetBucketLifecycleConfiguration') as GetBucketLifecycleConfigurationOutput).Rules },
        },
        // GetBucketPolicy and GetBucketReplication answered 404: not configured.
        's3.policy': { data: { [name]: null } },
        's3.replication': { data: { [name]: null } },
        's3.replicationDestinationRegions': { data: {} },
      },
    });
    expect(statuses(inventory, { params: { requireKms: true } })).toEqual({
      's3.bucket': 'pass',
      's3.block-public': 'pass',
      's3.encryption': 'pass',
      's3.versioning': 'pass',
      's3.lifecycle': 'pass',
      's3.tls-only': 'fail',
      's3.replication': 'fail',
    });
  });
});
