/**
 * What a handler's import loads of the project's code (bundled as the stack bundles it): modules
 * that only other handlers' requests need stay out, so a cold start neither evaluates them nor
 * builds their zod schemas (docs/benchmarks.md, figure 6).
 */
import { describe, expect, it } from 'vitest';
import { loadedAtImport } from '../support/loaded-at-import.js';

describe("a handler's import", () => {
  it('of the grade worker loads no roster, registration or live-event code', async () => {
    const { inputs } = await loadedAtImport('functions/handlers/grade-worker.ts');
    expect(inputs).toContain('functions/service/grade-job.ts');
    expect(inputs).toContain('functions/service/overrides.ts');
    expect(inputs.filter((i) => /functions\/service\/(roster|registration-input|live-events)\.ts$/.test(i))).toEqual(
      [],
    );
  });

  it("of the LTI score worker loads no launch's claims", async () => {
    const { inputs } = await loadedAtImport('functions/handlers/lti-score-worker.ts');
    expect(inputs).toContain('functions/lti/ags.ts');
    expect(inputs.filter((i) => /functions\/lti\/(claims|launch|login|registration)\.ts$/.test(i))).toEqual([]);
  });
});
