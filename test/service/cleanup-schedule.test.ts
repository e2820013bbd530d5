/**
 * The cleanup report scheduled like any lab: an instructor adds it to the course's labs with a
 * deadline after the course's last one; the schedule keeps grading it when the other labs' deadlines
 * have passed; and its grade reads the regions the course uses: the DB lab's replica region (from
 * the course's tailoring of the DB lab) and the regions the course lists for the cleanup report.
 * DynamoDB Local for the course, SQS and the student's AWS account mocked.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeNatGatewaysCommand,
  DescribeVolumesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  DescribeLoadBalancersCommand as DescribeClassicLoadBalancersCommand,
  ElasticLoadBalancingClient,
} from '@aws-sdk/client-elastic-load-balancing';
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AesGcmEncryptor } from '../../functions/service/credentials.js';
import { dispatchGrades } from '../../functions/service/dispatch.js';
import { type GradeJob, gradeJobSchema, labOptions, runGradeJob } from '../../functions/service/grade-job.js';
import { registerCourse, registerStudent } from '../../functions/service/roster.js';
import { LocalInventoryStore } from '../../functions/store/inventory-store.js';
import { serveByRegion } from '../support/aws-mock.js';
import { useTables } from '../support/dynamodb.js';
import { recordingLog } from './helpers.js';

const tables = useTables('cleanup-schedule');
const COURSE = 'aws-101';
const ACCOUNT = '123456789012';
/** After the DB lab's deadline, before the cleanup report's. */
const NOW = new Date('2026-06-20T01:00:00.000Z');

const sqs = mockClient(SQSClient);
const ec2 = mockClient(EC2Client);
const rds = mockClient(RDSClient);
const elb = mockClient(ElasticLoadBalancingV2Client);
const classicElb = mockClient(ElasticLoadBalancingClient);
const asg = mockClient(AutoScalingClient);
const sts = mockClient(STSClient);
let calls: string[] = [];
let inventoryDir: string;

const COURSE_INPUT = {
  region: 'us-east-1',
  lang: 'en',
  skipPastDeadline: true,
  labs: [
    { lab: 'vpc', deadline: '2026-05-01T00:00:00Z' },
    { lab: 'db', deadline: '2026-06-01T00:00:00Z', params: { replicaRegion: 'eu-west-1' } },
    // After the last deadline; one more region the course used (a lab run in Oregon).
    { lab: 'cleanup', deadline: '2026-07-01T00:00:00Z', params: { regions: ['us-west-2'] } },
  ],
};

beforeAll(async () => {
  inventoryDir = await mkdtemp(join(tmpdir(), 'labgrader-cleanup-schedule-'));
  await registerCourse(tables.store, COURSE, COURSE_INPUT, NOW);
  await registerStudent(
    tables.store,
    COURSE,
    'kim',
    { accountId: ACCOUNT, roleArn: `arn:aws:iam::${ACCOUNT}:role/LabGraderReadOnly`, externalId: 'kim-ext' },
    NOW,
  );
});

beforeEach(() => {
  calls = [];
  for (const m of [sqs, ec2, rds, elb, classicElb, asg, sts]) m.reset();
});

afterAll(async () => {
  for (const m of [sqs, ec2, rds, elb, classicElb, asg, sts]) m.restore();
  await rm(inventoryDir, { recursive: true, force: true });
});

