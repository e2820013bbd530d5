/** The DB lab's parameters: what a course may change. */
import * as z from 'zod';

export const ENGINE_FAMILIES = ['mysql', 'mariadb', 'postgres', 'aurora', 'oracle', 'sqlserver', 'db2'] as const;

export type EngineFamily = (typeof ENGINE_FAMILIES)[number];

/** `us-east-1`, `ap-northeast-2`, `us-gov-west-1`. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export const dbParams = z.object({
  /** The course names the database (instance or cluster identifier); otherwise the best one is graded. */
  dbIdentifier: z.string().min(1).optional(),
  /** The region the read replica must be in; otherwise the primary's replica list decides. */
  replicaRegion: z.string().regex(REGION, 'expected an AWS region such as ap-northeast-2').optional(),
  /** Engine families the lab accepts (`aurora` covers aurora-mysql and aurora-postgresql). */
  engines: z.array(z.enum(ENGINE_FAMILIES)).min(1).default(['mysql', 'mariadb', 'postgres', 'aurora']),
  minBackupRetentionDays: z.number().int().min(1).max(35).default(1),
  /** Availability zones the DB subnet group (and an Aurora cluster's instances) must span. */
  minAzs: z.number().int().min(2).default(2),
});

export type DbParams = z.infer<typeof dbParams>;

// The graded database
