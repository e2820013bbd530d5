/** (Bonus) `iam.key-age`: no active access key older than the course allows. */
import type { AccessKeyMetadata } from '@aws-sdk/client-iam';
import { read, readEntry } from '../../inventory.js';
import { errorOutcome, fail, pass, text } from '../../model.js';
import { DAY_MS, iamCheck, timeOf, userId } from './target.js';

export const keyAge = iamCheck({
  id: 'iam.key-age',
  title: text('(Bonus) No active access key is too old', '(보너스) 오래된 활성 액세스 키 없음'),
  points: 5,
  bonus: true,
  hint: text(
    'Rotate access keys: create a new key, switch the program to it, then deactivate and delete the old one. Roles avoid long-lived keys altogether.',
    '액세스 키를 교체(rotation)하세요: 새 키를 만들어 프로그램에 적용한 뒤 이전 키를 비활성화하고 삭제합니다. 역할을 쓰면 장기 자격 증명 자체가 필요 없습니다.',
  ),
  evaluate(_t, p, inventory) {
    // "Now" is when the inventory was read, so a replayed grade gives the same verdict.
    const now = timeOf(inventory.collectedAt);
    if (now === undefined) {
      return errorOutcome(
        text('The inventory has no valid collection time.', '인벤토리의 수집 시각이 올바르지 않습니다.'),
        'MissingField',
      );
    }
    const users = read(inventory, 'iam.users');
    const active: { user: string; key: AccessKeyMetadata; days: number }[] = [];
    for (const user of users) {
      for (const key of readEntry(inventory, 'iam.accessKeys', user.UserName ?? '')) {
        if (key.Status !== 'Active') continue;
        const created = timeOf(key.CreateDate);
        const days = created === undefined ? Number.POSITIVE_INFINITY : Math.floor((now - created) / DAY_MS);
        active.push({ user: user.UserName ?? '?', key, days });
      }
    }
    const old = active.filter((a) => a.days > p.maxKeyAgeDays);
    if (old.length > 0) {
      const list = old
        .map((a) => `${a.key.AccessKeyId} (${a.user}, ${Number.isFinite(a.days) ? `${a.days} days` : 'unknown age'})`)
        .join(', ');
      const listKo = old
        .map(
          (a) => `${a.key.AccessKeyId} (${a.user}, ${Number.isFinite(a.days) ? `${a.days}일` : '생성일 알 수 없음'})`,
        )
        .join(', ');
      return fail(
        text(
          `Active access keys older than ${p.maxKeyAgeDays} days: ${list}.`,
          `${p.maxKeyAgeDays}일보다 오래된 활성 액세스 키가 있습니다: ${listKo}.`,
        ),
        old.map((a) => a.key.AccessKeyId ?? ''),
      );
    }
    if (active.length === 0) {
      return pass(
        text('No IAM user has an active access key.', '활성 액세스 키를 가진 IAM 사용자가 없습니다.'),
        users.map(userId),
      );
    }
    const oldest = Math.max(...active.map((a) => a.days));
    return pass(
      text(
        `${active.length} active access key${active.length === 1 ? '' : 's'}, the oldest ${oldest} days old (limit ${p.maxKeyAgeDays}).`,
        `활성 액세스 키 ${active.length}개, 가장 오래된 키가 ${oldest}일입니다(기준 ${p.maxKeyAgeDays}일).`,
      ),
      active.map((a) => a.key.AccessKeyId ?? ''),
    );
  },
});
