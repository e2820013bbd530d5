/**
 * Collection as a grade sees it: the time budget, retries through the real SDK stack, each
 * Describe sent once per grade, credentials failures, and a denied API turning exactly the checks
 * that need it into `error`.
 */
import {
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  EC2Client,
  paginateDescribeSubnets,
} from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluateLab, resolveParams } from '../../checks/engine.js';
import type { Inventory, SourceKey } from '../../checks/inventory.js';
import { read } from '../../checks/inventory.js';
import { vpcLab } from '../../checks/labs/vpc/index.js';
import { type LabDefinition, pass, text } from '../../checks/model.js';
import { AccountAccessError, grade, sourcesOf } from '../../functions/grade.js';
import { ClientFactory } from '../../functions/inventory/clients.js';
import {
  collectInventory,
  defineCollector,
  type SourceCollector,
  toSourceError,
} from '../../functions/inventory/collect.js';
import { allPages } from '../../functions/inventory/ec2.js';
import { actionsFor, COLLECTORS } from '../../functions/inventory/index.js';
import {
  callerIdentityXml,
  describeSubnetsXml,
  describeVpcsXml,
  httpStub,
  STUB_CREDENTIALS,
  throttled,
} from '../support/aws-http-stub.js';
import {
  callCounts,
  EC2_SOURCE_COMMANDS,
  ec2Error,
  RECORDED_ACCOUNT,
  RECORDED_REGION,
  recordedVpcs,
  serveRecordedEc2,
  serveRecordedSts,
  stsError,
  unauthorized,
} from '../support/aws-mock.js';

type Stub = AwsStub<any, any, any>;

/** aws-sdk-client-mock on EC2 and STS for the tests of a block, serving the recorded account. */
function useRecordedAccount(): { ec2: Stub; sts: Stub } {
  const mocks = {} as { ec2: Stub; sts: Stub };
  beforeEach(() => {
    mocks.ec2 = mockClient(EC2Client);
    mocks.sts = mockClient(STSClient);
    serveRecordedEc2(mocks.ec2);
    serveRecordedSts(mocks.sts);
  });
  // Restored after each test: the retry tests below need the real `send`.
  afterEach(() => {
    mocks.ec2.restore();
    mocks.sts.restore();
  });
  return mocks;
}

async function collect(sources: SourceKey[], extra: Partial<Parameters<typeof collectInventory>[0]> = {}) {
  const clients = extra.clients ?? new ClientFactory();
  try {
    return await collectInventory({ region: RECORDED_REGION, clients, sources, collectors: COLLECTORS, ...extra });
  } finally {
    clients.destroy();
  }
}

describe('the time budget', () => {
  const aws = useRecordedAccount();

  it('a source that never answers is a Timeout error; the others are read; the collection ends on time', async () => {
    aws.ec2.on(DescribeSubnetsCommand).callsFake(() => new Promise(() => {}));
    const budgetMs = 300;

    const started = performance.now();
    const inventory = await collect(['ec2.vpcs', 'ec2.subnets', 'ec2.routeTables'], { budgetMs });
    const elapsed = performance.now() - started;

    expect(inventory.sources['ec2.subnets']).toEqual({
      error: { code: 'Timeout', message: expect.stringContaining(`${budgetMs} ms`) },
    });
    expect(inventory.sources['ec2.vpcs']?.data).toEqual(recordedVpcs().all);
    expect(inventory.sources['ec2.routeTables']?.data).toBeDefined();
    expect(elapsed).toBeLessThan(budgetMs + 250);
  });

  it('a source waiting on one that never answers is a Timeout too, not a hang', async () => {
    aws.ec2.on(DescribeVpcsCommand).callsFake(() => new Promise(() => {}));

    const inventory = await collect(['ec2.vpcDnsAttributes', 'ec2.subnets'], { budgetMs: 200 });

    expect(inventory.sources['ec2.vpcDnsAttributes']?.error?.code).toBe('Timeout');
    expect(inventory.sources['ec2.vpcs']?.error?.code).toBe('Timeout');
    expect(inventory.sources['ec2.subnets']?.data).toBeDefined();
    expect(aws.ec2.commandCalls(DescribeVpcAttributeCommand)).toHaveLength(0);
  });
});

