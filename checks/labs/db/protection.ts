/** `db.private`, `db.encrypted` and `db.backups`: not publicly accessible, encrypted at rest, backed up. */
import { fail, pass, text } from '../../model.js';
import { dbCheck, named } from './database.js';

export const privateCheck = dbCheck({
  id: 'db.private',
  title: text('The database is not publicly accessible', 'DB가 퍼블릭 액세스 불가로 설정됨'),
  points: 2,
  hint: text(
    'A database belongs in the private tier: set Public access to No, so RDS gives it no public IP address. Only the application servers inside the VPC should reach it.',
    'DB는 프라이빗 계층에 있어야 합니다. 퍼블릭 액세스를 "아니요"로 설정하면 RDS가 공인 IP를 주지 않습니다. VPC 안의 애플리케이션 서버만 DB에 접근해야 합니다.',
  ),
  evaluate(db) {
    const exposed =
      db.kind === 'instance'
        ? db.instance.PubliclyAccessible
          ? [db.id]
          : []
        : [
            ...(db.cluster.PubliclyAccessible ? [db.id] : []),
            ...db.members.filter((m) => m.PubliclyAccessible).map((m) => m.DBInstanceIdentifier ?? ''),
          ];
    const evidence = db.kind === 'cluster' ? [db.id, ...db.members.map((m) => m.DBInstanceIdentifier ?? '')] : [db.id];
    if (exposed.length === 0) {
      return pass(
        text(`${named(db).en} is not publicly accessible.`, `${named(db).ko}은(는) 퍼블릭 액세스가 꺼져 있습니다.`),
        evidence,
      );
    }
    return fail(
      text(
        `${exposed.join(', ')} ${exposed.length > 1 ? 'are' : 'is'} publicly accessible (PubliclyAccessible: true); expected a private database.`,
        `${exposed.join(', ')}의 퍼블릭 액세스가 켜져 있습니다(PubliclyAccessible: true). DB는 프라이빗이어야 합니다.`,
      ),
      evidence,
    );
  },
});

export const encryptedCheck = dbCheck({
  id: 'db.encrypted',
  title: text('The database storage is encrypted', 'DB 스토리지가 암호화됨'),
  points: 1,
  hint: text(
    'Turn on encryption at rest (AWS KMS) when creating the database; it cannot be switched on later, so an unencrypted database must be recreated from an encrypted snapshot copy.',
    'DB를 만들 때 저장 데이터 암호화(AWS KMS)를 켜세요. 나중에 켤 수 없으므로, 암호화되지 않은 DB는 스냅샷을 암호화해 복사한 뒤 그 스냅샷으로 복원해야 합니다.',
  ),
  evaluate(db) {
    const encrypted = db.kind === 'instance' ? db.instance.StorageEncrypted : db.cluster.StorageEncrypted;
    if (encrypted) {
      return pass(text(`${named(db).en} has encrypted storage.`, `${named(db).ko}의 스토리지가 암호화되어 있습니다.`), [
        db.id,
      ]);
    }
    return fail(
      text(
        `${named(db).en} has unencrypted storage (StorageEncrypted: false).`,
        `${named(db).ko}의 스토리지가 암호화되어 있지 않습니다(StorageEncrypted: false).`,
      ),
      [db.id],
    );
  },
});

export const backupsCheck = dbCheck({
  id: 'db.backups',
  title: text('Automated backups are kept', '자동 백업이 보관됨'),
  points: 1,
  hint: text(
    'Set the backup retention period to at least the required number of days. Automated backups allow point-in-time recovery, and a read replica can only be created from a source with backups on.',
    '백업 보존 기간을 필요한 일수 이상으로 설정하세요. 자동 백업이 있어야 특정 시점으로 복구할 수 있고, 읽기 전용 복제본도 백업이 켜진 원본에서만 만들 수 있습니다.',
  ),
  evaluate(db, params) {
    const days = (db.kind === 'instance' ? db.instance.BackupRetentionPeriod : db.cluster.BackupRetentionPeriod) ?? 0;
    if (days >= params.minBackupRetentionDays) {
      return pass(
        text(
          `${named(db).en} keeps automated backups for ${days} day(s).`,
          `${named(db).ko}의 자동 백업 보존 기간은 ${days}일입니다.`,
        ),
        [db.id],
      );
    }
    const what =
      days === 0
        ? text('automated backups are off', '자동 백업이 꺼져 있습니다')
        : text(`backups are kept for ${days} day(s)`, `백업 보존 기간이 ${days}일입니다`);
    return fail(
      text(
        `${named(db).en}: ${what.en} (BackupRetentionPeriod: ${days}); expected at least ${params.minBackupRetentionDays} day(s).`,
        `${named(db).ko}: ${what.ko}(BackupRetentionPeriod: ${days}). 최소 ${params.minBackupRetentionDays}일이어야 합니다.`,
      ),
      [db.id],
    );
  },
});
