/** The IaC lab's parameters: what a course may change. */
import * as z from 'zod';
import { builtOnce } from '../../built-once.js';
import { DEFAULT_ACCESS_STACK_NAME } from '../../facts/cloudformation.js';
import { vpcIdParam } from '../../params.js';

export const iacParamsSchema = builtOnce(() =>
  z.object({
    /** The lab VPC the course names; otherwise the best-scoring non-default VPC is graded. */
    vpcId: vpcIdParam.optional(),
    /** The name students deploy the grader's access template as (never a student stack). */
    accessStackName: z
      .string()
      .regex(/^[A-Za-z][-A-Za-z0-9]{0,127}$/)
      .default(DEFAULT_ACCESS_STACK_NAME),
    /** How many student stacks a layered lab has at least (`iac.layered`). */
    minStacks: z.number().int().min(2).max(20).default(2),
  }),
);
export type IacParams = z.output<ReturnType<typeof iacParamsSchema>>;
