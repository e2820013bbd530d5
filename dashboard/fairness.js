// @ts-check
/**
 * The instructor's fair-grading panel of a course's lab: the course's flags (shared accounts,
 * accounts changed mid-course, results from the wrong account), a regrade (a dry run first: each
 * student's counted score before and after and the checks whose status changed; then, confirmed,
 * the real run with its progress), and the overrides (the grader's verdict and the override side by
 * side, who, when and why; set or removed with a mandatory reason). Builders return HTML strings;
 * {@link createFairnessPanel} wires them to the page.
 */
import { ApiError, changeOverride, flags, overrides, regradeRun, startRegrade } from './api.js';
import { escapeHtml, stateBadge } from './view.js';

/**
 * @typedef {import('./api.js').ApiClient} ApiClient
 * @typedef {import('../functions/api/contract.js').FlagsResponse} FlagsResponse
 * @typedef {import('../functions/api/contract.js').RegradeResponse} RegradeResponse
 * @typedef {import('../functions/api/contract.js').OverridesResponse} OverridesResponse
 * @typedef {import('../functions/api/contract.js').Override} Override
 * @typedef {import('../functions/api/contract.js').Status} Status
 * @typedef {import('./i18n.js').Translate} Translate
 */

/** How often a running regrade's progress is read. */
const PROGRESS_MS = 500;

/**
 * @param {FlagsResponse} f
 * @param {Translate} t
 */
export function flagsHtml(f, t) {
  /** @type {string[]} */
  const items = [];
  for (const s of f.sharedAccounts) {
    const others = s.others.map((o) => (o.studentId ? `${o.courseId}/${o.studentId}` : `${o.courseId}/?`));
    items.push(
      `<li class="flag" data-kind="shared-account">${escapeHtml(
        t('flagShared', { account: s.accountId, students: s.students.join(', '), others: others.join(', ') || '—' }),
      )}</li>`,
    );
  }
  for (const c of f.accountChanges) {
    const earlier = c.earlier.map((e) => `${e.accountId} (${e.lab}, ${e.attempts})`).join(', ');
    items.push(
      `<li class="flag" data-kind="account-change">${escapeHtml(
        t('flagChanged', { student: c.studentId, account: c.accountId, earlier }),
      )}</li>`,
    );
  }
  for (const w of f.wrongAccount) {
    items.push(
      `<li class="flag" data-kind="wrong-account">${escapeHtml(
        t('flagWrong', {
          student: w.studentId,
          lab: w.lab,
          read: w.accountRead,
          registered: w.registered,
          n: w.attempts,
        }),
      )}</li>`,
    );
  }
  for (const u of f.unownedHistory) {
    items.push(
      `<li class="flag" data-kind="unowned-history">${escapeHtml(
        t('flagUnowned', { student: u.studentId, lab: u.lab, n: u.attempts }),
      )}</li>`,
    );
  }
  return items.length
    ? `<ul class="flags">${items.join('')}</ul>`
    : `<p class="muted">${escapeHtml(t('flagsNone'))}</p>`;
}

/** @param {{ score: number, maxScore: number } | null} a */
const scoreText = (a) => (a ? `${a.score}/${a.maxScore}` : '—');

/**
 * Each finished student's counted score before → after and the checks whose status changed.
 * @param {RegradeResponse} r
 * @param {Translate} t
 */
