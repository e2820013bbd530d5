/**
 * Where each Lambda's handler lives (paths from the project root). The stack bundles these files
 * with esbuild; moving a handler is a one-line change here.
 */
export const HANDLER_ENTRIES = {
  dispatch: 'functions/handlers/dispatch.ts',
  gradeWorker: 'functions/handlers/grade-worker.ts',
  api: 'functions/handlers/api.ts',
} as const;

export type HandlerName = keyof typeof HANDLER_ENTRIES;

/** The HTTP API's routes (design.md): one Lambda serves them all, each behind the JWT authorizer. */
export const API_ROUTES = [
  'POST /grades',
  'GET /students/{studentId}/grades',
  'GET /courses/{courseId}/labs/{lab}/results',
  'GET /courses/{courseId}/labs/{lab}/summary',
  'GET /courses/{courseId}/labs/{lab}/results.csv',
  'PUT /courses/{courseId}/students/{studentId}',
  'GET /courses/{courseId}/students',
] as const;
