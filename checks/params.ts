/**
 * Building blocks for labs' parameter schemas, and the region names every input shares (a
 * course's parameters, an inventory file, the CLI's --region): one format, one message.
 */
import * as z from 'zod';

/** What an AWS region name looks like (`ap-northeast-2`, `us-gov-west-1`, `eusc-de-east-1`), known or not. */
export const REGION_FORMAT = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;

export const regionName = z.string().regex(REGION_FORMAT, 'expected an AWS region such as ap-northeast-2');

/** How many Availability Zones a course may require: the most any AWS region has (us-east-1: 6). */
export const MAX_AZS = 6;

/** A count of resources a course may require of a lab (subnets, stacks). */
export const resourceCount = z.number().int().min(1).max(50);

/** CloudWatch metric names (at most 255 characters each, as CloudWatch allows), 1 to 20 of them. */
export const metricNames = z.array(z.string().min(1).max(255)).min(1).max(20);

/**
 * A case-insensitive regular expression given as a string (naming patterns), at most 256
 * characters: a name pattern longer than any name it is matched against is a mistake.
 */
export const regexParam = z
  .string()
  .max(256)
  .refine(
    (s) => {
      try {
        new RegExp(s, 'i');
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a valid regular expression' },
  );
