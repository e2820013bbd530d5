/**
 * Least privilege from one source of truth: the sources the registered labs read (`LABS`, each
 * lab's `sources`, plus what every grade reads) and the IAM actions their collectors declare
 * (functions/inventory, `actionsFor()`). The student access role gets exactly those read actions,
 * not those of a collector no lab reads;
 * the grader gets none of them, only the right to assume student roles that live under
 * {@link STUDENT_ROLE_PATH} (and its own table, queue, bucket and key, granted in the stack).
 */
import { COMMON_SOURCES, type SourceKey } from '../checks/inventory.js';
import { LABS } from '../checks/labs/index.js';
import { actionsFor } from '../functions/inventory/index.js';

/** The IAM path of every student access role; the grader may assume roles under it and no other. */
export const STUDENT_ROLE_PATH = '/labgrader/';

/** Every source a grade of a registered lab reads, sorted. */
export function labSources(): SourceKey[] {
  return [...new Set<SourceKey>([...COMMON_SOURCES, ...LABS.flatMap((lab) => lab.sources)])].sort();
}

/** The read actions the student access role allows: what the collectors of the labs' sources call, sorted. */
export function studentReadActions(): string[] {
  return actionsFor(labSources());
}

/** The actions the grader's own functions use on student accounts (never the read actions themselves). */
export const GRADER_CROSS_ACCOUNT_ACTIONS = ['sts:AssumeRole'] as const;

/** The ARN pattern of every student access role, in any account of the partition. */
export function studentRoleArnPattern(partition: string): string {
  return `arn:${partition}:iam::*:role${STUDENT_ROLE_PATH}*`;
}

/** Whether an action only reads: Describe*, List*, Get* or sts:GetCallerIdentity, never a wildcard. */
export function isReadOnlyAction(action: string): boolean {
  if (action.includes('*') || action.includes('?')) return false;
  const [service, operation] = action.split(':');
  if (!service || !operation || !/^[a-z0-9-]+$/.test(service) || !/^[A-Z][A-Za-z0-9]+$/.test(operation)) return false;
  return /^(Describe|List|Get)[A-Z]/.test(operation);
}
