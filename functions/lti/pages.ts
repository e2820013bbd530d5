/**
 * The pages a browser sees after a launch: the student's own view of the lab (counted score, the
 * latest attempt's checks with messages and hints, in the course's language), the instructor's
 * view of the placement, and the page that says why a launch was refused. Plain HTML, everything
 * escaped, no scripts.
 */
import { findManifest } from '../../checks/labs/manifests.js';
import type { Lang } from '../../checks/model.js';
import type { LaunchRejectedError } from './errors.js';
import type { LaunchOutcome } from './launch.js';

const escapeHtml = (s: unknown) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** Headers of every LTI page: no caching, no framing by anyone but an LMS, no scripts. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors https: http://localhost:* http://127.0.0.1:*",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

function page(title: string, body: string, lang: Lang = 'en'): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:1.5rem auto;padding:0 1rem;line-height:1.45}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.35rem;text-align:left;vertical-align:top}
.why{background:#fff3f3;border:1px solid #c33;padding:.75rem}.muted{color:#555}</style></head>
<body>${body}</body></html>
`;
}

const STATUS_WORD: Record<Lang, Record<string, string>> = {
  en: { pass: '✔ pass', fail: '✘ fail', error: '! could not check', skip: '– skipped' },
  ko: { pass: '✔ 통과', fail: '✘ 실패', error: '! 확인 불가', skip: '– 건너뜀' },
};

export function launchPage(outcome: LaunchOutcome, dashboardUrl?: string): string {
  const lang = outcome.course.lang;
  const ko = lang === 'ko';
  if (outcome.role === 'instructor') {
    const lab = outcome.lab ? findManifest(outcome.lab) : undefined;
    return page(
      'labgrader',
      `<h1>labgrader: ${escapeHtml(outcome.course.title ?? outcome.course.courseId)}</h1>
<p>${ko ? '이 LMS 과목은 labgrader 과목' : 'This LMS course is linked to labgrader course'} <b>${escapeHtml(outcome.course.courseId)}</b>.</p>
<p>${lab ? `${ko ? '이 과제는 실습' : 'This placement grades lab'} <b>${escapeHtml(lab.id)}</b> (${escapeHtml(lab.title[lang])}).` : ko ? '이 과제에 실습이 지정되지 않았습니다: 사용자 지정 매개변수 lab=&lt;실습 id&gt;를 추가하세요.' : 'This placement names no lab: add the custom parameter lab=&lt;lab id&gt;.'}</p>
<p>${outcome.ags?.scopes.length ? (ko ? '성적 전송(Assignment and Grade Services) 사용 가능: 학생의 점수가 바뀔 때마다 성적부에 올라갑니다.' : "Assignment and Grade Services granted: every change of a student's counted score is posted to the gradebook.") : ko ? '이 배치는 성적 전송 권한이 없습니다.' : 'This placement grants no Assignment and Grade Services: scores will not be posted.'}</p>
${dashboardUrl ? `<p><a href="${escapeHtml(dashboardUrl)}" target="_blank" rel="noopener">${ko ? '반 대시보드 열기' : 'Open the class dashboard'}</a></p>` : ''}`,
      lang,
    );
  }
  const lab = findManifest(outcome.lab);
  const standing = outcome.standing;
  const counted = standing?.counted.attempt;
  const rows =
    standing?.latest.checks
      .map(
        (c) =>
          `<tr><td>${escapeHtml(c.title)}</td><td>${escapeHtml(STATUS_WORD[lang][c.status] ?? c.status)}</td><td>${escapeHtml(c.earned)} / ${escapeHtml(c.points)}</td><td>${escapeHtml(c.message)}${c.status !== 'pass' && c.hint ? `<br><span class="muted">${escapeHtml(c.hint)}</span>` : ''}</td></tr>`,
      )
      .join('\n') ?? '';
  return page(
    `labgrader: ${lab?.title[lang] ?? outcome.lab}`,
    `<h1>${escapeHtml(lab?.title[lang] ?? outcome.lab)}</h1>
<p>${escapeHtml(outcome.entry.name ?? outcome.entry.studentId)} · ${escapeHtml(outcome.course.title ?? outcome.course.courseId)}</p>
${
  standing
    ? `<p><b>${ko ? '반영 점수' : 'Counted score'}: ${counted ? `${escapeHtml(counted.score)} / ${escapeHtml(counted.maxScore)}` : '—'}</b>
 <span class="muted">(${ko ? '최근 채점' : 'latest grade'} ${escapeHtml(standing.latest.score)} / ${escapeHtml(standing.latest.maxScore)}, ${escapeHtml(standing.latest.finishedAt)}; ${ko ? '시도' : 'attempts'} ${escapeHtml(standing.attempts)})</span></p>
<table><thead><tr><th>${ko ? '항목' : 'Check'}</th><th>${ko ? '결과' : 'Result'}</th><th>${ko ? '점수' : 'Points'}</th><th>${ko ? '설명' : 'Why'}</th></tr></thead><tbody>
${rows}
</tbody></table>`
    : `<p>${ko ? '아직 채점되지 않았습니다. 예약 채점이 곧 계정을 확인합니다.' : 'Not graded yet: the scheduled grading will look at your account soon.'}</p>`
}
<p class="muted">${ko ? '점수가 바뀌면 LMS 성적부에 자동으로 올라갑니다.' : 'Whenever your counted score changes, it is posted to the LMS gradebook.'}</p>`,
    lang,
  );
}

export function rejectionPage(err: LaunchRejectedError): string {
  return page(
    'labgrader: launch refused',
    `<h1>labgrader could not open this launch</h1>
<p class="why">${escapeHtml(err.message)}</p>
<p class="muted">Reason code: ${escapeHtml(err.reason)}${err.detail.issuer ? ` · platform ${escapeHtml(err.detail.issuer)}` : ''}${err.detail.deploymentId ? ` · deployment ${escapeHtml(err.detail.deploymentId)}` : ''}</p>`,
  );
}
