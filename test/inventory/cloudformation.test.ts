/**
 * The CloudFormation collectors against a mocked API: stacks and exports over every page,
 * resources only of the student stacks (never the grader's access stack or CDKToolkit), imports
 * only of the student stacks' exports, "not imported by any stack" and "stack does not exist"
 * told apart from AccessDenied, each list call sent once, and no drift detection ever started.
 */
import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
  ListExportsCommand,
  ListImportsCommand,
  type ListImportsCommandInput,
  ListStackResourcesCommand,
  type ListStackResourcesCommandInput,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { SourceKey } from '../../checks/inventory.js';
import { exportsOf, output, resource, stack, stackId } from '../scenarios/cloudformation-builders.js';
import {
  callCounts,
  collectSources,
  pagesOf,
  RECORDED_ACCOUNT,
  serveNextTokenPages,
  serveRecordedSts,
} from '../support/aws-mock.js';

const cfn = mockClient(CloudFormationClient);
const sts = mockClient(STSClient);

const SOURCES: SourceKey[] = [
  'cloudformation.stacks',
  'cloudformation.stackResources',
  'cloudformation.exports',
  'cloudformation.imports',
];

/** As JSON (dates as strings), the way a stored source holds them. */
const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const STACKS: Stack[] = json([
  stack('labgrader-access', { outputs: [output('RoleArn', `arn:aws:iam::${RECORDED_ACCOUNT}:role/labgrader/x`)] }),
  stack('CDKToolkit', { outputs: [output('BootstrapVersion', '28', 'CdkBootstrap-hnb659fds-Version')] }),
  // The recorded grader role (GetCallerIdentity) is LabGraderReadOnly: this stack outputs it.
  stack('course-grader-role', {
    outputs: [output('RoleArn', `arn:aws:iam::${RECORDED_ACCOUNT}:role/LabGraderReadOnly`)],
  }),
  stack('lab-network', { outputs: [output('VpcId', 'vpc-0a1b2c3d4e5f60718', 'lab-network-VpcId')] }),
  stack('lab-network-Subnets-1AB2', {
    parent: 'lab-network',
    root: 'lab-network',
    outputs: [output('SubnetA', 'subnet-0pa0000000000000a', 'lab-network-SubnetA')],
  }),
  stack('lab-app'),
]);
const EXPORTS = json(exportsOf(STACKS));
const STUDENT_STACKS = ['lab-network', 'lab-network-Subnets-1AB2', 'lab-app'].map(stackId);

function serveStackResources() {
  const asked: string[] = [];
  cfn.on(ListStackResourcesCommand).callsFake((input: ListStackResourcesCommandInput) => {
    asked.push(input.StackName ?? '');
    return {
      StackResourceSummaries: [resource('Thing', 'AWS::EC2::VPC', `vpc-for-${input.StackName?.split('/')[1]}`)],
    };
  });
  return asked;
}

function serveImports(imports: Record<string, string[]>) {
  const asked: string[] = [];
  cfn.on(ListImportsCommand).callsFake((input: ListImportsCommandInput) => {
    asked.push(input.ExportName ?? '');
    const list = imports[input.ExportName ?? ''] ?? [];
    if (list.length === 0)
      throw cfnError('ValidationError', `Export '${input.ExportName}' is not imported by any stack.`);
    return { Imports: list };
  });
  return asked;
}

function cfnError(code: string, message: string, httpStatusCode = 400): CloudFormationServiceException {
  const err = new CloudFormationServiceException({
    name: code,
    $fault: 'client',
    message,
    $metadata: { httpStatusCode },
  });
  return Object.assign(err, { Code: code });
}

beforeEach(() => {
  cfn.reset();
  sts.reset();
  serveRecordedSts(sts);
  cfn.on(DescribeStacksCommand).resolves({ Stacks: STACKS });
  cfn.on(ListExportsCommand).resolves({ Exports: EXPORTS });
  serveStackResources();
  serveImports({ 'lab-network-VpcId': ['lab-app'] });
});
afterAll(() => {
  cfn.restore();
  sts.restore();
});

const collect = collectSources;

