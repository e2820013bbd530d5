/** What the IaC lab grades, and the views of the account its checks share. */
import type { Stack } from '@aws-sdk/client-cloudformation';
import type { Tag, Vpc } from '@aws-sdk/client-ec2';
import { isDeleted, isNested, type StudentStacks, studentStacks } from '../../facts/cloudformation.js';
import { type Inventory, read, readEntry, tryRead } from '../../inventory.js';
import { defineCheck, type Outcome, type TargetlessCheck } from '../../model.js';
import type { IacParams } from './params.js';

/** The lab VPC whose network the stacks should hold. */
export interface IacTarget {
  vpc: Vpc;
  vpcId: string;
}

/** Types a check of the IaC lab (those judged without a target get `undefined` when there is no VPC). */
export const iacCheck = defineCheck<IacTarget, IacParams>;

/** The student stacks of the inventory (the grader's access stack and CDKToolkit left out). */
export function stacksOf(inventory: Inventory, p: IacParams): StudentStacks {
  const callerArn = tryRead(inventory, 'sts.callerIdentity')?.Arn;
  return studentStacks(read(inventory, 'cloudformation.stacks'), {
    accessStackName: p.accessStackName,
    ...(callerArn ? { callerArn } : {}),
  });
}

/**
 * A check of the student's stacks alone, judged whether or not there is a lab VPC: `evaluate` gets
 * the stacks (see stacksOf) in place of the target.
 */
export interface StacksCheck extends Omit<TargetlessCheck<IacTarget, IacParams>, 'evaluate'> {
  evaluate(students: StudentStacks, p: IacParams, inventory: Inventory): Outcome;
}

/** Types a check of the student's stacks (see {@link StacksCheck}). */
export function stacksCheck(check: StacksCheck): TargetlessCheck<IacTarget, IacParams> {
  return iacCheck({
    ...check,
    evaluate: (_t, p, inventory) => check.evaluate(stacksOf(inventory, p), p, inventory),
  });
}

/** The stacks left out as the grader's or CDK's, for messages. */
export function ignoredStacks(inventory: Inventory, students: StudentStacks): string[] {
  const mine = new Set(students.members.map((s) => s.StackId));
  return read(inventory, 'cloudformation.stacks')
    .filter((s) => !mine.has(s.StackId) && !isNested(s) && !isDeleted(s))
    .map((s) => s.StackName ?? '?');
}

/** `lab-network (CREATE_COMPLETE)`. */
export function stackLabel(stack: Stack): string {
  return `${stack.StackName} (${stack.StackStatus ?? '?'})`;
}

/**
 * A stack resource CloudFormation deleted, or let go of without deleting it (DeletionPolicy Retain
 * on a rollback or a stack deletion: `DELETE_SKIPPED`): the stack no longer holds it.
 */
const RELEASED = new Set(['DELETE_COMPLETE', 'DELETE_SKIPPED']);

/**
 * Which student stack (root or nested) holds a resource: its physical id among the stack's
 * resources (ListStackResources), or the `aws:cloudformation:stack-id` tag CloudFormation puts on
 * what it creates. A resource a stack lists as deleted or retained is no longer held by it, even
 * though it keeps that tag.
 */
export function ownerOf(
  inventory: Inventory,
  students: StudentStacks,
): (id: string | undefined, tags?: Tag[]) => Stack | undefined {
  const byPhysicalId = new Map<string, Stack>();
  const released = new Set<string>();
  const byId = new Map(students.members.map((s) => [s.StackId ?? '', s]));
  for (const stack of students.members) {
    for (const r of readEntry(inventory, 'cloudformation.stackResources', stack.StackId ?? '') ?? []) {
      if (!r.PhysicalResourceId) continue;
      if (RELEASED.has(r.ResourceStatus ?? '')) released.add(r.PhysicalResourceId);
      else byPhysicalId.set(r.PhysicalResourceId, stack);
    }
  }
  return (id, tags) => {
    if (id === undefined) return undefined;
    const found = byPhysicalId.get(id);
    if (found || released.has(id)) return found;
    const tagged = tags?.find((t) => t.Key === 'aws:cloudformation:stack-id')?.Value;
    return tagged ? byId.get(tagged) : undefined;
  };
}
