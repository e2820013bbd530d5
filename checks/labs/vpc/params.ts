/** The VPC lab's parameters: what a course may change. */
import * as z from 'zod';
import { builtOnce } from '../../built-once.js';
import { MAX_AZS, regexParam, resourceCount, vpcIdParam } from '../../params.js';

const port = () => z.number().int().min(0).max(65535);
/** More ports than a lab's security groups would ever name is a mistake in the course file. */
const MAX_PORTS = 32;

export const vpcParamsSchema = builtOnce(() =>
  z.object({
    /** The VPC the course names; otherwise the best-scoring non-default VPC is graded. */
    vpcId: vpcIdParam.optional(),
    /** Required prefix length of the VPC CIDR; null accepts any size. */
    vpcPrefixLength: z.number().int().min(16).max(28).nullable().default(16),
    minPublicSubnets: resourceCount.default(2),
    minPrivateSubnets: resourceCount.default(2),
    minAzs: z.number().int().min(1).max(MAX_AZS).default(2),
    /** Names or tags that say a subnet is meant to be public / private (case-insensitive regex). */
    publicNamePattern: regexParam.default('pub(lic)?|퍼블릭|공개'),
    privateNamePattern: regexParam.default('priv(ate)?|프라이빗|사설|isolated'),
    /** Ports of the web tier (HTTP, HTTPS). */
    webPorts: z.array(port()).min(1).max(MAX_PORTS).default([80, 443]),
    /** Administration ports that must never be open to the world (SSH, RDP). */
    adminPorts: z.array(port()).max(MAX_PORTS).default([22, 3389]),
  }),
);

export type VpcParams = z.output<ReturnType<typeof vpcParamsSchema>>;
