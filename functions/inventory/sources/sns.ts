/** SNS sources: topics and subscriptions. */
import { defineSources, type LoadedCollectors, listOf, optional } from '../schemas.js';

export const snsSources = defineSources(async (): LoadedCollectors => (await import('../sns.js')).snsCollectors, {
  'sns.topics': { schema: listOf('TopicArn'), actions: ['sns:ListTopics'] },
  'sns.subscriptions': {
    // An unconfirmed subscription's SubscriptionArn is the string `PendingConfirmation`.
    schema: listOf('SubscriptionArn', optional.strings('TopicArn', 'Protocol', 'Endpoint')),
    actions: ['sns:ListSubscriptions'],
  },
});
