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
import { allPages, type CollectorContext, collectorOf, orNotConfigured } from './collect.js';
import { s3Sources } from './sources/s3.js';

/** GetBucketLocation's LocationConstraint → region: none means us-east-1, "EU" is the old name of eu-west-1. */
export function regionOfLocation(constraint: string | undefined | null): string {
  if (!constraint) return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}

async function bucketRegion(ctx: CollectorContext, Bucket: string): Promise<string> {
  const out = await ctx.clients
    .get(S3Client, ctx.region, endpointOverrideConfig('S3'))
    .send(new GetBucketLocationCommand({ Bucket }));
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
  const entries = await Promise.all(
    Object.entries(regions).map(async ([bucket, region]) => {
      const client = ctx.clients.get(S3Client, region, endpointOverrideConfig('S3'));
      return [bucket, await orNotConfigured(read(client, bucket), notConfigured)] as const;
    }),
  );
  return Object.fromEntries(entries);
}

const NO_PUBLIC_ACCESS_BLOCK = ['NoSuchPublicAccessBlockConfiguration'];

const collector = collectorOf(s3Sources);

export const s3Collectors = [
  collector({
    key: 's3.buckets',
    collect: (ctx) =>
      allPages(
        paginateListBuckets({ client: ctx.clients.get(S3Client, ctx.region, endpointOverrideConfig('S3')) }, {}),
        (p) => p.Buckets,
      ),
  }),
  collector({
    key: 's3.bucketRegions',
    async collect(ctx) {
      const candidates = labBuckets(await ctx.need('s3.buckets'), bucketSelectionOf(ctx.params));
      const entries = await Promise.all(
        candidates.map(async (b) => [b.Name as string, await bucketRegion(ctx, b.Name as string)] as const),
      );
      return Object.fromEntries(entries);
    },
  }),
  collector({
    key: 's3.publicAccessBlock',
    collect: (ctx) =>
      perBucket(ctx, NO_PUBLIC_ACCESS_BLOCK, async (client, Bucket) => {
        const out = await client.send(new GetPublicAccessBlockCommand({ Bucket }));
        return out.PublicAccessBlockConfiguration ?? {};
      }),
  }),
  collector({
    key: 's3.accountPublicAccessBlock',
    async collect(ctx) {
      const { Account: AccountId } = await ctx.need('sts.callerIdentity');
      const client = ctx.clients.get(S3ControlClient, ctx.region, endpointOverrideConfig('S3_CONTROL'));
      const out = await orNotConfigured(
        client.send(new GetAccountPublicAccessBlockCommand({ AccountId })),
        NO_PUBLIC_ACCESS_BLOCK,
      );
      return out ? (out.PublicAccessBlockConfiguration ?? {}) : null;
    },
  }),
  collector({
    key: 's3.encryption',
    collect: (ctx) =>
      perBucket(ctx, ['ServerSideEncryptionConfigurationNotFoundError'], async (client, Bucket) => {
        const out = await client.send(new GetBucketEncryptionCommand({ Bucket }));
        return out.ServerSideEncryptionConfiguration ?? { Rules: [] };
      }),
  }),
  collector({
    key: 's3.versioning',
    async collect(ctx) {
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
  }),
  collector({
    key: 's3.lifecycle',
    collect: (ctx) =>
      perBucket(ctx, ['NoSuchLifecycleConfiguration'], async (client, Bucket) => {
        const out = await client.send(new GetBucketLifecycleConfigurationCommand({ Bucket }));
        return out.Rules ?? [];
      }),
  }),
  collector({
    key: 's3.policy',
    collect: (ctx) =>
      // Bucket policies come as plain JSON text (unlike IAM's URL-encoded documents).
      perBucket(ctx, ['NoSuchBucketPolicy'], async (client, Bucket) => {
        const out = await client.send(new GetBucketPolicyCommand({ Bucket }));
        return (out.Policy ? JSON.parse(out.Policy) : {}) as PolicyDocument;
      }),
  }),
  collector({
    key: 's3.replication',
    collect: (ctx) =>
      perBucket(ctx, ['ReplicationConfigurationNotFoundError'], async (client, Bucket) => {
        const out = await client.send(new GetBucketReplicationCommand({ Bucket }));
        return out.ReplicationConfiguration ?? { Role: undefined, Rules: [] };
      }),
  }),
  collector({
    key: 's3.replicationDestinationRegions',
    async collect(ctx) {
      const [replication, known] = await Promise.all([ctx.need('s3.replication'), ctx.need('s3.bucketRegions')]);
      const destinations = new Set<string>();
      for (const config of Object.values(replication)) {
        for (const rule of config?.Rules ?? []) {
          const name = bucketOfArn(rule.Destination?.Bucket);
          if (name) destinations.add(name);
        }
      }
      const entries = await Promise.all(
        [...destinations].map(async (name) => {
          if (known[name]) return [name, known[name]] as const;
          // A destination that was deleted breaks replication: recorded as no region.
          return [name, await orNotConfigured(bucketRegion(ctx, name), ['NoSuchBucket'])] as const;
        }),
      );
      return Object.fromEntries(entries);
    },
  }),
];
