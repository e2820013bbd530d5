/**
 * The S3 lab (module 5: storage): a private, encrypted, versioned bucket with a lifecycle rule and
 * a bucket policy that refuses plain HTTP; (bonus) cross-region replication.
 *
 * The lab bucket is found without being told its name: the course's name pattern, else every
 * bucket that is not a log or deployment bucket (each is graded; the best one is reported). Per-
 * bucket settings are read only for those candidates, in each bucket's own region. A setting that
 * was never configured is stored as `null` (AWS answers it with a 404 error), so its check fails.
 */
import { defineLab, text } from '../../model.js';
import { blockPublic, tlsOnly } from './access.js';
import { bucket, candidates, noTarget } from './bucket.js';
import { s3Manifest } from './manifest.js';
import { s3ParamsSchema } from './params.js';
import { encryption, lifecycle, replication, versioning } from './protection.js';

export { DEFAULT_IGNORED_BUCKETS, labBuckets } from '../../facts/s3.js';
export type { S3Params, S3Target } from './params.js';

/** The lab's parameters' schema (the manifest builds it on first use; the lab is loaded to grade). */
export const s3Params = s3ParamsSchema();

export const s3Lab = defineLab({
  ...s3Manifest,
  targetKind: text('S3 bucket', 'S3 버킷'),
  candidates,
  noTarget,
  checks: [bucket, blockPublic, encryption, versioning, lifecycle, tlsOnly, replication],
  resources: (t) => [t.name],
});
