/**
 * The printed form of `npm run bench` (bench/run.ts): the targets of docs/benchmarks.md, the
 * report's JSON shape (its keys are documented there), and the tables the run prints without `--json`.
 */
import type { ApiCallsFigure, ParallelismFigure } from './api-calls.js';
import type { ColdStartFigures } from './cold-start.js';
import type { CostFigure, DEPLOYED, PRICES, SESSION } from './cost.js';
import type { CpuFigure } from './cpu.js';
import type { ServiceFigures } from './service.js';
import { round } from './stats.js';
import { THROTTLE_RATE, type ThrottlingFigure } from './throttling.js';

export const TARGETS = {
  apiCallRatio: 1.0,
  parallelismRatio: 1.3,
  cpuMs: 20,
  bundleKb: 500,
  importMs: 150,
} as const;

/** Every call of figures 2 and 7 takes this long. */
export const LATENCY_MS = 100;

export interface Report {
  machine: { node: string; cpus: number; model: string; loadBefore: number[]; loadAfter: number[] };
  targets: typeof TARGETS;
  notMeasured: { lab: string; why: string }[];
  apiCalls?: ApiCallsFigure[];
  parallelism?: ParallelismFigure[];
  cpu?: CpuFigure[];
  fanOut?: ServiceFigures['fanOut'];
  dashboard?: ServiceFigures['dashboard'];
  coldStart?: ColdStartFigures;
  throttling?: ThrottlingFigure[];
  cost?: {
    prices: typeof PRICES;
    deployed: typeof DEPLOYED;
    session: typeof SESSION;
    labs: CostFigure[] | { notMeasured: string };
  };
  durationMs: number;
}

function table(title: string, head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [title, line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line), ''].join('\n');
}

const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');

