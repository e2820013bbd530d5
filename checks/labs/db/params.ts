/** The DB lab's parameters: what a course may change. */
import * as z from 'zod';
import { builtOnce } from '../../built-once.js';
import { MAX_AZS, MAX_LIST, regionName } from '../../params.js';

export const ENGINE_FAMILIES = ['mysql', 'mariadb', 'postgres', 'aurora', 'oracle', 'sqlserver', 'db2'] as const;

export type EngineFamily = (typeof ENGINE_FAMILIES)[number];

export const dbParamsSchema = builtOnce(() =>
  z.object({
    /** The course names the database (instance or cluster identifier); otherwise the best one is graded. */
    dbIdentifier: z.string().min(1).max(63).optional(),
    /** The region the read replica must be in; otherwise the primary's replica list decides. */
    replicaRegion: regionName.optional(),
    /** Engine families the lab accepts (`aurora` covers aurora-mysql and aurora-postgresql). */
    engines: z.array(z.enum(ENGINE_FAMILIES)).min(1).max(MAX_LIST).default(['mysql', 'mariadb', 'postgres', 'aurora']),
    minBackupRetentionDays: z.number().int().min(1).max(35).default(1),
    /** Availability zones the DB subnet group (and an Aurora cluster's instances) must span. */
    minAzs: z.number().int().min(2).max(MAX_AZS).default(2),
  }),
);

export type DbParams = z.output<ReturnType<typeof dbParamsSchema>>;

// The graded database
