/**
 * The infrastructure-as-code lab (module 8: automation): the lab's network is deployed as
 * CloudFormation stacks, split into layers linked by exports and imports, with no stack left
 * failed, and (bonus) the network stack checked for drift and in sync.
 *
 * Student stacks are the region's stacks other than the grader's access stack and `CDKToolkit`;
 * nested stacks are judged through their root. Every non-default VPC is a candidate (or the
 * course's `vpcId`); the best-scoring one is reported.
 */

import { read, tryRead } from '../../inventory.js';
import { type Candidate, defineLab, text } from '../../model.js';
import { noVpc, vpcCandidate } from '../../vpc-candidates.js';
import { layered } from './layers.js';
import { iacManifest } from './manifest.js';
import { drift, network } from './network.js';
import { iacParamsSchema } from './params.js';
import { noFailed, stack } from './stacks.js';
import { type IacTarget, stacksOf } from './target.js';

export type { IacParams } from './params.js';

/** The lab's parameters' schema (the manifest builds it on first use; the lab is loaded to grade). */
export const iacParams = iacParamsSchema();
export type { IacTarget } from './target.js';

export const iacLab = defineLab({
  ...iacManifest,
  targetKind: text('VPC', 'VPC'),
  candidates(inventory, p): Candidate<IacTarget>[] {
    const vpcs = read(inventory, 'ec2.vpcs').filter((v) => (p.vpcId ? v.VpcId === p.vpcId : !v.IsDefault && v.VpcId));
    return vpcs.map((vpc) => vpcCandidate(vpc.VpcId ?? '', vpc, { vpc, vpcId: vpc.VpcId ?? '' }));
  },
  noTarget: (_inventory, p) => noVpc(p.vpcId),
  checks: [stack, network, layered, noFailed, drift],
  resources(t, p, inventory) {
    const roots = tryRead(inventory, 'cloudformation.stacks') ? stacksOf(inventory, p).roots : [];
    return [t.vpcId, ...roots.map((s) => s.StackId ?? '')].filter(Boolean);
  },
});
