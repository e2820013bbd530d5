/** EventBridge sources: the default bus's rules and the targets of the lab's candidate rules. */
import * as z from 'zod';
import { byId, defineSources, type LoadedReaders, listOf, optional } from '../schemas.js';

export const eventbridgeSources = defineSources(
  async (): LoadedReaders => (await import('../eventbridge.js')).eventbridgeReaders,
  {
    'events.rules': {
      schema: () => listOf('Name', optional.strings('State', 'EventPattern', 'EventBusName')),
      actions: ['events:ListRules'],
    },
    'events.targets': {
      schema: () => byId(z.array(z.looseObject(optional.strings('Id', 'Arn')))),
      actions: ['events:ListTargetsByRule'],
    },
  },
);
