import { describe, expect, it } from 'vitest';
import { evaluateLab, LabParamsError } from '../../checks/engine.js';
import type { Inventory } from '../../checks/inventory.js';
import { dbLab } from '../../checks/labs/db/index.js';
import { auroraDbLab, completeDbLab, ids, REPLICA_REGION, scenarios } from '../scenarios/db.js';
import { ingress, mutate } from '../scenarios/ec2-builders.js';
import { describeScenarios } from '../support/scenario.js';

const check = (inventory: Inventory, id: string, options = {}) => {
  const result = evaluateLab(dbLab, inventory, options).checks.find((c) => c.id === id);
  if (!result) throw new Error(`no check ${id}`);
  return result;
};

describe('DB lab marking sheet', () => {
  describeScenarios(dbLab, scenarios);
});

describe('DB lab', () => {
  it('has exactly the check ids of the DB table in labs.md (titles, hints and bonus flags: contract.test.ts)', () => {
    expect(dbLab.checks.map((c) => c.id)).toEqual([
      'db.subnet-group',
      'db.instance',
      'db.multi-az',
      'db.private',
      'db.encrypted',
      'db.backups',
      'db.sg-chain',
      'db.replica',
    ]);
  });

  it('hints use the course terms', () => {
    const ko = dbLab.checks.map((c) => c.hint.ko).join('\n');
    for (const term of ['다중 AZ 배포', '읽기 전용 복제본', 'DB 서브넷 그룹', '보안 그룹']) expect(ko).toContain(term);
  });

  it('names the graded database and the resources it judged', () => {
    const evaluation = evaluateLab(dbLab, completeDbLab());
    expect(evaluation.target).toEqual({ kind: 'database', id: ids.db });
    expect(evaluation.resources).toEqual(expect.arrayContaining([ids.db, ids.subnetGroup, ids.dbSg, ids.privateA]));
  });

  it('speaks Korean when asked, in the course terms', () => {
    const single = mutate(completeDbLab(), (data) => {
      const db = data['rds.dbInstances'][0];
      if (db) db.MultiAZ = false;
    });
    const result = check(single, 'db.multi-az', { lang: 'ko' });
    expect(result.message).toContain('단일 AZ');
    expect(result.hint).toContain('다중 AZ 배포');
  });

  it('grades the database the course names, even when a better one exists', () => {
    const inventory = mutate(completeDbLab(), (data) => {
      const [primary] = data['rds.dbInstances'];
      data['rds.dbInstances'].push({
        ...primary,
        DBInstanceIdentifier: 'shop-db',
        DBInstanceArn: 'arn:aws:rds:us-east-1:123456789012:db:shop-db',
        MultiAZ: false,
        ReadReplicaDBInstanceIdentifiers: [],
      });
    });
    const evaluation = evaluateLab(dbLab, inventory, { params: { dbIdentifier: 'shop-db' } });
    expect(evaluation.target?.id).toBe('shop-db');
    expect(evaluation.checks.find((c) => c.id === 'db.multi-az')?.status).toBe('fail');
    expect(evaluateLab(dbLab, inventory).target?.id).toBe(ids.db);
  });

  it('says which database the course named when it does not exist', () => {
    const result = check(completeDbLab(), 'db.instance', { params: { dbIdentifier: 'exam-db' } });
    expect(result.status).toBe('fail');
    expect(result.message).toContain('exam-db');
  });

  it('finds the replica through the course region when the primary does not list it', () => {
    const inventory = mutate(completeDbLab(), (data) => {
      const db = data['rds.dbInstances'][0];
      if (db) db.ReadReplicaDBInstanceIdentifiers = [];
    });
    // The replica names its source by ARN: that is enough once the course names the region.
    expect(check(inventory, 'db.replica', { params: { replicaRegion: REPLICA_REGION } }).status).toBe('pass');
    expect(check(inventory, 'db.replica').status).toBe('fail');
  });

  it('is an error, not a fail, when the replica region was not read', () => {
    const result = check(completeDbLab(), 'db.replica', { params: { replicaRegion: 'ap-southeast-2' } });
    expect(result.status).toBe('error');
    expect(result.errorCode).toBe('NotCollected');
  });

  it('does not count a replica in the same region as cross-region', () => {
    const inventory = mutate(completeDbLab(), (data, inv) => {
      const db = data['rds.dbInstances'][0];
      if (db) db.ReadReplicaDBInstanceIdentifiers = ['course-db-reader'];
      // No ARN names another region: the lab reads none.
      delete inv.regions;
    });
    const result = check(inventory, 'db.replica');
    expect(result.status).toBe('fail');
    expect(result.message).toContain('course-db-reader');
  });

  it('fails the security-group chain when the DB port is open only to a group outside the app tier', () => {
    const inventory = mutate(completeDbLab(), (data) => {
      const sg = data['ec2.securityGroups'].find((g) => g.GroupId === ids.dbSg);
      // Only itself: nothing in front of the database can reach it.
      if (sg) sg.IpPermissions = [ingress('tcp', 5432, 5432, [ids.dbSg])];
    });
    const result = check(inventory, 'db.sg-chain');
    expect(result.status).toBe('fail');
    expect(result.message).toContain('no app/web tier security group');
  });

  it('judges the Aurora cluster port, not the default PostgreSQL one', () => {
    const wrongPort = mutate(auroraDbLab(), (data) => {
      const sg = data['ec2.securityGroups'].find((g) => g.GroupId === ids.dbSg);
      if (sg) sg.IpPermissions = [ingress('tcp', 3306, 3306, ['0.0.0.0/0']), ingress('tcp', 5432, 5432, [ids.webSg])];
    });
    const result = check(wrongPort, 'db.sg-chain');
    expect(result.status).toBe('fail');
    expect(result.message).toContain('3306');
  });

  it('reports every check as an error when the DB instances cannot be read', () => {
    const inventory = completeDbLab();
    inventory.sources['rds.dbInstances'] = { error: { code: 'AccessDenied', message: 'denied' } };
    const evaluation = evaluateLab(dbLab, inventory);
    expect(new Set(evaluation.checks.map((c) => c.status))).toEqual(new Set(['error']));
  });

  it('needs DescribeDBClusters only when an instance belongs to a cluster', () => {
    const denied = { error: { code: 'AccessDenied', message: 'denied' } };
    const plain = completeDbLab();
    plain.sources['rds.dbClusters'] = denied;
    expect(evaluateLab(dbLab, plain).counts.pass).toBe(dbLab.checks.length);
    const aurora = auroraDbLab();
    aurora.sources['rds.dbClusters'] = denied;
    expect(evaluateLab(dbLab, aurora).counts.error).toBe(dbLab.checks.length);
  });

  it('rejects course parameters that cannot be right, naming the parameter', () => {
    expect(() => evaluateLab(dbLab, completeDbLab(), { params: { replicaRegion: 'Seoul' } })).toThrow(LabParamsError);
    expect(() => evaluateLab(dbLab, completeDbLab(), { params: { minBackupRetentionDays: 0 } })).toThrow(
      /minBackupRetentionDays/,
    );
  });

  it('accepts a longer retention requirement as a parameter', () => {
    const result = check(completeDbLab(), 'db.backups', { params: { minBackupRetentionDays: 14 } });
    expect(result.status).toBe('fail');
    expect(result.message).toContain('7 day');
  });
});