describe('a collector that fails before its first await', () => {
  const aws = useRecordedAccount();

  it('is recorded as its own source error; the other sources are still read', async () => {
    const broken: SourceCollector = defineCollector({
      ...(COLLECTORS.get('ec2.subnets') as SourceCollector<'ec2.subnets'>),
      collect: (ctx) => {
        // A parameter the course did not set: a TypeError thrown synchronously, not a rejected promise.
        const region = (ctx.params.replica as { region: string }).region;
        return allPages(paginateDescribeSubnets({ client: ctx.clients.get(EC2Client, region) }, {}), (p) => p.Subnets);
      },
    });
    const collectors = new Map(COLLECTORS);
    collectors.set('ec2.subnets', broken);

    const inventory = await collect(['ec2.vpcs', 'ec2.subnets'], { collectors });

    expect(inventory.sources['ec2.subnets']).toEqual({ error: { code: 'TypeError', message: expect.any(String) } });
    expect(inventory.sources['ec2.vpcs']?.data).toEqual(recordedVpcs().all);
    expect(aws.ec2.commandCalls(DescribeVpcsCommand)).toHaveLength(1);
  });
});

describe('what a failed source records', () => {
  const aws = useRecordedAccount();

  it('the AWS code and the first line of its message, never an echoed session token', async () => {
    const token = 'IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN';
    aws.ec2
      .on(DescribeSubnetsCommand)
      .rejects(
        ec2Error(
          'SignatureDoesNotMatch',
          `The request signature we calculated does not match the signature you provided.\n\nThe Canonical String for this request should have been\n'POST\n/\n\nx-amz-security-token:${token}\n'`,
          403,
        ),
      );

    const inventory = await collect(['ec2.subnets']);

    expect(inventory.sources['ec2.subnets']?.error).toEqual({
      code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match the signature you provided.',
    });
  });

  it.each([
    { thrown: ec2Error('RequestLimitExceeded', 'Request limit exceeded.', 503), code: 'RequestLimitExceeded' },
    {
      thrown: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' }),
      code: 'ECONNREFUSED',
    },
    { thrown: Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }), code: 'TimeoutError' },
    { thrown: new Error('something odd'), code: 'UnknownError' },
    { thrown: 'a string', code: 'UnknownError' },
  ])('$code from what was thrown', ({ thrown, code }) => {
    expect(toSourceError(thrown).code).toBe(code);
  });
});

