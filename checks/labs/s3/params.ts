/** The S3 lab's parameters and what it grades. */
import * as z from 'zod';
import { builtOnce } from '../../built-once.js';
import { bucketSelection } from '../../facts/s3.js';
import { defineCheck } from '../../model.js';
import { regionName } from '../../params.js';

export const s3ParamsSchema = builtOnce(() =>
  bucketSelection.extend({
    /** `s3.encryption` accepts only SSE-KMS. */
    requireKms: z.boolean().default(false),
    /** `s3.replication`: the region the replica bucket must be in; any other region when unset. */
    replicaRegion: regionName.optional(),
  }),
);
export type S3Params = z.output<ReturnType<typeof s3ParamsSchema>>;

/** What the S3 lab grades: one bucket. */
export interface S3Target {
  name: string;
}

/** Types a check of the S3 lab. */
export const s3Check = defineCheck<S3Target, S3Params>;

export function bucketArn(name: string): string {
  return `arn:aws:s3:::${name}`;
}
