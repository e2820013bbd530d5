// @ts-check
/**
 * The dashboard page: connects with a token, then shows a course's lab as a heatmap of students ×
 * checks with the class's pass rates, score distribution and attempt timeline (instructors), or
 * the caller's own results and attempts (students). Every part is built as one HTML string and
 * assigned once. This file connects, loads and renders; the grid's keys and clicks
 * (heatmap-grid.js), the details dialog (detail-dialog.js), the auto-refresh (auto-refresh.js) and
 * the fair-grading panel (fairness.js) are their own modules over the shared page state (page.js).
 */
import { ApiClient, configuredApiBase } from './api.js';
import { refreshText, scheduleRefresh, stopAutoRefresh } from './auto-refresh.js';
import { buildClassModel, rowOfAttempt, studentSummary } from './class-model.js';
import { createFairnessPanel } from './fairness.js';
import { renderGrid } from './heatmap-grid.js';
import { translator } from './i18n.js';
import {
  $,
  ATTEMPTS_SHOWN,
  el,
  isStudent,
  LANG_KEY,
  labInfo,
  locale,
  setStatus,
  showError,
  state,
  TOKEN_KEY,
} from './page.js';
import {
  attemptsHtml,
  classCostHtml,
  distributionHtml,
  escapeHtml,
  leftoversHtml,
  legendHtml,
  passRateHtml,
  timelineHtml,
} from './view.js';

/** @typedef {import('../functions/api/contract.js').MeResponse} MeResponse */

const fairness = createFairnessPanel(
  {
    flags: $('flags'),
    regrade: $('regrade'),
    overrides: $('overrides'),
    dryRun: /** @type {HTMLButtonElement} */ ($('regrade-dry-run')),
    overrideForm: /** @type {HTMLFormElement} */ ($('override-form')),
  },
  () => ({
    api: state.api,
    courseId: state.courseId,
    lab: state.lab,
    t: state.t,
    locale: locale(),
    students: state.results.map((r) => r.studentId).sort(),
    checks: state.summary?.checks.map((c) => c.id) ?? [],
    onCountedChange: () => void reload(),
  }),
);

// ---------------------------------------------------------------- language

function applyLang() {
  const t = state.t;
  document.documentElement.lang = state.lang;
  for (const node of document.querySelectorAll('[data-i18n]')) {
    node.textContent = t(/** @type {any} */ (node.getAttribute('data-i18n')));
  }
  for (const node of document.querySelectorAll('[data-i18n-label]')) {
    node.setAttribute('aria-label', t(/** @type {any} */ (node.getAttribute('data-i18n-label'))));
  }
  const title = isStudent() ? t('studentTitle') : t('title');
  $('page-title').textContent = title;
  document.title = title;
  el.langToggle.textContent = t('language');
  el.langToggle.setAttribute('lang', state.lang === 'ko' ? 'en' : 'ko');
  el.langToggle.setAttribute('aria-label', t('languageLabel'));
  el.legend.innerHTML = legendHtml(t);
  if (state.me) el.who.textContent = t('signedInAs', { id: state.me.subject });
  if (state.apiBase) el.apiWhere.textContent = t('apiWhere', { url: state.apiBase });
  // A status already on screen is said again in the new language.
  if (state.status) setStatus(state.status.text(), state.status.isError, state.status.text);
}

el.langToggle.addEventListener('click', async () => {
  state.lang = state.lang === 'ko' ? 'en' : 'ko';
  state.t = translator(state.lang);
  localStorage.setItem(LANG_KEY, state.lang);
  applyLang();
  if (state.me) {
    // The lab titles of the new language first, so the lab selector keeps its titles.
    await loadLabs().catch(() => undefined);
    fillSelectors();
    render();
    if (state.timer !== undefined) el.refreshState.textContent = refreshText();
  }
});

// ---------------------------------------------------------------- connection

/**
 * Where the token goes: the deployment's API (config.json) or this page's origin, never a URL
 * parameter. Until it is known (and on a bad config.json) nothing is sent.
 * @type {Promise<string>}
 */
