/**
 * EventBridge sources: the rules of the default event bus (ListRules, paginated by NextToken), and
 * the targets (ListTargetsByRule, one call per rule by API design) only of enabled rules whose
 * event pattern matches EC2 instance state-change notifications: the lab's candidates.
 */
import {
  EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  type Target,
} from '@aws-sdk/client-eventbridge';
import { isEc2StateChangeRule } from '../../checks/facts/events.js';
import { byKey, type CollectorContext, defineReaders } from './collect.js';
import type { eventbridgeSources } from './sources/eventbridge.js';

const events = (ctx: CollectorContext) => ctx.clients.get(EventBridgeClient, ctx.region);

/** Follows `NextToken` to the last page (the EventBridge client has no paginators). */
async function allTokenPages<T>(page: (NextToken?: string) => Promise<{ items?: T[]; NextToken?: string }>) {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const answer = await page(token);
    out.push(...(answer.items ?? []));
    token = answer.NextToken;
  } while (token);
  return out;
}

export const eventbridgeReaders = defineReaders<typeof eventbridgeSources>({
  'events.rules': (ctx) => {
    const client = events(ctx);
    // Without EventBusName, ListRules lists the default event bus.
    return allTokenPages(async (NextToken) => {
      const out = await client.send(new ListRulesCommand(NextToken ? { NextToken } : {}));
      return { items: out.Rules, NextToken: out.NextToken };
    });
  },
  'events.targets': async (ctx) => {
    const client = events(ctx);
    const candidates = (await ctx.need('events.rules')).filter(isEc2StateChangeRule);
    return byKey(
      candidates.map((rule) => rule.Name as string),
      (Rule) =>
        allTokenPages<Target>(async (NextToken) => {
          const out = await client.send(new ListTargetsByRuleCommand(NextToken ? { Rule, NextToken } : { Rule }));
          return { items: out.Targets, NextToken: out.NextToken };
        }),
    );
  },
});
