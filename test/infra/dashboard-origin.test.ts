/**
 * A school that serves the dashboard from its own host (`dashboardOrigin`): the API allows exactly
 * that origin by CORS and the stack creates no dashboard site of its own.
 */
import { rmSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGraderStack } from './synth.js';

let template: Template;
let outdir: string;
let built: ReturnType<typeof buildGraderStack>;

beforeAll(() => {
  built = buildGraderStack({ dashboardOrigin: 'https://grader.example.edu' });
  template = Template.fromStack(built.stack);
  outdir = built.app.outdir;
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('dashboardOrigin', () => {
  it('is the only origin the HTTP API allows, and no CloudFront site is created', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: { AllowOrigins: ['https://grader.example.edu'] },
    });
    expect(built.stack.dashboard).toBeUndefined();
    template.resourceCountIs('AWS::CloudFront::Distribution', 0);
    template.resourceCountIs('Custom::CDKBucketDeployment', 0);
    template.hasOutput('DashboardUrl', { Value: 'https://grader.example.edu' });
  });
});
