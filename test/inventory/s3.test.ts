/**
 * The S3 collectors against a mocked S3 API (shapes from the recorded reference account): only
 * candidate buckets are read, each in its own region; "not configured" 404s are data while
 * AccessDenied is an error; account-level Block Public Access is read through S3 Control; and
 * each call is made once per bucket per grade.
 */
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  NoSuchBucket,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { evaluateLab } from '../../checks/engine.js';
import type { Inventory, SourceKey } from '../../checks/inventory.js';
import { s3Lab } from '../../checks/labs/s3/index.js';
import { sourcesOf } from '../../functions/grade.js';
import { ClientFactory } from '../../functions/inventory/clients.js';
import { collectInventory } from '../../functions/inventory/collect.js';
import { actionsFor, COLLECTORS } from '../../functions/inventory/index.js';
import { regionOfLocation, s3Readers } from '../../functions/inventory/s3.js';
import { withSpecs } from '../../functions/inventory/schemas.js';
import { s3Sources } from '../../functions/inventory/sources/s3.js';

import {
  callCounts,
  RECORDED_ACCOUNT,
  RECORDED_BUCKET,
  RECORDED_REGION,
  recorded,
  s3Error,
  serveRecordedS3,
  serveRecordedSts,
} from '../support/aws-mock.js';

const s3Collectors = withSpecs(s3Sources, s3Readers);

const s3 = mockClient(S3Client);
const s3control = mockClient(S3ControlClient);
const sts = mockClient(STSClient);

const accessDenied = () => s3Error('AccessDenied', 'Access Denied', 403);

beforeEach(() => {
  s3.reset();
  s3control.reset();
  sts.reset();
  serveRecordedS3(s3, s3control);
  serveRecordedSts(sts);
});
afterAll(() => {
  s3.restore();
  s3control.restore();
  sts.restore();
});

async function collect(sources: readonly SourceKey[], params: Record<string, unknown> = {}): Promise<Inventory> {
  const clients = new ClientFactory();
  try {
    return await collectInventory({ region: RECORDED_REGION, clients, sources, collectors: COLLECTORS, params });
  } finally {
    clients.destroy();
  }
}

const PER_BUCKET = [
  GetPublicAccessBlockCommand,
  GetBucketEncryptionCommand,
  GetBucketVersioningCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
] as const;

