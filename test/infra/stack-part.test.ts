/**
 * A stack part groups resources without renaming them: the unique-id rule the grader stack uses
 * for logical ids is CDK's own, and a part's id stays out of it.
 */
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { pathWithoutParts, StackPart, uniqueIdOf } from '../../infra/constructs/stack-part.js';

/** Builds the same tree of resources under `parent`, returns them by label. */
function tree(parent: Construct): CfnResource[] {
  const table = new Construct(parent, 'GradesTable');
  const fn = new Construct(parent, 'Grade-Function');
  const role = new Construct(fn, 'ServiceRole');
  const nested = new Construct(new Construct(parent, 'Default'), 'Inner');
  const long = new Construct(parent, 'X'.repeat(300));
  return [
    new CfnResource(table, 'Resource', { type: 'AWS::DynamoDB::Table' }),
    new CfnResource(role, 'DefaultPolicy', { type: 'AWS::IAM::Policy' }),
    new CfnResource(fn, 'Grade-FunctionLogs', { type: 'AWS::Logs::LogGroup' }),
    new CfnResource(nested, 'Resource', { type: 'AWS::SQS::Queue' }),
    new CfnResource(parent, 'Top', { type: 'AWS::SNS::Topic' }),
    new CfnResource(long, 'Resource', { type: 'AWS::SNS::Topic' }),
  ];
}

describe('stack parts', () => {
  it("compute CDK's own logical ids for a stack without parts", () => {
    const stack = new Stack(new App(), 'Plain');
    for (const r of tree(stack)) {
      expect(uniqueIdOf(pathWithoutParts(r, stack)), r.node.path).toBe(stack.resolve(stack.getLogicalId(r)));
    }
  });

  it('leave the part out: a resource inside a part gets the id it had directly in the stack', () => {
    const app = new App();
    const plain = new Stack(app, 'Plain');
    const parted = new Stack(app, 'Parted');
    const inPart = tree(new StackPart(new StackPart(parted, 'Data'), 'Inner'));
    const direct = tree(plain);
    expect(inPart.map((r) => uniqueIdOf(pathWithoutParts(r, parted)))).toEqual(
      direct.map((r) => plain.resolve(plain.getLogicalId(r))),
    );
    // A plain construct still counts: only parts are transparent.
    const grouped = new CfnResource(new Construct(parted, 'Group'), 'Top', { type: 'AWS::SNS::Topic' });
    expect(uniqueIdOf(pathWithoutParts(grouped, parted))).toMatch(/^GroupTop[0-9A-F]{8}$/);
  });

  it('refuses an empty path', () => {
    expect(() => uniqueIdOf(['Default'])).toThrow(/at least one/);
  });
});
