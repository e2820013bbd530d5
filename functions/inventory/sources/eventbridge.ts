/** EventBridge sources: the default bus's rules and the targets of the lab's candidate rules. */
import * as z from 'zod';
import { byId, defineSources, type LoadedCollectors, listOf, optional } from '../schemas.js';

export const eventbridgeSources = defineSources(
  async (): LoadedCollectors => (await import('../eventbridge.js')).eventbridgeCollectors,
  {
    'events.rules': {
      schema: listOf('Name', optional.strings('State', 'EventPattern', 'EventBusName')),
      actions: ['events:ListRules'],
    },
    'events.targets': {
      schema: byId(z.array(z.looseObject(optional.strings('Id', 'Arn')))),
      actions: ['events:ListTargetsByRule'],
    },
  },
);
