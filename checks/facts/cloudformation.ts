/**
 * CloudFormation facts shared by the IaC lab and its collectors: which stacks are the student's
 * (not the grader's access stack, not the CDK bootstrap stack, nested stacks judged through their
 * root), and which stack a resource or an export belongs to.
 */
import type { Export, Stack, StackResourceSummary } from '@aws-sdk/client-cloudformation';

declare module '../inventory.js' {
  interface SourceTypes {
    /** DescribeStacks: every stack of the region that is not deleted, nested ones included. */
    'cloudformation.stacks': Stack[];
    /**
     * Keyed by stack id: ListStackResources of the student stacks (roots and their nested stacks);
     * `null` when the stack was deleted between the two reads.
     */
    'cloudformation.stackResources': Record<string, StackResourceSummary[] | null>;
    /** ListExports: every export of the region. */
    'cloudformation.exports': Export[];
    /** Keyed by export name: ListImports for the student stacks' exports (stack names; [] when none imports it). */
    'cloudformation.imports': Record<string, string[]>;
  }
}

/** The stack name `templates/student-access.json` is deployed as (docs/deploy.md). */
export const DEFAULT_ACCESS_STACK_NAME = 'labgrader-access';

/** How the grader's own access stack is recognised. */
export interface AccessStackHints {
  /** The course's name for the access stack. */
  accessStackName: string;
  /** The ARN the grader reads the account as (GetCallerIdentity): `…:assumed-role/<role>/<session>`. */
  callerArn?: string;
}

/** `arn:aws:sts::1:assumed-role/Role/session` → `Role`; `arn:aws:iam::1:role/path/Role` → `Role`. */
function roleNameOf(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const assumed = /:assumed-role\/([^/]+)\//.exec(arn);
  if (assumed) return assumed[1];
  const role = /:role\/(?:.*\/)?([^/]+)$/.exec(arn);
  return role?.[1];
}

/**
 * The grader's access stack: named as the course deploys it, described as the template describes
 * itself, or outputting the ARN of the very role the grader reads the account with.
 */
export function isGraderAccessStack(stack: Stack, hints: AccessStackHints): boolean {
  if (stack.StackName === hints.accessStackName) return true;
  if (stack.Description?.startsWith('labgrader student access')) return true;
  const caller = roleNameOf(hints.callerArn);
  return caller !== undefined && (stack.Outputs ?? []).some((o) => roleNameOf(o.OutputValue) === caller);
}

/** The CDK bootstrap stack (`cdk bootstrap`): `CDKToolkit`, or any stack outputting `BootstrapVersion`. */
export function isCdkToolkit(stack: Stack): boolean {
  return stack.StackName === 'CDKToolkit' || (stack.Outputs ?? []).some((o) => o.OutputKey === 'BootstrapVersion');
}

/** A nested stack names its parent and root stacks (by stack id); a root stack has neither. */
export function isNested(stack: Stack): boolean {
  return Boolean(stack.ParentId || stack.RootId);
}

/**
 * The id of a nested stack's top-level stack: its RootId, else (answers that give only ParentId,
 * one level up, or RootId as an empty string) the end of its chain of parents, whatever order the
 * stacks are listed in.
 */
function topStackId(nested: Stack, byId: ReadonlyMap<string, Stack>): string {
  if (nested.RootId) return nested.RootId;
  let id = nested.ParentId ?? '';
  // The chain is as deep as the nesting (CloudFormation allows a few levels); `seen` stops a loop.
  const seen = new Set<string>();
  for (let parent = byId.get(id); parent?.ParentId && !seen.has(id); parent = byId.get(id)) {
    seen.add(id);
    id = parent.RootId || parent.ParentId;
  }
  return id;
}

export interface StudentStacks {
  /** The student's root stacks, in DescribeStacks order. */
  roots: Stack[];
  /** The roots and every nested stack under them: the stacks whose resources are the student's. */
  members: Stack[];
  /** Stack id → the student root stack it belongs to (a root maps to itself). */
  rootOf: Map<string, Stack>;
  /** Stack name → the student root stack it belongs to. */
  rootByName: Map<string, Stack>;
}

/**
 * A stack that is gone. DescribeStacks without a name lists only stacks that exist; an emulator
 * may also list deleted ones (`DELETE_COMPLETE`), which hold nothing and are no layer of the lab.
 */
export function isDeleted(stack: Stack): boolean {
  return stack.StackStatus === 'DELETE_COMPLETE';
}

/** The student stacks among an account's stacks. */
export function studentStacks(listed: readonly Stack[], hints: AccessStackHints): StudentStacks {
  const stacks = listed.filter((s) => !isDeleted(s));
  const roots = stacks.filter((s) => !isNested(s) && !isGraderAccessStack(s, hints) && !isCdkToolkit(s));
  const rootOf = new Map<string, Stack>();
  const rootByName = new Map<string, Stack>();
  for (const root of roots) rootOf.set(root.StackId ?? '', root);
  const members = [...roots];
  const byId = new Map(stacks.map((s) => [s.StackId ?? '', s]));
  for (const s of stacks) {
    if (!isNested(s)) continue;
    const root = rootOf.get(topStackId(s, byId));
    if (!root) continue;
    rootOf.set(s.StackId ?? '', root);
    members.push(s);
  }
  for (const s of members) rootByName.set(s.StackName ?? '', rootOf.get(s.StackId ?? '') as Stack);
  return { roots, members, rootOf, rootByName };
}

/**
 * States a stack is left in after a failure: `*_FAILED`, or rolled back (`ROLLBACK_COMPLETE`,
 * `UPDATE_ROLLBACK_COMPLETE`, and `IMPORT_ROLLBACK_COMPLETE` after a failed resource import).
 */
export function isFailedState(status: string | undefined): boolean {
  return status !== undefined && (status.endsWith('_FAILED') || ROLLED_BACK.has(status));
}

const ROLLED_BACK = new Set(['ROLLBACK_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE']);
