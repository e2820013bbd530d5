/**
 * `npm run bench`: every figure of docs/benchmarks.md, measured in one run, printed as a table
 * (`-- --json` prints the same figures as JSON). `-- --only api,cpu` runs some sections only
 * (api = figures 1 and 2, cpu = 3, service = 4 and 5, cold = 6, throttle = 7, cost = 8).
 * docs/benchmarks.md documents every key of the JSON.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { LABS } from '../checks/labs/index.js';
import type { LabDefinition } from '../checks/model.js';
import { measureApiCalls, measureParallelism } from './api-calls.js';
import { measureColdStarts } from './cold-start.js';
import { DEPLOYED, measureCost, PRICES, SESSION } from './cost.js';
import { measureCpu } from './cpu.js';
import { LATENCY_MS, printReport, type Report, TARGETS } from './report.js';
import { type CompleteScenario, completeScenario } from './scenarios.js';
import { measureService } from './service.js';
import { round } from './stats.js';
import { measureThrottling } from './throttling.js';

export const SECTIONS = ['api', 'cpu', 'service', 'cold', 'throttle', 'cost'] as const;
type Section = (typeof SECTIONS)[number];

function parseArgs(argv: string[]): { json: boolean; only: Set<Section>; runs: number } {
  const json = argv.includes('--json');
  // `--runs N`: fresh processes per cold-start figure (default 5; the key test uses 1).
  const runsArg = argv.indexOf('--runs');
  const runs = runsArg >= 0 ? Number(argv[runsArg + 1]) : 5;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number of runs, at least 1');
  const onlyArg = argv.find((a) => a.startsWith('--only'));
  const value = onlyArg?.includes('=') ? onlyArg.split('=')[1] : onlyArg ? argv[argv.indexOf(onlyArg) + 1] : undefined;
  const only = new Set<Section>(value ? (value.split(',') as Section[]) : SECTIONS);
  for (const s of only)
    if (!SECTIONS.includes(s)) throw new Error(`unknown section ${s}; sections: ${SECTIONS.join(', ')}`);
  return { json, only, runs };
}

const progress = (json: boolean, message: string) => {
  if (!json) process.stderr.write(`… ${message}\n`);
};

async function scenarioInventories(lab: LabDefinition) {
  const mod = (await import(`../test/scenarios/${lab.id}.js`)) as { scenarios: { inventory: never }[] };
  return mod.scenarios.map((s) => s.inventory);
}

export async function runBenchmarks(only: Set<Section>, json: boolean, runs = 5): Promise<Report> {
  const t0 = performance.now();
  const report: Report = {
    machine: {
      node: process.version,
      cpus: availableParallelism(),
      model: cpus()[0]?.model ?? '?',
      loadBefore: loadavg().map((l) => round(l, 2)),
      loadAfter: [],
    },
    targets: TARGETS,
    notMeasured: [],
    durationMs: 0,
  };
  const scenarios: { lab: LabDefinition; scenario: CompleteScenario }[] = [];
  for (const lab of LABS) {
    const scenario = await completeScenario(lab);
    if (typeof scenario === 'string') report.notMeasured.push({ lab: lab.id, why: scenario });
    else scenarios.push({ lab, scenario });
  }
  if (only.has('api')) {
    report.apiCalls = [];
    report.parallelism = [];
    for (const { lab, scenario } of scenarios) {
      progress(json, `API calls and parallelism: ${lab.id}`);
      report.apiCalls.push(await measureApiCalls(lab, scenario));
      report.parallelism.push(await measureParallelism(lab, scenario, LATENCY_MS));
    }
  }
  if (only.has('cpu')) {
    report.cpu = [];
    for (const { lab, scenario } of scenarios) {
      progress(json, `CPU on the synthetic account: ${lab.id}`);
      report.cpu.push(await measureCpu(lab, scenario));
    }
  }
  if (only.has('service')) {
    progress(json, 'fan-out and dashboard query on DynamoDB Local (seeding 1,000 students)');
    const service = await measureService({ inventories: scenarioInventories });
    report.fanOut = service.fanOut;
    report.dashboard = service.dashboard;
  }
  if (only.has('cold')) {
    progress(json, 'bundling and importing the Lambda handlers');
    report.coldStart = await measureColdStarts(runs);
  }
  if (only.has('throttle')) {
    report.throttling = [];
    for (const { lab, scenario } of scenarios) {
      for (const policy of ['grader', 'sdk-adaptive'] as const) {
        progress(json, `throttling (${policy}): ${lab.id}`);
        report.throttling.push(await measureThrottling(lab, scenario, policy, LATENCY_MS));
      }
    }
  }
  if (only.has('cost')) {
    const durations: { lab: LabDefinition; scenario: CompleteScenario; durationMs: number }[] = [];
    for (const { lab, scenario } of scenarios) {
      progress(json, `cost per grade: ${lab.id}`);
      const measured =
        report.parallelism?.find((p) => p.lab === lab.id) ?? (await measureParallelism(lab, scenario, LATENCY_MS));
      durations.push({ lab, scenario, durationMs: measured.wallMs });
    }
    progress(json, 'cost per grade: store traffic on DynamoDB Local');
    report.cost = { prices: PRICES, deployed: DEPLOYED, session: SESSION, labs: await measureCost(durations) };
  }
  report.machine.loadAfter = loadavg().map((l) => round(l, 2));
  report.durationMs = performance.now() - t0;
  return report;
}

const { json, only, runs } = parseArgs(process.argv.slice(2));
const report = await runBenchmarks(only, json, runs);
process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${printReport(report)}\n`);