export function regradeHtml(r, t) {
  const { run } = r;
  const progress = `<p class="regrade-progress"><progress max="${run.total}" value="${run.done}"></progress> ${escapeHtml(
    t('regradeProgress', { done: run.done, total: run.total }),
  )}${run.dryRun ? ` · ${escapeHtml(t('dryRunNote'))}` : ''}</p>`;
  if (!r.students.length) return progress;
  const rows = [...r.students]
    .sort((a, b) => (a.studentId < b.studentId ? -1 : a.studentId > b.studentId ? 1 : 0))
    .map((s) => {
      const checks = s.changed
        .flatMap((a) => a.checks.map((c) => `${c.id} ${c.before}→${c.after}`))
        .filter((v, i, all) => all.indexOf(v) === i);
      const delta = s.delta > 0 ? `+${s.delta}` : String(s.delta);
      return `<tr data-student="${escapeHtml(s.studentId)}"><th scope="row">${escapeHtml(s.studentId)}</th><td>${escapeHtml(
        scoreText(s.before),
      )}</td><td>${escapeHtml(scoreText(s.after))}</td><td class="${s.delta < 0 ? 'lost' : s.delta > 0 ? 'gained' : ''}">${escapeHtml(
        delta,
      )}</td><td>${escapeHtml(checks.join(', ') || '—')}</td></tr>`;
    })
    .join('');
  return `${progress}<table class="regrade"><thead><tr><th scope="col">${escapeHtml(t('student'))}</th><th scope="col">${escapeHtml(
    t('before'),
  )}</th><th scope="col">${escapeHtml(t('after'))}</th><th scope="col">${escapeHtml(t('change'))}</th><th scope="col">${escapeHtml(
    t('checksChanged'),
  )}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/**
 * The overrides in force, each beside the grader's verdict, and the audit trail.
 * @param {OverridesResponse} o
 * @param {Map<string, { status: Status, earned: number, points: number }>} graderVerdicts by `student\ncheck`
 * @param {Translate} t
 * @param {string} locale
 */
export function overridesHtml(o, graderVerdicts, t, locale) {
  const when = (/** @type {string} */ at) => new Date(at).toLocaleString(locale);
  const rows = o.items
    .map((v) => {
      const grader = graderVerdicts.get(`${v.studentId}\n${v.checkId}`);
      return `<tr data-student="${escapeHtml(v.studentId)}" data-check="${escapeHtml(v.checkId)}"><th scope="row">${escapeHtml(
        v.studentId,
      )}</th><td><code>${escapeHtml(v.checkId)}</code></td><td class="grader-verdict">${
        grader ? `${stateBadge(grader.status, t)} ${escapeHtml(`${grader.earned}/${grader.points}`)}` : '—'
      }</td><td class="override-verdict">${stateBadge(v.status, t)} ${escapeHtml(String(v.earned))}</td><td>${escapeHtml(
        t('overrideBy', { by: v.by, at: when(v.at) }),
      )}<br><q class="reason">${escapeHtml(v.reason)}</q></td><td><button type="button" class="remove-override">${escapeHtml(
        t('removeOverride'),
      )}</button></td></tr>`;
    })
    .join('');
  const table = o.items.length
    ? `<table class="overrides"><thead><tr><th scope="col">${escapeHtml(t('student'))}</th><th scope="col">${escapeHtml(
        t('check'),
      )}</th><th scope="col">${escapeHtml(t('graderVerdict'))}</th><th scope="col">${escapeHtml(
        t('overrideVerdict'),
      )}</th><th scope="col">${escapeHtml(t('whoWhenWhy'))}</th><th scope="col"></th></tr></thead><tbody>${rows}</tbody></table>`
    : `<p class="muted">${escapeHtml(t('overridesNone'))}</p>`;
  const audit = o.audit.length
    ? `<details class="audit"><summary>${escapeHtml(t('auditTrail', { n: o.audit.length }))}</summary><ol>${o.audit
        .map(
          (e) =>
            `<li data-action="${e.action}">${escapeHtml(
              t(e.action === 'set' ? 'auditSet' : 'auditRemoved', {
                at: when(e.at),
                by: e.by,
                student: e.studentId,
                check: e.checkId,
                status: e.status,
              }),
            )} <q>${escapeHtml(e.reason)}</q></li>`,
        )
        .join('')}</ol></details>`
    : '';
  return table + audit;
}

/**
 * The fair-grading panel: loads when the course or lab changes, and after the instructor's own actions.
 * @param {{
 *   flags: HTMLElement, regrade: HTMLElement, overrides: HTMLElement,
 *   dryRun: HTMLButtonElement, overrideForm: HTMLFormElement,
 * }} el
 * @param {() => { api: ApiClient | null, courseId: string, lab: string, t: Translate, locale: string,
 *   students: string[], checks: string[], onCountedChange: () => void }} context
 */
export function createFairnessPanel(el, context) {
  let shownKey = '';
  /** @type {RegradeResponse | null} the last dry run, which a real run may follow */
  let dryRun = null;
  let ticket = 0;

  const say = (/** @type {HTMLElement} */ where, /** @type {unknown} */ error) => {
    const message = error instanceof ApiError ? `${error.status}: ${error.message}` : String(error);
    where.insertAdjacentHTML('afterbegin', `<p class="error" role="alert">${escapeHtml(message)}</p>`);
  };

  async function loadFlags() {
    const { api, courseId, t } = context();
    if (!api) return;
    try {
      el.flags.innerHTML = flagsHtml(await flags(api, courseId), t);
    } catch (error) {
      el.flags.innerHTML = '';
      say(el.flags, error);
    }
  }

  async function loadOverrides() {
    const { api, courseId, lab, t, locale, students, checks } = context();
    if (!api) return;
    try {
      const list = await overrides(api, courseId, lab);
      // The grader's verdict: the student's latest attempt keeps it (an override never changes an attempt).
      /** @type {Map<string, { status: Status, earned: number, points: number }>} */
      const verdicts = new Map();
      for (const studentId of new Set(list.items.map((i) => i.studentId))) {
        const page = await api.attempts(studentId, lab, { courseId, limit: 1 });
        for (const c of page.items[0]?.result.checks ?? []) {
          verdicts.set(`${studentId}\n${c.id}`, { status: c.status, earned: c.earned, points: c.points });
        }
      }
      el.overrides.innerHTML = overridesHtml(list, verdicts, t, locale);
    } catch (error) {
      el.overrides.innerHTML = '';
      say(el.overrides, error);
    }
    const form = el.overrideForm;
    const options = (/** @type {string[]} */ values) =>
      values.map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(v)}</option>`).join('');
    /** @type {HTMLSelectElement} */ (form.elements.namedItem('studentId')).innerHTML = options(students);
    /** @type {HTMLSelectElement} */ (form.elements.namedItem('checkId')).innerHTML = options(checks);
  }

  /**
   * Follows a run until every student is done, showing each step.
   * @param {RegradeResponse} started
   */
  async function follow(started) {
    const { api, courseId, lab, t } = context();
    if (!api) return started;
    const mine = ++ticket;
    let current = started;
    el.regrade.innerHTML = regradeHtml(current, t);
    while (current.run.done < current.run.total) {
      await new Promise((r) => setTimeout(r, PROGRESS_MS));
      if (mine !== ticket) return current;
      current = await regradeRun(api, courseId, lab, current.run.runId);
      el.regrade.innerHTML = regradeHtml(current, context().t);
    }
    return current;
  }

  el.dryRun.addEventListener('click', async () => {
    const { api, courseId, lab, t } = context();
    if (!api) return;
    el.dryRun.disabled = true;
    try {
      dryRun = await follow(await startRegrade(api, courseId, lab, true));
      el.regrade.insertAdjacentHTML(
        'beforeend',
        `<p><button type="button" class="confirm-regrade">${escapeHtml(t('regradeConfirm'))}</button></p>`,
      );
    } catch (error) {
      say(el.regrade, error);
    } finally {
      el.dryRun.disabled = false;
    }
  });

  el.regrade.addEventListener('click', async (event) => {
    const button = /** @type {HTMLElement} */ (event.target).closest('.confirm-regrade');
    if (!button || !dryRun) return;
    const { api, courseId, lab, t } = context();
    if (!api) return;
    const changed = dryRun.students.filter((s) => s.delta !== 0).length;
    if (!confirm(t('regradeAreYouSure', { n: dryRun.students.length, changed }))) return;
    dryRun = null;
    try {
      await follow(await startRegrade(api, courseId, lab, false));
      context().onCountedChange();
    } catch (error) {
      say(el.regrade, error);
    }
  });

  el.overrides.addEventListener('click', async (event) => {
    const button = /** @type {HTMLElement} */ (event.target).closest('.remove-override');
    const row = button?.closest('tr');
    if (!button || !row) return;
    const { api, courseId, lab, t } = context();
    if (!api) return;
    const reason = prompt(t('removeReason'))?.trim();
    if (!reason) return; // no reason, no removal
    try {
      await changeOverride(
        api,
        { courseId, lab, studentId: row.dataset.student ?? '', checkId: row.dataset.check ?? '' },
        null,
        reason,
      );
      await loadOverrides();
      context().onCountedChange();
    } catch (error) {
      say(el.overrides, error);
    }
  });

  el.overrideForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { api, courseId, lab } = context();
    if (!api) return;
    const data = new FormData(el.overrideForm);
    const points = String(data.get('points') ?? '').trim();
    const status = /** @type {'pass' | 'fail' | 'skip'} */ (String(data.get('status')));
    const body = {
      status,
      reason: String(data.get('reason') ?? ''),
      ...(points ? { points: Number(points) } : {}),
    };
    el.overrideForm.querySelector('.error')?.remove();
    try {
      await changeOverride(
        api,
        { courseId, lab, studentId: String(data.get('studentId')), checkId: String(data.get('checkId')) },
        body,
      );
      el.overrideForm.reset();
      await loadOverrides();
      context().onCountedChange();
    } catch (error) {
      say(el.overrideForm, error);
    }
  });

  return {
    /** Loads the panel when the course or the lab changed since it was last shown. */
    async show() {
      const { courseId, lab } = context();
      const key = `${courseId}\n${lab}`;
      if (key === shownKey) return;
      shownKey = key;
      dryRun = null;
      ticket += 1;
      el.regrade.innerHTML = '';
      await Promise.all([loadFlags(), loadOverrides()]);
    },
  };
}