describe("throttling, through the real SDK client stack (the grader's retry strategy)", () => {
  const vpcs = [
    { id: 'vpc-0a1b2c3d4e5f60718', cidr: '10.0.0.0/16' },
    { id: 'vpc-0ffffffffffffffff', cidr: '172.31.0.0/16', isDefault: true },
  ];
  const subnets = [
    { id: 'subnet-0123456789abcdef0', vpcId: 'vpc-0a1b2c3d4e5f60718', cidr: '10.0.1.0/24', az: 'us-east-1a' },
  ];

  it('a call throttled once succeeds on the retry and its data is collected', async () => {
    const stub = httpStub((req) => {
      if (req.action === 'DescribeVpcs')
        return req.seen === 0 ? throttled() : { status: 200, body: describeVpcsXml(vpcs) };
      return undefined;
    });
    const clients = new ClientFactory({ credentials: STUB_CREDENTIALS, extra: { requestHandler: stub } });

    const inventory = await collect(['ec2.vpcs'], { clients });

    expect(inventory.sources['ec2.vpcs']?.error).toBeUndefined();
    expect(inventory.sources['ec2.vpcs']?.data?.map((v) => [v.VpcId, v.CidrBlock, v.IsDefault])).toEqual([
      ['vpc-0a1b2c3d4e5f60718', '10.0.0.0/16', false],
      ['vpc-0ffffffffffffffff', '172.31.0.0/16', true],
    ]);
    expect(stub.count('DescribeVpcs')).toBe(2);
  });

  it('a call still throttled after maxAttempts is that source’s RequestLimitExceeded; the rest complete', async () => {
    const stub = httpStub((req) => {
      if (req.action === 'DescribeVpcs') return throttled();
      if (req.action === 'DescribeSubnets') return { status: 200, body: describeSubnetsXml(subnets) };
      return undefined;
    });
    const clients = new ClientFactory({
      credentials: STUB_CREDENTIALS,
      maxAttempts: 3,
      extra: { requestHandler: stub },
    });

    const inventory = await collect(['ec2.vpcs', 'ec2.vpcDnsAttributes', 'ec2.subnets'], { clients });

    expect(inventory.sources['ec2.vpcs']?.error).toEqual({
      code: 'RequestLimitExceeded',
      message: 'Request limit exceeded.',
    });
    // The DNS attributes are asked per VPC listed: without the list they carry its error.
    expect(inventory.sources['ec2.vpcDnsAttributes']?.error?.code).toBe('RequestLimitExceeded');
    expect(inventory.sources['ec2.subnets']?.data?.map((s) => s.SubnetId)).toEqual(['subnet-0123456789abcdef0']);
    expect(stub.count('DescribeVpcs')).toBe(3);
    expect(stub.count('DescribeVpcAttribute')).toBe(0);
  });

  it('grade() passes its clientConfig to every client: a throttled grade still grades', async () => {
    const stub = httpStub((req) => {
      if (req.action === 'GetCallerIdentity') return { status: 200, body: callerIdentityXml('210987654321') };
      if (req.action === 'DescribeVpcs')
        return req.seen === 0 ? throttled() : { status: 200, body: describeVpcsXml(vpcs) };
      return undefined;
    });
    const lab: LabDefinition = {
      ...vpcLab,
      id: 'vpc-listed',
      sources: ['ec2.vpcs'],
      candidates: () => [],
      checks: [
        {
          id: 'vpcs.read',
          judgedWithoutTarget: true,
          title: text('VPCs are listed', 'VPC 목록'),
          points: 1,
          hint: text('-', '-'),
          evaluate: (_t, _p, inv) => pass(text(`${read(inv, 'ec2.vpcs').length} VPCs`, '')),
        },
      ],
    };

    const { result } = await grade({
      lab,
      region: 'us-east-1',
      trigger: 'cli',
      credentials: STUB_CREDENTIALS,
      clientConfig: { requestHandler: stub },
    });

    expect(result.checks.map((c) => `${c.id} ${c.status}: ${c.message}`)).toEqual(['vpcs.read pass: 2 VPCs']);
    expect(result.accountId).toBe('210987654321');
    expect(stub.count('GetCallerIdentity')).toBe(1);
    expect(stub.count('DescribeVpcs')).toBe(2);
  });
});

describe('a full VPC grade', () => {
  const aws = useRecordedAccount();

  it('sends each Describe command at most once per region, and DescribeVpcAttribute twice per non-default VPC only', async () => {
    const vpcs = recordedVpcs();

    const { result, inventory } = await grade({ lab: 'vpc', region: RECORDED_REGION, trigger: 'cli' });

    const counts = callCounts(aws.ec2, aws.sts);
    for (const [command, n] of Object.entries(counts)) {
      if (command !== 'DescribeVpcAttribute') expect(n, `${command} sent ${n} times`).toBe(1);
    }
    expect(counts.DescribeVpcAttribute).toBe(2 * vpcs.nonDefault.length);
    const askedVpcs = aws.ec2.commandCalls(DescribeVpcAttributeCommand).map((c) => c.args[0].input.VpcId);
    for (const id of vpcs.default) expect(askedVpcs, 'DNS attributes of the default VPC').not.toContain(id);
    // Every source the lab lists was read, and nothing failed.
    for (const key of sourcesOf(vpcLab)) expect(inventory.sources[key]?.data, key).toBeDefined();
    expect(result.sourceErrors).toEqual([]);
    expect(result.accountId).toBe(RECORDED_ACCOUNT);
    expect(result.target?.id).toBe(vpcs.nonDefault[0]);
  });

  it('sends only commands its least-privilege action list allows', async () => {
    await grade({ lab: 'vpc', region: RECORDED_REGION, trigger: 'cli' });

    const allowed = actionsFor(sourcesOf(vpcLab));
    const sent = [
      ...Object.keys(callCounts(aws.ec2)).map((c) => `ec2:${c}`),
      ...Object.keys(callCounts(aws.sts)).map((c) => `sts:${c}`),
    ];
    expect(sent.length).toBeGreaterThan(1);
    for (const action of sent) expect(allowed, `${action} is sent but not in the role's policy`).toContain(action);
  });
});

