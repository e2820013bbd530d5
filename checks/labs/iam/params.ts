/** The IAM lab's parameters: what a course may change. */
import * as z from 'zod';
import { builtOnce } from '../../built-once.js';

export const iamParamsSchema = builtOnce(() =>
  z.object({
    minPasswordLength: z.number().int().min(6).max(128).default(8),
    requireSymbols: z.boolean().default(false),
    requireNumbers: z.boolean().default(false),
    requireUppercase: z.boolean().default(false),
    requireLowercase: z.boolean().default(false),
    /** How many previous passwords may not be reused; 0 does not require reuse prevention. */
    passwordReusePrevention: z.number().int().min(0).max(24).default(0),
    /** Oldest an active access key may be (`iam.key-age`). */
    maxKeyAgeDays: z.number().int().min(1).max(3650).default(90),
  }),
);

export type IamParams = z.output<ReturnType<typeof iamParamsSchema>>;
