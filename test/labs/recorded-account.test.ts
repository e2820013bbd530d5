/**
 * The recorded reference account (test/fixtures/recorded/reference-3az: a complete three-tier
 * course environment recorded from an AWS emulator) graded end to end by grade(), for every lab:
 * the collectors read it through aws-sdk-client-mock, the labs judge it, and every check's verdict
 * is asserted. Each verdict that is not a pass carries the reason, read from the recorded data.
 */
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudFormationClient, DescribeStacksCommand, ListExportsCommand } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBSubnetGroupsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABS } from '../../checks/labs/index.js';
import type { GradeResult, Status } from '../../checks/model.js';
import { grade } from '../../functions/grade.js';
import {
  RECORDED_ACCOUNT,
  RECORDED_BUCKET,
  RECORDED_REGION,
  recorded,
  serveRecordedAlb,
  serveRecordedCompute,
  serveRecordedEc2,
  serveRecordedIam,
  serveRecordedLaunchTemplates,
  serveRecordedMon,
  serveRecordedS3,
  serveRecordedSts,
} from '../support/aws-mock.js';

const ec2 = mockClient(EC2Client);
const sts = mockClient(STSClient);
const rds = mockClient(RDSClient);
const elbv2 = mockClient(ElasticLoadBalancingV2Client);
const autoscaling = mockClient(AutoScalingClient);
const cloudwatch = mockClient(CloudWatchClient);
const iam = mockClient(IAMClient);
const s3 = mockClient(S3Client);
const s3control = mockClient(S3ControlClient);
const sns = mockClient(SNSClient);
const cloudtrail = mockClient(CloudTrailClient);
const events = mockClient(EventBridgeClient);
const cloudformation = mockClient(CloudFormationClient);
// Any other client (a new lab's service) is answered by an error naming where to serve it, never by
// the network: every SDK v3 client class extends the Smithy Client whose prototype holds `send`.
const anyOther = mockClient(Object.getPrototypeOf(STSClient) as typeof STSClient);
anyOther.send.callsFake(function (this: { constructor: { name: string } }, command: { constructor: { name: string } }) {
  const call = `${this.constructor.name.replace(/Client$/, '')}:${command.constructor.name.replace(/Command$/, '')}`;
  const err = new Error(
    `the recorded account has no answer for ${call}: serve it in serveRecordedAccount (test/labs/recorded-account.test.ts)`,
  );
  err.name = 'NotRecorded';
  throw err;
});
const stubs: AwsStub<any, any, any>[] = [
  ...[ec2, sts, rds, elbv2, autoscaling, cloudwatch, iam, s3, s3control],
  ...[sns, cloudtrail, events, cloudformation, anyOther],
];

const REPLICA_REGION = 'eu-west-1';

/** Every API the collectors call, answered from the recording (calls it holds no answer for are noted). */
function serveRecordedAccount(): void {
  serveRecordedEc2(ec2);
  serveRecordedSts(sts);
  serveRecordedLaunchTemplates(ec2);

  rds.on(DescribeDBInstancesCommand).callsFake(async (_input: unknown, getClient: () => RDSClient) => {
    const region = await getClient().config.region();
    return region === RECORDED_REGION || region === REPLICA_REGION
      ? recorded('rds/DescribeDBInstances', region)
      : { DBInstances: [] };
  });
  rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [] }); // the recording has no Aurora cluster
  rds.on(DescribeDBSubnetGroupsCommand).callsFake(async (_input: unknown, getClient: () => RDSClient) => {
    const region = await getClient().config.region();
    return region === RECORDED_REGION || region === REPLICA_REGION
      ? recorded('rds/DescribeDBSubnetGroups', region)
      : { DBSubnetGroups: [] };
  });

  serveRecordedAlb({ elbv2, autoscaling, cloudwatch });
  serveRecordedIam(iam);
  serveRecordedS3(s3, s3control);
  serveRecordedCompute(ec2, iam);
  serveRecordedMon({ ec2, sns, cloudtrail, events });
  // The recording holds no CloudFormation call: the account is answered as having no stack.
  cloudformation.on(DescribeStacksCommand).resolves({ Stacks: [] });
  cloudformation.on(ListExportsCommand).resolves({ Exports: [] });
}

const results = new Map<string, GradeResult>();

beforeAll(async () => {
  serveRecordedAccount();
  for (const { id: lab } of LABS) {
    const { result } = await grade({
      lab,
      region: RECORDED_REGION,
      trigger: 'cli',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      now: () => new Date('2026-11-20T09:00:00.000Z'),
    });
    results.set(lab, result);
  }
});
afterAll(() => {
  for (const stub of stubs) stub.restore();
});

/**
 * Check id → the verdict the recorded account must get: a pass, or a status with the reason (read
 * from the recording) and a fragment of the message that shows the grader saw that reason.
 */
type Expected = Record<string, { status: Exclude<Status, 'pass'>; why: string; mentions: string }>;

/** Labs the recording cannot grade honestly, each with the reason (a lab is here or in EXPECTED). */
const NOT_GRADED_HERE: Record<string, string> = {
  cleanup:
    "the recording holds one region (us-east-1) and these mocks answer every region from it, so the cleanup report's other regions would count each resource twice",
};

