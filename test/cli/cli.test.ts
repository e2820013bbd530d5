/**
 * The `labgrader` command as users run it: the built dist/cli/main.js in a child process, with a
 * clean environment (never the developer's AWS credentials) and, where AWS is needed, a local fake
 * endpoint reached through AWS_ENDPOINT_URL. What is asserted is what a user sees: the exit code,
 * stdout, and one line on stderr without a stack trace.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Inventory } from '../../checks/inventory.js';
import { findLab, LABS } from '../../checks/labs/index.js';
import type { GradeResult } from '../../checks/model.js';
import { escapeControls } from '../../cli/args.js';
import { requireLab, sourcesOf } from '../../functions/grade.js';
import {
  assumedRole,
  callerIdentity,
  ec2Error,
  ec2Ok,
  type FakeAws,
  type FakeRequest,
  type FakeResponse,
  startFakeAws,
  stsError,
} from './fake-aws.js';
import { buildCli, expectOneLineError, MAIN, ROOT, type Run, runCli } from './labgrader.js';

const COMPLETE_EXAMPLE = join(ROOT, 'examples/vpc/complete.json');
const vpcLab = await requireLab('vpc');

let tmp: string;
/** An environment with no AWS credentials, config or instance metadata to fall back on. */
let cleanEnv: NodeJS.ProcessEnv;

const labgrader = (args: string[], env: NodeJS.ProcessEnv = cleanEnv): Promise<Run> => runCli(args, env);

