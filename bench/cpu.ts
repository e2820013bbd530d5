/**
 * Figure 3: CPU per grade on a large account. `evaluateLab` runs on a fresh deep copy of the
 * inventory each time, so every run indexes and parses the account again as a real grade does. Two sizes, full and half the VPCs of the same shape: a
 * check that scanned the whole account once per candidate VPC would make full/half about 4.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { evaluateLab } from '../checks/engine.js';
import type { Inventory } from '../checks/inventory.js';
import type { LabDefinition } from '../checks/model.js';
import { sourcesOf } from '../functions/grade.js';
import type { CompleteScenario } from './scenarios.js';
import { median } from './stats.js';
import { ec2Counts, FULL_VPCS, withSyntheticEc2 } from './synthetic-account.js';

export interface CpuFigure {
  lab: string;
  /** Why the lab was not measured (it reads no EC2 source to grow). */
  notMeasured?: string;
  /** Median CPU milliseconds per grade. */
  fullMs?: number;
  halfMs?: number;
  /** Fastest run's CPU milliseconds at full size (the least disturbed by other processes). */
  fullMinMs?: number;
  /** Median wall milliseconds per grade at full size (includes waiting for a core on a busy machine). */
  fullWallMs?: number;
  /** full / half: about 2 when cost grows linearly with the account. */
  growth?: number;
  runs: number;
  account?: Record<string, number>;
  /** Candidates graded at full size (each is evaluated through every check). */
  candidates?: number;
}

setFlagsFromString('--expose-gc');
const SETTLE_MS = 100;
/** A full garbage collection, so one run never pays for the garbage of the copy made before it. */
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * Median CPU time (user + system of this process, so garbage collection counts) and wall time of
 * one grade. CPU time is the figure: on a shared machine wall time also counts waiting for a core.
 */
async function timeGrades(
  lab: LabDefinition,
  inventory: Inventory,
  scenario: CompleteScenario,
  warmup: number,
  runs: number,
) {
  const cpu: number[] = [];
  const wall: number[] = [];
  let candidates = 0;
  for (let i = 0; i < warmup + runs; i += 1) {
    // A deep copy, untimed: what checks memoize per object (the network index, parsed rules)
    // must be paid by every grade, as it is when each grade reads its own inventory.
    const fresh = structuredClone(inventory);
    collectGarbage();
    // V8 frees memory on helper threads after a collection; their CPU time is not the grade's.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const evaluation = evaluateLab(lab, fresh, scenario.options);
    const wallMs = performance.now() - t0;
    const used = process.cpuUsage(c0);
    if (i >= warmup) {
      cpu.push((used.user + used.system) / 1000);
      wall.push(wallMs);
    }
    candidates = evaluation.candidates.length;
  }
  return { ms: median(cpu), minMs: Math.min(...cpu), wallMs: median(wall), candidates };
}

export async function measureCpu(
  lab: LabDefinition,
  scenario: CompleteScenario,
  runs = 31,
  warmup = 10,
): Promise<CpuFigure> {
  const sources = sourcesOf(lab);
  const full = withSyntheticEc2(scenario.inventory, sources, FULL_VPCS);
  const half = withSyntheticEc2(scenario.inventory, sources, FULL_VPCS / 2);
  if (!full || !half) return { lab: lab.id, notMeasured: 'reads no EC2 source to grow', runs: 0 };
  const f = await timeGrades(lab, full, scenario, warmup, runs);
  const h = await timeGrades(lab, half, scenario, warmup, runs);
  return {
    lab: lab.id,
    fullMs: f.ms,
    halfMs: h.ms,
    fullMinMs: f.minMs,
    fullWallMs: f.wallMs,
    growth: f.ms / h.ms,
    runs,
    account: ec2Counts(full),
    candidates: f.candidates,
  };
}