describe('the recorded reference account', () => {
  it('reads the bucket as AWS answered, with 404s stored as "not configured"', async () => {
    const inventory = await collect(sourcesOf(s3Lab));

    const data = (key: SourceKey) => inventory.sources[key]?.data;
    expect(data('s3.bucketRegions')).toEqual({ [RECORDED_BUCKET]: 'us-east-1' });
    expect(data('s3.publicAccessBlock')).toEqual({
      [RECORDED_BUCKET]: recorded(`s3/GetPublicAccessBlock.${RECORDED_BUCKET}`).PublicAccessBlockConfiguration,
    });
    expect(data('s3.encryption')).toEqual({
      [RECORDED_BUCKET]: recorded(`s3/GetBucketEncryption.${RECORDED_BUCKET}`).ServerSideEncryptionConfiguration,
    });
    expect(data('s3.versioning')).toEqual({ [RECORDED_BUCKET]: { Status: 'Enabled' } });
    expect(data('s3.lifecycle')).toEqual({
      [RECORDED_BUCKET]: recorded(`s3/GetBucketLifecycleConfiguration.${RECORDED_BUCKET}`).Rules,
    });
    expect(data('s3.policy')).toEqual({ [RECORDED_BUCKET]: null });
    expect(data('s3.replication')).toEqual({ [RECORDED_BUCKET]: null });
    expect(data('s3.accountPublicAccessBlock')).toBeNull();
    expect(data('s3.replicationDestinationRegions')).toEqual({});
  });

  it('grades what the collectors read: no TLS-only policy, no replication, the rest in place', async () => {
    const inventory = await collect(sourcesOf(s3Lab));

    const statuses = Object.fromEntries(evaluateLab(s3Lab, inventory).checks.map((c) => [c.id, c.status]));
    expect(statuses).toEqual({
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

describe('bucket regions', () => {
  it('maps LocationConstraint to a region: none is us-east-1, EU is eu-west-1', () => {
    expect(regionOfLocation(undefined)).toBe('us-east-1');
    expect(regionOfLocation('')).toBe('us-east-1');
    expect(regionOfLocation(null)).toBe('us-east-1');
    expect(regionOfLocation('EU')).toBe('eu-west-1');
    expect(regionOfLocation('ap-northeast-2')).toBe('ap-northeast-2');
  });

  it('reads each candidate bucket in its own region, and never touches log or deployment buckets', async () => {
    const location: Record<string, string | undefined> = {
      'lab-virginia': undefined,
      'lab-ireland': 'EU',
      'lab-seoul': 'ap-northeast-2',
    };
    const ignored = ['course-logs-123456789012', 'cdk-hnb659fds-assets-123456789012-us-east-1'];
    s3.on(ListBucketsCommand).resolves({
      Buckets: [...Object.keys(location), ...ignored].map((Name) => ({ Name, CreationDate: new Date() })),
    });
    s3.on(GetBucketLocationCommand).callsFake((i) => ({ LocationConstraint: location[i.Bucket] }));
    const sentFrom: string[] = [];
    for (const command of PER_BUCKET) {
      s3.on(command).callsFake(async (i, getClient) => {
        sentFrom.push(`${command.name} ${i.Bucket} ${await getClient().config.region()}`);
        return {};
      });
    }

    const inventory = await collect(sourcesOf(s3Lab));

    expect(inventory.sources['s3.bucketRegions']?.data).toEqual({
      'lab-virginia': 'us-east-1',
      'lab-ireland': 'eu-west-1',
      'lab-seoul': 'ap-northeast-2',
    });
    const expected = PER_BUCKET.flatMap((command) => [
      `${command.name} lab-virginia us-east-1`,
      `${command.name} lab-ireland eu-west-1`,
      `${command.name} lab-seoul ap-northeast-2`,
    ]);
    expect(sentFrom.sort()).toEqual(expected.sort());
    const located = s3.commandCalls(GetBucketLocationCommand).map((c) => c.args[0].input.Bucket);
    expect(located.sort()).toEqual(Object.keys(location).sort());
  });

  it("reads only the bucket the course's name pattern names", async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: RECORDED_BUCKET }, { Name: 'my-first-bucket' }] });

    const inventory = await collect(['s3.versioning'], { bucketPattern: '^course-assets-' });

    expect(inventory.sources['s3.versioning']?.data).toEqual({ [RECORDED_BUCKET]: { Status: 'Enabled' } });
    expect(s3.commandCalls(GetBucketLocationCommand).map((c) => c.args[0].input.Bucket)).toEqual([RECORDED_BUCKET]);
  });
});

describe('"not configured" is data (the check fails); AccessDenied is an error', () => {
  const NOT_CONFIGURED = [
    { key: 's3.publicAccessBlock', command: GetPublicAccessBlockCommand, code: 'NoSuchPublicAccessBlockConfiguration' },
    {
      key: 's3.encryption',
      command: GetBucketEncryptionCommand,
      code: 'ServerSideEncryptionConfigurationNotFoundError',
    },
    { key: 's3.lifecycle', command: GetBucketLifecycleConfigurationCommand, code: 'NoSuchLifecycleConfiguration' },
    { key: 's3.policy', command: GetBucketPolicyCommand, code: 'NoSuchBucketPolicy' },
    { key: 's3.replication', command: GetBucketReplicationCommand, code: 'ReplicationConfigurationNotFoundError' },
  ] as const;

  it.each(NOT_CONFIGURED)('$code (404) makes $key null for the bucket', async ({ key, command, code }) => {
    s3.on(command).rejects(s3Error(code, 'not configured', 404));

    const inventory = await collect([key]);

    expect(inventory.sources[key]).toEqual({ data: { [RECORDED_BUCKET]: null } });
  });

  it.each(NOT_CONFIGURED)(
    'AccessDenied on $key fails that source, so only its check is an error',
    async ({ key, command }) => {
      s3.on(command).rejects(accessDenied());

      const inventory = await collect(sourcesOf(s3Lab));

      expect(inventory.sources[key]?.error).toEqual({ code: 'AccessDenied', message: 'Access Denied' });
      const errors = evaluateLab(s3Lab, inventory)
        .checks.filter((c) => c.status === 'error')
        .map((c) => c.errorCode);
      expect(errors.length).toBeGreaterThan(0);
      expect(new Set(errors)).toEqual(new Set(['AccessDenied']));
    },
  );

  it('AccessDenied on the bucket policy leaves every other check judged', async () => {
    s3.on(GetBucketPolicyCommand).rejects(accessDenied());

    const inventory = await collect(sourcesOf(s3Lab));

    const statuses = Object.fromEntries(evaluateLab(s3Lab, inventory).checks.map((c) => [c.id, c.status]));
    expect(statuses).toEqual({
      's3.bucket': 'pass',
      's3.block-public': 'pass',
      's3.encryption': 'pass',
      's3.versioning': 'pass',
      's3.lifecycle': 'pass',
      's3.tls-only': 'error',
      's3.replication': 'fail',
    });
  });

  it('a bucket policy is parsed from the JSON text S3 returns (not URL-encoded)', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [`arn:aws:s3:::${RECORDED_BUCKET}`, `arn:aws:s3:::${RECORDED_BUCKET}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    };
    s3.on(GetBucketPolicyCommand).resolves({ Policy: JSON.stringify(policy) });

    const inventory = await collect(sourcesOf(s3Lab));

    expect(inventory.sources['s3.policy']?.data).toEqual({ [RECORDED_BUCKET]: policy });
    expect(evaluateLab(s3Lab, inventory).checks.find((c) => c.id === 's3.tls-only')?.status).toBe('pass');
  });
});

describe('account-level Block Public Access (S3 Control)', () => {
  it('asks for the caller’s own account and stores the configuration', async () => {
    const all = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
    s3control.on(GetAccountPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: all });

    const inventory = await collect(['s3.accountPublicAccessBlock']);

    expect(inventory.sources['s3.accountPublicAccessBlock']).toEqual({ data: all });
    expect(s3control.commandCalls(GetAccountPublicAccessBlockCommand).map((c) => c.args[0].input)).toEqual([
      { AccountId: RECORDED_ACCOUNT },
    ]);
  });

  it('counts for a bucket without its own setting', async () => {
    const all = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
    s3control.on(GetAccountPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: all });
    s3.on(GetPublicAccessBlockCommand).rejects(s3Error('NoSuchPublicAccessBlockConfiguration', 'none', 404));

    const inventory = await collect(sourcesOf(s3Lab));

    expect(evaluateLab(s3Lab, inventory).checks.find((c) => c.id === 's3.block-public')?.status).toBe('pass');
  });

  it('AccessDenied is an error of that source', async () => {
    s3control.on(GetAccountPublicAccessBlockCommand).rejects(s3Error('AccessDenied', 'Access Denied', 403));

    const inventory = await collect(['s3.accountPublicAccessBlock']);

    expect(inventory.sources['s3.accountPublicAccessBlock']?.error?.code).toBe('AccessDenied');
  });
});

describe('replication destinations', () => {
  const replicateTo = (bucket: string) => ({
    ReplicationConfiguration: {
      Role: `arn:aws:iam::${RECORDED_ACCOUNT}:role/replication`,
      Rules: [{ ID: 'r', Status: 'Enabled' as const, Destination: { Bucket: `arn:aws:s3:::${bucket}` } }],
    },
  });

  it('locates a destination that is not a candidate (here a log-like name), once', async () => {
    s3.on(GetBucketReplicationCommand).resolves(replicateTo('dr-backup-logs-seoul'));
    s3.on(GetBucketLocationCommand, { Bucket: 'dr-backup-logs-seoul' }).resolves({
      LocationConstraint: 'ap-northeast-2',
    });

    const inventory = await collect(sourcesOf(s3Lab));

    expect(inventory.sources['s3.replicationDestinationRegions']?.data).toEqual({
      'dr-backup-logs-seoul': 'ap-northeast-2',
    });
    expect(s3.commandCalls(GetBucketLocationCommand).map((c) => c.args[0].input.Bucket)).toEqual([
      RECORDED_BUCKET,
      'dr-backup-logs-seoul',
    ]);
    expect(evaluateLab(s3Lab, inventory).checks.find((c) => c.id === 's3.replication')?.status).toBe('pass');
  });

  it('does not locate a destination twice when it is a candidate itself', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: RECORDED_BUCKET }, { Name: 'course-assets-replica' }] });
    s3.on(GetBucketLocationCommand, { Bucket: 'course-assets-replica' }).resolves({ LocationConstraint: 'EU' });
    s3.on(GetBucketReplicationCommand, { Bucket: RECORDED_BUCKET }).resolves(replicateTo('course-assets-replica'));
    s3.on(GetBucketReplicationCommand, { Bucket: 'course-assets-replica' }).rejects(
      s3Error('ReplicationConfigurationNotFoundError', 'none', 404),
    );
    for (const command of PER_BUCKET.filter((c) => c !== GetBucketReplicationCommand)) {
      s3.on(command, { Bucket: 'course-assets-replica' }).resolves({});
    }

    const inventory = await collect(sourcesOf(s3Lab));

    expect(inventory.sources['s3.replicationDestinationRegions']?.data).toEqual({
      'course-assets-replica': 'eu-west-1',
    });
    expect(s3.commandCalls(GetBucketLocationCommand)).toHaveLength(2);
  });

  it('a destination that no longer exists (NoSuchBucket) has no region', async () => {
    s3.on(GetBucketReplicationCommand).resolves(replicateTo('deleted-replica'));
    s3.on(GetBucketLocationCommand, { Bucket: 'deleted-replica' }).rejects(
      new NoSuchBucket({ message: 'The specified bucket does not exist', $metadata: { httpStatusCode: 404 } }),
    );

    const inventory = await collect(['s3.replicationDestinationRegions']);

    expect(inventory.sources['s3.replicationDestinationRegions']).toEqual({ data: { 'deleted-replica': null } });
  });
});

describe('one read per grade', () => {
  it('ListBuckets once, account settings once, and each per-bucket call once per candidate bucket', async () => {
    s3.on(ListBucketsCommand).resolves({
      Buckets: [{ Name: RECORDED_BUCKET }, { Name: 'photos-kim' }, { Name: 'course-logs-123456789012' }],
    });
    for (const command of [GetBucketLocationCommand, ...PER_BUCKET])
      s3.on(command, { Bucket: 'photos-kim' }).resolves({});

    const inventory = await collect(sourcesOf(s3Lab));

    expect(Object.values(inventory.sources).filter((s) => s?.error)).toEqual([]);
    expect(callCounts(s3, s3control, sts)).toEqual({
      GetCallerIdentity: 1,
      ListBuckets: 1,
      GetPublicAccessBlock: 3, // twice on S3 (per bucket), once on S3 Control (the account)
      GetBucketLocation: 2,
      GetBucketEncryption: 2,
      GetBucketVersioning: 2,
      GetBucketLifecycleConfiguration: 2,
      GetBucketPolicy: 2,
      GetBucketReplication: 2,
    });
    expect(s3control.commandCalls(GetAccountPublicAccessBlockCommand)).toHaveLength(1);
  });

  it('every S3 call a grade makes is in the least-privilege action list', async () => {
    await collect(sourcesOf(s3Lab));

    const ACTION: Record<string, string> = {
      ListBuckets: 's3:ListAllMyBuckets',
      GetBucketLocation: 's3:GetBucketLocation',
      GetBucketEncryption: 's3:GetEncryptionConfiguration',
      GetBucketVersioning: 's3:GetBucketVersioning',
      GetBucketLifecycleConfiguration: 's3:GetLifecycleConfiguration',
      GetBucketPolicy: 's3:GetBucketPolicy',
      GetBucketReplication: 's3:GetReplicationConfiguration',
      GetPublicAccessBlock: 's3:GetBucketPublicAccessBlock',
    };
    const sent = [
      ...Object.keys(callCounts(s3)).map((name) => ACTION[name] ?? `unmapped ${name}`),
      ...(s3control.commandCalls(GetAccountPublicAccessBlockCommand).length ? ['s3:GetAccountPublicAccessBlock'] : []),
    ];
    expect(sent.sort()).toEqual(actionsFor(s3Collectors.map((c) => c.key)));
  });
});
