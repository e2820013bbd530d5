/**
 * CloudTrail sources. DescribeTrails (not paginated) answers the graded region's trails and, as
 * shadow trails, the multi-region trails whose home is another region. A trail's status is read
 * only for multi-region trails, once per trail, with its ARN, from a client of its home region
 * (a shadow trail is not found by name outside its home region, and emulators find it only there).
 */
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetTrailStatusCommand,
  type GetTrailStatusResponse,
} from '@aws-sdk/client-cloudtrail';
import { multiRegionTrails } from '../../checks/facts/cloudtrail.js';
import { type CollectorContext, defineReaders, orNotConfigured } from './collect.js';
import type { cloudtrailSources } from './sources/cloudtrail.js';

const cloudtrail = (ctx: CollectorContext, region: string) => ctx.clients.get(CloudTrailClient, region);

export const cloudtrailReaders = defineReaders<typeof cloudtrailSources>({
  'cloudtrail.trails': async (ctx) =>
    (await cloudtrail(ctx, ctx.region).send(new DescribeTrailsCommand({ includeShadowTrails: true }))).trailList ?? [],
  'cloudtrail.trailStatus': async (ctx) => {
    const trails = multiRegionTrails(await ctx.need('cloudtrail.trails'));
    const entries = await Promise.all(
      trails.map(async (trail) => {
        const arn = trail.TrailARN as string;
        const client = cloudtrail(ctx, trail.HomeRegion ?? ctx.region);
        const out = await orNotConfigured(client.send(new GetTrailStatusCommand({ Name: arn })), [
          'TrailNotFoundException',
        ]);
        let status: GetTrailStatusResponse | null = null;
        if (out) {
          const { $metadata: _metadata, ...rest } = out;
          status = rest;
        }
        return [arn, status] as const;
      }),
    );
    return Object.fromEntries(entries);
  },
});
