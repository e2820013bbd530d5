/** The S3 lab's manifest: what it is and what it reads, without its checks (see `LabManifest`). */
import { defineManifest, text } from '../../model.js';
import { s3ParamsSchema } from './params.js';

export const s3Manifest = defineManifest({
  id: 's3',
  title: text('S3: a private, encrypted, versioned bucket', 'S3: 프라이빗·암호화·버전 관리 버킷'),
  module: '5',
  params: s3ParamsSchema,
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
});
