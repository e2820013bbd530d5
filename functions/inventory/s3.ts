/**
 * S3 sources. ListBuckets is account-wide; every other call is per bucket, made only for the lab's
 * candidate buckets (the course's name pattern, else buckets that are not log or deployment
 * buckets) and sent to the bucket's own region. A setting that was never configured is a 404
 * error in S3 (NoSuchBucketPolicy...): it is stored as `null` ("not configured", so the check
 * fails), while AccessDenied and other errors fail the source (so the check is `error`).
 */
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  paginateListBuckets,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { type BucketVersioning, bucketOfArn, bucketSelectionOf, labBuckets } from '../../checks/facts/s3.js';
import type { PolicyDocument } from '../../checks/policy.js';
import { endpointOverrideConfig } from './clients.js';
import { allPages, byKey, type CollectorContext, defineReaders, orNotConfigured } from './collect.js';
import type { s3Sources } from './sources/s3.js';

/** GetBucketLocation's LocationConstraint → region: none means us-east-1, "EU" is the old name of eu-west-1. */
export function regionOfLocation(constraint: string | undefined | null): string {
  if (!constraint) return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}

const s3 = (ctx: CollectorContext) => ctx.clients.get(S3Client, ctx.region, endpointOverrideConfig('S3'));

async function bucketRegion(ctx: CollectorContext, Bucket: string): Promise<string> {
  const out = await s3(ctx).send(new GetBucketLocationCommand({ Bucket }));
  return regionOfLocation(out.LocationConstraint);
}

/**
 * Reads one setting of every candidate bucket, each with a client of the bucket's region; an
 * error named in `notConfigured` gives `null`.
 */
async function perBucket<T>(
  ctx: CollectorContext,
  notConfigured: readonly string[],
  read: (client: S3Client, Bucket: string) => Promise<T>,
): Promise<Record<string, T | null>> {
  const regions = await ctx.need('s3.bucketRegions');
  return byKey(Object.keys(regions), (bucket) => {
    const client = ctx.clients.get(S3Client, regions[bucket] as string, endpointOverrideConfig('S3'));
    return orNotConfigured(read(client, bucket), notConfigured);
  });
}

const NO_PUBLIC_ACCESS_BLOCK = ['NoSuchPublicAccessBlockConfiguration'];

export const s3Readers = defineReaders<typeof s3Sources>({
  's3.buckets': (ctx) => allPages(paginateListBuckets({ client: s3(ctx) }, {}), (p) => p.Buckets),
  's3.bucketRegions': async (ctx) => {
    const candidates = labBuckets(await ctx.need('s3.buckets'), bucketSelectionOf(ctx.params));
    return byKey(
      candidates.map((b) => b.Name as string),
      (name) => bucketRegion(ctx, name),
    );
  },
  's3.publicAccessBlock': (ctx) =>
    perBucket(ctx, NO_PUBLIC_ACCESS_BLOCK, async (client, Bucket) => {
      const out = await client.send(new GetPublicAccessBlockCommand({ Bucket }));
      return out.PublicAccessBlockConfiguration ?? {};
    }),
  's3.accountPublicAccessBlock': async (ctx) => {
    const { Account: AccountId } = await ctx.need('sts.callerIdentity');
    const client = ctx.clients.get(S3ControlClient, ctx.region, endpointOverrideConfig('S3_CONTROL'));
    const out = await orNotConfigured(
      client.send(new GetAccountPublicAccessBlockCommand({ AccountId })),
      NO_PUBLIC_ACCESS_BLOCK,
    );
    return out ? (out.PublicAccessBlockConfiguration ?? {}) : null;
  },
  's3.encryption': (ctx) =>
    perBucket(ctx, ['ServerSideEncryptionConfigurationNotFoundError'], async (client, Bucket) => {
      const out = await client.send(new GetBucketEncryptionCommand({ Bucket }));
      return out.ServerSideEncryptionConfiguration ?? { Rules: [] };
    }),
  's3.versioning': async (ctx) => {
    // Versioning has no "not configured" error: a bucket never versioned answers without Status.
    const versioning = await perBucket(ctx, [], async (client, Bucket) => {
      const out = await client.send(new GetBucketVersioningCommand({ Bucket }));
      const state: BucketVersioning = {};
      if (out.Status) state.Status = out.Status;
      if (out.MFADelete) state.MFADelete = out.MFADelete;
      return state;
    });
    return versioning as Record<string, BucketVersioning>;
  },
  's3.lifecycle': (ctx) =>
    perBucket(ctx, ['NoSuchLifecycleConfiguration'], async (client, Bucket) => {
      const out = await client.send(new GetBucketLifecycleConfigurationCommand({ Bucket }));
      return out.Rules ?? [];
    }),
  's3.policy': (ctx) =>
    // Bucket policies come as plain JSON text (unlike IAM's URL-encoded documents).
    perBucket(ctx, ['NoSuchBucketPolicy'], async (client, Bucket) => {
      const out = await client.send(new GetBucketPolicyCommand({ Bucket }));
      return (out.Policy ? JSON.parse(out.Policy) : {}) as PolicyDocument;
    }),
  's3.replication': (ctx) =>
    perBucket(ctx, ['ReplicationConfigurationNotFoundError'], async (client, Bucket) => {
      const out = await client.send(new GetBucketReplicationCommand({ Bucket }));
      return out.ReplicationConfiguration ?? { Role: undefined, Rules: [] };
    }),
  's3.replicationDestinationRegions': async (ctx) => {
    const [replication, known] = await Promise.all([ctx.need('s3.replication'), ctx.need('s3.bucketRegions')]);
    const destinations = new Set<string>();
    for (const config of Object.values(replication)) {
      for (const rule of config?.Rules ?? []) {
        const name = bucketOfArn(rule.Destination?.Bucket);
        if (name) destinations.add(name);
      }
    }
    return byKey(destinations, async (name) => {
      if (known[name]) return known[name];
      // A destination that was deleted breaks replication: recorded as no region.
      return orNotConfigured(bucketRegion(ctx, name), ['NoSuchBucket']);
    });
  },
});
