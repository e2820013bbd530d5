/**
 * The DB lab (module 6): an RDS database (or Aurora cluster) in a DB subnet group of private
 * subnets, Multi-AZ, private, encrypted, backed up, reachable only from the app tier's security
 * group, with a read replica in another region. Subnet tiers and security-group chains come from
 * checks/network/, the same notion the VPC lab uses. One file per topic: the graded database
 * (database.ts) and its candidates, the subnet group, the instance and Multi-AZ, protection
 * (private, encrypted, backups), the security group chain, the replica.
 */
import { defineLab, text } from '../../model.js';
import { candidates, noTarget } from './candidates.js';
import { securityGroupIds, subnetGroupName } from './database.js';
import { instanceCheck, multiAzCheck } from './instance.js';
import { dbManifest } from './manifest.js';
import { dbParamsSchema } from './params.js';
import { backupsCheck, encryptedCheck, privateCheck } from './protection.js';
import { replicaCheck } from './replica.js';
import { sgChainCheck } from './security-group.js';
import { subnetGroupCheck } from './subnet-group.js';

export { type Database, engineFamily } from './database.js';
export type { DbParams } from './params.js';

/** The lab's parameters' schema (the manifest builds it on first use; the lab is loaded to grade). */
export const dbParams = dbParamsSchema();

export const dbLab = defineLab({
  ...dbManifest,
  targetKind: text('database', '데이터베이스'),
  candidates,
  noTarget,
  checks: [
    subnetGroupCheck,
    instanceCheck,
    multiAzCheck,
    privateCheck,
    encryptedCheck,
    backupsCheck,
    sgChainCheck,
    replicaCheck,
  ],
  resources(db) {
    const members = db.kind === 'cluster' ? db.members.map((m) => m.DBInstanceIdentifier ?? '') : [];
    return [db.id, ...members, subnetGroupName(db) ?? '', ...securityGroupIds(db)].filter((x) => x);
  },
});
