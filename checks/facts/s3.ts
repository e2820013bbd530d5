/**
 * S3 sources, and the facts the S3 lab and the S3 collectors both use: which buckets may be the
 * lab bucket (the collectors read per-bucket settings only for those), and a replication
 * destination's bucket.
 */
import type {
  Bucket,
  LifecycleRule,
  PublicAccessBlockConfiguration,
  ReplicationConfiguration,
  ServerSideEncryptionConfiguration,
} from '@aws-sdk/client-s3';
import * as z from 'zod';
import { regexParam } from '../params.js';
import type { PolicyDocument } from '../policy.js';

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

/** The parameters that pick the lab bucket (part of the S3 lab's parameters). */
export const bucketSelection = z.object({
  /** The lab bucket's name (case-insensitive regex); without it, every bucket not ignored is a candidate. */
  bucketPattern: regexParam.optional(),
  /** Buckets that are never the lab bucket when no pattern is given (logs, deployment artifacts). */
  ignoredBucketPattern: regexParam.default(DEFAULT_IGNORED_BUCKETS),
});
export type BucketSelection = z.output<typeof bucketSelection>;

/** The course's bucket selection for the S3 collectors: the defaults when it does not fit. */
export function bucketSelectionOf(params: Record<string, unknown>): BucketSelection {
  const parsed = bucketSelection.safeParse(params);
  return parsed.success ? parsed.data : bucketSelection.parse({});
}

/** The buckets that may be the lab bucket, in ListBuckets order. */
export function labBuckets(buckets: Bucket[], p: BucketSelection): Bucket[] {
  const named = buckets.filter((b) => b.Name);
  if (p.bucketPattern) {
    const pattern = new RegExp(p.bucketPattern, 'i');
    return named.filter((b) => pattern.test(b.Name ?? ''));
  }
  const ignored = new RegExp(p.ignoredBucketPattern, 'i');
  return named.filter((b) => !ignored.test(b.Name ?? ''));
}

/** The bucket a replication destination names (an ARN, arn:aws:s3:::name). */
export function bucketOfArn(arn: string | undefined): string | undefined {
  return arn?.startsWith('arn:') ? arn.split(':::')[1] : arn;
}
