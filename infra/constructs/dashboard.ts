/**
 * Where a deployment serves the instructor dashboard: its static files (dashboard/, no build step)
 * in a private S3 bucket behind a CloudFront distribution (origin access control; HTTPS only),
 * with a `config.json` beside them naming the HTTP API (`apiBase`), the only place the page sends
 * a token to. The HTTP API allows exactly this site's origin by CORS (constructs/api.ts). A school
 * that serves the same files from its own host sets `dashboardOrigin` instead, and the stack
 * creates no site (grader-stack.ts).
 */
import { join } from 'node:path';
import { RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Distribution, ResponseHeadersPolicy, ViewerProtocolPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { acknowledge, logicalIdOf, PROJECT_ROOT } from './grader-function.js';
import { StackPart } from './stack-part.js';

export class DashboardSite extends StackPart {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** The origin the dashboard is served from (`https://host`): the one the API's CORS allows. */
  readonly origin: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new Bucket(this, 'DashboardBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // The files are the repository's: nothing to keep when the stack goes.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    acknowledge(
      this.bucket,
      'AwsSolutions-S1',
      "The bucket holds the dashboard's public static files only (copies of dashboard/); reads are logged by CloudFront's standard metrics, no data of a student is in it.",
    );
    this.distribution = new Distribution(this, 'DashboardDistribution', {
      comment: 'labgrader instructor dashboard',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
      },
    });
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'A class signs in from wherever its students are; the API behind it needs a Cognito token anyway.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR2',
      'Static files only (no data, no form): a web ACL would cost more than the files it guards; the API has its own throttling.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR3',
      'Static files only; access logging would need another bucket for no data of a student.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR4',
      "The default CloudFront domain's certificate cannot pin a TLS minimum; a school serving the dashboard on its own domain sets dashboardOrigin and its own TLS policy.",
    );
    this.origin = `https://${this.distribution.distributionDomainName}`;
  }

  /** Uploads the dashboard with its `config.json` (`apiBase`: the HTTP API's URL) and refreshes CloudFront. */
  publish(apiBase: string): BucketDeployment {
    const deployment = new BucketDeployment(this, 'DashboardFiles', {
      sources: [Source.asset(join(PROJECT_ROOT, 'dashboard')), Source.jsonData('config.json', { apiBase })],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    // CDK's own copier (one function per stack, beside the parts): what it needs to copy the files.
    const stack = Stack.of(this);
    const copier = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (copier) {
      const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
      const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
      const why = "CDK's BucketDeployment copier, run only at deploy time to copy the dashboard's files";
      for (const finding of [
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'AwsSolutions-L1',
      ]) {
        acknowledge(copier, finding, `${why}: its runtime and logging policy are CDK's to choose.`);
      }
      for (const scope of [
        'Action::s3:GetObject*',
        'Action::s3:GetBucket*',
        'Action::s3:List*',
        'Action::s3:DeleteObject*',
        'Action::s3:Abort*',
        `Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${account}-${region}/*`,
        `Resource::<${logicalIdOf(this.bucket)}.Arn>/*`,
        'Resource::*',
      ]) {
        acknowledge(
          copier,
          `AwsSolutions-IAM5[${scope}]`,
          `${why}: it reads the CDK assets bucket, writes only the dashboard bucket, and invalidates this distribution (CloudFront invalidations take no resource ARN).`,
        );
      }
    }
    return deployment;
  }
}