describe('the cleanup report on the schedule', () => {
  it('is accepted in the course after its last deadline, and dispatched when the other labs are closed', async () => {
    const course = await tables.store.getCourse(COURSE);
    expect(course?.labs.map((l) => `${l.lab} ${l.deadline}`)).toContain('cleanup 2026-07-01T00:00:00Z');

    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const summary = await dispatchGrades(
      { courseId: COURSE, scheduledAt: NOW.toISOString() },
      {
        store: tables.store,
        sqs: new SQSClient({ region: 'us-east-1' }),
        queueUrl: 'q',
        now: () => NOW,
        log: recordingLog(),
      },
    );
    const jobs = sqs
      .commandCalls(SendMessageBatchCommand)
      .flatMap((c) => c.args[0].input.Entries ?? [])
      .map((e) => gradeJobSchema.parse(JSON.parse(e.MessageBody ?? '')));
    expect(jobs.map((j) => `${j.studentId}/${j.lab}`)).toEqual(['kim/cleanup']);
    expect(summary.skippedPastDeadline).toBe(2);
  });

  it("takes the replica region from the course's DB lab, under the course's own cleanup parameters", async () => {
    const course = await tables.store.getCourse(COURSE);
    if (!course) throw new Error('no course');
    expect(labOptions(course, 'cleanup').params).toEqual({ replicaRegion: 'eu-west-1', regions: ['us-west-2'] });
    const own = {
      ...course,
      labs: course.labs.map((l) => (l.lab === 'cleanup' ? { ...l, params: { replicaRegion: 'ap-northeast-1' } } : l)),
    };
    expect(labOptions(own, 'cleanup').params).toEqual({ replicaRegion: 'ap-northeast-1' });
    // Other labs keep exactly the course's parameters.
    expect(labOptions(course, 'db').params).toEqual({ replicaRegion: 'eu-west-1' });
    expect(labOptions(course, 'vpc').params).toBeUndefined();
  });

  it("grades the scheduled job in the graded region, the DB lab's replica region and the course's regions", async () => {
    sts
      .on(GetCallerIdentityCommand)
      .resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/kim`, UserId: 'AIDA' });
    serveByRegion(calls, ec2, DescribeNatGatewaysCommand, (region) => ({
      NatGateways:
        region === 'us-west-2' ? [{ NatGatewayId: 'nat-0west000000000001', State: 'available', VpcId: 'vpc-1' }] : [],
    }));
    serveByRegion(calls, ec2, DescribeAddressesCommand, () => ({ Addresses: [] }));
    serveByRegion(calls, ec2, DescribeInstancesCommand, () => ({ Reservations: [] }));
    serveByRegion(calls, ec2, DescribeVolumesCommand, () => ({ Volumes: [] }));
    serveByRegion(calls, rds, DescribeDBInstancesCommand, (region) => ({
      DBInstances:
        region === 'eu-west-1'
          ? [
              {
                DBInstanceIdentifier: 'course-db-replica',
                DBInstanceClass: 'db.t3.micro',
                DBInstanceStatus: 'available',
                AllocatedStorage: 20,
                ReadReplicaSourceDBInstanceIdentifier: `arn:aws:rds:us-east-1:${ACCOUNT}:db:course-db`,
              },
            ]
          : [],
    }));
    serveByRegion(calls, rds, DescribeDBClustersCommand, () => ({ DBClusters: [] }));
    serveByRegion(calls, elb, DescribeLoadBalancersCommand, () => ({ LoadBalancers: [] }));
    serveByRegion(calls, classicElb, DescribeClassicLoadBalancersCommand, () => ({ LoadBalancerDescriptions: [] }));
    serveByRegion(calls, asg, DescribeAutoScalingGroupsCommand, () => ({ AutoScalingGroups: [] }));

    const job: GradeJob = {
      jobId: `${NOW.toISOString()}/${COURSE}/kim/cleanup`,
      courseId: COURSE,
      studentId: 'kim',
      lab: 'cleanup',
      trigger: 'schedule',
      requestedAt: NOW.toISOString(),
    };
    const outcome = await runGradeJob(job, {
      store: tables.store,
      inventories: new LocalInventoryStore(inventoryDir),
      encryptor: new AesGcmEncryptor(Buffer.alloc(32, 7)),
      log: recordingLog(),
      now: () => NOW,
      graderCredentials: { accessKeyId: 'AKIAGRADERGRADER0001', secretAccessKey: 'grader-secret' },
    });
    expect(outcome.status).toBe('stored');
    const regions = new Set(calls.filter((c) => c.startsWith('DescribeNatGateways ')).map((c) => c.split(' ')[1]));
    expect(regions).toEqual(new Set(['us-east-1', 'eu-west-1', 'us-west-2']));

    const standing = await tables.store.getStanding(COURSE, 'kim', 'cleanup', ACCOUNT);
    const checks = new Map(standing?.latest.checks.map((c) => [c.id, c]));
    expect(checks.get('cleanup.nat')?.message).toContain('nat-0west000000000001 in us-west-2');
    expect(checks.get('cleanup.db')?.message).toContain('course-db-replica in eu-west-1');
    expect(standing?.latest.checks.filter((c) => c.status === 'error')).toEqual([]);
  });
});
