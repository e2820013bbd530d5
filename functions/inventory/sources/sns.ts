/** SNS sources: topics and subscriptions. */
import { defineSources, type LoadedReaders, listOf, optional } from '../schemas.js';

export const snsSources = defineSources(async (): LoadedReaders => (await import('../sns.js')).snsReaders, {
  'sns.topics': { schema: () => listOf('TopicArn'), actions: ['sns:ListTopics'] },
  'sns.subscriptions': {
    // An unconfirmed subscription's SubscriptionArn is the string `PendingConfirmation`.
    schema: () => listOf('SubscriptionArn', optional.strings('TopicArn', 'Protocol', 'Endpoint')),
    actions: ['sns:ListSubscriptions'],
  },
});
