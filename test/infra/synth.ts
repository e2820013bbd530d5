/**
 * Builds the grader stack for tests: offline (no AWS account, no Docker: esbuild bundles locally),
 * with CDK's built-in CloudFormation validation off (it doubles synth time; cdk-nag and the
 * assertions do the checking here). Bundling is the slow part, so each test file builds once.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { type GraderConfig, parseGraderConfig } from '../../infra/config.js';
import { HANDLER_ENTRIES, type HandlerName } from '../../infra/entries.js';
import { GraderStack, PROJECT_ROOT } from '../../infra/grader-stack.js';

/** Stands in for a handler another change has not delivered yet (synth tests only, never deployed). */
const PLACEHOLDER = 'infra/test-support/api-placeholder.ts';

/** The real handler entries, with the placeholder for any that does not exist yet. */
export function entriesForTests(): { entries: Record<HandlerName, string>; placeholders: HandlerName[] } {
  const entries = { ...HANDLER_ENTRIES } as Record<HandlerName, string>;
  const placeholders: HandlerName[] = [];
  for (const [name, path] of Object.entries(HANDLER_ENTRIES) as [HandlerName, string][]) {
    if (!existsSync(join(PROJECT_ROOT, path))) {
      entries[name] = PLACEHOLDER;
      placeholders.push(name);
    }
  }
  return { entries, placeholders };
}

export function buildGraderStack(config: Partial<Record<keyof GraderConfig, unknown>> = {}) {
  const app = new App({ builtinCloudFormationValidation: false });
  const { entries } = entriesForTests();
  const stack = new GraderStack(app, 'LabgraderTest', {
    config: parseGraderConfig(config),
    entries,
    env: { account: '111122223333', region: 'ap-northeast-2' },
  });
  return { app, stack };
}
