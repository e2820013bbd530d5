/**
 * Grades a lab on the full synthetic account in a loop, for a CPU profile:
 * `node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile.ts vpc`.
 */
import { evaluateLab } from '../checks/engine.js';
import { findLab } from '../checks/labs/index.js';
import { sourcesOf } from '../functions/grade.js';
import { completeScenario } from './scenarios.js';
import { FULL_VPCS, withSyntheticEc2 } from './synthetic-account.js';

const lab = findLab(process.argv[2] ?? 'vpc');
if (!lab) throw new Error(`unknown lab ${process.argv[2]}`);
const scenario = await completeScenario(lab);
if (typeof scenario === 'string') throw new Error(scenario);
const inventory = withSyntheticEc2(scenario.inventory, sourcesOf(lab), FULL_VPCS);
if (!inventory) throw new Error(`${lab.id} reads no EC2 source`);
const runs = Number(process.argv[3] ?? 50);
const t0 = performance.now();
// A deep copy per run, as in `npm run bench`: memoized indexes and parsed rules are paid every time
// (structuredClone shows up in the profile as its own entry).
for (let i = 0; i < runs; i += 1) evaluateLab(lab, structuredClone(inventory), scenario.options);
console.log(`${lab.id}: ${((performance.now() - t0) / runs).toFixed(1)} ms per copy and grade over ${runs} runs`);
