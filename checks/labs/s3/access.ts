/** Who may reach the bucket: Block Public Access (`s3.block-public`) and TLS only (`s3.tls-only`). */
import { read, readEntry, tryRead } from '../../inventory.js';
import { fail, joinText, type Localized, pass, text } from '../../model.js';
import {
  conditionValues,
  coversAction,
  coversResource,
  isEveryone,
  type PolicyStatement,
  statementsOf,
} from '../../policy.js';
import { bucketArn, s3Check } from './params.js';

const PAB_FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

export const blockPublic = s3Check({
  id: 's3.block-public',
  title: text('Block Public Access is fully on', '퍼블릭 액세스 차단이 모두 켜져 있음'),
  points: 20,
  hint: text(
    'S3 buckets are private by default; keep them so: turn on all four Block Public Access settings for the bucket (or for the whole account). Only a static website bucket is ever opened.',
    'S3 버킷은 기본적으로 프라이빗입니다. 버킷(또는 계정 전체)의 퍼블릭 액세스 차단 설정 4개를 모두 켜 두세요. 정적 웹 사이트 호스팅용 버킷이 아니라면 열 이유가 없습니다.',
  ),
  evaluate(t, _p, inventory) {
    const own = readEntry(inventory, 's3.publicAccessBlock', t.name);
    const ownOff = PAB_FLAGS.filter((f) => own?.[f] !== true);
    if (ownOff.length === 0) {
      return pass(
        text(
          `Block Public Access is fully on for bucket ${t.name}.`,
          `버킷 ${t.name}의 퍼블릭 액세스 차단이 모두 켜져 있습니다.`,
        ),
        [t.name],
      );
    }
    // S3 applies the stricter of the account's and the bucket's setting, flag by flag.
    const account = read(inventory, 's3.accountPublicAccessBlock');
    const off = ownOff.filter((f) => account?.[f] !== true);
    const accountId = inventory.accountId ?? tryRead(inventory, 'sts.callerIdentity')?.Account ?? 'account';
    if (off.length === 0) {
      return pass(
        text(
          `Block Public Access is fully on for bucket ${t.name} (account ${accountId} blocks ${ownOff.join(', ')}).`,
          `버킷 ${t.name}의 퍼블릭 액세스 차단이 모두 켜져 있습니다(계정 ${accountId} 설정이 ${ownOff.join(', ')} 차단).`,
        ),
        [t.name, accountId],
      );
    }
    const none = own === null && account === null;
    return fail(
      none
        ? text(
            `Neither bucket ${t.name} nor account ${accountId} has a Block Public Access configuration.`,
            `버킷 ${t.name}과 계정 ${accountId} 모두 퍼블릭 액세스 차단 설정이 없습니다.`,
          )
        : text(
            `Bucket ${t.name} does not block public access: ${off.join(', ')} ${off.length === 1 ? 'is' : 'are'} off for the bucket and for account ${accountId}.`,
            `버킷 ${t.name}의 퍼블릭 액세스가 차단되지 않습니다: 버킷과 계정 ${accountId} 모두 ${off.join(', ')} 설정이 꺼져 있습니다.`,
          ),
      [t.name],
    );
  },
});

/** Deny statement for everyone whose condition matches requests without TLS. */
function deniesPlainHttp(s: PolicyStatement): boolean {
  if (s.Effect !== 'Deny' || !isEveryone(s)) return false;
  return conditionValues(s, ['Bool', 'BoolIfExists'], 'aws:SecureTransport').includes('false');
}

const DENIED_ACTIONS = ['s3:GetObject', 's3:PutObject'];

/**
 * The TLS denies that together cover reads and writes on every one of `resources` (a Deny applies
 * whichever statement holds it, so one statement for the bucket and one for its objects is as good
 * as one for both); `undefined` when some action on some resource is left open. One statement that
 * covers everything on its own is the answer by itself.
 */
function coveringStatements(denies: PolicyStatement[], resources: string[]): PolicyStatement[] | undefined {
  const coversAll = (s: PolicyStatement) =>
    DENIED_ACTIONS.every((a) => coversAction(s, a)) && resources.every((r) => coversResource(s, r));
  const whole = denies.find(coversAll);
  if (whole) return [whole];
  const used = new Set<PolicyStatement>();
  for (const resource of resources) {
    for (const action of DENIED_ACTIONS) {
      const s = denies.find((d) => coversAction(d, action) && coversResource(d, resource));
      if (!s) return undefined;
      used.add(s);
    }
  }
  return denies.filter((d) => used.has(d));
}

export const tlsOnly = s3Check({
  id: 's3.tls-only',
  title: text('The bucket policy refuses requests without TLS', '버킷 정책이 TLS(HTTPS) 없는 요청을 거부'),
  points: 20,
  hint: text(
    'Add a bucket policy (a resource-based policy) statement that denies every principal all S3 actions on the bucket and its objects when aws:SecureTransport is false.',
    '버킷 정책(리소스 기반 정책)에 aws:SecureTransport가 false일 때 모든 보안 주체의 모든 S3 작업을 버킷과 객체에 대해 거부(Deny)하는 문을 추가하세요.',
  ),
  evaluate(t, _p, inventory) {
    const policy = readEntry(inventory, 's3.policy', t.name);
    if (policy === null) {
      return fail(text(`Bucket ${t.name} has no bucket policy.`, `버킷 ${t.name}에 버킷 정책이 없습니다.`), [t.name]);
    }
    const candidates = statementsOf(policy).filter(deniesPlainHttp);
    if (candidates.length === 0) {
      return fail(
        text(
          `The policy of bucket ${t.name} has no Deny statement for requests where aws:SecureTransport is false.`,
          `버킷 ${t.name}의 정책에 aws:SecureTransport가 false인 요청을 거부(Deny)하는 문이 없습니다.`,
        ),
        [t.name],
      );
    }
    const objects = `${bucketArn(t.name)}/*`;
    const covered = coveringStatements(candidates, [bucketArn(t.name), objects]);
    if (covered) {
      const sids = covered.map((s) => s.Sid).filter(Boolean);
      const plural = sids.length > 1 ? 's' : '';
      return pass(
        text(
          `The policy of bucket ${t.name} denies requests without TLS${sids.length ? ` (statement${plural} ${sids.join(', ')})` : ''}.`,
          `버킷 ${t.name}의 정책이 TLS 없는 요청을 거부합니다${sids.length ? `(문 ${sids.join(', ')})` : ''}.`,
        ),
        [t.name],
      );
    }
    const gaps: Localized[] = [];
    for (const s of candidates) {
      const sid = s.Sid ?? '(no Sid)';
      if (!coversAction(s, 's3:GetObject') || !coversAction(s, 's3:PutObject')) {
        gaps.push(
          text(
            `statement ${sid} does not cover all S3 actions (s3:*)`,
            `문 ${sid}이(가) 모든 S3 작업(s3:*)을 포함하지 않습니다`,
          ),
        );
      }
      if (!coversResource(s, objects) || !coversResource(s, bucketArn(t.name))) {
        gaps.push(
          text(
            `statement ${sid} does not cover both ${bucketArn(t.name)} and ${objects}`,
            `문 ${sid}이(가) ${bucketArn(t.name)}와 ${objects}를 모두 포함하지 않습니다`,
          ),
        );
      }
    }
    const list = joinText(gaps);
    return fail(
      text(
        `The policy of bucket ${t.name} denies plain HTTP only in part: ${list.en}.`,
        `버킷 ${t.name}의 정책이 HTTP 요청을 일부만 거부합니다: ${list.ko}.`,
      ),
      [t.name],
    );
  },
});
