/**
 * Building blocks for labs' parameter schemas, and the region names every input shares (a
 * course's parameters, an inventory file, the CLI's --region): one format, one message.
 */
import * as z from 'zod';
import { backtrackingRisk } from './regex-cost.js';

/**
 * What an AWS region name looks like (`ap-northeast-2`, `us-gov-west-1`, `eusc-de-east-1`), known
 * or not; bounded (at most three words of 16 letters), so a 5,000-character look-alike is not one.
 */
export const REGION_FORMAT = /^[a-z]{2,4}(-[a-z]{1,16}){1,3}-\d{1,2}$/;

export const regionName = z.string().regex(REGION_FORMAT, 'expected an AWS region such as ap-northeast-2');

/** A VPC a course names: `vpc-` and its hex digits (AWS gives 8 or 17; at most 32 are taken). */
export const vpcIdParam = z.string().regex(/^vpc-[0-9a-f]{1,32}$/, 'expected a VPC id such as vpc-0a1b2c3d4e5f60718');

/**
 * The most entries of a list a course sets (listeners, protocols, engines, volume types, instance
 * sizes): more than any lab names (ALB's quota is 50 listeners), fewer than a mistake.
 */
export const MAX_LIST = 64;

/** How many Availability Zones a course may require: the most any AWS region has (us-east-1: 6). */
export const MAX_AZS = 6;

/** A count of resources a course may require of a lab (subnets, stacks). */
export const resourceCount = z.number().int().min(1).max(50);

/** CloudWatch metric names (at most 255 characters each, as CloudWatch allows), 1 to 20 of them. */
export const metricNames = z.array(z.string().min(1).max(255)).min(1).max(20);

/**
 * A case-insensitive regular expression given as a string (naming patterns), at most 256
 * characters: a name pattern longer than any name it is matched against is a mistake. It must
 * also match in bounded time whatever a student names a resource ({@link backtrackingRisk}).
 */
export const regexParam = z
  .string()
  .max(256)
  .superRefine((s, ctx) => {
    try {
      new RegExp(s, 'i');
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not a valid regular expression' });
      return;
    }
    const risk = backtrackingRisk(s);
    if (risk !== undefined) ctx.addIssue({ code: 'custom', message: `too slow to match safely: ${risk}` });
  });
