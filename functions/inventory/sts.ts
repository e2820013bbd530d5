/** Who the grade runs as: the account id named in the result, and a credentials check. */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { collectorOf } from './collect.js';
import { stsSources } from './sources/sts.js';

const collector = collectorOf(stsSources);

export const stsCollectors = [
  collector({
    key: 'sts.callerIdentity',
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
