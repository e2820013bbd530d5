/**
 * Who is calling, from API Gateway's JWT authorizer claims (Cognito: `sub`, `cognito:groups`), and
 * what they may do. A student reads and grades only their own records. A member of the instructor
 * group reads and manages the courses whose instructor list names them (router.ts enforces it for
 * every route naming a course); a member of the admin group (the deployment's operators) every
 * course, including a course no instructor has claimed yet.
 */
import type { Role } from './contract.js';
import { forbidden, unauthorized } from './errors.js';

export interface Identity {
  /** The token's subject. */
  subject: string;
  role: Role;
  groups: string[];
  /**
   * The caller's id (the `studentIdClaim`, `sub` by default): a student's roster id, and the id an
   * instructor has on a course's instructor list.
   */
  studentId: string;
  /** A member of the admin group: every course, whoever teaches it (role `instructor` too). */
  admin: boolean;
}

export interface AuthOptions {
  /** The group whose members are instructors (default `instructors`). */
  instructorGroup?: string;
  /** The group of the deployment's operators, who manage every course (default `admins`). */
  adminGroup?: string;
  /** The claim that holds a student's id (default `sub`; e.g. `custom:studentId`). */
  studentIdClaim?: string;
}

/**
 * API Gateway's HTTP API hands claims over as strings: an array claim such as `cognito:groups`
 * arrives as `[instructors admins]`. Accepts that, a JSON array, a comma list, or a real array.
 */
export function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string' || claim.trim() === '') return [];
  const s = claim.trim();
  if (s.startsWith('[') && s.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(s);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // API Gateway's own `[a b]` form.
    }
    return s
      .slice(1, -1)
      .split(/[\s,]+/)
      .filter(Boolean);
  }
  return s
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);
}

/** The caller, or 401. Expiry is checked here too, although the authorizer already rejects expired tokens. */
export function identify(claims: Record<string, unknown> | undefined, now: Date, options: AuthOptions = {}): Identity {
  const subject = claims?.sub;
  if (typeof subject !== 'string' || subject === '') {
    throw unauthorized('sign in: this request carries no identity (send Authorization: Bearer <token>)');
  }
  const exp = Number(claims?.exp);
  if (claims?.exp !== undefined && Number.isFinite(exp) && exp * 1000 <= now.getTime()) {
    throw unauthorized('the token has expired: sign in again');
  }
  const groups = groupsOf(claims?.['cognito:groups']);
  const admin = groups.includes(options.adminGroup ?? 'admins');
  const role: Role = admin || groups.includes(options.instructorGroup ?? 'instructors') ? 'instructor' : 'student';
  const idClaim = claims?.[options.studentIdClaim ?? 'sub'];
  return { subject, role, groups, studentId: typeof idClaim === 'string' && idClaim ? idClaim : subject, admin };
}

export function requireInstructor(who: Identity): void {
  if (who.role !== 'instructor') throw forbidden('only instructors may do this');
}

/** A student may act only on themselves; an instructor on anyone. */
export function requireSelfOrInstructor(who: Identity, studentId: string): void {
  if (who.role === 'instructor' || who.studentId === studentId) return;
  throw forbidden(`student ${who.studentId} may not read or grade the records of student ${studentId}`);
}