describe('cloudformation.stacks and cloudformation.exports', () => {
  it.each([
    { key: 'cloudformation.stacks' as const, command: DescribeStacksCommand, member: 'Stacks', items: STACKS },
    { key: 'cloudformation.exports' as const, command: ListExportsCommand, member: 'Exports', items: EXPORTS },
  ])('$key reads every page, account-wide', async ({ key, command, member, items }) => {
    const inputs = serveNextTokenPages(cfn, command, member, pagesOf(items as unknown[], 3));

    const inventory = await collect([key]);

    expect(inventory.sources[key]).toEqual({ data: items });
    expect(inputs).toEqual([{}, { NextToken: 'page-2' }, { NextToken: 'page-3' }]);
  });
});

describe('cloudformation.stackResources', () => {
  it("lists the resources of the student stacks only (roots and nested), never the grader's or CDK's", async () => {
    const asked = serveStackResources();

    const inventory = await collect(['cloudformation.stackResources']);

    expect(asked.sort()).toEqual([...STUDENT_STACKS].sort());
    expect(Object.keys(inventory.sources['cloudformation.stackResources']?.data ?? {}).sort()).toEqual(
      [...STUDENT_STACKS].sort(),
    );
  });

  it('follows NextToken over every page of a stack', async () => {
    const resources = json([
      resource('Vpc', 'AWS::EC2::VPC', 'vpc-1'),
      resource('Igw', 'AWS::EC2::InternetGateway', 'igw-1'),
    ]);
    const inputs = serveNextTokenPages(cfn, ListStackResourcesCommand, 'StackResourceSummaries', pagesOf(resources, 2));
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [STACKS[3] as Stack] });

    const inventory = await collect(['cloudformation.stackResources']);

    expect(inventory.sources['cloudformation.stackResources']?.data).toEqual({ [stackId('lab-network')]: resources });
    expect(inputs).toEqual([
      { StackName: stackId('lab-network') },
      { StackName: stackId('lab-network'), NextToken: 'page-2' },
    ]);
  });

  it('records a stack deleted since DescribeStacks as null, and AccessDenied as the source error', async () => {
    cfn
      .on(ListStackResourcesCommand, { StackName: stackId('lab-app') })
      .rejects(cfnError('ValidationError', `Stack with id ${stackId('lab-app')} does not exist`));
    let inventory = await collect(['cloudformation.stackResources']);
    expect(inventory.sources['cloudformation.stackResources']?.data?.[stackId('lab-app')]).toBeNull();

    cfn
      .on(ListStackResourcesCommand)
      .rejects(cfnError('AccessDenied', 'not authorized: cloudformation:ListStackResources', 403));
    inventory = await collect(SOURCES);
    expect(inventory.sources['cloudformation.stackResources']?.error?.code).toBe('AccessDenied');
    for (const key of SOURCES.filter((k) => k !== 'cloudformation.stackResources')) {
      expect(inventory.sources[key]?.data, key).toBeDefined();
    }
  });
});

describe('cloudformation.imports', () => {
  it("asks who imports each export of a student stack (nested included), never the grader's or CDK's", async () => {
    const asked = serveImports({ 'lab-network-VpcId': ['lab-app'] });

    const inventory = await collect(['cloudformation.imports']);

    expect(asked.sort()).toEqual(['lab-network-SubnetA', 'lab-network-VpcId']);
    // "Export … is not imported by any stack" is an answer (nothing imports it), not an error.
    expect(inventory.sources['cloudformation.imports']).toEqual({
      data: { 'lab-network-VpcId': ['lab-app'], 'lab-network-SubnetA': [] },
    });
  });

  it('records AccessDenied as the source error, and another ValidationError too', async () => {
    cfn.on(ListImportsCommand).rejects(cfnError('AccessDenied', 'not authorized: cloudformation:ListImports', 403));
    let inventory = await collect(SOURCES);
    expect(inventory.sources['cloudformation.imports']?.error?.code).toBe('AccessDenied');
    expect(inventory.sources['cloudformation.stackResources']?.data).toBeDefined();

    cfn.on(ListImportsCommand).rejects(cfnError('ValidationError', 'Rate exceeded for this export'));
    inventory = await collect(['cloudformation.imports']);
    expect(inventory.sources['cloudformation.imports']?.error?.code).toBe('ValidationError');
  });
});

describe('an IaC grade', () => {
  it('sends each list call once, reads drift only as DescribeStacks reports it, and starts nothing', async () => {
    await collect(['sts.callerIdentity', ...SOURCES]);

    expect(callCounts(cfn, sts)).toEqual({
      GetCallerIdentity: 1,
      DescribeStacks: 1,
      ListExports: 1,
      ListStackResources: STUDENT_STACKS.length,
      ListImports: 2,
    });
  });
});
