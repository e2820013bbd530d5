/**
 * EventBridge: the rules of the default event bus and their targets, and event patterns, matched as EventBridge matches them: every field the pattern names
 * must match (nested objects field by field, `$or` between alternatives), a leaf is a list of
 * conditions of which one must match, and an array in the event matches when any element does.
 * Supported conditions: literals (string, number, null), `prefix`, `suffix`, `equals-ignore-case`,
 * `wildcard`, `anything-but` (value, list, `prefix`, `suffix`, `equals-ignore-case`, `wildcard`),
 * `numeric`, `exists` and `cidr` (IPv4).
 *
 * Events may hold {@link ANY_VALUE} for a field whose value is not known in advance (an instance
 * id): every condition a present string could satisfy matches it.
 */

import type { Rule, Target } from '@aws-sdk/client-eventbridge';
import { globMatch } from '../glob.js';

declare module '../inventory.js' {
  interface SourceTypes {
    /** The rules of the default event bus. */
    'events.rules': Rule[];
    /** Keyed by rule name; read only for the rules {@link isEc2StateChangeRule} picks. */
    'events.targets': Record<string, Target[]>;
  }
}

/** A field whose value could be any string (e.g. `detail.instance-id` of some future event). */
export const ANY_VALUE: unique symbol = Symbol('any string');

export type EventValue = string | number | boolean | null | typeof ANY_VALUE | EventValue[] | EventObject;
export interface EventObject {
  [field: string]: EventValue;
}

/** The states an EC2 instance state-change notification reports. */
export const EC2_INSTANCE_STATES = [
  'pending',
  'running',
  'stopping',
  'stopped',
  'shutting-down',
  'terminated',
] as const;

export const EC2_STATE_CHANGE = { source: 'aws.ec2', detailType: 'EC2 Instance State-change Notification' } as const;

/** One EC2 instance state-change notification per state, as EventBridge delivers them. */
export function ec2StateChangeEvents(): EventObject[] {
  return EC2_INSTANCE_STATES.map((state) => ({
    version: '0',
    id: ANY_VALUE,
    'detail-type': EC2_STATE_CHANGE.detailType,
    source: EC2_STATE_CHANGE.source,
    account: ANY_VALUE,
    time: ANY_VALUE,
    region: ANY_VALUE,
    resources: [ANY_VALUE],
    detail: { 'instance-id': ANY_VALUE, state },
  }));
}

/** A rule that is on (`ENABLED`, or `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`). */
export function isRuleEnabled(rule: Rule): boolean {
  // PutRule's default state is ENABLED.
  return rule.State !== 'DISABLED';
}

/**
 * A rule whose targets the monitoring lab needs: the student's own (not created by a service for
 * itself, `ManagedBy`), enabled, and matching EC2 instance state changes.
 */
export function isEc2StateChangeRule(rule: Rule): boolean {
  return !!rule.Name && !rule.ManagedBy && isRuleEnabled(rule) && matchesEc2StateChange(rule.EventPattern);
}

