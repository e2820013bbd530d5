/**
 * SNS sources: the region's topics and every subscription of the region, one paginated call each
 * (ListSubscriptions answers all topics at once, so no call is made per topic).
 */
import { paginateListSubscriptions, paginateListTopics, SNSClient } from '@aws-sdk/client-sns';
import * as z from 'zod';
import { type CollectorContext, defineCollector } from './collect.js';
import { allPages } from './ec2.js';
import { listOf } from './schemas.js';

const sns = (ctx: CollectorContext) => ctx.clients.get(SNSClient, ctx.region);

export const snsCollectors = [
  defineCollector({
    key: 'sns.topics',
    schema: listOf('TopicArn'),
    actions: ['sns:ListTopics'],
    collect: (ctx) => allPages(paginateListTopics({ client: sns(ctx) }, {}), (p) => p.Topics),
  }),
  defineCollector({
    key: 'sns.subscriptions',
    // An unconfirmed subscription's SubscriptionArn is the string `PendingConfirmation`.
    schema: listOf('SubscriptionArn', {
      TopicArn: z.string().optional(),
      Protocol: z.string().optional(),
      Endpoint: z.string().optional(),
    }),
    actions: ['sns:ListSubscriptions'],
    collect: (ctx) => allPages(paginateListSubscriptions({ client: sns(ctx) }, {}), (p) => p.Subscriptions),
  }),
];
