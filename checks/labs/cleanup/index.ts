/**
 * The cleanup report (after the course's last lab): what is still running in the student's
 * account and what it costs. Read in the graded region and in every region the course's labs
 * use (the `regions` parameter, the DB lab's replica region, and the regions the primaries'
 * replica ARNs name), each leftover named with an estimated cost per day and per month from a
 * price table the course can override (prices.ts).
 *
 * The whole account is the target: there is nothing to choose between, so every check is judged.
 */
import { regionsOf } from '../../inventory.js';
import { defineLab, text } from '../../model.js';
import { instances, volumes } from './compute.js';
import { db } from './database.js';
import { loadBalancer } from './load-balancers.js';
import { cleanupManifest } from './manifest.js';
import { eip, nat } from './network.js';

export const cleanupLab = defineLab({
  ...cleanupManifest,
  targetKind: text('account', '계정'),
  candidates(inventory, params) {
    // Every region read, and every region the course names (one it could not read is an error).
    const named = [...params.regions, ...(params.replicaRegion ? [params.replicaRegion] : [])];
    const regions = [...new Set([...regionsOf(inventory), ...named])];
    return [{ id: inventory.accountId ?? 'account', name: regions.join(', '), target: { regions } }];
  },
  noTarget: () => text('The account could not be read.', '계정을 읽을 수 없습니다.'),
  checks: [nat, eip, db, loadBalancer, instances, volumes],
});
