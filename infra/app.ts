/**
 * The CDK app: `npx cdk deploy` (cdk.json runs this file). Settings come from CDK context
 * (cdk.json's "context", or `-c key=value`): see infra/config.ts and docs/deploy.md.
 * cdk-nag's AwsSolutions pack runs at every synth, so a new unacknowledged finding fails it.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { GraderStack } from './grader-stack.js';

const app = new App();
new GraderStack(app, app.node.tryGetContext('stackName') ?? 'Labgrader', {
  description: 'labgrader: serverless grader for hands-on AWS labs',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
