/** Who the grade runs as: the account id named in the result, and a credentials check. */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import * as z from 'zod';
import { defineCollector } from './collect.js';

export const stsCollectors = [
  defineCollector({
    key: 'sts.callerIdentity',
    schema: z.looseObject({ Account: z.string().optional(), Arn: z.string().optional() }),
    // GetCallerIdentity needs no permission; it is listed so the call is accounted for.
    actions: ['sts:GetCallerIdentity'],
    async collect(ctx) {
      const out = await ctx.clients.get(STSClient, ctx.region).send(new GetCallerIdentityCommand({}));
      const identity: { Account?: string; Arn?: string; UserId?: string } = {};
      if (out.Account) identity.Account = out.Account;
      if (out.Arn) identity.Arn = out.Arn;
      if (out.UserId) identity.UserId = out.UserId;
      return identity;
    },
  }),
];