const apiBase = configuredApiBase(location.href);
apiBase.then(
  (base) => {
    state.apiBase = base;
    el.apiWhere.textContent = state.t('apiWhere', { url: base });
  },
  (error) => setStatus(String(error instanceof Error ? error.message : error), true),
);
el.token.value = sessionStorage.getItem(TOKEN_KEY) ?? '';

el.connect.addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, el.token.value.trim());
  void connect();
});

el.signOut.addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  location.reload();
});

async function connect() {
  const token = el.token.value.trim();
  if (!token) return;
  stopAutoRefresh();
  let base;
  try {
    base = await apiBase;
  } catch {
    return; // config.json is wrong: its error is on screen, and no token leaves the page
  }
  state.api = new ApiClient(base, token);
  state.attemptCache.clear();
  setStatus(state.t('loading'));
  try {
    state.me = await state.api.me();
    await loadLabs();
  } catch (error) {
    showError(error);
    return;
  }
  document.body.dataset.view = state.me.role;
  el.connectBox.open = false;
  el.toolbar.hidden = false;
  applyLang();
  fillSelectors();
  await reload();
}

async function loadLabs() {
  if (!state.api || state.labs.has(state.lang)) return;
  state.labs.set(state.lang, await state.api.labs(state.lang));
}

/** Course and lab choices, keeping the current ones (from the URL at first) when they exist. */
function fillSelectors() {
  const courses = state.me?.courses ?? [];
  if (!courses.some((c) => c.courseId === state.courseId)) state.courseId = courses[0]?.courseId ?? '';
  el.course.innerHTML = courses
    .map(
      (c) =>
        `<option value="${escapeHtml(c.courseId)}"${c.courseId === state.courseId ? ' selected' : ''}>${escapeHtml(c.title ? `${c.title} (${c.courseId})` : c.courseId)}</option>`,
    )
    .join('');
  const labs = courses.find((c) => c.courseId === state.courseId)?.labs ?? [];
  if (!labs.includes(state.lab)) state.lab = labs[0] ?? '';
  const titles = new Map((state.labs.get(state.lang)?.items ?? []).map((l) => [l.lab, l.title]));
  el.lab.innerHTML = labs
    .map(
      (lab) =>
        `<option value="${escapeHtml(lab)}"${lab === state.lab ? ' selected' : ''}>${escapeHtml(titles.has(lab) ? `${titles.get(lab)} (${lab})` : lab)}</option>`,
    )
    .join('');
  const url = new URL(location.href);
  url.searchParams.set('course', state.courseId);
  url.searchParams.set('lab', state.lab);
  history.replaceState(null, '', url);
}

el.course.addEventListener('change', () => {
  state.courseId = el.course.value;
  fillSelectors();
  void reload();
});
el.lab.addEventListener('change', () => {
  state.lab = el.lab.value;
  fillSelectors();
  void reload();
});
el.refresh.addEventListener('click', () => void reload());

// ---------------------------------------------------------------- loading

let loading = 0;

