/** SNS topics and subscriptions. */
import type { Subscription, Topic } from '@aws-sdk/client-sns';

declare module '../inventory.js' {
  interface SourceTypes {
    'sns.topics': Topic[];
    /** Every subscription of the region; a `PendingConfirmation` SubscriptionArn is not confirmed. */
    'sns.subscriptions': Subscription[];
  }
}

/** `arn:aws:sns:<region>:<account>:<topic>` (an alarm action may also be a scaling policy...). */
export function isTopicArn(arn: string): boolean {
  return /^arn:[^:]+:sns:[^:]+:\d{12}:[^:]+$/.test(arn);
}

/** A confirmed subscription has an ARN; an unconfirmed one says `PendingConfirmation`. */
export function isConfirmed(subscription: Subscription): boolean {
  return subscription.SubscriptionArn?.startsWith('arn:') ?? false;
}