describe('credentials that do not work', () => {
  const aws = useRecordedAccount();
  const credentials = {
    accessKeyId: 'ASIAQWERTYUIOPASDFGH',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
    sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN',
  };
  const CASES = [
    { code: 'ExpiredToken', message: 'The security token included in the request is expired', says: /expired/ },
    {
      code: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
      says: /access key is not valid/,
    },
    {
      code: 'SignatureDoesNotMatch',
      // AWS echoes the canonical request, which holds the session token.
      message: `The request signature we calculated does not match the signature you provided.\n\nThe Canonical String for this request should have been\n'POST\n/\n\nx-amz-security-token:${credentials.sessionToken}\n'\nCredential=${credentials.accessKeyId}/20250101/us-east-1/sts/aws4_request`,
      says: /secret key does not match/,
    },
  ];

  it.each(CASES)('$code: grade() stops with AccountAccessError saying so, without the credentials', async (c) => {
    aws.sts.on(GetCallerIdentityCommand).rejects(stsError(c.code, c.message));

    const error = await grade({ lab: 'vpc', region: RECORDED_REGION, trigger: 'cli', credentials }).then(
      () => undefined,
      (err: unknown) => err,
    );

    expect(error).toBeInstanceOf(AccountAccessError);
    const { message, code } = error as AccountAccessError;
    expect(code).toBe(c.code);
    expect(message).toMatch(c.says);
    expect(message).not.toContain('\n');
    for (const secret of Object.values(credentials)) expect(message).not.toContain(secret);
  });

  it('an unknown STS failure names its code and only the first line of what AWS said', async () => {
    aws.sts
      .on(GetCallerIdentityCommand)
      .rejects(
        stsError(
          'InternalFailure',
          `We encountered an internal error.\nx-amz-security-token:${credentials.sessionToken}`,
          500,
        ),
      );

    const error = (await grade({ lab: 'vpc', region: RECORDED_REGION, trigger: 'cli', credentials }).catch(
      (e: unknown) => e,
    )) as AccountAccessError;

    expect(error).toBeInstanceOf(AccountAccessError);
    expect(error.message).toBe('could not reach AWS (InternalFailure): We encountered an internal error.');
  });
});

