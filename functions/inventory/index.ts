/**
 * Every source collector, by source key, all loaded at once: for the CLI's tools, the benchmarks
 * and the tests. A grade goes through registry.ts instead, which imports only the collector
 * modules of the sources the lab reads; the IAM actions of these collectors are the whole of what
 * the grader may call (`actionsFor`, from the sources' specs).
 */
import type { SourceKey } from '../../checks/inventory.js';
import { autoscalingReaders } from './autoscaling.js';
import { cloudformationReaders } from './cloudformation.js';
import { cloudtrailReaders } from './cloudtrail.js';
import { cloudwatchReaders } from './cloudwatch.js';
import type { SourceCollector } from './collect.js';
import { computeReaders } from './compute.js';
import { ec2Readers } from './ec2.js';
import { elbClassicReaders } from './elb-classic.js';
import { elbv2Readers } from './elbv2.js';
import { eventbridgeReaders } from './eventbridge.js';
import { flowLogReaders } from './flow-logs.js';
import { iamReaders } from './iam.js';
import { launchTemplateReaders } from './launch-templates.js';
import { rdsReaders } from './rds.js';
import { s3Readers } from './s3.js';
import { withSpecs } from './schemas.js';
import { snsReaders } from './sns.js';
import { autoscalingSources } from './sources/autoscaling.js';
import { cloudformationSources } from './sources/cloudformation.js';
import { cloudtrailSources } from './sources/cloudtrail.js';
import { cloudwatchSources } from './sources/cloudwatch.js';
import { computeSources } from './sources/compute.js';
import { ec2Sources } from './sources/ec2.js';
import { elbClassicSources } from './sources/elb-classic.js';
import { elbv2Sources } from './sources/elbv2.js';
import { eventbridgeSources } from './sources/eventbridge.js';
import { flowLogSources } from './sources/flow-logs.js';
import { iamSources } from './sources/iam.js';
import { launchTemplateSources } from './sources/launch-templates.js';
import { rdsSources } from './sources/rds.js';
import { s3Sources } from './sources/s3.js';
import { snsSources } from './sources/sns.js';
import { stsSources } from './sources/sts.js';
import { stsReaders } from './sts.js';

export { actionsFor } from './registry.js';

const ALL: SourceCollector<any>[] = [
  ...withSpecs(stsSources, stsReaders),
  ...withSpecs(ec2Sources, ec2Readers),
  ...withSpecs(iamSources, iamReaders),
  ...withSpecs(s3Sources, s3Readers),
  ...withSpecs(elbv2Sources, elbv2Readers),
  ...withSpecs(elbClassicSources, elbClassicReaders),
  ...withSpecs(autoscalingSources, autoscalingReaders),
  ...withSpecs(launchTemplateSources, launchTemplateReaders),
  ...withSpecs(cloudwatchSources, cloudwatchReaders),
  ...withSpecs(rdsSources, rdsReaders),
  ...withSpecs(computeSources, computeReaders),
  ...withSpecs(snsSources, snsReaders),
  ...withSpecs(flowLogSources, flowLogReaders),
  ...withSpecs(cloudtrailSources, cloudtrailReaders),
  ...withSpecs(eventbridgeSources, eventbridgeReaders),
  ...withSpecs(cloudformationSources, cloudformationReaders),
];

export const COLLECTORS: ReadonlyMap<SourceKey, SourceCollector> = new Map(ALL.map((c) => [c.key, c]));
