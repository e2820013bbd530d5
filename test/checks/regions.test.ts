/**
 * The regions a course, a student or `--region` may name (checks/regions.ts) are the regions the
 * installed AWS SDK knows, partition by partition, apart from the air-gapped ISO partitions: when
 * an SDK update brings a region AWS has launched, this test names it, so the list does not go on
 * refusing it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AWS_REGIONS, knownRegion } from '../../checks/regions.js';

interface PartitionsInfo {
  partitions: { id: string; regionRegex: string; regions: Record<string, unknown> }[];
}

/** The SDK's own partition table (what its endpoint resolution uses), read from @aws-sdk/core. */
function sdkPartitions(): PartitionsInfo['partitions'] {
  const client = createRequire(import.meta.url).resolve('@aws-sdk/core/client');
  const root = client.slice(0, client.indexOf('/dist-cjs/'));
  const file = join(root, 'dist-es/submodules/client/util-endpoints/lib/aws/partitions.js');
  const source = readFileSync(file, 'utf8');
  const json = source.slice(source.indexOf('{'), source.lastIndexOf('}') + 1);
  return (JSON.parse(json) as PartitionsInfo).partitions;
}

const AIR_GAPPED = /^aws-iso/;

describe('the regions a grade may name', () => {
  const partitions = sdkPartitions();

  it('are every region of the SDK partitions students can reach, and no other', () => {
    const reachable = partitions
      .filter((p) => !AIR_GAPPED.test(p.id))
      .flatMap((p) => Object.keys(p.regions))
      .filter((r) => !r.startsWith('aws-')); // the partitions' global pseudo-regions (aws-global, ...)
    expect(
      reachable.filter((r) => !AWS_REGIONS.includes(r)),
      'regions the installed AWS SDK knows that checks/regions.ts (AWS_REGIONS) lacks: add them',
    ).toEqual([]);
    expect(AWS_REGIONS.filter((r) => !reachable.includes(r))).toEqual([]);
  });

  it('each match their partition pattern, and a made-up region does not pass', () => {
    for (const region of AWS_REGIONS) {
      expect(
        partitions.some((p) => !AIR_GAPPED.test(p.id) && new RegExp(p.regionRegex).test(region)),
        region,
      ).toBe(true);
      expect(knownRegion.safeParse(region).success, region).toBe(true);
    }
    expect(knownRegion.safeParse('zz-nowhere-9').success).toBe(false);
    expect(knownRegion.safeParse('us-east-3').success).toBe(false);
  });
});
