/**
 * The errors of a grade, in a module of their own: code that only needs to recognise them (the
 * dispatch function, credentials) must not load every collector and SDK client with grade.ts.
 */
import { LAB_MANIFESTS } from '../checks/labs/manifests.js';

/** The lab id is not one the grader knows. */
export class UnknownLabError extends Error {
  constructor(readonly lab: string) {
    super(`unknown lab '${lab}'; known labs: ${LAB_MANIFESTS.map((l) => l.id).join(', ')}`);
    this.name = 'UnknownLabError';
  }
}

/** An error that carries the code of what failed (an AWS error code, or the grader's own). */
export class CodedError extends Error {
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The account could not be read at all (no or expired credentials, a role that cannot be
 * assumed, AWS unreachable). Carries the AWS error code; never the credentials.
 */
export class AccountAccessError extends CodedError {
  override name = 'AccountAccessError';
}

/** The CloudWatch metric counting {@link GraderConfigurationError}s, on the API's path as on the worker's (alarmed). */
export const GRADER_MISCONFIGURED_METRIC = 'GraderMisconfigured';

/**
 * The grader itself cannot work (no AWS credentials of its own, for instance): not the student's
 * fault, never stored as their attempt, never charged to their grade slot; the operator must act.
 */
export class GraderConfigurationError extends CodedError {
  override name = 'GraderConfigurationError';
}
