/**
 * The grader stack is composed of parts (data, grading pipeline, API, alarms), each a construct
 * in its own file. A part groups resources for the reader; it must not rename them: CloudFormation
 * replaces a resource whose logical id changes, which for the grades table, the user pool or the
 * credentials key means a new, empty one. So a part's id is left out of its resources' logical
 * ids: the stack allocates them from the construct path without the parts, exactly as when every
 * resource sat directly in the stack.
 */
import { createHash } from 'node:crypto';
import { Construct, type IConstruct } from 'constructs';

/** A construct whose id does not enter the logical ids (or unique ids) of what it contains. */
export class StackPart extends Construct {}

/**
 * CDK's own unique-id rule (aws-cdk-lib core's makeUniqueId, which is not exported): path
 * components joined, "Default" dropped, "Resource" hidden from the readable part, and a hash of
 * the full path.
 */
export function uniqueIdOf(components: readonly string[]): string {
  const path = components.filter((c) => c !== 'Default');
  if (path.length === 0) throw new Error('a unique id needs at least one path component');
  const alphanumeric = (s: string) => s.replace(/[^A-Za-z0-9]/g, '');
  if (path.length === 1 && alphanumeric(path[0]!).length <= 255) return alphanumeric(path[0]!);
  const hash = createHash('md5').update(path.join('/')).digest('hex').slice(0, 8).toUpperCase();
  const human: string[] = [];
  for (const c of path) if (human.length === 0 || !human[human.length - 1]!.endsWith(c)) human.push(c);
  return (
    human
      .filter((c) => c !== 'Resource')
      .map(alphanumeric)
      .join('')
      .slice(0, 240) + hash
  );
}

/** The ids on the path from `from` (exclusive) down to `construct` (inclusive), parts left out. */
export function pathWithoutParts(construct: IConstruct, from?: IConstruct): string[] {
  const scopes = construct.node.scopes;
  const start = from ? scopes.indexOf(from) + 1 : 1;
  return scopes
    .slice(start)
    .filter((s) => !(s instanceof StackPart))
    .map((s) => s.node.id);
}
