/**
 * SNS sources: the region's topics and every subscription of the region, one paginated call each
 * (ListSubscriptions answers all topics at once, so no call is made per topic).
 */
import { paginateListSubscriptions, paginateListTopics, SNSClient } from '@aws-sdk/client-sns';
import { allPages, type CollectorContext, defineReaders } from './collect.js';
import type { snsSources } from './sources/sns.js';

const sns = (ctx: CollectorContext) => ctx.clients.get(SNSClient, ctx.region);

export const snsReaders = defineReaders<typeof snsSources>({
  'sns.topics': (ctx) => allPages(paginateListTopics({ client: sns(ctx) }, {}), (p) => p.Topics),
  'sns.subscriptions': (ctx) => allPages(paginateListSubscriptions({ client: sns(ctx) }, {}), (p) => p.Subscriptions),
});
