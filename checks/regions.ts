/**
 * The AWS regions a grade can name, one list for the CLI's `--region` and the API's course and
 * student regions. A mistyped region would otherwise surface as a DNS failure deep inside the SDK
 * (for a course: every grade a retryable 503); here it is a one-line usage error or a 400 naming
 * the field. The list follows the partitions the installed AWS SDK knows (commercial, GovCloud,
 * China, European Sovereign Cloud); test/checks/regions.test.ts holds it to the installed SDK's own
 * partition table, so an SDK update that brings a new region names it there.
 */
import { regionName } from './params.js';

export const AWS_REGIONS: readonly string[] = [
  // aws
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'me-west-1',
  'mx-central-1',
  'sa-east-1',
  'sa-west-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  // aws-us-gov
  'us-gov-east-1',
  'us-gov-west-1',
  // aws-cn
  'cn-north-1',
  'cn-northwest-1',
  // aws-eusc
  'eusc-de-east-1',
];

/**
 * An IAM role ARN of a partition {@link AWS_REGIONS} covers (aws, aws-cn, aws-us-gov, aws-eusc):
 * `arn:<partition>:iam::<12-digit account>:role/<path/name>`. One format for the CLI's --role-arn
 * and a student's roleArn.
 */
export const ROLE_ARN_FORMAT = /^arn:aws(-cn|-us-gov|-eusc)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** What STS AssumeRole takes as an ExternalId (the CLI's --external-id, a student's registration). */
export const EXTERNAL_ID_FORMAT = /^[\w+=,.@:/-]{2,1224}$/;

/** A region of {@link AWS_REGIONS}: where a course's (or a student's) grades run. */
export const knownRegion = regionName.refine(
  (region) => AWS_REGIONS.includes(region),
  'not a region AWS has (e.g. ap-northeast-2, us-east-1)',
);
