/**
 * `npm run bench -- --json` keeps its figures under the keys docs/benchmarks.md documents ("JSON
 * keys"): a run of the quick sections (api, cold with one process per figure, cost) must carry
 * every documented key of those sections and of the report itself. Nothing here is timed.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SECTIONS_RUN = ['api', 'cold', 'cost'];
/** Report keys filled by the sections run here (the others' keys come from cpu, service, throttle). */
const TOP_KEYS_RUN = [
  'machine',
  'targets',
  'notMeasured',
  'durationMs',
  'apiCalls',
  'parallelism',
  'coldStart',
  'cost',
];

/** The documented key paths: the first column of the "JSON keys" table, e.g. `coldStart.handlers[].importMs`. */
function documentedKeys(): string[] {
  const doc = readFileSync(join(ROOT, 'docs', 'benchmarks.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## JSON keys'));
  return [...section.matchAll(/^\| `([A-Za-z0-9_.[\]]+)` \|/gm)].map((m) => m[1] as string);
}

/** The values at a path such as `cost.labs[].usd.total` (one per array element). */
function valuesAt(report: unknown, path: string): unknown[] {
  let values: unknown[] = [report];
  for (const part of path.split('.')) {
    const name = part.replace(/\[\]$/, '');
    values = values.map((v) => (v as Record<string, unknown> | undefined)?.[name]);
    if (part.endsWith('[]')) values = values.flatMap((v) => (Array.isArray(v) ? v : [undefined]));
  }
  return values;
}

let report: Record<string, unknown>;

beforeAll(async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'bench/run.ts', '--json', '--only', SECTIONS_RUN.join(','), '--runs', '1'],
    { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
  );
  report = JSON.parse(stdout);
}, 900_000);

describe('npm run bench -- --json', () => {
  it('documents keys for every section', () => {
    const tops = new Set(documentedKeys().map((k) => k.split(/[.[]/)[0]));
    for (const key of [...TOP_KEYS_RUN, 'cpu', 'fanOut', 'dashboard', 'throttling']) expect(tops).toContain(key);
  });

  it('carries every documented key of the sections it ran, in every row', () => {
    const missing = documentedKeys()
      .filter((k) => TOP_KEYS_RUN.includes(k.split(/[.[]/)[0] as string))
      .filter((k) => {
        const values = valuesAt(report, k);
        return values.length === 0 || values.some((v) => v === undefined);
      });
    expect(missing).toEqual([]);
  });

  it('times a first response of api, dispatch and grade worker that was the real one', () => {
    const first = (report.coldStart as { firstResponse: { invocations?: unknown[]; notMeasured?: string } })
      .firstResponse;
    if (!first.invocations) throw new Error(`first response not measured: ${first.notMeasured}`);
    const rows = first.invocations as { handler: string; verified: boolean; check: string }[];
    expect(rows.map((r) => r.handler)).toEqual(['api', 'dispatch', 'gradeWorker']);
    expect(rows.filter((r) => !r.verified).map((r) => `${r.handler}: ${r.check}`)).toEqual([]);
  });

  it('prices every lab it measured (a cost section that did not run says why)', () => {
    const cost = report.cost as { labs: unknown[] | { notMeasured: string } };
    if (!Array.isArray(cost.labs)) throw new Error(`cost not measured: ${cost.labs.notMeasured}`);
    expect(cost.labs.length).toBe((report.apiCalls as unknown[]).length);
  });
});
