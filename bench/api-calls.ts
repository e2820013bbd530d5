/**
 * Figures 1 and 2: the AWS calls one grade sends (against the minimum the APIs allow) and how
 * well they overlap (grade wall time against the longest chain of calls that must follow each
 * other). Every lab's complete scenario is served by the fake account of fake-aws.ts.
 */
import { evaluateLab, resolveParams } from '../checks/engine.js';
import { type Inventory, type SourceKey, tryRead } from '../checks/inventory.js';
import type { LabDefinition } from '../checks/model.js';
import { grade, sourcesOf } from '../functions/grade.js';
import { ClientFactory } from '../functions/inventory/clients.js';
import { collectInventory, type SourceCollector } from '../functions/inventory/collect.js';
import { COLLECTORS } from '../functions/inventory/index.js';
import { currentSource, fakeAws, type RecordedCall } from './fake-aws.js';
import type { CompleteScenario } from './scenarios.js';
import { median } from './stats.js';

const CREDENTIALS = { accessKeyId: 'AKIABENCHMARK', secretAccessKey: 'benchmark' };

function keyed(inv: Inventory, key: SourceKey): string[] {
  const value = tryRead(inv, key);
  return value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
}

function inlineCount(inv: Inventory, key: 'iam.userPolicies' | 'iam.groupPolicies'): number {
  return Object.values(tryRead(inv, key) ?? {}).reduce((n, p) => n + (p?.inline.length ?? 0), 0);
}

interface PerResource {
  /** Why the API cannot answer for several resources at once. */
  why: string;
  /** How many calls the scenario's resources need: one per entry of the per-resource source. */
  need: (inv: Inventory) => number;
}

const perEntry = (key: SourceKey, why: string, times = 1): PerResource => ({
  why,
  need: (inv) => times * keyed(inv, key).length,
});

/**
 * Calls that are per resource by API design. Every other command is a list call: its minimum is
 * one call per region it is needed in (each page would count too; the fake answers in one page).
 */
export const PER_RESOURCE: Record<string, PerResource> = {
  'EC2:DescribeVpcAttribute': perEntry(
    'ec2.vpcDnsAttributes',
    'one attribute of one VPC per call: 2 per candidate VPC',
    2,
  ),
  'EC2:DescribeLaunchTemplateVersions': perEntry(
    'ec2.launchTemplateVersions',
    'one launch template per call (the versions in use)',
  ),
  'ElasticLoadBalancingV2:DescribeListeners': perEntry('elbv2.listeners', 'one load balancer per call'),
  'ElasticLoadBalancingV2:DescribeTargetHealth': perEntry('elbv2.targetHealth', 'one target group per call'),
  'IAM:ListGroupsForUser': perEntry('iam.groupsForUser', 'one user per call'),
  'IAM:ListAttachedUserPolicies': perEntry('iam.userPolicies', 'one user per call'),
  'IAM:ListUserPolicies': perEntry('iam.userPolicies', 'one user per call'),
  'IAM:GetUserPolicy': { why: 'one inline policy per call', need: (inv) => inlineCount(inv, 'iam.userPolicies') },
  'IAM:ListAttachedGroupPolicies': perEntry('iam.groupPolicies', 'one group per call'),
  'IAM:ListGroupPolicies': perEntry('iam.groupPolicies', 'one group per call'),
  'IAM:GetGroupPolicy': { why: 'one inline policy per call', need: (inv) => inlineCount(inv, 'iam.groupPolicies') },
  'IAM:ListAccessKeys': perEntry('iam.accessKeys', 'one user per call'),
  'IAM:ListAttachedRolePolicies': perEntry('iam.roleAttachedPolicies', "one role per call (the lab instances' roles)"),
  'CloudFormation:ListStackResources': perEntry('cloudformation.stackResources', 'one student stack per call'),
  'CloudFormation:ListImports': perEntry('cloudformation.imports', 'one export of a student stack per call'),
  'S3:GetBucketLocation': {
    why: 'one bucket per call: candidates, and replication destinations that are not candidates',
    need: (inv) => {
      const candidates = new Set(keyed(inv, 's3.bucketRegions'));
      return candidates.size + keyed(inv, 's3.replicationDestinationRegions').filter((b) => !candidates.has(b)).length;
    },
  },
  'S3:GetPublicAccessBlock': perEntry('s3.publicAccessBlock', 'one bucket per call'),
  'S3:GetBucketEncryption': perEntry('s3.encryption', 'one bucket per call'),
  'S3:GetBucketVersioning': perEntry('s3.versioning', 'one bucket per call'),
  'S3:GetBucketLifecycleConfiguration': perEntry('s3.lifecycle', 'one bucket per call'),
  'S3:GetBucketPolicy': perEntry('s3.policy', 'one bucket per call'),
  'S3:GetBucketReplication': perEntry('s3.replication', 'one bucket per call'),
  'CloudTrail:GetTrailStatus': perEntry(
    'cloudtrail.trailStatus',
    'one multi-region trail per call, in its home region',
  ),
  'EventBridge:ListTargetsByRule': perEntry('events.targets', 'one rule per call (rules matching EC2 state changes)'),
};

