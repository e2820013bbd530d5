/**
 * The inventory: a read-only snapshot of one student account, as the collectors read it.
 *
 * Every *source* is the merged result of one AWS read (all pages of one List/Describe call, or
 * one per-resource call for each candidate), stored in the SDK's own output types. A source that
 * could not be read carries the AWS error instead of data, so the checks that need it become
 * `error` while the rest of the grade completes.
 *
 * Labs add their sources by merging into {@link SourceTypes} from their own files:
 *
 * ```ts
 * declare module '../inventory.js' {
 *   interface SourceTypes { 'rds.dbInstances': DBInstance[] }
 * }
 * ```
 */
import type {
  Address,
  Instance,
  InternetGateway,
  NatGateway,
  NetworkAcl,
  RouteTable,
  SecurityGroup,
  Subnet,
  Vpc,
} from '@aws-sdk/client-ec2';
// The facts modules complete SourceTypes by declaration merging. They are named here (types only,
// nothing loads at run time) so that every program that names a source key knows them all, even
// one that reaches only a lab's manifest and no check (the dashboard's type check of the API).
import type {} from './facts/autoscaling.js';
import type {} from './facts/cloudformation.js';
import type {} from './facts/cloudtrail.js';
import type {} from './facts/cloudwatch.js';
import type {} from './facts/compute.js';
import type {} from './facts/elb.js';
import type {} from './facts/elb-classic.js';
import type {} from './facts/events.js';
import type {} from './facts/flow-logs.js';
import type {} from './facts/iam.js';
import type {} from './facts/rds.js';
import type {} from './facts/s3.js';
import type {} from './facts/sns.js';

/** Bumped whenever a stored inventory can no longer be read by this grader. */
export const INVENTORY_SCHEMA_VERSION = 1;

/** DNS attributes of one VPC (DescribeVpcAttribute answers one attribute per call). */
export interface VpcDnsAttributes {
  enableDnsSupport?: boolean;
  enableDnsHostnames?: boolean;
}

/** Source key → the type of its data. Extended by each lab's collectors (declaration merging). */
export interface SourceTypes {
  'sts.callerIdentity': { Account?: string; Arn?: string; UserId?: string };
  'ec2.vpcs': Vpc[];
  /** Keyed by VPC id; read only for candidate (non-default) VPCs. */
  'ec2.vpcDnsAttributes': Record<string, VpcDnsAttributes>;
  'ec2.subnets': Subnet[];
  'ec2.routeTables': RouteTable[];
  'ec2.internetGateways': InternetGateway[];
  'ec2.natGateways': NatGateway[];
  'ec2.addresses': Address[];
  'ec2.securityGroups': SecurityGroup[];
  'ec2.networkAcls': NetworkAcl[];
  /** Every instance of every reservation, flattened. */
  'ec2.instances': Instance[];
}

export type SourceKey = keyof SourceTypes;

/** Read by every grade whatever the lab lists: who the caller is (the graded account). */
export const COMMON_SOURCES: readonly SourceKey[] = ['sts.callerIdentity'];

/** Why a source could not be read: the AWS error code and message, as AWS gave them. */
export interface SourceError {
  code: string;
  message: string;
}

export type Source<T> = { data: T; error?: undefined } | { data?: undefined; error: SourceError };

export interface Inventory {
  schemaVersion: typeof INVENTORY_SCHEMA_VERSION;
  /** The region the grade looked at (global services such as IAM are read once, whatever it is). */
  region: string;
  accountId?: string;
  /** ISO 8601; when the collection started. */
  collectedAt: string;
  /** The lab this inventory was collected for, when it was collected for one. */
  lab?: string;
  sources: InventorySources;
  /**
   * Sources read in regions other than {@link region}, by region: what a lab's `regional`
   * declaration asked for (e.g. the cleanup report's other regions). Absent when none was read.
   */
  regions?: Record<string, { sources: InventorySources }>;
}

