/**
 * IAM policy documents (identity-based policies and S3 bucket policies share the grammar): the
 * few questions the labs ask of them, answered the way IAM evaluates them (wildcards in actions
 * and resources, single values or arrays, case-insensitive action names).
 */

import { globMatch } from './glob.js';

export interface PolicyStatement {
  Sid?: string;
  Effect?: 'Allow' | 'Deny' | string;
  Principal?: '*' | Record<string, string | string[]>;
  NotPrincipal?: '*' | Record<string, string | string[]>;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** A parsed policy document (IAM returns identity policies URL-encoded; collectors decode them). */
export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement?: PolicyStatement | PolicyStatement[];
}

export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function statementsOf(doc: PolicyDocument | undefined): PolicyStatement[] {
  return asArray(doc?.Statement);
}

/** IAM wildcard match: `*` any run of characters, `?` one character. */
export function globMatches(pattern: string, value: string, caseInsensitive = false): boolean {
  return globMatch(pattern, value, { questionMark: true, ignoreCase: caseInsensitive });
}

/** Does the statement's Action (or NotAction) cover `action`? Action names are case-insensitive. */
export function coversAction(statement: PolicyStatement, action: string): boolean {
  if (statement.NotAction !== undefined) {
    return !asArray(statement.NotAction).some((p) => globMatches(p, action, true));
  }
  return asArray(statement.Action).some((p) => globMatches(p, action, true));
}

/** Does the statement's Resource (or NotResource) cover `arn`? */
export function coversResource(statement: PolicyStatement, arn: string): boolean {
  if (statement.NotResource !== undefined) return !asArray(statement.NotResource).some((p) => globMatches(p, arn));
  return asArray(statement.Resource).some((p) => globMatches(p, arn));
}

/** Principal `*` or `{"AWS": "*"}`: everyone, signed in or not. */
export function isEveryone(statement: PolicyStatement): boolean {
  const principal = statement.Principal;
  if (principal === '*') return true;
  if (principal === undefined || typeof principal !== 'object') return false;
  return asArray(principal.AWS).includes('*');
}

/** An Allow of every action on every resource: full administrator rights. */
export function isAdminStatement(statement: PolicyStatement): boolean {
  return (
    statement.Effect === 'Allow' &&
    statement.NotAction === undefined &&
    asArray(statement.Action).includes('*') &&
    statement.NotResource === undefined &&
    asArray(statement.Resource).includes('*')
  );
}

/**
 * The values a condition block tests for `key` under any of `operators` (keys are
 * case-insensitive in IAM; values come as strings, booleans or arrays of either).
 */
export function conditionValues(statement: PolicyStatement, operators: string[], key: string): string[] {
  const values: string[] = [];
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    if (!operators.includes(operator)) continue;
    for (const [k, v] of Object.entries(block ?? {})) {
      if (k.toLowerCase() !== key.toLowerCase()) continue;
      for (const item of asArray(v as unknown)) values.push(String(item).toLowerCase());
    }
  }
  return values;
}
