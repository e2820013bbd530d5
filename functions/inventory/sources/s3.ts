/** S3 sources: the account's buckets and the settings of the lab's candidate buckets. */
import * as z from 'zod';
import { byId, defineSources, type LoadedReaders, listOf, optional } from '../schemas.js';

const flags = () =>
  z.looseObject(optional.booleans('BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'));

const rules = () => z.looseObject({ Rules: z.array(z.looseObject({})).optional() }).nullable();

export const s3Sources = defineSources(async (): LoadedReaders => (await import('../s3.js')).s3Readers, {
  's3.buckets': { schema: () => listOf('Name'), actions: ['s3:ListAllMyBuckets'] },
  's3.bucketRegions': { schema: () => byId(z.string()), actions: ['s3:GetBucketLocation'] },
  's3.publicAccessBlock': { schema: () => byId(flags().nullable()), actions: ['s3:GetBucketPublicAccessBlock'] },
  's3.accountPublicAccessBlock': { schema: () => flags().nullable(), actions: ['s3:GetAccountPublicAccessBlock'] },
  's3.encryption': { schema: () => byId(rules()), actions: ['s3:GetEncryptionConfiguration'] },
  's3.versioning': {
    schema: () => byId(z.looseObject(optional.strings('Status'))),
    actions: ['s3:GetBucketVersioning'],
  },
  's3.lifecycle': {
    schema: () => byId(z.array(z.looseObject(optional.strings('Status'))).nullable()),
    actions: ['s3:GetLifecycleConfiguration'],
  },
  's3.policy': { schema: () => byId(z.looseObject({}).nullable()), actions: ['s3:GetBucketPolicy'] },
  's3.replication': { schema: () => byId(rules()), actions: ['s3:GetReplicationConfiguration'] },
  's3.replicationDestinationRegions': { schema: () => byId(z.string().nullable()), actions: ['s3:GetBucketLocation'] },
});