export type InventorySources = { [K in SourceKey]?: Source<SourceTypes[K]> };

/** Thrown when a check reads a source that was not collected or could not be read. */
export class SourceUnavailableError extends Error {
  constructor(
    readonly source: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SourceUnavailableError';
  }
}

/**
 * Reads one source's data. Throws {@link SourceUnavailableError} when the source failed or was
 * never collected; the engine turns that into an `error` outcome naming the AWS error code.
 */
export function read<K extends SourceKey>(inventory: Inventory, key: K): SourceTypes[K] {
  const source = inventory.sources[key] as Source<SourceTypes[K]> | undefined;
  if (source === undefined) {
    throw new SourceUnavailableError(key, 'NotCollected', `${key} was not collected in this inventory`);
  }
  if (source.error) {
    throw new SourceUnavailableError(key, source.error.code, `${key}: ${source.error.code}: ${source.error.message}`);
  }
  return source.data as SourceTypes[K];
}

/**
 * Reads one source as read in `region`: the graded region's own sources, or those a lab's
 * `regional` declaration read in another region. Throws {@link SourceUnavailableError} (naming
 * the region) when that region's source failed or was never read, so only the checks that read
 * it become `error`.
 */
export function readIn<K extends SourceKey>(inventory: Inventory, region: string, key: K): SourceTypes[K] {
  if (region === inventory.region) return read(inventory, key);
  const source = inventory.regions?.[region]?.sources[key] as Source<SourceTypes[K]> | undefined;
  const where = `${key} in ${region}`;
  if (source === undefined) throw new SourceUnavailableError(where, 'NotCollected', `${where} was not collected`);
  if (source.error) {
    throw new SourceUnavailableError(
      where,
      source.error.code,
      `${where}: ${source.error.code}: ${source.error.message}`,
    );
  }
  return source.data as SourceTypes[K];
}

/** Every region an inventory holds data of: the graded one first, then the others, sorted. */
export function regionsOf(inventory: Inventory): string[] {
  const others = Object.keys(inventory.regions ?? {}).filter((r) => r !== inventory.region);
  return [inventory.region, ...others.sort()];
}

/** The data of a source, or `undefined` when it is missing or failed (for optional lookups). */
export function tryRead<K extends SourceKey>(inventory: Inventory, key: K): SourceTypes[K] | undefined {
  const source = inventory.sources[key] as Source<SourceTypes[K]> | undefined;
  return source?.error ? undefined : source?.data;
}

/** {@link tryRead} in `region` (see {@link readIn}): `undefined` when that region's source is missing or failed. */
export function tryReadIn<K extends SourceKey>(
  inventory: Inventory,
  region: string,
  key: K,
): SourceTypes[K] | undefined {
  if (region === inventory.region) return tryRead(inventory, key);
  const source = inventory.regions?.[region]?.sources[key] as Source<SourceTypes[K]> | undefined;
  return source?.error ? undefined : source?.data;
}

/** The error of a source, if it failed. */
export function sourceError(inventory: Inventory, key: SourceKey): SourceError | undefined {
  return inventory.sources[key]?.error;
}

/**
 * One resource's entry of a per-resource source (keyed by id, e.g. per bucket or per user).
 * Throws {@link SourceUnavailableError} when the source failed or has no entry for `id` (it was
 * not read for that resource), so a check never judges what the grader did not look at.
 */
export function readEntry<K extends SourceKey>(
  inventory: Inventory,
  key: K,
  id: string,
): SourceTypes[K] extends Record<string, infer V> ? V : never {
  const data = read(inventory, key) as Record<string, unknown>;
  if (!Object.hasOwn(data, id)) {
    throw new SourceUnavailableError(key, 'NotCollected', `${key} was not read for ${id}`);
  }
  return data[id] as SourceTypes[K] extends Record<string, infer V> ? V : never;
}
