// @ts-check
/**
 * The details dialog of the heatmap: a cell's check (status, message, evidence, hint) in the
 * student's latest attempt, or a student's attempts; each student's attempts are fetched once per
 * latest attempt.
 */
import { ATTEMPTS_SHOWN, el, errorText, isStudent, locale, state } from './page.js';
import { attemptsHtml, checkDetailHtml, escapeHtml } from './view.js';

/**
 * @typedef {import('./api.js').ApiClient} ApiClient
 * @typedef {import('./class-model.js').StudentRow} StudentRow
 */

/**
 * Opens a cell's check details, or (column 0) the student's attempts.
 * @param {number} r
 * @param {number} c
 * @param {HTMLElement} cell
 */
export async function openDetails(r, c, cell) {
  const row = state.shown[r];
  const column = state.model?.columns[c - 1];
  if (!row) return;
  const t = state.t;
  const student = row.name ? `${row.name} (${row.studentId})` : row.studentId;
  state.returnFocus = cell;
  el.detailTitle.textContent = column ? `${student} — ${column.title}` : t('attemptsOf', { student });
  el.detailBody.innerHTML = `<p class="muted">${escapeHtml(t('loading'))}</p>`;
  if (!el.detail.open) el.detail.showModal();
  if (!row.result) {
    el.detailBody.innerHTML = `${column ? `<p><code>${escapeHtml(column.id)}</code></p>` : ''}<p class="muted">${escapeHtml(t('noAttempts'))}</p>`;
    return;
  }
  let attempts;
  try {
    attempts = await attemptsOf(row);
  } catch (error) {
    el.detailBody.innerHTML = `<p class="error">${escapeHtml(errorText(error))}</p>`;
    return;
  }
  if (!column) {
    el.detailBody.innerHTML = attemptsHtml(attempts, t, locale());
    return;
  }
  const latest = attempts.find((a) => a.attemptId === row.result?.latestAttemptId) ?? attempts[0];
  const check = latest?.result.checks.find((ch) => ch.id === column.id);
  el.detailBody.innerHTML = check
    ? `<p><code>${escapeHtml(check.id)}</code></p>${checkDetailHtml(check, t)}`
    : `<p><code>${escapeHtml(column.id)}</code></p><p class="muted">${escapeHtml(t('none'))}</p>`;
}

/**
 * A student's attempts (newest first), fetched once per latest attempt.
 * @param {StudentRow} row
 */
function attemptsOf(row) {
  if (isStudent()) return Promise.resolve(state.ownAttempts);
  const key = `${row.studentId}\n${row.result?.latestAttemptId ?? ''}`;
  let pending = state.attemptCache.get(key);
  if (!pending) {
    const api = /** @type {ApiClient} */ (state.api);
    pending = api
      .attempts(row.studentId, state.lab, { courseId: state.courseId, limit: ATTEMPTS_SHOWN })
      .then((page) => page.items);
    pending.catch(() => state.attemptCache.delete(key));
    state.attemptCache.set(key, pending);
  }
  return pending;
}

el.detailClose.addEventListener('click', () => el.detail.close());
el.detail.addEventListener('close', () => {
  // The grid may have been redrawn meanwhile: then its tab stop is the remembered position.
  const target = state.returnFocus?.isConnected ? state.returnFocus : el.heatmap.querySelector('[tabindex="0"]');
  if (target instanceof HTMLElement) target.focus();
});
