/** The cleanup report's parameters and what it grades. */
import * as z from 'zod';
import { builtOnce } from '../../built-once.js';
import { defineCheck } from '../../model.js';
import { regionName } from '../../params.js';
import { priceOverridesSchema } from './prices.js';

export const cleanupParamsSchema = builtOnce(() =>
  z.strictObject({
    /** Other regions the course's labs use, read besides the graded one. */
    regions: z.array(regionName).max(16).default([]),
    /**
     * The DB lab's replica region. Read too, so a replica left behind after its primary was
     * deleted is still found; without it, the regions the primaries' replica ARNs name are read.
     */
    replicaRegion: regionName.optional(),
    /** Prices replacing the shipped table's, per region (USD): see prices.ts. */
    prices: priceOverridesSchema().optional(),
  }),
);
export type CleanupParams = z.output<ReturnType<typeof cleanupParamsSchema>>;

/** What the cleanup report grades: the whole account, in every region it reads. */
export interface CleanupTarget {
  /** The graded region first, then the others. */
  regions: string[];
}

/** Types a check of the cleanup report. */
export const cleanupCheck = defineCheck<CleanupTarget, CleanupParams>;
