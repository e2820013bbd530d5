/**
 * Every source collector, by source key, all loaded at once: for the CLI's tools, the benchmarks
 * and the tests. A grade goes through registry.ts instead, which imports only the collector
 * modules of the sources the lab reads; the IAM actions of these collectors are the whole of what
 * the grader may call (`actionsFor`, from the sources' specs).
 */
import type { SourceKey } from '../../checks/inventory.js';
import { autoscalingCollectors } from './autoscaling.js';
import { cloudformationCollectors } from './cloudformation.js';
import { cloudtrailCollectors } from './cloudtrail.js';
import { cloudwatchCollectors } from './cloudwatch.js';
import type { SourceCollector } from './collect.js';
import { computeCollectors } from './compute.js';
import { ec2Collectors } from './ec2.js';
import { elbClassicCollectors } from './elb-classic.js';
import { elbv2Collectors } from './elbv2.js';
import { eventbridgeCollectors } from './eventbridge.js';
import { flowLogCollectors } from './flow-logs.js';
import { iamCollectors } from './iam.js';
import { launchTemplateCollectors } from './launch-templates.js';
import { rdsCollectors } from './rds.js';
import { s3Collectors } from './s3.js';
import { snsCollectors } from './sns.js';
import { stsCollectors } from './sts.js';

export { actionsFor } from './registry.js';

const ALL: SourceCollector<any>[] = [
  ...stsCollectors,
  ...ec2Collectors,
  ...iamCollectors,
  ...s3Collectors,
  ...elbv2Collectors,
  ...elbClassicCollectors,
  ...autoscalingCollectors,
  ...launchTemplateCollectors,
  ...cloudwatchCollectors,
  ...rdsCollectors,
  ...computeCollectors,
  ...snsCollectors,
  ...flowLogCollectors,
  ...cloudtrailCollectors,
  ...eventbridgeCollectors,
  ...cloudformationCollectors,
];

export const COLLECTORS: ReadonlyMap<SourceKey, SourceCollector> = new Map(ALL.map((c) => [c.key, c]));