describe('a denied API through the VPC lab', () => {
  const aws = useRecordedAccount();

  /** What a grade of the recorded account reads, with `deny` (if any) refused by EC2. */
  async function inventoryWith(deny?: { command: object; action: string }) {
    if (deny) aws.ec2.on(deny.command as any).rejects(unauthorized(deny.action));
    return collect(sourcesOf(vpcLab));
  }

  /** The sources each check of the VPC lab reads on `inventory`. */
  function readsOf(inventory: Inventory): { checks: Map<string, Set<string>> } {
    const watch = (seen: Set<string>): Inventory => ({
      ...inventory,
      sources: new Proxy(inventory.sources, {
        get(target, key, receiver) {
          if (typeof key === 'string') seen.add(key);
          return Reflect.get(target, key, receiver);
        },
      }),
    });
    const params = vpcLab.paramsSchema.parse({});
    const [first] = vpcLab.candidates(inventory, params);
    if (!first) throw new Error('the recorded account should have a lab VPC');
    const checks = new Map<string, Set<string>>();
    for (const check of vpcLab.checks) {
      const seen = new Set<string>();
      check.evaluate(first.target, params, watch(seen));
      checks.set(check.id, seen);
    }
    return { checks };
  }

  it('DescribeVpcAttribute denied: vpc.dns is error UnauthorizedOperation, every other check is judged as before', async () => {
    const complete = evaluateLab(vpcLab, await inventoryWith());
    aws.ec2.reset();
    serveRecordedEc2(aws.ec2);

    const evaluation = evaluateLab(
      vpcLab,
      await inventoryWith({ command: DescribeVpcAttributeCommand, action: 'ec2:DescribeVpcAttribute' }),
    );

    const dns = evaluation.checks.find((c) => c.id === 'vpc.dns');
    expect(dns).toMatchObject({ status: 'error', errorCode: 'UnauthorizedOperation', earned: 0 });
    expect(dns?.message).toContain('ec2.vpcDnsAttributes');
    const others = (e: typeof evaluation) =>
      e.checks.filter((c) => c.id !== 'vpc.dns').map((c) => `${c.id} ${c.status}`);
    expect(others(evaluation)).toEqual(others(complete));
    expect(evaluation.sourceErrors).toEqual([
      { source: 'ec2.vpcDnsAttributes', code: 'UnauthorizedOperation', message: expect.any(String) },
    ]);
  });

  it.each(vpcLab.sources.filter((s) => s !== 'ec2.vpcDnsAttributes'))(
    '%s denied: exactly the checks that read it are error, the others are judged as before',
    async (key) => {
      const completeInventory = await inventoryWith();
      const complete = evaluateLab(vpcLab, completeInventory);
      const reads = readsOf(completeInventory);
      const command = EC2_SOURCE_COMMANDS[key as keyof typeof EC2_SOURCE_COMMANDS];
      expect(command, `the EC2 command of ${key}`).toBeDefined();
      const action = `ec2:${command.name.replace(/Command$/, '')}`;
      aws.ec2.reset();
      serveRecordedEc2(aws.ec2);

      const inventory = await inventoryWith({ command, action });
      const evaluation = evaluateLab(vpcLab, inventory);

      const failedSources = Object.keys(inventory.sources).filter((k) => inventory.sources[k as SourceKey]?.error);
      const readsFailed = (seen: Set<string>) => failedSources.some((s) => seen.has(s));
      // The selection may read a source optionally (tryRead): what counts is whether it still works.
      const everything = (() => {
        try {
          vpcLab.candidates(inventory, resolveParams(vpcLab, {}));
          return false;
        } catch {
          return true;
        }
      })();
      const expected = complete.checks.map((c) =>
        everything || readsFailed(reads.checks.get(c.id) ?? new Set())
          ? `${c.id} error UnauthorizedOperation`
          : `${c.id} ${c.status}`,
      );
      expect(evaluation.checks.map((c) => `${c.id} ${c.status}${c.errorCode ? ` ${c.errorCode}` : ''}`)).toEqual(
        expected,
      );
      expect(
        expected.some((e) => e.endsWith('error UnauthorizedOperation')),
        `some check reads ${key}`,
      ).toBe(true);
    },
  );
});

describe('clients against an emulator', () => {
  it('S3 uses path-style URLs and S3 Control no account host prefix only when an endpoint is overridden', async () => {
    const { endpointOverrideConfig } = await import('../../functions/inventory/clients.js');
    expect(endpointOverrideConfig('S3', {})).toEqual({});
    expect(endpointOverrideConfig('S3_CONTROL', {})).toEqual({});
    expect(endpointOverrideConfig('S3', { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' })).toEqual({
      forcePathStyle: true,
    });
    expect(endpointOverrideConfig('S3', { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:5000' })).toEqual({
      forcePathStyle: true,
    });
    expect(endpointOverrideConfig('S3_CONTROL', { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' })).toEqual({
      disableHostPrefix: true,
    });
  });
});
