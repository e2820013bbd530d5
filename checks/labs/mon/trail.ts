/**
 * `mon.cloudtrail` and `mon.trail-validation`: a multi-region CloudTrail trail records the
 * account's API calls, and (bonus) signs its log files so tampering shows. Account-wide: judged
 * without a lab VPC.
 */
import type { GetTrailStatusResponse, Trail } from '@aws-sdk/client-cloudtrail';
import { multiRegionTrails as distinctMultiRegion } from '../../facts/cloudtrail.js';
import { type Inventory, read, readEntry } from '../../inventory.js';
import { fail, joinText, pass, skip, text } from '../../model.js';
import { monCheck } from './params.js';

/** `lab-trail (home us-east-1)`, or in Korean `lab-trail (홈 리전 us-east-1)`. */
function trailLabel(trail: Trail, lang: 'en' | 'ko' = 'en'): string {
  const home = trail.HomeRegion ?? (lang === 'ko' ? '알 수 없음' : 'unknown');
  return `${trail.Name ?? trail.TrailARN} (${lang === 'ko' ? '홈 리전' : 'home'} ${home})`;
}

interface TrailState {
  trail: Trail;
  status: GetTrailStatusResponse | null;
}

/** The multi-region trails, once each, with their status (read in their home region). */
function multiRegionTrails(inventory: Inventory): TrailState[] {
  return distinctMultiRegion(read(inventory, 'cloudtrail.trails')).map((trail) => ({
    trail,
    status: readEntry(inventory, 'cloudtrail.trailStatus', trail.TrailARN as string),
  }));
}

export const cloudtrail = monCheck({
  id: 'mon.cloudtrail',
  title: text('A multi-region CloudTrail trail is logging', '모든 리전에 적용되는 CloudTrail 추적이 로깅 중임'),
  points: 15,
  judgedWithoutTarget: true,
  hint: text(
    'CloudTrail records who called which API (a security group changed, a denied request...). A trail that applies to all regions keeps that record in S3 beyond the 90-day event history: create one for all regions and make sure its logging is on.',
    'CloudTrail은 누가 어떤 API를 호출했는지(보안 그룹 변경, 거부된 요청 등) 기록합니다. 모든 리전에 적용되는 추적을 만들면 90일 이벤트 기록을 넘어 S3에 계속 보관됩니다. 모든 리전에 적용되는 추적을 만들고 로깅이 켜져 있는지 확인하세요.',
  ),
  evaluate(_t, _p, inventory) {
    const trails = multiRegionTrails(inventory);
    if (trails.length === 0) {
      const single = read(inventory, 'cloudtrail.trails').map((t) => t.Name ?? t.TrailARN ?? '');
      const tail = single.length
        ? text(
            ` Single-region trail(s) ${single.join(', ')} record only their own region.`,
            ` 단일 리전 추적 ${single.join(', ')}은(는) 자기 리전만 기록합니다.`,
          )
        : text('', '');
      return fail(
        text(
          `No multi-region CloudTrail trail is visible from ${inventory.region}.${tail.en}`,
          `${inventory.region}에서 보이는 모든 리전 CloudTrail 추적이 없습니다.${tail.ko}`,
        ),
        single,
      );
    }
    const logging = trails.find((s) => s.status?.IsLogging === true);
    if (logging) {
      return pass(
        text(
          `Trail ${trailLabel(logging.trail)} applies to all regions and is logging.`,
          `추적 ${trailLabel(logging.trail, 'ko')}이(가) 모든 리전에 적용되며 로깅 중입니다.`,
        ),
        [logging.trail.TrailARN ?? ''],
      );
    }
    const why = trails.map(({ trail, status }) => {
      if (status === null)
        return text(
          `${trailLabel(trail)} was not found in its home region`,
          `${trailLabel(trail, 'ko')}을(를) 홈 리전에서 찾지 못함`,
        );
      const at = status.StopLoggingTime ? new Date(status.StopLoggingTime).toISOString() : undefined;
      return text(
        `${trailLabel(trail)} stopped logging${at ? ` since ${at}` : ''}`,
        `${trailLabel(trail, 'ko')}의 로깅이 ${at ? `${at}부터 ` : ''}중지됨`,
      );
    });
    const all = joinText(why);
    return fail(
      text(`No multi-region trail is logging: ${all.en}.`, `로깅 중인 모든 리전 추적이 없습니다: ${all.ko}.`),
      trails.map((s) => s.trail.TrailARN ?? ''),
    );
  },
});

export const trailValidation = monCheck({
  id: 'mon.trail-validation',
  title: text('(Bonus) The trail validates its log files', '(보너스) 추적의 로그 파일 검증이 켜져 있음'),
  points: 5,
  bonus: true,
  judgedWithoutTarget: true,
  hint: text(
    "With log file validation, CloudTrail writes a signed digest file every hour, so you can prove later that no log file was changed or deleted: turn it on in the trail's settings.",
    '로그 파일 검증을 켜면 CloudTrail이 매시간 서명된 다이제스트 파일을 기록하므로, 로그 파일이 바뀌거나 삭제되지 않았음을 나중에 증명할 수 있습니다. 추적 설정에서 켜세요.',
  ),
  evaluate(_t, _p, inventory) {
    const logging = multiRegionTrails(inventory).filter((s) => s.status?.IsLogging === true);
    if (logging.length === 0) {
      return skip(
        text(
          'No multi-region trail is logging (see mon.cloudtrail).',
          '로깅 중인 모든 리전 추적이 없습니다(mon.cloudtrail 참고).',
        ),
      );
    }
    const validated = logging.find((s) => s.trail.LogFileValidationEnabled === true);
    if (validated) {
      return pass(
        text(
          `Trail ${trailLabel(validated.trail)} has log file validation on.`,
          `추적 ${trailLabel(validated.trail, 'ko')}의 로그 파일 검증이 켜져 있습니다.`,
        ),
        [validated.trail.TrailARN ?? ''],
      );
    }
    const names = logging.map((s) => trailLabel(s.trail)).join(', ');
    const namesKo = logging.map((s) => trailLabel(s.trail, 'ko')).join(', ');
    return fail(
      text(`Log file validation is off on trail ${names}.`, `추적 ${namesKo}의 로그 파일 검증이 꺼져 있습니다.`),
      logging.map((s) => s.trail.TrailARN ?? ''),
    );
  },
});