const EXPECTED: Record<string, { target: string; checks: Expected }> = {
  vpc: {
    target: 'vpc-03c091d0567ca6253',
    checks: {
      'vpc.web-sg': {
        status: 'fail',
        why: 'all 5 instances run in private subnets (course-private-a/b, 0.0.0.0/0 → NAT): alb-sg admits HTTP from anywhere but guards the ALB, not an instance in a public subnet',
        mentions: 'no instance runs in a public subnet',
      },
      'vpc.web-instance': {
        status: 'fail',
        why: 'no instance runs in a public subnet (the web tier sits behind the ALB in private subnets)',
        mentions: 'No instance runs in a public subnet of vpc-03c091d0567ca6253',
      },
    },
  },
  db: { target: 'course-db', checks: {} },
  alb: {
    target: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/course-alb/5da83f2e6a75727a',
    checks: {},
  },
  iam: {
    target: RECORDED_ACCOUNT,
    checks: {
      'iam.root-mfa': {
        status: 'fail',
        why: 'GetAccountSummary says AccountMFAEnabled: 0',
        mentions: 'AccountMFAEnabled: 0',
      },
      'iam.password-policy': {
        status: 'fail',
        why: 'GetAccountPasswordPolicy answers NoSuchEntity (404): no password policy is set',
        mentions: 'has no password policy',
      },
    },
  },
  s3: {
    target: RECORDED_BUCKET,
    checks: {
      's3.tls-only': {
        status: 'fail',
        why: 'GetBucketPolicy answers NoSuchBucketPolicy (404): nothing denies requests without TLS',
        mentions: 'has no bucket policy',
      },
      's3.replication': {
        status: 'fail',
        why: 'GetBucketReplication answers ReplicationConfigurationNotFoundError (404) (bonus check)',
        mentions: 'has no replication configuration',
      },
    },
  },
  compute: {
    target: 'vpc-03c091d0567ca6253',
    checks: {
      'compute.custom-ami': {
        status: 'fail',
        why: 'the instances run from ami-0006118602dfc1c09, which the account does not own; DescribeImages (Owners=self) was not recorded and is answered empty (bonus check)',
        mentions: 'owns no available AMI',
      },
    },
  },
  iac: {
    target: 'vpc-03c091d0567ca6253',
    checks: {
      'iac.stack': {
        status: 'fail',
        why: 'CloudFormation was not recorded and is answered with no stack',
        mentions: 'The region has no student stack',
      },
      'iac.network': {
        status: 'fail',
        why: 'no stack built the network: its resources carry no aws:cloudformation:stack-id tag',
        mentions: '12 of 12 network resources of vpc-03c091d0567ca6253 (course-vpc) belong to no student stack',
      },
      'iac.layered': {
        status: 'fail',
        why: 'no student stack, so no layers',
        mentions: '0 student stacks',
      },
      'iac.no-failed': {
        status: 'skip',
        why: 'no student stack to judge',
        mentions: 'no student stack to judge',
      },
      'iac.drift': {
        status: 'skip',
        why: 'the VPC belongs to no stack (bonus check)',
        mentions: 'is not a resource of a student stack',
      },
    },
  },
  mon: {
    target: 'vpc-03c091d0567ca6253',
    checks: {
      'mon.notification': {
        status: 'fail',
        why: "course-asg-cpu-above-80 watches course-asg's CPU but its only action is the scaling policy: no SNS topic",
        mentions: 'No CPU alarm of the lab notifies an SNS topic',
      },
      'mon.flow-logs': {
        status: 'fail',
        why: 'DescribeFlowLogs answers no flow log',
        mentions: 'has no flow log',
      },
      'mon.log-retention': {
        status: 'skip',
        why: 'no flow log, so no log group to judge',
        mentions: 'has no flow log (see mon.flow-logs)',
      },
      'mon.cloudtrail': {
        status: 'fail',
        why: 'CloudTrail was not recorded and is answered with no trail',
        mentions: 'No multi-region CloudTrail trail',
      },
      'mon.event-rule': {
        status: 'fail',
        why: 'EventBridge was not recorded and is answered with no rule',
        mentions: 'No rule on the default event bus',
      },
      'mon.trail-validation': {
        status: 'skip',
        why: 'no multi-region trail is logging (bonus check)',
        mentions: 'No multi-region trail is logging',
      },
    },
  },
};

describe('the recorded reference account, graded end to end', () => {
  for (const { id: lab } of LABS) {
    it(`${lab}: every check gets the verdict the recorded data calls for`, () => {
      const expected = EXPECTED[lab];
      if (!expected && NOT_GRADED_HERE[lab]) return;
      if (!expected) {
        throw new Error(
          `lab ${lab} has no expected verdicts: add them to EXPECTED in test/labs/recorded-account.test.ts`,
        );
      }
      const result = results.get(lab) as GradeResult;
      expect(result.sourceErrors).toEqual([]);
      if (expected.target) expect(result.target?.id).toBe(expected.target);
      const got = Object.fromEntries(result.checks.map((c) => [c.id, `${c.status}: ${c.message}`]));
      const want = Object.fromEntries(
        result.checks.map((c) => {
          const e = expected.checks[c.id];
          return [c.id, e ? `${e.status}: …${e.mentions}… (${e.why})` : 'pass: …'];
        }),
      );
      const matches = result.checks.every((c) => {
        const e = expected.checks[c.id];
        return e ? c.status === e.status && c.message.includes(e.mentions) : c.status === 'pass';
      });
      // On a mismatch the diff shows every check's verdict and message next to the expected one.
      if (!matches) expect(got).toEqual(want);
      for (const id of Object.keys(expected.checks)) expect(result.checks.map((c) => c.id)).toContain(id);
    });
  }
});
