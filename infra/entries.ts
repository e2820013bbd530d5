import { ROUTES } from '../functions/api/routes/index.js';

/**
 * Where each Lambda's handler lives (paths from the project root). The stack bundles these files
 * with esbuild; moving a handler is a one-line change here.
 */
export const HANDLER_ENTRIES = {
  dispatch: 'functions/handlers/dispatch.ts',
  gradeWorker: 'functions/handlers/grade-worker.ts',
  api: 'functions/handlers/api.ts',
  scores: 'functions/handlers/lti-score-worker.ts',
  eventIntake: 'functions/handlers/event-intake.ts',
  busPolicy: 'functions/handlers/bus-policy.ts',
} as const;

export type HandlerName = keyof typeof HANDLER_ENTRIES;

/**
 * The HTTP API's routes, taken from the API's own routing table so a route the handler serves can
 * never be missing from API Gateway: one Lambda serves them all, each behind the JWT authorizer.
 */
export const API_ROUTES: readonly string[] = ROUTES.map((r) => `${r.method} ${r.pattern}`);
