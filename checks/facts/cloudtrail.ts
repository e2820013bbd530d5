/** CloudTrail trails and their status. */
import type { GetTrailStatusResponse, Trail } from '@aws-sdk/client-cloudtrail';

declare module '../inventory.js' {
  interface SourceTypes {
    /** DescribeTrails of the graded region: its own trails and the multi-region trails of other home regions. */
    'cloudtrail.trails': Trail[];
    /**
     * Keyed by trail ARN; read (in the trail's home region) only for multi-region trails, `null`
     * when the trail was not found there.
     */
    'cloudtrail.trailStatus': Record<string, GetTrailStatusResponse | null>;
  }
}

/** The multi-region trails, each once (DescribeTrails may list one trail again). */
export function multiRegionTrails(trails: readonly Trail[]): Trail[] {
  const byArn = new Map<string, Trail>();
  for (const t of trails) if (t.IsMultiRegionTrail && t.TrailARN && !byArn.has(t.TrailARN)) byArn.set(t.TrailARN, t);
  return [...byArn.values()];
}
