/**
 * The tool's public endpoints (no bearer token), apart from their handling (http.ts), so the API
 * can tell an LTI request without loading the launch code and its JWT library.
 */
export const LTI_PUBLIC_ROUTES = [
  { method: 'GET', path: '/lti/jwks' },
  { method: 'GET', path: '/lti/login' },
  { method: 'POST', path: '/lti/login' },
  { method: 'POST', path: '/lti/launch' },
] as const;

/** Whether a request is for one of the public LTI endpoints (any method: a wrong one gets 405). */
export function isLtiPublicPath(path: string): boolean {
  return LTI_PUBLIC_ROUTES.some((r) => r.path === path);
}
