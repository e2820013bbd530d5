/** STS: who the grade runs as. */
import * as z from 'zod';
import { defineSources, type LoadedReaders } from '../schemas.js';

export const stsSources = defineSources(async (): LoadedReaders => (await import('../sts.js')).stsReaders, {
  'sts.callerIdentity': {
    schema: () => z.looseObject({ Account: z.string().optional(), Arn: z.string().optional() }),
    // GetCallerIdentity needs no permission; it is listed so the call is accounted for.
    actions: ['sts:GetCallerIdentity'],
  },
});