/** Fetches the course's lab (or the student's own attempts) and renders it. */
async function reload() {
  const api = state.api;
  if (!api || !state.courseId || !state.lab) {
    // A student in no course yet: say so, and there is nothing to grade.
    const noCourse = isStudent() && (state.me?.courses.length ?? 0) === 0;
    el.gradeNow.disabled = true;
    if (state.me)
      setStatus(state.t(noCourse ? 'noCourse' : 'errNotFound'), !noCourse, () =>
        state.t(noCourse ? 'noCourse' : 'errNotFound'),
      );
    else setStatus('');
    return;
  }
  el.gradeNow.disabled = false;
  const ticket = ++loading;
  stopAutoRefresh();
  try {
    if (isStudent()) {
      const subject = /** @type {MeResponse} */ (state.me).subject;
      const [page, standings] = await Promise.all([
        api.attempts(subject, state.lab, { courseId: state.courseId, limit: ATTEMPTS_SHOWN }),
        api.standings(subject, state.courseId),
      ]);
      if (ticket !== loading) return;
      state.ownAttempts = page.items;
      state.standing = standings.items.find((s) => s.lab === state.lab && s.courseId === state.courseId);
      state.results = page.items[0] ? [rowOfAttempt(page.items[0], page.items.length, state.standing)] : [];
      state.summary = null;
    } else {
      const [results, summary] = await Promise.all([
        api.results(state.courseId, state.lab),
        api.summary(state.courseId, state.lab),
      ]);
      if (ticket !== loading) return;
      state.results = results;
      state.summary = summary;
    }
  } catch (error) {
    if (ticket === loading) {
      showError(error);
      scheduleRefresh(reload);
    }
    return;
  }
  const updatedAt = new Date();
  const updated = () => state.t('lastUpdated', { t: updatedAt.toLocaleTimeString(locale()) });
  setStatus(updated(), false, updated);
  render();
  scheduleRefresh(reload);
  if (!isStudent()) await fairness.show();
}

// ---------------------------------------------------------------- rendering

function render() {
  const start = performance.now();
  const t = state.t;
  const summary =
    state.summary ??
    studentSummary({
      courseId: state.courseId,
      lab: state.lab,
      studentId: state.me?.subject ?? '',
      results: state.results,
      latest: state.ownAttempts[0],
      labInfo: labInfo(),
    });
  state.model = buildClassModel(state.results, summary, labInfo());
  el.content.hidden = false;
  renderGrid();
  if (state.summary) {
    el.counts.textContent = `${t('students', { n: summary.students })} · ${t('attempted', { n: summary.attempted })}`;
    el.passRate.innerHTML = passRateHtml(summary, state.model.columns, t);
    el.distribution.innerHTML = distributionHtml(summary.scores, t);
    el.timeline.innerHTML = timelineHtml(state.results, t, locale());
    const cost = state.summary.cost;
    el.classCost.hidden = !cost;
    el.classCost.innerHTML = cost ? classCostHtml(cost, t) : '';
  } else {
    el.counts.textContent = '';
    el.myAttempts.innerHTML = attemptsHtml(state.ownAttempts, t, locale());
    // The cleanup report: the student's own leftovers, in the order to delete them.
    const latest = state.ownAttempts[0]?.result;
    el.leftoversPanel.hidden = !(labInfo()?.estimatesCost && latest);
    el.myLeftovers.innerHTML = !el.leftoversPanel.hidden && latest ? leftoversHtml(latest.checks, t) : '';
  }
  // Reading layout makes the browser lay the page out now, so the time includes it.
  void el.content.offsetHeight;
  const ms = Math.round(performance.now() - start);
  document.body.dataset.renderMs = String(ms);
  el.renderTime.textContent = t('renderTime', { ms });
}

el.autoRefresh.addEventListener('change', () => scheduleRefresh(reload));

// ---------------------------------------------------------------- CSV, grade now

el.downloadCsv.addEventListener('click', async () => {
  if (!state.api) return;
  try {
    const blob = await state.api.resultsCsv(state.courseId, state.lab);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `${state.courseId}-${state.lab}-results.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  } catch (error) {
    showError(error);
  }
});

el.gradeNow.addEventListener('click', async () => {
  if (!state.api) return;
  el.gradeNow.disabled = true;
  setStatus(state.t('grading'));
  try {
    await state.api.grade(state.lab, state.courseId);
    await reload();
  } catch (error) {
    showError(error);
  } finally {
    el.gradeNow.disabled = false;
  }
});

// ---------------------------------------------------------------- start

applyLang();
// A token kept in this tab is sent again only when the person reloads the page: a link that opens
// the dashboard (whatever its query) sends nothing until they press "Show".
const navigation = /** @type {PerformanceNavigationTiming | undefined} */ (
  performance.getEntriesByType('navigation')[0]
);
if (el.token.value && navigation?.type === 'reload') void connect();
