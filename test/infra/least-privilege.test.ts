/**
 * Least privilege from one source of truth: every AWS command a collector can send must be covered
 * by the IAM actions the collectors declare (else the student role denies it and a check errors),
 * every declared action must be used (else the role grants more than the grader reads), and the
 * set is read-only. The commands are found by reading the collectors' source, so a new
 * `new XxxCommand(` or `paginateXxx(` is checked the moment it is written.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceCollector } from '../../functions/inventory/collect.js';
import { actionsFor, COLLECTORS } from '../../functions/inventory/index.js';
import { isReadOnlyAction, labSources, studentReadActions } from '../../infra/permissions.js';
import { actionOf, commandsSentBy } from './sdk-commands.js';

const INVENTORY_DIR = join(import.meta.dirname, '../../functions/inventory');

const files = readdirSync(INVENTORY_DIR).filter((f) => f.endsWith('.ts'));
const sent = files.flatMap((f) => commandsSentBy(f, readFileSync(join(INVENTORY_DIR, f), 'utf8')));
/** What the collectors declare, all of them (the student role grants the part the labs read). */
const declared = actionsFor();

describe('the scanner that finds what collectors send', () => {
  it('finds commands and paginators, renamed imports included, and ignores type-only names', () => {
    const text = [
      "import { type DBInstance, paginateDescribeDBInstances, RDSClient } from '@aws-sdk/client-rds';",
      "import { GetPublicAccessBlockCommand as AccountBlock } from '@aws-sdk/client-s3-control';",
      "import { GetBucketEncryptionCommand } from '@aws-sdk/client-s3';",
      'const c = new RDSClient({});',
      'paginateDescribeDBInstances({ client: c }, {});',
      "await s3.send(new AccountBlock({ AccountId: '1' }));",
      "await s3.send(new GetBucketEncryptionCommand({ Bucket: 'b' }));",
    ].join('\n');
    const found = commandsSentBy('x.ts', text).map(actionOf);
    expect(found).toEqual([
      'rds:DescribeDBInstances',
      's3:GetAccountPublicAccessBlock',
      's3:GetEncryptionConfiguration',
    ]);
  });

  it('refuses a namespace import it could not follow', () => {
    expect(() => commandsSentBy('x.ts', "import * as ec2 from '@aws-sdk/client-ec2';")).toThrow(/import them by name/);
  });

  it('reads the real collectors (the test below is not vacuous)', () => {
    expect(sent.length).toBeGreaterThanOrEqual(COLLECTORS.size);
    expect(new Set(sent.map((c) => c.pkg))).toContain('@aws-sdk/client-ec2');
  });
});

describe('the declared read actions', () => {
  it('cover every command a collector can send', () => {
    const missing = sent
      .filter((c) => !declared.includes(actionOf(c)))
      .map((c) => `${c.file}: ${c.call} needs ${actionOf(c)}, which no registered collector declares`);
    expect(missing).toEqual([]);
  });

  it('are each needed by some command (the role grants nothing the grader never reads)', () => {
    const used = new Set(sent.map(actionOf));
    expect(declared.filter((a) => !used.has(a))).toEqual([]);
  });

  it('are declared by the collector that sends them, so a lab with fewer sources needs fewer actions', () => {
    const collectorsByFile = new Map<string, SourceCollector[]>();
    for (const collector of COLLECTORS.values()) {
      // The file whose collectors map starts a line with the key (`'ec2.vpcs': (ctx) => ...`).
      const declares = (f: string) =>
        readFileSync(join(INVENTORY_DIR, f), 'utf8')
          .split('\n')
          .some((line) => line.trimStart().startsWith(`'${collector.key}':`));
      const file = files.find(declares);
      if (file) collectorsByFile.set(file, [...(collectorsByFile.get(file) ?? []), collector]);
    }
    const strays = sent
      .filter((c) => !(collectorsByFile.get(c.file) ?? []).some((col) => col.actions.includes(actionOf(c))))
      .map((c) => `${c.file}: ${c.call} (${actionOf(c)}) is not in the actions of any collector of that file`);
    expect(strays).toEqual([]);
  });

  it('have no wildcard and only read (Describe*, List*, Get*, sts:GetCallerIdentity)', () => {
    expect(declared.length).toBeGreaterThan(0);
    expect(declared.filter((a) => !isReadOnlyAction(a))).toEqual([]);
    expect(declared.filter((a) => a.startsWith('sts:'))).toEqual(['sts:GetCallerIdentity']);
  });

  it('judge write and wildcard actions as not read-only', () => {
    for (const action of [
      'ec2:*',
      'ec2:Describe*',
      '*',
      's3:PutBucketPolicy',
      'iam:CreateRole',
      'sts:AssumeRole',
      'ec2:describeVpcs',
    ]) {
      expect(isReadOnlyAction(action), action).toBe(false);
    }
    expect(isReadOnlyAction('elasticloadbalancing:DescribeTargetHealth')).toBe(true);
  });
});

describe("the student role's read actions", () => {
  it('are those of the sources the registered labs read, not of every collector', () => {
    expect(studentReadActions()).toEqual(actionsFor(labSources()));
    // A collector no lab reads contributes nothing of its own.
    const unread = [...COLLECTORS.keys()].filter((key) => !labSources().includes(key));
    const ownActions = actionsFor(unread).filter((a) => !actionsFor(labSources()).includes(a));
    expect(studentReadActions().filter((a) => ownActions.includes(a))).toEqual([]);
  });

  it('grant ec2:DescribeAddresses and ec2:DescribeNetworkAcls only when a lab reads them', () => {
    const read = labSources();
    expect(studentReadActions().includes('ec2:DescribeAddresses')).toBe(read.includes('ec2.addresses'));
    expect(studentReadActions().includes('ec2:DescribeNetworkAcls')).toBe(read.includes('ec2.networkAcls'));
  });
});
