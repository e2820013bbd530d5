/**
 * Every source, by key: what it is (its IAM actions and the schema of a stored copy, from
 * functions/inventory/sources/, which load no SDK client) and where its collector lives (a module
 * imported on first use). A grade loads only the collector modules of the sources it reads, so a
 * Lambda's first grade of a lab loads that lab's SDK clients and no other; Node keeps a loaded
 * module for the warm container. Reading a stored inventory (io.ts) and the least-privilege policy
 * (`actionsFor`) load no collector at all.
 */
import type { SourceKey } from '../../checks/inventory.js';
import type { CollectorLookup, SourceCollector } from './collect.js';
import { type SourceModule, type SourceSpec, withSpecs } from './schemas.js';
import { autoscalingSources } from './sources/autoscaling.js';
import { cloudformationSources } from './sources/cloudformation.js';
import { cloudtrailSources } from './sources/cloudtrail.js';
import { cloudwatchSources } from './sources/cloudwatch.js';
import { computeSources } from './sources/compute.js';
import { ec2Sources } from './sources/ec2.js';
import { elbClassicSources } from './sources/elb-classic.js';
import { elbv2Sources } from './sources/elbv2.js';
import { eventbridgeSources } from './sources/eventbridge.js';
import { flowLogSources } from './sources/flow-logs.js';
import { iamSources } from './sources/iam.js';
import { launchTemplateSources } from './sources/launch-templates.js';
import { rdsSources } from './sources/rds.js';
import { s3Sources } from './sources/s3.js';
import { snsSources } from './sources/sns.js';
import { stsSources } from './sources/sts.js';

/** Every collector module, by the sources it reads (a new one is one line here, beside its file and its sources/ file). */
export const COLLECTOR_MODULES: readonly SourceModule[] = [
  stsSources,
  ec2Sources,
  iamSources,
  s3Sources,
  elbv2Sources,
  elbClassicSources,
  autoscalingSources,
  launchTemplateSources,
  cloudwatchSources,
  rdsSources,
  computeSources,
  snsSources,
  flowLogSources,
  cloudtrailSources,
  eventbridgeSources,
  cloudformationSources,
] as SourceModule<any>[];

const MODULE_OF = new Map<SourceKey, SourceModule>(
  COLLECTOR_MODULES.flatMap((m) => Object.keys(m.specs).map((key) => [key as SourceKey, m] as const)),
);

/** Every source's IAM actions and stored-copy schema, by key. */
export const SOURCE_SPECS: ReadonlyMap<SourceKey, SourceSpec> = new Map(
  COLLECTOR_MODULES.flatMap((m) => Object.entries(m.specs) as [SourceKey, SourceSpec][]),
);

/** The IAM actions needed to read the given sources (all sources when none are given), sorted. */
export function actionsFor(sources?: readonly SourceKey[]): string[] {
  const keys = sources ?? [...SOURCE_SPECS.keys()];
  const actions = new Set<string>();
  for (const key of keys) for (const a of SOURCE_SPECS.get(key)?.actions ?? []) actions.add(a);
  return [...actions].sort();
}

const loaded = new Map<SourceModule, Promise<ReadonlyMap<SourceKey, SourceCollector>>>();

/** A module's collectors by key, imported once (a failed import is tried again next time). */
function collectorsOf(module: SourceModule): Promise<ReadonlyMap<SourceKey, SourceCollector>> {
  let pending = loaded.get(module);
  if (!pending) {
    pending = module.load().then(
      (read) => new Map(withSpecs(module, read).map((c) => [c.key, c])),
      (err: unknown) => {
        loaded.delete(module);
        throw err;
      },
    );
    loaded.set(module, pending);
  }
  return pending;
}

/** Every collector, each imported with its module when a grade first reads one of its sources. */
export const LAZY_COLLECTORS: CollectorLookup = {
  async get(key) {
    const module = MODULE_OF.get(key);
    return module ? (await collectorsOf(module)).get(key) : undefined;
  },
};
