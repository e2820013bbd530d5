/**
 * Keeps a stored result far below DynamoDB's 400 KB item limit. An account with thousands of
 * instances can make a check's evidence list huge; the stored result keeps the first ids and says
 * in `trimmed` what was cut and where the whole truth is (the attempt's stored inventory).
 */
import type { GradeResult } from '../../checks/model.js';
import type { StoredResult, TrimReport } from './records.js';

/** A result is trimmed to this JSON size (an attempt item and a standing item each hold one result). */
export const RESULT_BUDGET_BYTES = 64 * 1024;

/** Successively stricter limits, applied until the result fits. */
const LEVELS = [
  { evidence: 100, resources: 300, candidates: 20, message: 2000 },
  { evidence: 20, resources: 50, candidates: 10, message: 500 },
  { evidence: 3, resources: 10, candidates: 3, message: 200 },
  { evidence: 0, resources: 0, candidates: 1, message: 100 },
] as const;

function byteSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/**
 * Returns the result unchanged when it fits in `budgetBytes`, else a copy with long lists and
 * messages cut and a `trimmed` report. `fullInventory` names where the untrimmed evidence lives.
 */
export function trimResult(
  result: GradeResult,
  fullInventory?: string,
  budgetBytes = RESULT_BUDGET_BYTES,
): StoredResult {
  const originalBytes = byteSize(result);
  if (originalBytes <= budgetBytes) return result;
  let trimmed: StoredResult = result;
  for (const level of LEVELS) {
    const report: TrimReport = { originalBytes, storedBytes: 0 };
    const evidence: NonNullable<TrimReport['evidence']> = {};
    const messages: string[] = [];
    const checks = result.checks.map((c) => {
      const copy = { ...c };
      if (c.evidence.length > level.evidence) {
        copy.evidence = c.evidence.slice(0, level.evidence);
        evidence[c.id] = { kept: copy.evidence.length, total: c.evidence.length };
      }
      if (c.message.length > level.message) {
        copy.message = `${c.message.slice(0, level.message)}…`;
        messages.push(c.id);
      }
      if (c.hint && c.hint.length > level.message) copy.hint = `${c.hint.slice(0, level.message)}…`;
      return copy;
    });
    if (Object.keys(evidence).length) report.evidence = evidence;
    if (messages.length) report.messages = messages;
    let resources = result.resources;
    if (resources.length > level.resources) {
      resources = resources.slice(0, level.resources);
      report.resources = { kept: resources.length, total: result.resources.length };
    }
    let candidates = result.candidates;
    if (candidates.length > level.candidates) {
      candidates = candidates.slice(0, level.candidates);
      report.candidates = { kept: candidates.length, total: result.candidates.length };
    }
    if (fullInventory) report.fullInventory = fullInventory;
    trimmed = { ...result, checks, resources, candidates, trimmed: report };
    report.storedBytes = byteSize(trimmed);
    if (report.storedBytes <= budgetBytes) return trimmed;
  }
  return trimmed;
}
