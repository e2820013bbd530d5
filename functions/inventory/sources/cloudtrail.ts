/** CloudTrail sources: the region's trails (shadow trails included) and multi-region trails' status. */
import * as z from 'zod';
import { byId, defineSources, type LoadedReaders, listOf, optional } from '../schemas.js';

export const cloudtrailSources = defineSources(
  async (): LoadedReaders => (await import('../cloudtrail.js')).cloudtrailReaders,
  {
    'cloudtrail.trails': {
      schema: () =>
        listOf('TrailARN', {
          ...optional.strings('Name', 'HomeRegion'),
          ...optional.booleans('IsMultiRegionTrail', 'LogFileValidationEnabled'),
        }),
      actions: ['cloudtrail:DescribeTrails'],
    },
    'cloudtrail.trailStatus': {
      schema: () => byId(z.looseObject(optional.booleans('IsLogging')).nullable()),
      actions: ['cloudtrail:GetTrailStatus'],
    },
  },
);
