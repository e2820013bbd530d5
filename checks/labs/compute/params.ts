/** The compute lab's parameters: what a course may change. */
import * as z from 'zod';
import { builtOnce } from '../../built-once.js';
import { MAX_LIST, vpcIdParam } from '../../params.js';

/** The EBS volume types AWS offers (VolumeType). */
export const EBS_VOLUME_TYPES = ['standard', 'gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1'] as const;

export const computeParamsSchema = builtOnce(() =>
  z.object({
    /** The lab VPC the course names; otherwise the non-default VPC with the most running instances. */
    vpcId: vpcIdParam.optional(),
    /** Volume types accepted for the lab instances' EBS volumes (`compute.ebs-type`). */
    volumeTypes: z.array(z.enum(EBS_VOLUME_TYPES)).min(1).max(MAX_LIST).default(['gp3']),
    /** Instance sizes allowed (`compute.instance-type`): the part after the dot of `t3.micro`. */
    instanceSizes: z
      .array(
        z
          .string()
          .regex(/^[a-z0-9-]+$/)
          .max(32),
      )
      .min(1)
      .max(MAX_LIST)
      .default(['nano', 'micro', 'small', 'medium']),
    /**
     * The managed policy whose attachment to an instance's role makes it reachable through Session
     * Manager: a policy name or ARN.
     */
    sessionManagerPolicy: z.string().min(1).max(2048).default('AmazonSSMManagedInstanceCore'),
  }),
);
export type ComputeParams = z.output<ReturnType<typeof computeParamsSchema>>;