/**
 * Calls that need the answer of an earlier call of the same source (beyond its ctx.need
 * dependencies): their place in that source's own chain.
 */
const LEVEL_IN_SOURCE: Record<string, number> = {
  'IAM:GetUserPolicy': 2, // the names come from ListUserPolicies
  'IAM:GetGroupPolicy': 2, // the names come from ListGroupPolicies
};

export interface CommandCount {
  api: string;
  sent: number;
  minimum: number;
  why: string;
}

export interface ApiCallsFigure {
  lab: string;
  sent: number;
  minimum: number;
  ratio: number;
  commands: CommandCount[];
  /** The grade through the fake account gave every check the status the scenario's own evaluation gives. */
  faithful: boolean;
  mismatches: string[];
  unanswered: string[];
}

export interface ParallelismFigure {
  lab: string;
  latencyMs: number;
  wallMs: number;
  /** Calls that must follow each other (the longest ctx.need chain, weighted by calls within a source). */
  chain: number;
  chainPath: string;
  ratio: number;
}

function gradeThroughFake(lab: LabDefinition, scenario: CompleteScenario) {
  return grade({
    lab,
    region: scenario.inventory.region,
    credentials: CREDENTIALS,
    options: scenario.options,
    trigger: 'cli',
  });
}

function countCommands(calls: RecordedCall[], inv: Inventory): CommandCount[] {
  const byApi = new Map<string, RecordedCall[]>();
  for (const c of calls) {
    const api = `${c.service}:${c.command}`;
    byApi.set(api, [...(byApi.get(api) ?? []), c]);
  }
  return [...byApi]
    .map(([api, list]) => {
      const rule = PER_RESOURCE[api];
      const regions = new Set(list.map((c) => c.region));
      return rule
        ? { api, sent: list.length, minimum: rule.need(inv), why: rule.why }
        : {
            api,
            sent: list.length,
            minimum: regions.size,
            why: regions.size > 1 ? `list call, once in each of ${[...regions].join(', ')}` : 'list call',
          };
    })
    .sort((a, b) => a.api.localeCompare(b.api));
}

/** Figure 1 for one lab. */
export async function measureApiCalls(lab: LabDefinition, scenario: CompleteScenario): Promise<ApiCallsFigure> {
  const fake = fakeAws(scenario.inventory);
  let graded: Awaited<ReturnType<typeof gradeThroughFake>>;
  try {
    graded = await gradeThroughFake(lab, scenario);
  } finally {
    fake.restore();
  }
  const expected = evaluateLab(lab, scenario.inventory, scenario.options);
  const want = new Map(expected.checks.map((c) => [c.id, c.status]));
  const mismatches = graded.result.checks
    .filter((c) => want.get(c.id) !== c.status)
    .map((c) => `${c.id}: ${c.status} (scenario: ${want.get(c.id)}): ${c.message}`);
  const commands = countCommands(fake.calls, scenario.inventory);
  const sent = commands.reduce((n, c) => n + c.sent, 0);
  const minimum = commands.reduce((n, c) => n + c.minimum, 0);
  return {
    lab: lab.id,
    sent,
    minimum,
    ratio: minimum ? sent / minimum : Number.NaN,
    commands,
    faithful: mismatches.length === 0,
    mismatches,
    unanswered: [...fake.unanswered],
  };
}

/**
 * Which sources each source waits for (ctx.need) and which calls each source sends. A source read
 * in another region (the lab's `regional` declaration) is `key in region`, and waits for the
 * graded-region sources that name its regions.
 */
