/**
 * The VPC lab (module 3: networking): a VPC with public and private subnets in two AZs, an
 * internet gateway, a NAT gateway, security-group chaining, and a web and an app instance.
 *
 * Whether a subnet is public is decided by routing (checks/network/routing.ts); names and tags are
 * the student's intent, compared with routing by `vpc.intent`. One file per topic: the VPC itself
 * (exists.ts), subnets, routing, NAT, security groups, instances and tags; views.ts holds what
 * several checks derive from one VPC.
 */
import { read, tryRead } from '../../inventory.js';
import { type Candidate, defineLab, text } from '../../model.js';
import { noLabVpc, vpcCandidate } from '../../vpc-candidates.js';
import { dns, exists } from './exists.js';
import { appInstance, webInstance } from './instances.js';
import { vpcManifest } from './manifest.js';
import { nat, natHa, privateRoute } from './nat.js';
import { vpcParamsSchema } from './params.js';
import { igw, publicRoute } from './routing.js';
import { noOpenAdmin, sgChain, webSg } from './security-groups.js';
import { intent, privateSubnets, publicIp, publicSubnets, subnetCidrs } from './subnets.js';
import { labResources, tags } from './tags.js';
import { net, type VpcTarget } from './views.js';

export type { VpcParams } from './params.js';

/** The lab's parameters' schema (the manifest builds it on first use; the lab is loaded to grade). */
export const vpcParams = vpcParamsSchema();
export type { VpcTarget } from './views.js';

export const vpcLab = defineLab({
  ...vpcManifest,
  targetKind: text('VPC', 'VPC'),
  candidates(inventory, p): Candidate<VpcTarget>[] {
    const vpcs = read(inventory, 'ec2.vpcs').filter((v) => v.VpcId && !v.IsDefault);
    const chosen = p.vpcId ? vpcs.filter((v) => v.VpcId === p.vpcId) : vpcs;
    // Best guess first: the VPC with the most subnets (the engine still grades them all). When
    // subnets cannot be read, only the checks that need them become errors: the order is by id.
    const subnets = tryRead(inventory, 'ec2.subnets');
    const count = (id: string | undefined) => (subnets ? net(inventory).subnetsOf(id ?? '').length : 0);
    return chosen
      .map((vpc) => ({ vpc, subnets: count(vpc.VpcId) }))
      .sort((a, b) => b.subnets - a.subnets || (a.vpc.VpcId ?? '').localeCompare(b.vpc.VpcId ?? ''))
      .map(({ vpc }) => {
        return vpcCandidate(vpc.VpcId as string, vpc, { vpc, vpcId: vpc.VpcId as string });
      });
  },
  noTarget: (inventory, p) => noLabVpc(inventory.region, p.vpcId, text('; see vpc.exists.', ' vpc.exists를 보세요.')),
  checks: [
    exists,
    dns,
    publicSubnets,
    privateSubnets,
    subnetCidrs,
    publicIp,
    igw,
    publicRoute,
    nat,
    privateRoute,
    natHa,
    intent,
    webSg,
    sgChain,
    noOpenAdmin,
    webInstance,
    appInstance,
    tags,
  ],
  resources: (t, _p, inventory) => labResources(t, inventory).ids,
});
