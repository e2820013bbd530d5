/** Which bucket is the lab's (`s3.bucket`), and how the lab finds it without being told. */
import { labBuckets } from '../../facts/s3.js';
import { type Inventory, read, tryRead } from '../../inventory.js';
import { type Candidate, fail, type Localized, pass, text } from '../../model.js';
import { type S3Params, type S3Target, s3Check } from './params.js';

/** Every bucket the selection admits, in ListBuckets order (each is graded; the best is reported). */
export function candidates(inventory: Inventory, p: S3Params): Candidate<S3Target>[] {
  return labBuckets(read(inventory, 's3.buckets'), p).map((b) => ({
    id: b.Name as string,
    target: { name: b.Name as string },
  }));
}

export function noTarget(_inventory: Inventory, p: S3Params): Localized {
  return p.bucketPattern
    ? text(
        `No bucket matches the course's pattern /${p.bucketPattern}/; see s3.bucket.`,
        `과정의 이름 패턴 /${p.bucketPattern}/에 맞는 버킷이 없습니다. s3.bucket을 보세요.`,
      )
    : text('No lab bucket exists; see s3.bucket.', '실습용 버킷이 없습니다. s3.bucket을 보세요.');
}

export const bucket = s3Check({
  id: 's3.bucket',
  judgedWithoutTarget: true,
  title: text('A lab bucket exists', '실습용 S3 버킷이 있음'),
  points: 10,
  hint: text(
    'Create a general purpose S3 bucket for the lab (bucket names are global: add something unique such as your account id).',
    '실습용 S3 범용 버킷을 만드세요(버킷 이름은 전 세계에서 고유해야 하므로 계정 ID 같은 고유한 값을 붙이세요).',
  ),
  evaluate(t, p, inventory) {
    if (t) {
      const region = tryRead(inventory, 's3.bucketRegions')?.[t.name];
      const where = region ? ` in ${region}` : '';
      return pass(
        text(
          `Bucket ${t.name}${where} is the lab bucket.`,
          `버킷 ${t.name}${region ? `(${region})` : ''}을(를) 실습 버킷으로 채점했습니다.`,
        ),
        [t.name],
      );
    }
    const all = read(inventory, 's3.buckets').map((b) => b.Name ?? '');
    if (all.length === 0) {
      return fail(text('The account has no S3 bucket.', '계정에 S3 버킷이 없습니다.'));
    }
    const list = all.join(', ');
    if (p.bucketPattern) {
      return fail(
        text(
          `No bucket name matches the course's pattern /${p.bucketPattern}/ (buckets: ${list}).`,
          `과정에서 정한 이름 패턴 /${p.bucketPattern}/에 맞는 버킷이 없습니다(버킷: ${list}).`,
        ),
        all,
      );
    }
    return fail(
      text(
        `Only log or deployment buckets exist (${list}); the lab needs a bucket of its own.`,
        `로그/배포용 버킷만 있습니다(${list}). 실습용 버킷을 따로 만들어야 합니다.`,
      ),
      all,
    );
  },
});
