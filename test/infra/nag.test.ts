/**
 * cdk-nag's AwsSolutions pack, run the way `cdk synth` runs it (a CDK policy validation plugin
 * registered with `Validations.of(app).addPlugins`): synthesis fails on any finding that is not
 * acknowledged, and every acknowledgment in the stack names a finding that really occurs and
 * says why it is acceptable.
 */
import { rmSync } from 'node:fs';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGraderStack } from './synth.js';

let root: IConstruct;
let outdir: string;
let synthError: unknown;
/** "<resource path> <rule id>" of every finding the pack skipped because it was acknowledged. */
const acknowledgedFindings: string[] = [];

beforeAll(() => {
  const { app } = buildGraderStack();
  const pack = new AwsSolutionsChecks(app);
  // Record which acknowledgments the pack actually used (isAcknowledged is the pack's own lookup).
  const lookup = pack as unknown as { isAcknowledged(resource: IConstruct, ruleId: string): boolean };
  const isAcknowledged = lookup.isAcknowledged.bind(pack);
  lookup.isAcknowledged = (resource, ruleId) => {
    const hit = isAcknowledged(resource, ruleId);
    if (hit) acknowledgedFindings.push(`${resource.node.path} ${ruleId}`);
    return hit;
  };
  Validations.of(app).addPlugins(pack);
  root = app;
  outdir = app.outdir;
  try {
    app.synth();
  } catch (err) {
    synthError = err;
  }
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

interface Acknowledged {
  path: string;
  id: string;
  reason: string;
}

function acknowledgments(): Acknowledged[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      // Each entry records one acknowledgment as { [ruleId]: reason }; CDK prefixes ids it does
      // not recognise as another plugin's with "Annotation::", which cdk-nag strips too.
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .map(([id, reason]) => ({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason })),
  );
}

describe('cdk-nag AwsSolutions', () => {
  it('fails synthesis on an unacknowledged finding (the check below can fail)', () => {
    const app = new App({ builtinCloudFormationValidation: false });
    new Bucket(new Stack(app, 'Unsafe'), 'Bucket');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    try {
      expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
    } finally {
      rmSync(app.outdir, { recursive: true, force: true });
    }
  });

  it('finds nothing unacknowledged in the grader stack (synthesis succeeds)', () => {
    expect(synthError instanceof Error ? synthError.message : synthError).toBeUndefined();
  });

  it('has every acknowledgment carry a reason of a full sentence', () => {
    const acks = acknowledgments();
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) expect(a.reason.split(' ').length, `${a.id} at ${a.path}`).toBeGreaterThanOrEqual(8);
  });

  it('acknowledges only findings that occur (no stale acknowledgment)', () => {
    const stale = acknowledgments().filter(
      (a) =>
        !acknowledgedFindings.some((f) => f.startsWith(`${a.path}/`) && f.endsWith(` ${a.id}`)) &&
        !acknowledgedFindings.includes(`${a.path} ${a.id}`),
    );
    expect(stale.map((a) => `${a.id} at ${a.path}`)).toEqual([]);
  });
});
