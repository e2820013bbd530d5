/**
 * The grader's data: DynamoDB keeps courses, roster and results (and the grade worker's
 * idempotency records), S3 each attempt's inventory, KMS seals submitted session credentials.
 * The grants that reach this data are methods here, so who may touch what is read in one place.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { GSI1, gradesTableDefinition, idempotencyTableDefinition, KEY } from '../../functions/store/tables.js';
import type { GraderConfig } from '../config.js';
import { GRADER_CROSS_ACCOUNT_ACTIONS, studentRoleArnPattern } from '../permissions.js';
import { acknowledge, logicalIdOf } from './grader-function.js';
import { StackPart } from './stack-part.js';

/** A CDK table definition from the store's own CreateTable input, so the two can never drift. */
function keysOf(def: CreateTableCommandInput, keySchema = def.KeySchema ?? []) {
  const typeOf = (name: string) => {
    const type = def.AttributeDefinitions?.find((a) => a.AttributeName === name)?.AttributeType;
    return type === 'N' ? AttributeType.NUMBER : type === 'B' ? AttributeType.BINARY : AttributeType.STRING;
  };
  const hash = keySchema.find((k) => k.KeyType === 'HASH')?.AttributeName;
  const range = keySchema.find((k) => k.KeyType === 'RANGE')?.AttributeName;
  if (!hash) throw new Error(`table ${def.TableName} has no partition key`);
  return {
    partitionKey: { name: hash, type: typeOf(hash) },
    ...(range ? { sortKey: { name: range, type: typeOf(range) } } : {}),
  };
}

export class GraderData extends StackPart {
  readonly gradesTable: Table;
  readonly idempotencyTable: Table;
  readonly credentialsKey: Key;
  readonly inventoryBucket: Bucket;

  constructor(scope: Construct, id: string, config: GraderConfig) {
    super(scope, id);
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const gradesDef = gradesTableDefinition('grades');
    this.gradesTable = new Table(this, 'GradesTable', {
      ...keysOf(gradesDef),
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: KEY.ttl,
      // Keys only: live grading's bus policy follows the account index items (constructs/live-events.ts).
      stream: StreamViewType.KEYS_ONLY,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      deletionProtection: config.retainData,
      removalPolicy,
    });
    for (const gsi of gradesDef.GlobalSecondaryIndexes ?? []) {
      this.gradesTable.addGlobalSecondaryIndex({
        indexName: gsi.IndexName ?? GSI1,
        ...keysOf(gradesDef, gsi.KeySchema),
      });
    }

    this.idempotencyTable = new Table(this, 'IdempotencyTable', {
      ...keysOf(idempotencyTableDefinition('idempotency')),
      billingMode: BillingMode.PAY_PER_REQUEST,
      // Powertools idempotency records carry their expiry in `expiration`.
      timeToLiveAttribute: 'expiration',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      // Only in-flight job markers: nothing to keep when the stack goes.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.credentialsKey = new Key(this, 'CredentialsKey', {
      description: 'labgrader: seals session credentials students submit (Learner Lab)',
      enableKeyRotation: true,
      pendingWindow: Duration.days(7),
      removalPolicy,
    });

    this.inventoryBucket = new Bucket(this, 'InventoryBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [
        {
          id: 'expire-inventories',
          expiration: Duration.days(config.inventoryRetentionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy,
    });
    acknowledge(
      this.inventoryBucket,
      'AwsSolutions-S1',
      'Only the grader functions write and read this bucket (IAM-scoped to its courses/ prefix); a second access-log bucket would double the storage to log those same calls, which CloudTrail data events can record when a school needs it.',
    );
  }

  /** What a function that grades needs to find this data. */
  get gradingEnvironment(): Record<string, string> {
    return {
      GRADES_TABLE: this.gradesTable.tableName,
      INVENTORY_BUCKET: this.inventoryBucket.bucketName,
      CREDENTIALS_KEY_ID: this.credentialsKey.keyArn,
    };
  }

  /** Read access to the grades table and its indexes. */
  grantReadGrades(f: NodejsFunction): void {
    this.gradesTable.grantReadData(f);
    this.acknowledgeIndexes(f);
  }

  /** Read and write access to the grades table and its indexes (live grading's intake). */
  grantReadWriteGrades(f: NodejsFunction): void {
    this.gradesTable.grantReadWriteData(f);
    this.acknowledgeIndexes(f);
  }

  /**
   * What grading takes: the grades table, unsealing credentials, the student roles (and nothing
   * else of a student account), and writing the attempt's inventory.
   */
  grantGrading(f: NodejsFunction): void {
    this.gradesTable.grantReadWriteData(f);
    this.credentialsKey.grantDecrypt(f);
    f.addToRolePolicy(
      new PolicyStatement({
        actions: [...GRADER_CROSS_ACCOUNT_ACTIONS],
        resources: [studentRoleArnPattern(Aws.PARTITION)],
      }),
    );
    f.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [this.inventoryObjects] }));
    this.acknowledgeIndexes(f);
    const policy = f.role!.node.tryFindChild('DefaultPolicy')!;
    acknowledge(
      policy,
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/labgrader/*]',
      "Student accounts are registered after deployment, so the account is a wildcard; the path /labgrader/ limits it to roles made by the student access template, and each role's trust policy also demands the course's ExternalId.",
    );
    acknowledge(
      policy,
      `AwsSolutions-IAM5[Resource::<${logicalIdOf(this.inventoryBucket)}.Arn>/courses/*]`,
      "Inventories are one object per attempt under courses/<courseId>/...: the wildcard is that prefix of the grader's own bucket.",
    );
  }

  /** Reading stored inventories back (the API's attempt detail). */
  grantReadInventories(f: NodejsFunction): void {
    f.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [this.inventoryObjects] }));
  }

  private get inventoryObjects(): string {
    return this.inventoryBucket.arnForObjects('courses/*');
  }

  private acknowledgeIndexes(f: NodejsFunction): void {
    acknowledge(
      f.role!.node.tryFindChild('DefaultPolicy')!,
      `AwsSolutions-IAM5[Resource::<${logicalIdOf(this.gradesTable)}.Arn>/index/*]`,
      "Reads the grades table's own indexes (GSI1: a course's latest results in one query); the wildcard covers only this table's indexes.",
    );
  }
}
