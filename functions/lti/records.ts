/**
 * What the LTI 1.3 tool keeps (in the grades table, keys in lti-store.ts): the platforms that may
 * launch it, which LMS course (context) is which labgrader course, which LMS user is which roster
 * student (with the Assignment and Grade Services endpoint of the context they launched from), the
 * line item of each lab, and the short-lived login states and used nonces.
 */

/** One LMS registration of the tool (an issuer and the client id it gave labgrader). */
export interface PlatformRegistration {
  /** The platform's `iss` (Canvas: https://canvas.instructure.com; Moodle: the site URL). */
  issuer: string;
  /** The client id the platform assigned to labgrader (the id_token's `aud`). */
  clientId: string;
  /** Deployment ids of the tool in that platform that may launch (`deployment_id` claim). */
  deploymentIds: string[];
  /** The platform's public keys (JWKS URL). */
  jwksUrl: string;
  /** The platform's OIDC authorization endpoint (the login redirects there). */
  authUrl: string;
  /** The platform's OAuth 2 token endpoint (client credentials for Assignment and Grade Services). */
  tokenUrl: string;
  /** The `aud` of the client assertion, when the platform wants another one than the token URL. */
  tokenAudience?: string;
  name?: string;
  /**
   * The instructor who registered the issuer first: with admins, the only one who may change its
   * registrations. Absent on registrations made before it was kept (admins only) or by the service
   * itself.
   */
  registeredBy?: string;
  createdAt: string;
  updatedAt: string;
}

/** An LMS course (context) linked to a labgrader course. */
export interface ContextLink {
  issuer: string;
  contextId: string;
  courseId: string;
  /** The context's title as the LMS shows it (informational). */
  title?: string;
  linkedAt: string;
}

/** The Assignment and Grade Services endpoint of a context, as the launch claim gave it. */
export interface AgsEndpoint {
  /** The context's line items container. */
  lineItemsUrl?: string;
  /** The line item of the resource link launched (when the platform made one, e.g. a Canvas assignment). */
  lineItemUrl?: string;
  scopes: string[];
}

/** How an LMS user was recognised as a roster student. */
export type LinkedBy = 'instructor' | 'email' | 'sis-id';

/** An LMS user (`sub` of a platform) linked to a roster student of a course. */
export interface UserLink {
  courseId: string;
  studentId: string;
  issuer: string;
  clientId: string;
  deploymentId: string;
  /** The LTI user id: scores are posted for it (`userId`). */
  sub: string;
  linkedBy: LinkedBy;
  /** What the LMS said about the user at the last launch (informational, for exports). */
  email?: string;
  sisId?: string;
  name?: string;
  contextId?: string;
  /** Set by the student's launches: where their scores go. */
  ags?: AgsEndpoint;
  linkedAt: string;
  lastLaunchAt?: string;
}

/** A labgrader lab's line item in one context's gradebook. */
export interface LineItemRecord {
  courseId: string;
  lab: string;
  lineItemsUrl: string;
  lineItemUrl: string;
  createdAt: string;
}

/** An OIDC login in flight: what the launch must come back with, bound to the browser that logged in. */
export interface LoginState {
  state: string;
  nonce: string;
  issuer: string;
  clientId: string;
  /** SHA-256 (hex) of the browser binding cookie's value. */
  bindingHash: string;
  /** Epoch seconds; DynamoDB's TTL removes it. */
  expiresAt: number;
}
