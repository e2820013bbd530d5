/** Why a login or a launch was refused: a stable code (logged, tested) and a message for the page. */
export type RejectReason =
  | 'bad-request'
  | 'unknown-platform'
  | 'malformed-token'
  | 'bad-signature'
  | 'unknown-key'
  | 'platform-keys-unavailable'
  | 'platform-keys-refused'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'wrong-azp'
  | 'replayed-nonce'
  | 'unknown-state'
  | 'state-not-bound'
  | 'nonce-mismatch'
  | 'unknown-deployment'
  | 'wrong-message-type'
  | 'wrong-version'
  | 'invalid-claims'
  | 'no-context'
  | 'context-not-linked'
  | 'no-lab'
  | 'student-not-found';

/** A login or launch labgrader refuses; the page shows `message`, the log `reason` and `detail`. */
export class LaunchRejectedError extends Error {
  override name = 'LaunchRejectedError';
  constructor(
    readonly reason: RejectReason,
    message: string,
    /** Non-secret facts for the log and the page (issuer, client id, deployment, user id). */
    readonly detail: Record<string, string | undefined> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** 503 when the platform's keys could not be fetched (try again), 400 otherwise. */
  get statusCode(): number {
    return this.reason === 'platform-keys-unavailable' ? 503 : 400;
  }
}

/** Refuses a launch: throws {@link LaunchRejectedError}. */
export function rejectLaunch(
  reason: RejectReason,
  message: string,
  detail: Record<string, string | undefined>,
  cause?: unknown,
): never {
  throw new LaunchRejectedError(reason, message, detail, cause ? { cause } : undefined);
}

/**
 * An LMS course (context) is linked to another labgrader course, which the caller does not teach
 * (409): moving it would send that course's students, and the scores posted to its gradebook, to
 * the caller's course. Only an instructor of the course it is linked to (or an admin) moves it.
 * `busy`: its link kept changing while the caller's was written (others linking it at once).
 */
export class ContextLinkedError extends Error {
  override name = 'ContextLinkedError';
  readonly field = 'contextId';
  constructor(
    readonly issuer: string,
    readonly contextId: string,
    readonly busy = false,
  ) {
    super(
      busy
        ? `contextId: LMS course ${contextId} of ${issuer} was linked by someone else while your link was written, three times; try again`
        : `contextId: LMS course ${contextId} of ${issuer} is linked to another labgrader course, which you do not teach; an instructor of that course (or an admin) can move it`,
    );
  }
}

/**
 * An instructor registering (or changing) a platform of an issuer someone else registered: its
 * registrations decide whose keys sign launches and where the tool sends its client assertion, so
 * only the instructor who registered the issuer first, or an admin, changes them.
 * `busy`: its registrant kept changing while the caller's registration was written.
 */
export class PlatformRegisteredError extends Error {
  override name = 'PlatformRegisteredError';
  readonly field = 'issuer';
  constructor(
    readonly issuer: string,
    readonly busy = false,
  ) {
    super(
      busy
        ? `issuer: the LMS ${issuer} was registered by someone else while your registration was written, three times; try again`
        : `issuer: the LMS ${issuer} is registered by another instructor; the instructor who registered it (or an admin) changes its registrations`,
    );
  }
}

/**
 * A student's roster entry kept being written (the student removed, registered) while an
 * instructor's link of an LMS user to them was written, three times (409 naming studentId).
 */
export class StudentLinkBusyError extends Error {
  override name = 'StudentLinkBusyError';
  readonly field = 'studentId';
  constructor(
    readonly courseId: string,
    readonly studentId: string,
  ) {
    super(
      `studentId: student ${studentId} of course ${courseId} was changed by someone else while your link was written, three times; try again`,
    );
  }
}
