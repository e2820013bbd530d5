/**
 * What protects the bucket's data: default encryption, versioning, a lifecycle rule and (bonus)
 * cross-region replication.
 */
import type { LifecycleRule } from '@aws-sdk/client-s3';
import { bucketOfArn } from '../../facts/s3.js';
import { readEntry } from '../../inventory.js';
import { fail, joinText, type Localized, pass, text } from '../../model.js';
import { s3Check } from './params.js';

const KMS = new Set(['aws:kms', 'aws:kms:dsse']);

export const encryption = s3Check({
  id: 's3.encryption',
  title: text('Default encryption is on (SSE-S3 or SSE-KMS)', '기본 암호화(SSE-S3 또는 SSE-KMS) 설정'),
  points: 20,
  hint: text(
    "Set the bucket's default encryption (server-side encryption): SSE-S3, or SSE-KMS with a KMS key when the course asks for it. KMS keys are regional.",
    '버킷의 기본 암호화(서버 측 암호화, SSE)를 설정하세요: SSE-S3, 또는 과정에서 요구하면 KMS 키를 쓰는 SSE-KMS. KMS 키는 리전 단위 서비스입니다.',
  ),
  evaluate(t, p, inventory) {
    const config = readEntry(inventory, 's3.encryption', t.name);
    const algorithms = (config?.Rules ?? [])
      .map((r) => r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm)
      .filter((a): a is NonNullable<typeof a> => a !== undefined);
    if (algorithms.length === 0) {
      return fail(
        text(`Bucket ${t.name} has no default encryption.`, `버킷 ${t.name}에 기본 암호화가 설정되어 있지 않습니다.`),
        [t.name],
      );
    }
    const kms = algorithms.find((a) => KMS.has(a));
    if (p.requireKms && !kms) {
      return fail(
        text(
          `Bucket ${t.name} encrypts with ${algorithms.join(', ')} (SSE-S3); the course requires SSE-KMS (aws:kms).`,
          `버킷 ${t.name}은(는) ${algorithms.join(', ')}(SSE-S3)로 암호화합니다. 과정에서는 SSE-KMS(aws:kms)를 요구합니다.`,
        ),
        [t.name],
      );
    }
    const key = config?.Rules?.find((r) => KMS.has(r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? ''))
      ?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID;
    const what = kms ? `SSE-KMS${key ? ` (${key})` : ''}` : 'SSE-S3 (AES256)';
    return pass(
      text(
        `Bucket ${t.name} encrypts new objects with ${what}.`,
        `버킷 ${t.name}은(는) 새 객체를 ${what}로 암호화합니다.`,
      ),
      [t.name, ...(key ? [key] : [])],
    );
  },
});

export const versioning = s3Check({
  id: 's3.versioning',
  title: text('Versioning is enabled', '버전 관리 활성화'),
  points: 15,
  hint: text(
    'Enable bucket versioning: every overwrite or delete keeps the previous version, so mistakes can be undone (replication needs it too).',
    '버킷의 버전 관리를 활성화하세요. 덮어쓰거나 삭제해도 이전 버전이 남아 복구할 수 있습니다(객체 복제에도 필요합니다).',
  ),
  evaluate(t, _p, inventory) {
    const status = readEntry(inventory, 's3.versioning', t.name).Status;
    if (status === 'Enabled') {
      return pass(
        text(`Bucket ${t.name} has versioning enabled.`, `버킷 ${t.name}의 버전 관리가 활성화되어 있습니다.`),
        [t.name],
      );
    }
    return fail(
      status === 'Suspended'
        ? text(
            `Versioning of bucket ${t.name} is suspended; it must be enabled.`,
            `버킷 ${t.name}의 버전 관리가 일시 중지(Suspended) 상태입니다. 활성화해야 합니다.`,
          )
        : text(
            `Bucket ${t.name} has never had versioning enabled.`,
            `버킷 ${t.name}에 버전 관리가 활성화된 적이 없습니다.`,
          ),
      [t.name],
    );
  },
});

/** Does an enabled lifecycle rule move or delete objects (current or noncurrent versions)? */
function ruleActs(rule: LifecycleRule): boolean {
  const expires = rule.Expiration?.Days !== undefined || rule.Expiration?.Date !== undefined;
  return (
    expires ||
    (rule.Transitions ?? []).length > 0 ||
    (rule.NoncurrentVersionTransitions ?? []).length > 0 ||
    rule.NoncurrentVersionExpiration?.NoncurrentDays !== undefined
  );
}