export function printReport(r: Report): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(
    `labgrader benchmarks: Node ${m.node}, ${m.cpus} cores (${m.model}), load average ${m.loadBefore.join(' ')} before, ${m.loadAfter.join(' ')} after, ${round(r.durationMs / 1000, 0)} s\n`,
  );
  for (const n of r.notMeasured) out.push(`${n.lab}: not measured: ${n.why}\n`);
  if (r.apiCalls) {
    out.push(
      table(
        `1. AWS API calls per grade (target ratio ${TARGETS.apiCallRatio.toFixed(1)})`,
        [
          'lab',
          'sent',
          'minimum',
          'ratio',
          'target',
          'same result as scenario',
          'per-resource or multi-region calls, sent/minimum',
        ],
        r.apiCalls.map((a) => [
          a.lab,
          a.sent,
          a.minimum,
          round(a.ratio, 2).toFixed(2),
          mark(a.ratio <= TARGETS.apiCallRatio),
          a.faithful && a.unanswered.length === 0
            ? 'yes'
            : `NO: ${[...a.mismatches, ...a.unanswered.map((u) => `no answer for ${u}`)].join('; ')}`,
          a.commands
            .filter((c) => c.why !== 'list call')
            .map((c) => `${c.api.split(':')[1]} ${c.sent}/${c.minimum}`)
            .join(', ') || '-',
        ]),
      ),
    );
  }
  if (r.parallelism) {
    out.push(
      table(
        `2. Parallelism, every call taking ${LATENCY_MS} ms (target ≤ ${TARGETS.parallelismRatio})`,
        ['lab', 'wall ms', 'chain', 'chain ms', 'ratio', 'target', 'longest chain'],
        r.parallelism.map((p) => [
          p.lab,
          round(p.wallMs, 0),
          p.chain,
          p.chain * p.latencyMs,
          round(p.ratio, 2).toFixed(2),
          mark(p.ratio <= TARGETS.parallelismRatio),
          p.chainPath,
        ]),
      ),
    );
  }
  if (r.cpu) {
    const full = r.cpu.find((c) => c.account)?.account;
    const size = full
      ? `${full.vpcs} VPCs, ${full.subnets} subnets, ${full.routeTables} route tables, ${full.securityGroups} SGs, ${full.rules} rules, ${full.instances} instances`
      : '';
    out.push(
      table(
        `3. CPU per grade, evaluateLab on a large synthetic account (${size}; median of ${r.cpu.find((c) => c.runs)?.runs ?? 0} fresh copies; target ≤ ${TARGETS.cpuMs} ms)`,
        ['lab', 'CPU ms full', 'CPU ms half', 'full/half', 'target', 'fastest full', 'wall ms full', 'candidates'],
        r.cpu.map((c) =>
          c.notMeasured
            ? [c.lab, `not measured: ${c.notMeasured}`, '', '', '', '', '', '']
            : [
                c.lab,
                round(c.fullMs ?? 0, 1),
                round(c.halfMs ?? 0, 1),
                round(c.growth ?? 0, 2).toFixed(2),
                mark((c.fullMs ?? 0) <= TARGETS.cpuMs),
                round(c.fullMinMs ?? 0, 1),
                round(c.fullWallMs ?? 0, 1),
                c.candidates ?? 0,
              ],
        ),
      ),
    );
  }
  if (r.fanOut) {
    const f = r.fanOut;
    out.push(
      'notMeasured' in f
        ? `4. Fan-out: not measured: ${f.notMeasured}\n`
        : table(
            `4. Fan-out: ${f.students} students × ${f.labs.length} labs (${f.labs.join(', ')}) through dispatchGrades, SQS mocked`,
            ['SQS latency', 'messages', 'SendMessageBatch calls', 'largest batch', 'all jobs once', 'ms'],
            f.byLatency.map((b) => [
              `${b.sqsLatencyMs} ms`,
              f.messages,
              f.sendMessageBatchCalls,
              f.largestBatch,
              f.complete ? 'yes' : 'NO',
              round(b.ms, 0),
            ]),
          ),
    );
  }
  if (r.dashboard) {
    const d = r.dashboard;
    out.push(
      'notMeasured' in d
        ? `5. Dashboard query: not measured: ${d.notMeasured}\n`
        : table(
            `5. Class view on DynamoDB Local: the ${d.lab} class row of every student (median of ${d.runs}; target ≤ 1 RCU per 10 students)`,
            ['students', 'items', 'Query calls', 'RCU', 'RCU / 10 students', 'row bytes', 'result bytes', 'ms'],
            [
              [
                d.students,
                d.items,
                d.queryCalls,
                d.readCapacityUnits,
                `${round(d.readCapacityUnitsPer10Students, 2)} ${mark(d.readCapacityUnitsPer10Students <= 1)}`,
                round(d.meanRowBytes, 0),
                round(d.meanResultBytes, 0),
                round(d.ms, 0),
              ],
            ],
          ),
    );
  }
  if (r.coldStart) {
    const c0 = r.coldStart.handlers[0];
    out.push(
      table(
        `6. Cold start: each handler bundled as the stack bundles it (infra/bundling.ts: ESM, minified, node22, code splitting, @aws-sdk/* from the runtime); import of index.mjs in a fresh node (median of ${c0?.runs ?? 0}; a bare node -e 0 took ${round(r.coldStart.bareNodeMs, 0)} ms; targets ≤ ${TARGETS.bundleKb} KB loaded, ≤ ${TARGETS.importMs} ms)`,
        [
          'handler',
          'KB loaded',
          'size',
          'entry KB',
          'all KB (chunks)',
          'largest dependency',
          'SDK packages at import',
          'import ms',
          'import',
          'process ms',
        ],
        r.coldStart.handlers.map((c) => [
          c.handler,
          round(c.bytes / 1024, 0),
          mark(c.bytes / 1024 <= TARGETS.bundleKb),
          round(c.entryBytes / 1024, 0),
          `${round(c.totalBytes / 1024, 0)} (${c.chunks})`,
          `${c.topDependency} (${round(c.topDependencyBytes / 1024, 0)} KB)`,
          c.sdkAtImport.map((p) => p.replace('@aws-sdk/', '')).join(' ') || '-',
          round(c.importMs, 0),
          mark(c.importMs <= TARGETS.importMs),
          round(c.processMs, 0),
        ]),
      ),
    );
  }
  const first = r.coldStart?.firstResponse;
  if (first) {
    out.push(
      'notMeasured' in first
        ? `6. First response: not measured: ${first.notMeasured}\n`
        : table(
            `6. First response of a cold start: a fresh node runs one realistic invocation of the deployed bundle (DynamoDB Local, every other AWS call answered by the fake AWS over IPC); ms from the child's process start (performance.timeOrigin) to the handler's resolved response, median of ${first.invocations[0]?.runs ?? 0}; a bare node -e 0 spawned in the same loop took ${round(first.bareNodeMs, 0)} ms (spawn to exit)`,
            [
              'handler',
              'invocation',
              'first response ms',
              'spawn to response ms',
              'import ms',
              'process ms',
              'response checked',
            ],
            first.invocations.map((f) => [
              f.handler,
              f.invocation,
              round(f.firstResponseMs, 0),
              round(f.spawnToResponseMs, 0),
              round(f.importMs, 0),
              round(f.processMs, 0),
              f.verified ? 'yes' : f.check,
            ]),
          ),
    );
  }
  if (r.throttling) {
    out.push(
      table(
        `7. Throttling: ${THROTTLE_RATE * 100} % of attempts throttled (the service's own error), every call taking ${LATENCY_MS} ms, budget 20 s, ${r.throttling[0]?.runs ?? 0} seeded runs per lab and retry policy`,
        ['lab', 'retries', 'median ms', 'max ms', 'attempts', 'throttled', 'error checks', 'other verdicts'],
        r.throttling.map((f) => [
          f.lab,
          f.policy === 'grader' ? 'grader (10 attempts, jitter 200 ms-3 s)' : 'SDK adaptive (before)',
          round(f.medianMs, 0),
          round(f.maxMs, 0),
          f.attempts,
          f.throttled,
          f.errors,
          f.unanswered.length ? `${f.wrong} (no answer for ${f.unanswered.join(', ')})` : f.wrong,
        ]),
      ),
    );
  }
  if (r.cost) {
    const { prices, session, labs } = r.cost;
    const usd = (n: number) => `$${n < 0.01 ? n.toExponential(2) : n.toFixed(2)}`;
    out.push(
      'notMeasured' in labs
        ? `8. Cost per grade: not measured: ${labs.notMeasured}\n`
        : table(
            `8. Cost per grade, deployed shape (worker ${r.cost.deployed.workerMemoryMb} MB arm64, one grade per invocation; duration = figure 2's grade with 100 ms per call; DynamoDB units reported by DynamoDB Local + ${r.cost.deployed.idempotencyWrites} idempotency writes), ${prices.region} prices transcribed ${prices.transcribed} (bench/prices.json); session = ${session.students} students every ${session.everyMinutes} min for ${session.hours} h`,
            [
              'lab',
              'duration ms',
              'GB-s',
              'WRU',
              'RRU',
              'S3 PUT',
              'SQS req',
              'Lambda',
              'DynamoDB',
              'S3',
              'SQS',
              'per grade',
              'grades',
              'session',
            ],
            labs.map((c) => [
              c.lab,
              round(c.durationMs, 0),
              round(c.billedGbSeconds, 3),
              round(c.writeRequestUnits, 1),
              round(c.readRequestUnits, 1),
              c.s3Puts,
              round(c.sqsRequests, 2),
              usd(c.usd.lambda),
              usd(c.usd.dynamodb),
              usd(c.usd.s3),
              usd(c.usd.sqs),
              usd(c.usd.total),
              c.sessionGrades,
              usd(c.sessionUsd),
            ]),
          ),
    );
  }
  return out.join('\n');
}
