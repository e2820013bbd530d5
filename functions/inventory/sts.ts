/** Who the grade runs as: the account id named in the result, and a credentials check. */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { defineReaders } from './collect.js';
import type { stsSources } from './sources/sts.js';

export const stsReaders = defineReaders<typeof stsSources>({
  'sts.callerIdentity': async (ctx) => {
    const out = await ctx.clients.get(STSClient, ctx.region).send(new GetCallerIdentityCommand({}));
    const identity: { Account?: string; Arn?: string; UserId?: string } = {};
    if (out.Account) identity.Account = out.Account;
    if (out.Arn) identity.Arn = out.Arn;
    if (out.UserId) identity.UserId = out.UserId;
    return identity;
  },
});