async function dependencyGraph(lab: LabDefinition, scenario: CompleteScenario) {
  const graded = scenario.inventory.region;
  const params = resolveParams(lab, scenario.options.params);
  const regional = lab.regional;
  const regionalNeeds =
    typeof regional?.needs === 'function' ? regional.needs(params) : ((regional?.needs ?? []) as readonly string[]);
  const needs = new Map<string, Set<string>>();
  const wrapped = new Map<SourceKey, SourceCollector>();
  for (const [key, collector] of COLLECTORS) {
    wrapped.set(key, {
      ...collector,
      collect: (ctx) => {
        const name = ctx.region === graded ? key : `${key} in ${ctx.region}`;
        if (name !== key) for (const dep of regionalNeeds) needs.set(name, (needs.get(name) ?? new Set()).add(dep));
        return currentSource.run(name, () =>
          collector.collect({
            ...ctx,
            need: (dep) => {
              const depName = ctx.region === graded ? dep : `${dep} in ${ctx.region}`;
              needs.set(name, (needs.get(name) ?? new Set()).add(depName));
              return ctx.need(dep);
            },
          }),
        );
      },
    });
  }
  const fake = fakeAws(scenario.inventory);
  const clients = new ClientFactory({ credentials: CREDENTIALS });
  try {
    const inventory = await collectInventory({
      region: graded,
      clients,
      sources: sourcesOf(lab),
      collectors: wrapped,
      params,
      lab: lab.id,
      ...(regional ? { regional } : {}),
    });
    const others = Object.entries(inventory.regions ?? {}).flatMap(([region, r]) =>
      Object.keys(r.sources).map((key) => `${key} in ${region}`),
    );
    return { needs, calls: fake.calls, sources: [...Object.keys(inventory.sources), ...others] };
  } finally {
    clients.destroy();
    fake.restore();
  }
}

/** The longest chain of calls that must follow each other, and the sources along it. */
export function longestChain(
  sources: string[],
  needs: Map<string, Set<string>>,
  calls: RecordedCall[],
): { chain: number; path: string[] } {
  const ownLevels = new Map<string, number>();
  for (const c of calls) {
    if (!c.source) continue;
    const level = LEVEL_IN_SOURCE[`${c.service}:${c.command}`] ?? 1;
    ownLevels.set(c.source, Math.max(ownLevels.get(c.source) ?? 0, level));
  }
  const memo = new Map<string, { chain: number; path: string[] }>();
  const depth = (source: string, seen: Set<string>): { chain: number; path: string[] } => {
    const known = memo.get(source);
    if (known) return known;
    if (seen.has(source)) throw new Error(`dependency cycle through ${source}`);
    let best = { chain: 0, path: [] as string[] };
    for (const dep of needs.get(source) ?? []) {
      const d = depth(dep, new Set([...seen, source]));
      if (d.chain > best.chain) best = d;
    }
    const own = ownLevels.get(source) ?? 0;
    const result = {
      chain: best.chain + own,
      path: own ? [...best.path, own > 1 ? `${source}(×${own})` : source] : best.path,
    };
    memo.set(source, result);
    return result;
  };
  let longest = { chain: 0, path: [] as string[] };
  for (const s of sources) {
    const d = depth(s, new Set());
    if (d.chain > longest.chain) longest = d;
  }
  return longest;
}

/** Figure 2 for one lab: median wall time of `runs` grades with every call taking `latencyMs`. */
export async function measureParallelism(
  lab: LabDefinition,
  scenario: CompleteScenario,
  latencyMs: number,
  runs = 3,
): Promise<ParallelismFigure> {
  const { needs, calls, sources } = await dependencyGraph(lab, scenario);
  const { chain, path } = longestChain(sources, needs, calls);
  const walls: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const fake = fakeAws(scenario.inventory, { latencyMs });
    try {
      const t0 = performance.now();
      await gradeThroughFake(lab, scenario);
      walls.push(performance.now() - t0);
    } finally {
      fake.restore();
    }
  }
  const wallMs = median(walls);
  return {
    lab: lab.id,
    latencyMs,
    wallMs,
    chain,
    chainPath: path.join(' → '),
    ratio: wallMs / (chain * latencyMs),
  };
}
