/**
 * The student access template, as students deploy it: the committed file is exactly what the
 * collectors' actions generate, it loads as CloudFormation (CDK's CfnInclude parses every
 * intrinsic and reference), and the role it makes only lets the grader's account in, with the
 * ExternalId, for an hour, to read.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/grader-stack.js';
import { STUDENT_ROLE_PATH, studentReadActions, studentRoleArnPattern } from '../../infra/permissions.js';
import {
  renderStudentAccessTemplate,
  STUDENT_ROLE_LOGICAL_ID,
  STUDENT_ROLE_OUTPUT,
  STUDENT_TEMPLATE_PATH,
} from '../../infra/student-access-template.js';
import { LIVE_TRAIL_BUCKET_LOGICAL_ID, liveResources } from '../../infra/student-live-events.js';

const templateFile = join(PROJECT_ROOT, STUDENT_TEMPLATE_PATH);
const committed = readFileSync(templateFile, 'utf8');

let stack: Stack;
let template: Template;
let include: CfnInclude;
let app: App;

beforeAll(() => {
  app = new App({ builtinCloudFormationValidation: false });
  stack = new Stack(app, 'StudentAccess');
  include = new CfnInclude(stack, 'Template', { templateFile });
  template = Template.fromStack(stack);
});

afterAll(() => rmSync(app.outdir, { recursive: true, force: true }));

describe('templates/student-access.json', () => {
  it('is what `npm run student-template` generates from the collectors today', () => {
    // On failure: run `npm run student-template` and commit the file.
    expect(committed).toBe(renderStudentAccessTemplate());
  });

  it("loads as a CloudFormation template with the grader's role, the live-grading part and its parameters", () => {
    // The grader's read-only role, and the live-grading rule's role (test/infra/student-live-events.test.ts).
    template.resourceCountIs('AWS::IAM::Role', 2);
    expect(Object.keys(template.toJSON().Resources).sort()).toEqual(
      [STUDENT_ROLE_LOGICAL_ID, ...Object.keys(liveResources)].sort(),
    );
    template.hasParameter('GraderAccountId', { Type: 'String', AllowedPattern: '^\\d{12}$' });
    template.hasParameter('ExternalId', { Type: 'String' });
    template.hasOutput(STUDENT_ROLE_OUTPUT, { Value: { 'Fn::GetAtt': [STUDENT_ROLE_LOGICAL_ID, 'Arn'] } });
  });

  it("trusts only the grader's account, and only with the student's ExternalId", () => {
    const role = template.findResources('AWS::IAM::Role')[STUDENT_ROLE_LOGICAL_ID];
    const [only, ...others] = (role?.Properties.AssumeRolePolicyDocument.Statement ?? []) as Record<string, unknown>[];
    expect(others).toEqual([]);
    const { Sid: _sid, ...trust } = only ?? {};
    expect(trust).toEqual({
      Effect: 'Allow',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
      Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${GraderAccountId}:root' } },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } },
    });
  });

  it('keeps a grader session to one hour and puts the role where the grader may assume it', () => {
    template.hasResourceProperties('AWS::IAM::Role', { MaxSessionDuration: 3600, Path: STUDENT_ROLE_PATH });
    // The grader's policy allows sts:AssumeRole on exactly this path.
    expect(studentRoleArnPattern('aws')).toBe(`arn:aws:iam::*:role${STUDENT_ROLE_PATH}*`);
  });

  it("allows exactly the collectors' read actions, and nothing else", () => {
    const role = template.findResources('AWS::IAM::Role')[STUDENT_ROLE_LOGICAL_ID];
    const policies = role?.Properties.Policies as { PolicyDocument: { Statement: Record<string, unknown>[] } }[];
    const statements = policies.flatMap((p) => p.PolicyDocument.Statement);
    expect(statements.every((s) => s.Effect === 'Allow' && s.Resource === '*' && !('NotAction' in s))).toBe(true);
    const actions = statements.flatMap((s) => s.Action as string[]).sort();
    expect(actions).toEqual(studentReadActions());
    expect(role?.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('passes cdk-nag AwsSolutions, its acknowledged findings carrying the reason', () => {
    const findings = () =>
      new AwsSolutionsChecks(stack).validateScope(stack).violations.map((v) => `${v.ruleName} (${v.severity})`);
    expect(findings().sort()).toEqual(['AwsSolutions-IAM5[Resource::*] (error)', 'AwsSolutions-S1 (error)']);
    Validations.of(include.getResource(STUDENT_ROLE_LOGICAL_ID)).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Describe/List calls of EC2, RDS, ELB, Auto Scaling and CloudWatch support no resource-level permissions; every action is read-only (test/infra/least-privilege.test.ts).',
    });
    Validations.of(include.getResource(LIVE_TRAIL_BUCKET_LOGICAL_ID)).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        "The live-grading trail's bucket only exists because EventBridge needs a logging trail; its objects expire after a day and nobody reads them, so access logs would cost the student for nothing.",
    });
    expect(findings()).toEqual([]);
  });
});