/** Parses an `EventPattern` string; `undefined` when it is absent or not a JSON object. */
export function parseEventPattern(pattern: string | undefined): Record<string, unknown> | undefined {
  if (!pattern) return undefined;
  try {
    const parsed: unknown = JSON.parse(pattern);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the pattern matches at least one EC2 instance state-change notification. */
export function matchesEc2StateChange(pattern: string | undefined): boolean {
  const parsed = parseEventPattern(pattern);
  return parsed !== undefined && ec2StateChangeEvents().some((event) => matchesPattern(parsed, event));
}

/** Whether an event matches a (parsed) event pattern. */
export function matchesPattern(pattern: Record<string, unknown>, event: EventObject): boolean {
  for (const [field, rule] of Object.entries(pattern)) {
    if (field === '$or') {
      if (!Array.isArray(rule) || !rule.some((alt) => isObject(alt) && matchesPattern(alt, event))) return false;
      continue;
    }
    const value = Object.hasOwn(event, field) ? event[field] : undefined;
    if (isObject(rule)) {
      if (!isEventObject(value) || !matchesPattern(rule, value)) return false;
    } else if (Array.isArray(rule)) {
      if (!matchesLeaf(rule, value)) return false;
    } else {
      return false;
    }
  }
  return true;
}

function matchesLeaf(conditions: unknown[], value: EventValue | undefined): boolean {
  const values: EventValue[] = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return conditions.some((condition) => {
    if (isObject(condition) && 'exists' in condition) return (condition.exists === true) === values.length > 0;
    return values.some((v) => matchesCondition(condition, v));
  });
}

function matchesCondition(condition: unknown, value: EventValue): boolean {
  if (value === ANY_VALUE) return couldMatchAString(condition);
  if (condition === null || typeof condition !== 'object') return condition === value;
  if (typeof value === 'object' && value !== null) return false;
  const c = condition as Record<string, unknown>;
  if ('numeric' in c) return typeof value === 'number' && matchesNumeric(c.numeric, value);
  if ('cidr' in c) return typeof value === 'string' && typeof c.cidr === 'string' && inCidr(value, c.cidr);
  if ('anything-but' in c) return !matchesAnythingBut(c['anything-but'], value);
  if (typeof value !== 'string') return false;
  return matchesStringOperator(c, value);
}

function matchesStringOperator(c: Record<string, unknown>, value: string): boolean {
  if ('prefix' in c) return withCase(c.prefix, (p, fold) => fold(value).startsWith(fold(p)));
  if ('suffix' in c) return withCase(c.suffix, (s, fold) => fold(value).endsWith(fold(s)));
  if ('equals-ignore-case' in c) {
    return typeof c['equals-ignore-case'] === 'string' && c['equals-ignore-case'].toLowerCase() === value.toLowerCase();
  }
  if ('wildcard' in c) return typeof c.wildcard === 'string' && globMatch(c.wildcard, value, { questionMark: false });
  return false;
}

/** `prefix`/`suffix` take a string, or `{ "equals-ignore-case": string }`. */
function withCase(arg: unknown, test: (s: string, fold: (x: string) => string) => boolean): boolean {
  if (typeof arg === 'string') return test(arg, (x) => x);
  if (isObject(arg) && typeof arg['equals-ignore-case'] === 'string') {
    return test(arg['equals-ignore-case'], (x) => x.toLowerCase());
  }
  return false;
}

/** Whether `value` is among what `anything-but` excludes. */
function matchesAnythingBut(arg: unknown, value: EventValue): boolean {
  if (Array.isArray(arg)) return arg.some((a) => a === value);
  if (isObject(arg)) return typeof value === 'string' && matchesStringOperator(arg, value);
  return arg === value;
}

function matchesNumeric(arg: unknown, value: number): boolean {
  if (!Array.isArray(arg) || arg.length % 2 !== 0) return false;
  for (let i = 0; i < arg.length; i += 2) {
    const [op, bound] = [arg[i], arg[i + 1]];
    if (typeof bound !== 'number') return false;
    const ok =
      (op === '=' && value === bound) ||
      (op === '<' && value < bound) ||
      (op === '<=' && value <= bound) ||
      (op === '>' && value > bound) ||
      (op === '>=' && value >= bound);
    if (!ok) return false;
  }
  return true;
}

/** A string operator or literal a present string value can satisfy (used for {@link ANY_VALUE}). */
function couldMatchAString(condition: unknown): boolean {
  if (typeof condition === 'string') return true;
  if (!isObject(condition)) return false;
  return ['prefix', 'suffix', 'equals-ignore-case', 'wildcard', 'anything-but'].some((op) => op in condition);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText ?? '32');
  const a = ipv4(ip);
  const b = ipv4(base ?? '');
  if (a === undefined || b === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (a & mask) >>> 0 === (b & mask) >>> 0;
}

function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isEventObject(x: EventValue | undefined): x is EventObject {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
