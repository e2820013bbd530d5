/**
 * The Assignment and Grade Services 2.0 scopes labgrader asks a platform for. Apart from the
 * launch claims (claims.ts, which re-exports them) so that the score worker, which only posts
 * scores, does not build the launch's zod schemas at import.
 */
export const AGS_SCOPE = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadOnly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
} as const;