/** A recorded-shape inventory of a small lab VPC (next to the default VPC), one source failed. */
function recordedInventory(): Inventory {
  const sources: Record<string, unknown> = {};
  for (const key of sourcesOf(vpcLab)) sources[key] = { data: key === 'ec2.vpcDnsAttributes' ? {} : [] };
  sources['sts.callerIdentity'] = { data: { Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/student' } };
  sources['ec2.vpcs'] = {
    data: [
      {
        VpcId: 'vpc-0a1b2c3d4e5f60001',
        CidrBlock: '10.0.0.0/16',
        IsDefault: false,
        State: 'available',
        Tags: [{ Key: 'Name', Value: 'lab-vpc' }],
      },
      { VpcId: 'vpc-0defa0000000001', CidrBlock: '172.31.0.0/16', IsDefault: true, State: 'available' },
    ],
  };
  sources['ec2.vpcDnsAttributes'] = {
    data: { 'vpc-0a1b2c3d4e5f60001': { enableDnsSupport: true, enableDnsHostnames: false } },
  };
  sources['ec2.subnets'] = {
    data: [
      {
        SubnetId: 'subnet-0aaa00000000001',
        VpcId: 'vpc-0a1b2c3d4e5f60001',
        CidrBlock: '10.0.1.0/24',
        AvailabilityZone: 'us-east-1a',
        MapPublicIpOnLaunch: false,
        Tags: [{ Key: 'Name', Value: 'public-a' }],
      },
    ],
  };
  sources['ec2.natGateways'] = {
    error: { code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' },
  };
  return {
    schemaVersion: 1,
    region: 'us-east-1',
    accountId: '111122223333',
    collectedAt: '2025-03-01T09:00:00.000Z',
    lab: 'vpc',
    sources: sources as Inventory['sources'],
  };
}

async function writeJson(name: string, value: unknown): Promise<string> {
  const file = join(tmp, name);
  await writeFile(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
}

beforeAll(async () => {
  await buildCli();
  tmp = await mkdtemp(join(tmpdir(), 'labgrader-cli-'));
  await writeFile(join(tmp, 'config'), '');
  await writeFile(join(tmp, 'credentials'), '');
  cleanEnv = {
    PATH: process.env.PATH,
    HOME: tmp,
    LANG: 'C.UTF-8',
    AWS_CONFIG_FILE: join(tmp, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(tmp, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

// Each case starts node processes that load the AWS SDK: seconds each on a busy machine, and over
// 60 s for the concurrent offline cases at load 16 (seen in a full run while others built).
vi.setConfig({ testTimeout: 240_000 });

describe.concurrent('labgrader labs', () => {
  it('lists every lab and every check with its points', async () => {
    const run = await labgrader(['labs']);

    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    for (const lab of LABS) {
      expect(run.stdout).toContain(lab.id);
      for (const check of lab.checks) {
        expect(run.stdout).toMatch(new RegExp(`^  ${check.id.replace('.', '\\.')}\\s+${check.points}\\+?\\s+\\S`, 'm'));
      }
    }
  });

  it('prints the labs as JSON with --json, titles in the chosen language', async () => {
    const run = await labgrader(['labs', '--json', '--lang', 'ko']);

    expect(run.code, run.stderr).toBe(0);
    const labs = JSON.parse(run.stdout) as { id: string; title: string; checks: { id: string; points: number }[] }[];
    expect(labs.map((l) => l.id)).toEqual(LABS.map((l) => l.id));
    const vpc = labs.find((l) => l.id === 'vpc');
    expect(vpc?.title).toBe(vpcLab.title.ko);
    expect(vpc?.checks.map((c) => [c.id, c.points])).toEqual(vpcLab.checks.map((c) => [c.id, c.points]));
  });
});

describe.concurrent('labgrader grade --inventory (offline)', () => {
  it('grades a recorded inventory: a table with every check, the graded VPC, the score and unread sources', async () => {
    const file = await writeJson('recorded.json', recordedInventory());

    const run = await labgrader(['grade', 'vpc', '--inventory', file]);
    const json = await labgrader(['grade', 'vpc', '--inventory', file, '--json']);

    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(json.code, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as GradeResult;
    expect(result.trigger).toBe('cli');
    expect(result.checks.map((c) => c.id)).toEqual(vpcLab.checks.map((c) => c.id));
    expect(result.target?.id).toBe('vpc-0a1b2c3d4e5f60001');
    // The human table says the same as the document, one row per check, status in words.
    const words = { pass: 'PASS', fail: 'FAIL', error: 'ERROR', skip: 'SKIP' };
    for (const check of result.checks) {
      const row = new RegExp(
        `^  \\S ${words[check.status]}\\s+${check.id.replace('.', '\\.')}\\s+${check.earned}/${check.points}`,
        'm',
      );
      expect(run.stdout).toMatch(row);
    }
    expect(run.stdout).toContain('vpc-0a1b2c3d4e5f60001 (lab-vpc)');
    expect(run.stdout).toContain(`Score: ${result.score}/${result.maxScore}`);
    expect(run.stdout).toMatch(/Could not read ec2\.natGateways: UnauthorizedOperation/);
    const failed = result.checks.find((c) => c.status === 'fail');
    expect(failed?.hint).toBeTruthy();
    expect(run.stdout).toContain(`hint: ${failed?.hint}`);
    // Piped output carries no colour codes.
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('speaks Korean with --lang ko, and by default when LANG is Korean', async () => {
    const file = await writeJson('recorded-ko.json', recordedInventory());

    const flag = await labgrader(['grade', 'vpc', '--inventory', file, '--lang', 'ko']);
    const locale = await labgrader(['grade', 'vpc', '--inventory', file, '--json'], {
      ...cleanEnv,
      LANG: 'ko_KR.UTF-8',
    });

    expect(flag.code, flag.stderr).toBe(0);
    expect(flag.stdout).toContain('점수:');
    expect(flag.stdout).toContain(`채점 대상 ${vpcLab.targetKind.ko}: vpc-0a1b2c3d4e5f60001`);
    expect((JSON.parse(locale.stdout) as GradeResult).lang).toBe('ko');
  });

  it.skipIf(!existsSync(COMPLETE_EXAMPLE))('gives the complete example every point', async () => {
    const run = await labgrader(['grade', 'vpc', '--inventory', COMPLETE_EXAMPLE, '--json']);

    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as GradeResult;
    expect(result.checks.filter((c) => c.status !== 'pass' && !c.bonus)).toEqual([]);
    expect(result.score).toBeGreaterThanOrEqual(result.maxScore);
  });

  it('exits 1 with one line when none of the lab sources is in the inventory', async () => {
    const file = await writeJson('other-lab.json', {
      schemaVersion: 1,
      region: 'us-east-1',
      collectedAt: '2025-03-01T09:00:00.000Z',
      sources: { 'sts.callerIdentity': { data: { Account: '111122223333' } } },
    });

    const run = await labgrader(['grade', 'vpc', '--inventory', file, '--json']);

    expectOneLineError(run, 1, /none of the sources lab vpc reads could be read \(NotCollected\); record an inventory/);
    expect((JSON.parse(run.stdout) as GradeResult).counts.error).toBeGreaterThan(0);
  });
});

describe.concurrent('bad input gets one clear line', () => {
  it('unknown lab: exit 2, names the known labs', async () => {
    expectOneLineError(await labgrader(['grade', 'vcp']), 2, /unknown lab 'vcp'.*vpc/);
  });

  it('unknown flag: exit 2', async () => {
    expectOneLineError(await labgrader(['grade', 'vpc', '--regoin', 'us-east-1']), 2, /unknown option --regoin/);
  });

  it.each([
    { args: ['grades', 'vpc'], says: /unknown command 'grades'/ },
    { args: ['grade'], says: /missing the lab to grade/ },
    { args: ['inventory'], says: /missing the lab to record/ },
    { args: ['grade', 'vpc', 'extra'], says: /unexpected argument 'extra'/ },
    { args: ['grade', 'vpc', '--region'], says: /option --region needs a value/ },
    { args: ['grade', 'vpc', '--json=yes'], says: /option --json does not take a value/ },
    { args: ['labs', '--out', 'x.json'], says: /option --out does not apply to 'labs'/ },
    { args: ['grade', 'vpc', '--external-id', 'x'], says: /--external-id needs --role-arn/ },
    { args: ['grade', 'vpc', '--role-arn', 'my-role'], says: /--role-arn 'my-role' is not an IAM role ARN/ },
    {
      args: ['grade', 'vpc', '--inventory', 'x.json', '--region', 'us-east-1'],
      says: /--region cannot be combined with --inventory/,
    },
  ])('labgrader $args: exit 2', async ({ args, says }) => {
    expectOneLineError(await labgrader(args), 2, says);
  });

  it('bad --lang: exit 2, says which languages exist', async () => {
    expectOneLineError(await labgrader(['grade', 'vpc', '--lang', 'fr']), 2, /unknown language 'fr'.*ko or en/);
  });

  it('missing --inventory file: exit 2, names the file', async () => {
    const file = join(tmp, 'nope.json');
    expectOneLineError(
      await labgrader(['grade', 'vpc', '--inventory', file]),
      2,
      /inventory file .*nope\.json: no such file/,
    );
  });

  it('--inventory that is not JSON: exit 2', async () => {
    const file = await writeJson('broken.json', '{"schemaVersion": 1, "region": ');
    expectOneLineError(await labgrader(['grade', 'vpc', '--inventory', file]), 2, /broken\.json: not valid JSON/);
  });

  it('--inventory with a malformed field: exit 2, names the field', async () => {
    const inventory = recordedInventory() as unknown as { sources: Record<string, { data: { VpcId?: string }[] }> };
    delete inventory.sources['ec2.vpcs']?.data[0]?.VpcId;
    const file = await writeJson('bad-field.json', inventory);

    expectOneLineError(
      await labgrader(['grade', 'vpc', '--inventory', file]),
      2,
      /field sources\.ec2\.vpcs\.data\[0\]\.VpcId: .*expected string/,
    );
  });

  it('--inventory of another schema version: exit 2, says to record it again', async () => {
    const file = await writeJson('v99.json', { ...recordedInventory(), schemaVersion: 99 });
    expectOneLineError(
      await labgrader(['grade', 'vpc', '--inventory', file]),
      2,
      /schema version 99 is not supported.*labgrader inventory/,
    );
  });

  it('--params that do not fit the lab: exit 2, names the parameter', async () => {
    const inventory = await writeJson('for-params.json', recordedInventory());
    const params = await writeJson('params.json', { vpcPrefixLength: 'sixteen' });
    const run = await labgrader(['grade', 'vpc', '--inventory', inventory, '--params', params]);
    // A lab whose parameters accept anything would let this through: then the test must change.
    expectOneLineError(run, 2, /parameter vpcPrefixLength/);
  });

  it('--params as a course tailoring the lab: a switched-off check is skipped and leaves maxScore', async () => {
    const params = await writeJson('course.json', { disabled: ['vpc.tags'], points: { 'vpc.dns': 7 } });
    const run = await labgrader([
      'grade',
      'vpc',
      '--inventory',
      'examples/vpc/unnamed-resources.json',
      '--params',
      params,
      '--json',
    ]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      maxScore: number;
      checks: { id: string; status: string; points: number }[];
    };
    expect(result.checks.find((c) => c.id === 'vpc.tags')?.status).toBe('skip');
    expect(result.checks.find((c) => c.id === 'vpc.dns')?.points).toBe(7);
    expect(result.maxScore).toBe(120 - 5 + 2);
  });

  it('--params switching off a check the lab does not have: exit 2, names it', async () => {
    const params = await writeJson('course-bad.json', { disabled: ['vpc.nope'] });
    expectOneLineError(
      await labgrader(['grade', 'vpc', '--inventory', 'examples/vpc/complete.json', '--params', params]),
      2,
      /unknown check id vpc\.nope/,
    );
  });

  it.each([
    { args: ['--region', 'us-nowhere-1'], env: {}, says: /unknown AWS region 'us-nowhere-1' \(--region\)/ },
    { args: ['--region', 'Seoul'], env: {}, says: /--region 'Seoul' is not an AWS region name/ },
    { args: [], env: { AWS_REGION: 'eu-nowhere-9' }, says: /unknown AWS region 'eu-nowhere-9' \(AWS_REGION\)/ },
  ])('unknown or malformed region $args $env: exit 2 before any AWS call', async ({ args, env, says }) => {
    expectOneLineError(await labgrader(['grade', 'vpc', ...args], { ...cleanEnv, ...env }), 2, says);
  });

  it('no region anywhere: exit 2, says how to give one', async () => {
    expectOneLineError(await labgrader(['grade', 'vpc']), 2, /no AWS region given; pass --region/);
  });
});

describe('reading AWS (through a local fake endpoint)', () => {
  let fake: FakeAws | undefined;
  let answer: (request: FakeRequest) => FakeResponse | undefined;

  beforeAll(async () => {
    fake = await startFakeAws((request) => answer(request));
  });
  afterAll(async () => {
    await fake?.close();
  });
  afterEach(() => {
    fake?.requests.splice(0);
  });

  /** The clean environment plus keys, a region and the fake endpoint. */
  const awsEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    ...cleanEnv,
    AWS_ENDPOINT_URL: fake?.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAFAKESTUDENT00001',
    AWS_SECRET_ACCESS_KEY: 'fake-secret',
    ...extra,
  });

  /** An account with one lab VPC; every other Describe answers an empty page. */
  const anAccount = (request: FakeRequest): FakeResponse | undefined => {
    switch (request.action) {
      case 'GetCallerIdentity':
        return callerIdentity('444455556666');
      case 'DescribeVpcs':
        return ec2Ok(
          'DescribeVpcs',
          '<vpcSet><item><vpcId>vpc-0fa4e0000000001</vpcId><state>available</state><cidrBlock>10.0.0.0/16</cidrBlock><isDefault>false</isDefault><tagSet><item><key>Name</key><value>lab-vpc</value></item></tagSet></item></vpcSet>',
        );
      case 'DescribeVpcAttribute': {
        const attribute = request.params.Attribute ?? '';
        return ec2Ok(
          'DescribeVpcAttribute',
          `<vpcId>${request.params.VpcId}</vpcId><${attribute}><value>true</value></${attribute}>`,
        );
      }
      default:
        return request.action.startsWith('Describe') ? ec2Ok(request.action) : undefined;
    }
  };

  it('no credentials at all: exit 1, says how to provide them', async () => {
    answer = anAccount;
    const env = awsEnv();
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;

    const run = await labgrader(['grade', 'vpc'], env);

    expectOneLineError(run, 1, /no AWS credentials found \(CredentialsProviderError\); set a profile \(--profile\)/);
    expect(fake?.requests).toEqual([]);
  });

  it('a profile that does not exist: exit 1, names the profile', async () => {
    answer = anAccount;
    const env = awsEnv();
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;

    const run = await labgrader(['grade', 'vpc', '--profile', 'no-such-profile'], env);

    expectOneLineError(run, 1, /no AWS credentials for profile 'no-such-profile'.*aws configure list-profiles/);
  });

  it('expired credentials: exit 1, says to refresh them', async () => {
    answer = (request) =>
      request.action === 'GetCallerIdentity'
        ? stsError('ExpiredToken', 'The security token included in the request is expired')
        : { status: 400, body: ec2Error('RequestExpired', 'Request has expired.') };

    const run = await labgrader(['grade', 'vpc', '--json'], awsEnv({ AWS_SESSION_TOKEN: 'old-token' }));

    expectOneLineError(run, 1, /credentials have expired \(ExpiredToken\); refresh them/);
    expect(run.stdout).toBe('');
  });

  it('an access key AWS does not know: exit 1', async () => {
    answer = (request) =>
      request.action === 'GetCallerIdentity'
        ? stsError('InvalidClientTokenId', 'The security token included in the request is invalid.')
        : {
            status: 401,
            body: ec2Error('AuthFailure', 'AWS was not able to validate the provided access credentials'),
          };

    expectOneLineError(
      await labgrader(['grade', 'vpc'], awsEnv()),
      1,
      /access key is not valid \(InvalidClientTokenId\); check the credentials/,
    );
  });

  it('a role that cannot be assumed: exit 1, mentions the role and the external id', async () => {
    answer = (request) =>
      request.action === 'AssumeRole'
        ? stsError(
            'AccessDenied',
            'User: arn:aws:iam::444455556666:user/instructor is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/LabGraderReadOnly',
          )
        : anAccount(request);

    const run = await labgrader(
      ['grade', 'vpc', '--role-arn', 'arn:aws:iam::111122223333:role/LabGraderReadOnly', '--external-id', 'wrong'],
      awsEnv(),
    );

    expectOneLineError(
      run,
      1,
      /could not assume role arn:aws:iam::111122223333:role\/LabGraderReadOnly \(AccessDenied\); .*--external-id/,
    );
    const assume = fake?.requests.find((r) => r.action === 'AssumeRole');
    expect(assume?.params.ExternalId).toBe('wrong');
  });

  it('grades through an assumed role: session named after the grader, reads signed with the role', async () => {
    answer = (request) =>
      request.action === 'AssumeRole'
        ? assumedRole('ASIAFAKEROLE00000001', request.params.RoleArn ?? '', request.params.RoleSessionName ?? '')
        : anAccount(request);

    const run = await labgrader(
      [
        'grade',
        'vpc',
        '--json',
        '--role-arn',
        'arn:aws:iam::111122223333:role/LabGraderReadOnly',
        '--external-id',
        'course-42',
      ],
      awsEnv(),
    );

    expect(run.code, run.stderr).toBe(0);
    const assume = fake?.requests.find((r) => r.action === 'AssumeRole');
    expect(assume?.params).toMatchObject({
      RoleArn: 'arn:aws:iam::111122223333:role/LabGraderReadOnly',
      ExternalId: 'course-42',
    });
    expect(assume?.params.RoleSessionName).toMatch(/^labgrader-/);
    expect(assume?.accessKeyId).toBe('AKIAFAKESTUDENT00001');
    const reads = fake?.requests.filter((r) => r.action !== 'AssumeRole') ?? [];
    expect(reads.length).toBeGreaterThan(0);
    expect(new Set(reads.map((r) => r.accessKeyId))).toEqual(new Set(['ASIAFAKEROLE00000001']));
    const result = JSON.parse(run.stdout) as GradeResult;
    expect(result.accountId).toBe('444455556666');
    expect(result.target?.id).toBe('vpc-0fa4e0000000001');
  });

  it('an emulator region is accepted when AWS_ENDPOINT_URL is set', async () => {
    answer = anAccount;

    const run = await labgrader(['grade', 'vpc', '--json', '--region', 'us-nowhere-1'], awsEnv());

    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as GradeResult).region).toBe('us-nowhere-1');
  });

  it('every lab source denied: prints the grade, then exit 1 with one line', async () => {
    answer = (request) =>
      request.action === 'GetCallerIdentity'
        ? callerIdentity('444455556666')
        : { status: 403, body: ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.') };

    const run = await labgrader(['grade', 'vpc', '--json'], awsEnv());

    expectOneLineError(run, 1, /none of the sources lab vpc reads could be read \(UnauthorizedOperation\)/);
    expect((JSON.parse(run.stdout) as GradeResult).sourceErrors.length).toBeGreaterThan(0);
  });

  it('labgrader inventory records what a grade reads, and that record grades offline', async () => {
    answer = anAccount;
    const out = join(tmp, 'recorded-by-cli.json');

    const record = await labgrader(['inventory', 'vpc', '--out', out], awsEnv());
    const replay = await labgrader(['grade', 'vpc', '--inventory', out, '--json'], cleanEnv);

    expect(record.code, record.stderr).toBe(0);
    expect(record.stdout).toMatch(
      /^wrote .*recorded-by-cli\.json: \d+ of \d+ sources read of account 444455556666 in us-east-1\n$/,
    );
    const inventory = JSON.parse(await readFile(out, 'utf8')) as Inventory;
    expect(Object.keys(inventory.sources).sort()).toEqual(expect.arrayContaining([...sourcesOf(vpcLab)].sort()));
    expect(Object.entries(inventory.sources).filter(([, s]) => s?.error)).toEqual([]);
    expect(inventory.sources['ec2.vpcs']?.data?.map((v) => v.VpcId)).toEqual(['vpc-0fa4e0000000001']);
    expect(inventory.accountId).toBe('444455556666');
    expect(replay.code, replay.stderr).toBe(0);
    expect((JSON.parse(replay.stdout) as GradeResult).target?.id).toBe('vpc-0fa4e0000000001');
  });

  it('labgrader inventory without --out, or into a missing directory: exit 2 before reading AWS', async () => {
    answer = anAccount;

    expectOneLineError(await labgrader(['inventory', 'vpc'], awsEnv()), 2, /missing --out FILE/);
    expectOneLineError(
      await labgrader(['inventory', 'vpc', '--out', join(tmp, 'no-dir', 'x.json')], awsEnv()),
      2,
      /cannot write .*no-dir.*no such directory/,
    );
    expect(fake?.requests).toEqual([]);
  });

  it('labgrader inventory never overwrites its own --params file, nor writes into a directory: exit 2 before reading AWS', async () => {
    answer = anAccount;
    const course = await writeJson('course-kept.json', { minAzs: 3 });
    const before = await readFile(course, 'utf8');

    const same = await labgrader(['inventory', 'vpc', '--params', course, '--out', course], awsEnv());
    const aliased = await labgrader(
      ['inventory', 'vpc', '--params', course, '--out', join(tmp, '.', 'course-kept.json')],
      awsEnv(),
    );
    const directory = await labgrader(['inventory', 'vpc', '--out', tmp], awsEnv());

    expectOneLineError(same, 2, /--out .*course-kept\.json is the --params file/);
    expectOneLineError(aliased, 2, /--out .*course-kept\.json is the --params file/);
    expectOneLineError(directory, 2, /cannot write .*: it is a directory/);
    expect(await readFile(course, 'utf8')).toBe(before);
    expect(fake?.requests).toEqual([]);
  });
});

/** The vpc lab's checks that count toward its maximum score (all but the bonus). */
const VPC_COUNTED = findLab('vpc')!
  .checks.filter((c) => !c.bonus)
  .map((c) => c.id);

describe.concurrent('hardening (issue 20 items 6 and 7)', () => {
  it.each([
    [{ points: { 'vpc.tags': 'ten' } }, /points\.vpc\.tags: /],
    [{ points: { 'vpc.tags': '10' } }, /points\.vpc\.tags: /],
    [{ points: { 'vpc.tags': -10 } }, /points\.vpc\.tags: .*0 to 1000/],
    [{ points: { 'vpc.tags': 1e308 } }, /points\.vpc\.tags: .*0 to 1000/],
    [{ disabled: 'vpc.tags' }, /disabled: .*expected array/],
    [{ disabled: ['vpc.tags', 'vpc.tags'] }, /disabled\[1\]: check vpc.tags is listed twice/],
    [{ disabled: ['vpc.nope'] }, /disabled\[0\]: unknown check id vpc.nope/],
    [{ nosuchParam: 1 }, /parameter nosuchParam: no such parameter/],
    [{ params: { constructor: { prototype: { x: 1 } } } }, /parameter constructor: no such parameter/],
    [{ params: { minAzs: 2 }, extra: 1 }, /parameter params: no such parameter/],
    // A maximum score of 0 ('Score: 5/0') grades nothing: everything but the bonus switched off, or worth 0.
    [{ disabled: VPC_COUNTED }, /disabled: switches off every check of lab vpc that counts toward its score/],
    [
      { points: Object.fromEntries(VPC_COUNTED.map((id) => [id, 0])) },
      /points: every check of lab vpc that counts toward its score is worth 0 points/,
    ],
  ])('--params %j is refused with exit 2 naming the field', async (tailoring, says) => {
    const file = await writeJson(`tailoring-${Math.random().toString(36).slice(2)}.json`, tailoring);
    const run = await labgrader(['grade', 'vpc', '--inventory', COMPLETE_EXAMPLE, '--params', file]);
    expectOneLineError(run, 2, says);
    expect(run.stdout).toBe('');
  });

  it('an inventory recorded for another lab: exit 2, names the lab it was recorded for', async () => {
    const run = await labgrader(['grade', 'db', '--inventory', COMPLETE_EXAMPLE]);
    expectOneLineError(run, 2, /recorded for lab vpc, not lab db.*labgrader grade vpc --inventory/);
    expect(run.stdout).toBe('');
  });

  it.runIf(existsSync('/dev/full'))(
    'a failed write of the answer (stdout on a full disk) exits 1 with one line',
    async () => {
      const { openSync, closeSync } = await import('node:fs');
      const full = openSync('/dev/full', 'w');
      try {
        const run = await new Promise<Run>((resolvePromise, reject) => {
          const child = spawn(process.execPath, [MAIN, 'grade', 'vpc', '--inventory', COMPLETE_EXAMPLE, '--json'], {
            cwd: ROOT,
            env: cleanEnv,
            stdio: ['ignore', full, 'pipe'],
          });
          let stderr = '';
          child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
          child.on('error', reject);
          child.on('close', (code) => resolvePromise({ code, stdout: '', stderr }));
        });
        expectOneLineError(run, 1, /cannot write the output \(ENOSPC\)/);
      } finally {
        closeSync(full);
      }
    },
  );
});

describe.concurrent('hostile command lines (one line, nothing taken silently)', () => {
  it.each([
    { args: ['labs', '--lang', 'ko', '--lang', 'en'], says: /--lang given twice \('ko', 'en'\)/ },
    {
      args: ['grade', 'vpc', '--region', 'us-east-1', '--region', 'eu-west-1'],
      says: /--region given twice \('us-east-1', 'eu-west-1'\)/,
    },
    {
      args: [
        'grade',
        'vpc',
        '--inventory',
        'examples/vpc/complete.json',
        '--inventory',
        'examples/vpc/no-nat-gateway.json',
      ],
      says: /--inventory given twice/,
    },
    { args: ['regrade', 'vpc', '--course', 'c1', '--course', 'c2'], says: /--course given twice/ },
  ])('an option given twice with different values, $args: exit 2', async ({ args, says }) => {
    const run = await labgrader(args);
    expectOneLineError(run, 2, says);
    expect(run.stdout).toBe('');
  });

  it('the same option given twice with the same value is one option', async () => {
    const run = await labgrader(['labs', '--lang', 'en', '--lang', 'en', '--json', '--json']);
    expect(run.code, run.stderr).toBe(0);
  });

  it('control characters and over-long values are never echoed raw to the terminal', async () => {
    const painted = await labgrader(['grade', 'vpc\u001b[2J\u0007']);
    const long = await labgrader(['grade', 'x'.repeat(5000)]);
    const course = await labgrader(['regrade', 'vpc', '--course', `c\u001b]0;pwned\u0007`]);

    expectOneLineError(painted, 2, /unknown lab 'vpc\\u001b\[2J\\u0007'/);
    expectOneLineError(course, 2, /--course 'c\\u001b\]0;pwned\\u0007' is not a course id/);
    expectOneLineError(long, 2, /unknown lab 'x{20,}…'/);
    for (const run of [painted, long, course]) {
      // Every character of the line is printable (the line's own newline aside).
      expect([...run.stderr.trimEnd()].filter((c) => c < ' ' || c === '\u007f')).toEqual([]);
      expect(run.stderr.length).toBeLessThan(400);
    }
  });
});

describe.concurrent('course files and inventories are bounded (hostile values)', () => {
  const long = 'a'.repeat(5000);
  it.each([
    { lab: 'vpc', params: { minAzs: 1e9 }, says: /parameter minAzs: .*<=/, what: 'minAzs 1e9' },
    {
      lab: 'vpc',
      params: { minPrivateSubnets: 1e15 },
      says: /parameter minPrivateSubnets: .*<=/,
      what: 'minPrivateSubnets 1e15',
    },
    {
      lab: 'vpc',
      params: { publicNamePattern: long },
      says: /parameter publicNamePattern: .*256/,
      what: 'a 5000-character publicNamePattern',
    },
    {
      lab: 'vpc',
      params: { privateNamePattern: '(priv|private)*-subnet' },
      says: /parameter privateNamePattern: too slow to match safely: the repeated group \(priv\|private\)\* holds an alternation/,
      what: 'a naming pattern that backtracks exponentially',
    },
    {
      lab: 'vpc',
      params: { adminPorts: Array.from({ length: 100_000 }, () => 22) },
      says: /parameter adminPorts: .*<=/,
      what: '100,000 adminPorts',
    },
    { lab: 'alb', params: { maxSizeLimit: 1e15 }, says: /parameter maxSizeLimit: .*<=/, what: 'maxSizeLimit 1e15' },
    {
      lab: 'alb',
      params: { cpuMetricNames: [long] },
      says: /parameter cpuMetricNames\[0\]: .*<=/,
      what: 'a 5000-character metric name',
    },
    { lab: 'iam', params: { maxKeyAgeDays: 1e12 }, says: /parameter maxKeyAgeDays: .*<=/, what: 'maxKeyAgeDays 1e12' },
    {
      lab: 'db',
      params: { dbIdentifier: long },
      says: /parameter dbIdentifier: .*<=/,
      what: 'a 5000-character dbIdentifier',
    },
    {
      lab: 'db',
      params: { replicaRegion: 'eusc-de-east-1' },
      says: null,
      what: 'replicaRegion eusc-de-east-1 (a region AWS has)',
    },
    {
      lab: 's3',
      params: { replicaRegion: 'Seoul' },
      says: /parameter replicaRegion: expected an AWS region/,
      what: 'replicaRegion Seoul',
    },
    {
      lab: 's3',
      params: { replicaRegion: '' },
      says: /parameter replicaRegion: expected an AWS region/,
      what: 'an empty replicaRegion',
    },
    {
      lab: 's3',
      params: { bucketPattern: long },
      says: /parameter bucketPattern: .*256/,
      what: 'a 5000-character bucketPattern',
    },
  ] as { lab: string; params: unknown; says: RegExp | null; what: string }[])(
    '$lab --params with $what: refused naming the parameter, or graded when it is valid',
    async ({ lab, params, says }) => {
      const file = await writeJson(`bounded-${Math.random().toString(36).slice(2)}.json`, params);
      const run = await labgrader([
        'grade',
        lab,
        '--inventory',
        join(ROOT, `examples/${lab}/complete.json`),
        '--params',
        file,
        '--json',
      ]);
      if (says === null) {
        expect(run.code, run.stderr).toBe(0);
        return;
      }
      expectOneLineError(run, 2, says);
      expect(run.stdout).toBe('');
    },
  );

  it.each([
    [{ region: 'Seoul' }, /field region: expected an AWS region/],
    [{ region: 'us-east-1\u001b[2J' }, /field region: expected an AWS region/],
    [{ lab: 'v'.repeat(40) }, /field lab: /],
    [{ collectedAt: 'yesterday' }, /field collectedAt: /],
    [{ collectedAt: '1970-01-01' }, /field collectedAt: /],
    [{ accountId: '1234\u001b[2J' }, /field accountId: /],
  ])('an inventory whose %j is malformed: exit 2 naming the field', async (change, says) => {
    const complete = JSON.parse(await readFile(COMPLETE_EXAMPLE, 'utf8')) as Inventory;
    const file = await writeJson(`region-${Math.random().toString(36).slice(2)}.json`, { ...complete, ...change });
    const run = await labgrader(['grade', 'vpc', '--inventory', file]);
    expectOneLineError(run, 2, says);
    expect(run.stdout).toBe('');
  });
});

describe.concurrent('AWS settings from the environment', () => {
  it.each([
    { env: { AWS_ENDPOINT_URL: 'notaurl' }, says: /AWS_ENDPOINT_URL 'notaurl' is not an http\(s\) URL/ },
    { env: { AWS_ENDPOINT_URL: 'http://[::1' }, says: /AWS_ENDPOINT_URL 'http:\/\/\[::1' is not an http\(s\) URL/ },
    { env: { AWS_ENDPOINT_URL_EC2: 'ftp://x' }, says: /AWS_ENDPOINT_URL_EC2 'ftp:\/\/x' is not an http\(s\) URL/ },
  ])('a malformed endpoint $env: exit 2 naming the variable, before any AWS call', async ({ env, says }) => {
    const run = await labgrader(['grade', 'vpc'], {
      ...cleanEnv,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIAFAKESTUDENT00001',
      AWS_SECRET_ACCESS_KEY: 'fake-secret',
      ...env,
    });
    expectOneLineError(run, 2, says);
    expect(run.stdout).toBe('');
  });
});

describe.concurrent('a --params file says what is wrong with it', () => {
  it.each([
    {
      text: '{"points": {"vpc.tags": 1e400}}',
      says: /points\.vpc\.tags: expected whole points from 0 to 1000, got Infinity/,
    },
    { text: '{"points": {"vpc.tags": -1e400}}', says: /points\.vpc\.tags: .*got -Infinity/ },
  ])('$text: exit 2 with the value as written', async ({ text, says }) => {
    const file = await writeJson(`points-${Math.random().toString(36).slice(2)}.json`, text);
    const run = await labgrader(['grade', 'vpc', '--inventory', COMPLETE_EXAMPLE, '--params', file]);
    expectOneLineError(run, 2, says);
  });

  it('a directory: exit 2, says it is a directory', async () => {
    const run = await labgrader(['grade', 'vpc', '--inventory', COMPLETE_EXAMPLE, '--params', tmp]);
    expectOneLineError(run, 2, /params file .*: is a directory; check the --params path/);
  });
});

describe.concurrent('what the account holds is shown, never acted on by the terminal', () => {
  it('a Name tag with a newline and an escape sequence cannot forge a row of the table', async () => {
    const forged = 'lab-vpc)\n  \u2714 PASS   vpc.forged   100/100  forged\u001b[2J';
    const inventory = recordedInventory();
    const vpc = inventory.sources['ec2.vpcs']?.data?.[0];
    if (vpc) vpc.Tags = [{ Key: 'Name', Value: forged }];
    const file = await writeJson('forged-name.json', inventory);

    const table = await labgrader(['grade', 'vpc', '--inventory', file]);
    const json = await labgrader(['grade', 'vpc', '--inventory', file, '--json']);

    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).not.toMatch(/^\s*\u2714 PASS\s+vpc\.forged/m);
    expect([...table.stdout].filter((c) => (c < ' ' && c !== '\n') || c === '\u007f')).toEqual([]);
    expect(table.stdout).toContain('vpc-0a1b2c3d4e5f60001 (lab-vpc)\\u000a');
    // The document keeps the name as AWS returned it (JSON escapes it).
    expect((JSON.parse(json.stdout) as GradeResult).target?.name).toBe(forged);
  });

  it('a Name tag with a lone UTF-16 surrogate is shown written out, not as a replacement character', async () => {
    const inventory = recordedInventory();
    const vpc = inventory.sources['ec2.vpcs']?.data?.[0];
    if (vpc) vpc.Tags = [{ Key: 'Name', Value: 'lab-\ud800vpc' }];
    const file = await writeJson('lone-surrogate-name.json', inventory);

    const table = await labgrader(['grade', 'vpc', '--inventory', file]);

    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('vpc-0a1b2c3d4e5f60001 (lab-\\ud800vpc)');
    expect(table.stdout).not.toContain('\ufffd');
  });

  it.each([
    ['a C0 control', '\u001b', '\\u001b'],
    ['DEL', '\u007f', '\\u007f'],
    ['a C1 control', '\u009b', '\\u009b'],
    ['a line separator', '\u2028', '\\u2028'],
    ['a right-to-left override', '\u202e', '\\u202e'],
    ['a first-strong isolate', '\u2068', '\\u2068'],
    ['a lone high surrogate', '\ud83d', '\\ud83d'],
    ['a lone low surrogate', '\ude00', '\\ude00'],
    ['a surrogate pair (an emoji), kept', '\ud83d\ude00', '\ud83d\ude00'],
    ['Hangul, kept', '한글', '한글'],
  ])('escapeControls writes out %s', (_what, text, shown) => {
    expect(escapeControls(`a${text}b`)).toBe(`a${shown}b`);
  });
});

describe.concurrent('access options are checked like --role-arn', () => {
  const role = 'arn:aws:iam::111122223333:role/LabGraderReadOnly';
  it.each([
    { args: ['--profile', 'p'.repeat(3000)], says: /--profile 'p{20,}…' is not a profile name/ },
    { args: ['--profile', 'student\u001b[2J'], says: /--profile 'student\\u001b\[2J' is not a profile name/ },
    { args: ['--role-arn', role, '--external-id', 'a b'], says: /--external-id 'a b' is not an external id/ },
    { args: ['--role-arn', role, '--external-id', 'x'], says: /--external-id 'x' is not an external id/ },
    {
      args: ['--role-arn', role, '--external-id', 'e'.repeat(1225)],
      says: /--external-id 'e{20,}…' is not an external id/,
    },
  ])('grade vpc $args: exit 2 before any AWS call, the value shown short', async ({ args, says }) => {
    const run = await labgrader(['grade', 'vpc', '--region', 'us-east-1', ...args]);
    expectOneLineError(run, 2, says);
    expect(run.stderr.length).toBeLessThan(400);
  });
});