export const lifecycle = s3Check({
  id: 's3.lifecycle',
  title: text('A lifecycle rule transitions or expires objects', '수명 주기 규칙으로 객체 이동 또는 만료'),
  points: 15,
  hint: text(
    'Add a lifecycle rule (lifecycle policy): give it a number of days after which objects move to a cheaper storage class (e.g. Standard-IA, Glacier) or expire.',
    '수명 주기 정책(규칙)을 추가하세요. 날짜만 정해 주면 객체가 더 저렴한 스토리지 클래스(Standard-IA, Glacier 등)로 옮겨지거나 만료됩니다.',
  ),
  evaluate(t, _p, inventory) {
    const rules = readEntry(inventory, 's3.lifecycle', t.name);
    if (rules === null || rules.length === 0) {
      return fail(
        text(`Bucket ${t.name} has no lifecycle configuration.`, `버킷 ${t.name}에 수명 주기 구성이 없습니다.`),
        [t.name],
      );
    }
    const good = rules.find((r) => r.Status === 'Enabled' && ruleActs(r));
    if (good) {
      return pass(
        text(
          `Bucket ${t.name}: lifecycle rule ${good.ID ?? '(unnamed)'} is enabled and transitions or expires objects.`,
          `버킷 ${t.name}: 수명 주기 규칙 ${good.ID ?? '(이름 없음)'}이(가) 활성화되어 객체를 이동하거나 만료합니다.`,
        ),
        [t.name],
      );
    }
    const disabled = rules.filter((r) => r.Status !== 'Enabled' && ruleActs(r));
    const list = rules.map((r) => r.ID ?? '(unnamed)').join(', ');
    return fail(
      disabled.length > 0
        ? text(
            `Bucket ${t.name}: lifecycle rule(s) ${disabled.map((r) => r.ID ?? '(unnamed)').join(', ')} would act but are disabled.`,
            `버킷 ${t.name}: 수명 주기 규칙 ${disabled.map((r) => r.ID ?? '(이름 없음)').join(', ')}이(가) 비활성화되어 있습니다.`,
          )
        : text(
            `Bucket ${t.name}: no lifecycle rule (${list}) transitions or expires objects.`,
            `버킷 ${t.name}: 수명 주기 규칙(${list}) 중 객체를 이동하거나 만료하는 것이 없습니다.`,
          ),
      [t.name],
    );
  },
});

export const replication = s3Check({
  id: 's3.replication',
  title: text('(Bonus) Replication to a bucket in another region', '(보너스) 다른 리전 버킷으로 교차 리전 복제'),
  points: 10,
  bonus: true,
  hint: text(
    'Cross-region replication copies new objects to a bucket in another region, against a regional outage: create a versioned bucket there and add a replication rule.',
    '교차 리전 복제(CRR)는 리전 장애에 대비해 새 객체를 다른 리전의 버킷으로 복사합니다. 다른 리전에 버전 관리가 켜진 버킷을 만들고 복제 규칙을 추가하세요.',
  ),
  evaluate(t, p, inventory) {
    const config = readEntry(inventory, 's3.replication', t.name);
    const rules = (config?.Rules ?? []).filter((r) => r.Status === 'Enabled');
    if (rules.length === 0) {
      return fail(
        config === null
          ? text(`Bucket ${t.name} has no replication configuration.`, `버킷 ${t.name}에 복제 구성이 없습니다.`)
          : text(
              `Bucket ${t.name} has no enabled replication rule.`,
              `버킷 ${t.name}에 활성화된 복제 규칙이 없습니다.`,
            ),
        [t.name],
      );
    }
    const source = readEntry(inventory, 's3.bucketRegions', t.name);
    const seen: Localized[] = [];
    const evidence = [t.name];
    for (const rule of rules) {
      const dest = bucketOfArn(rule.Destination?.Bucket);
      if (!dest) continue;
      const region = readEntry(inventory, 's3.replicationDestinationRegions', dest);
      evidence.push(dest);
      const wanted = p.replicaRegion ? region === p.replicaRegion : region !== null && region !== source;
      if (wanted) {
        return pass(
          text(
            `Bucket ${t.name} (${source}) replicates to ${dest} in ${region}.`,
            `버킷 ${t.name}(${source})이(가) ${region}의 ${dest}로 복제됩니다.`,
          ),
          evidence,
        );
      }
      seen.push(
        region === null
          ? text(`destination ${dest} does not exist`, `대상 버킷 ${dest}이(가) 없습니다`)
          : text(`destination ${dest} is in ${region}`, `대상 버킷 ${dest}은(는) ${region}에 있습니다`),
      );
    }
    const expected = p.replicaRegion
      ? text(
          `the course expects a replica in ${p.replicaRegion}`,
          `과정에서는 ${p.replicaRegion}의 복제본을 요구합니다`,
        )
      : text(
          `a replica should be in a region other than ${source}`,
          `복제본은 ${source}가 아닌 다른 리전에 있어야 합니다`,
        );
    const list = joinText(seen);
    return fail(
      text(
        `Bucket ${t.name} replicates, but ${list.en || 'no rule names a destination'}; ${expected.en}.`,
        `버킷 ${t.name}에 복제가 있지만 ${list.ko || '대상 버킷이 지정되지 않았습니다'}. ${expected.ko}.`,
      ),
      evidence,
    );
  },
});
