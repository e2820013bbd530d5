// @ts-check
/**
 * The dashboard page: connects with a token, then shows a course's lab as a heatmap of students ×
 * checks with the class's pass rates, score distribution and attempt timeline (instructors), or
 * the caller's own results and attempts (students). Every part is built as one HTML string and
 * assigned once; the grid's clicks and keys are handled by one delegated listener each.
 */
import { ApiClient, ApiError, configuredApiBase } from './api.js';
import { createFairnessPanel } from './fairness.js';
import { pickLang, translator } from './i18n.js';
import {
  attemptsHtml,
  buildClassModel,
  checkDetailHtml,
  classCostHtml,
  distributionHtml,
  escapeHtml,
  heatmapHtml,
  leftoversHtml,
  legendHtml,
  passRateHtml,
  timelineHtml,
  visibleRows,
} from './view.js';

/**
 * @typedef {import('../functions/api/contract.js').MeResponse} MeResponse
 * @typedef {import('../functions/api/contract.js').LabsResponse} LabsResponse
 * @typedef {import('../functions/api/contract.js').ResultRow} ResultRow
 * @typedef {import('../functions/api/contract.js').SummaryResponse} SummaryResponse
 * @typedef {import('../functions/api/contract.js').AttemptView} AttemptView
 * @typedef {import('./view.js').ClassModel} ClassModel
 * @typedef {import('./view.js').StudentRow} StudentRow
 * @typedef {import('./view.js').SortOrder} SortOrder
 * @typedef {import('./i18n.js').Lang} Lang
 */

const params = new URLSearchParams(location.search);
/** Seconds between refreshes while a lab session runs (`?refresh=`). */
const REFRESH_SECONDS = Math.max(1, Number(params.get('refresh')) || 30);
/** A lab session "runs" while some student was graded within this window. */
const SESSION_WINDOW_MS = 20 * 60_000;
/** Outside a session the page still looks now and then, so a session that starts is noticed. */
const IDLE_REFRESH_MS = 5 * 60_000;
/** How many attempts a student's history shows. */
const ATTEMPTS_SHOWN = 20;

const TOKEN_KEY = 'labgrader.token';
const LANG_KEY = 'labgrader.lang';

/** @param {string} id */
function $(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from index.html`);
  return element;
}
const el = {
  connectBox: /** @type {HTMLDetailsElement} */ ($('connect-box')),
  connect: /** @type {HTMLFormElement} */ ($('connect')),
  token: /** @type {HTMLInputElement} */ ($('token')),
  apiWhere: $('api-where'),
  signOut: $('sign-out'),
  langToggle: $('lang-toggle'),
  who: $('who'),
  toolbar: $('toolbar'),
  course: /** @type {HTMLSelectElement} */ ($('course')),
  lab: /** @type {HTMLSelectElement} */ ($('lab')),
  refresh: $('refresh'),
  autoRefresh: /** @type {HTMLInputElement} */ ($('auto-refresh')),
  refreshState: $('refresh-state'),
  downloadCsv: /** @type {HTMLButtonElement} */ ($('download-csv')),
  gradeNow: /** @type {HTMLButtonElement} */ ($('grade-now')),
  status: $('status'),
  content: $('content'),
  counts: $('counts'),
  filter: /** @type {HTMLInputElement} */ ($('filter')),
  sort: /** @type {HTMLSelectElement} */ ($('sort')),
  legend: $('legend'),
  heatmap: $('heatmap'),
  passRate: $('pass-rate'),
  distribution: $('distribution'),
  timeline: $('timeline'),
  myAttempts: $('my-attempts'),
  classCost: $('class-cost'),
  leftoversPanel: $('leftovers-panel'),
  myLeftovers: $('my-leftovers'),
  renderTime: $('render-time'),
  detail: /** @type {HTMLDialogElement} */ ($('detail')),
  detailTitle: $('detail-title'),
  detailBody: $('detail-body'),
  detailClose: $('detail-close'),
};

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

const state = {
  /** @type {Lang} */
  lang: pickLang(localStorage.getItem(LANG_KEY), navigator.languages ?? [navigator.language]),
  t: translator('en'),
  /** @type {ApiClient | null} */
  api: null,
  /** Where the token goes, once config.json was read. */
  apiBase: '',
  /** @type {MeResponse | null} */
  me: null,
  /** @type {Map<string, LabsResponse>} per language */
  labs: new Map(),
  courseId: params.get('course') ?? '',
  lab: params.get('lab') ?? '',
  /** @type {ResultRow[]} */
  results: [],
  /** @type {SummaryResponse | null} */
  summary: null,
  /** @type {AttemptView[]} the student view's attempts, newest first */
  ownAttempts: [],
  /** @type {ClassModel | null} */
  model: null,
  /** @type {StudentRow[]} the rows on screen, in screen order */
  shown: [],
  /** The focused grid position, kept across refreshes by student and column. */
  active: { studentId: '', column: 0 },
  /** @type {Map<string, Promise<AttemptView[]>>} attempts by student and latest attempt id */
  attemptCache: new Map(),
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  timer: undefined,
  /** @type {Element | null} where focus returns when the dialog closes */
  returnFocus: null,
  /** @type {{ text: () => string, isError: boolean } | null} the status line, to say again in another language */
  status: null,
  /** @type {Date | null} when the data on screen was fetched */
  updatedAt: null,
  /** @type {import('../functions/api/contract.js').StandingView | undefined} the student view's standing */
  standing: undefined,
};
state.t = translator(state.lang);

const isStudent = () => state.me?.role === 'student';
const locale = () => (state.lang === 'ko' ? 'ko-KR' : 'en-GB');

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

function labInfo() {
  return state.labs.get(state.lang)?.items.find((l) => l.lab === state.lab);
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
      state.results = page.items[0] ? [rowOfAttempt(page.items[0], page.items.length)] : [];
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
      scheduleRefresh();
    }
    return;
  }
  const updatedAt = new Date();
  const updated = () => state.t('lastUpdated', { t: updatedAt.toLocaleTimeString(locale()) });
  setStatus(updated(), false, updated);
  render();
  scheduleRefresh();
  if (!isStudent()) await fairness.show();
}

/**
 * The student view's own row, in the results route's shape.
 * @param {AttemptView} attempt
 * @param {number} attempts
 * @returns {ResultRow}
 */
function rowOfAttempt(attempt, attempts) {
  const r = attempt.result;
  return {
    studentId: attempt.studentId,
    attempts,
    latestAttemptId: attempt.attemptId,
    score: r.score,
    maxScore: r.maxScore,
    gradedAt: r.finishedAt,
    trigger: r.trigger,
    accessFailure: Boolean(attempt.accessFailure),
    counted: state.standing?.counted ?? { policy: 'latest', attempt: null },
    checks: r.checks.map((c) => ({ id: c.id, status: c.status, points: c.points, earned: c.earned })),
  };
}

/** The student view has no summary: its columns are the lab's checks (or the result's). */
function studentSummary() {
  const info = labInfo();
  const checks = info?.checks ?? state.ownAttempts[0]?.result.checks ?? [];
  return /** @type {SummaryResponse} */ ({
    courseId: state.courseId,
    lab: state.lab,
    students: 1,
    attempted: state.results.length,
    notAttempted: state.results.length ? [] : [{ studentId: state.me?.subject ?? '' }],
    maxScore: info?.maxScore ?? 0,
    checks: checks.map((c) => ({
      id: c.id,
      title: c.title,
      points: c.points,
      pass: 0,
      fail: 0,
      error: 0,
      skip: 0,
      passRate: null,
    })),
    scores: { min: null, max: null, mean: null, median: null, buckets: [] },
  });
}

// ---------------------------------------------------------------- rendering

function render() {
  const start = performance.now();
  const t = state.t;
  const summary = state.summary ?? studentSummary();
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

/** The heatmap alone (filtering and sorting redraw only it). */
function renderGrid() {
  const model = state.model;
  if (!model) return;
  const t = state.t;
  state.shown = visibleRows(model.rows, { filter: el.filter.value, sort: /** @type {SortOrder} */ (el.sort.value) });
  if (model.rows.length === 0) {
    el.heatmap.innerHTML = `<p class="muted">${escapeHtml(t('noStudents'))}</p>`;
    return;
  }
  const hadFocus = el.heatmap.contains(document.activeElement);
  el.heatmap.innerHTML = heatmapHtml(model.columns, state.shown, t, {
    label: t('heatmap'),
    cost: Boolean(state.summary?.cost),
  });
  // Roving tabindex: the remembered cell (same student and column) holds the grid's one tab stop.
  const r = Math.max(
    0,
    state.shown.findIndex((row) => row.studentId === state.active.studentId),
  );
  const cell = cellAt(r, Math.min(state.active.column, model.columns.length));
  if (cell) moveTo(cell, r, Math.min(state.active.column, model.columns.length), hadFocus);
}

el.filter.addEventListener('input', () => renderGrid());
el.sort.addEventListener('change', () => renderGrid());

// ---------------------------------------------------------------- grid keyboard and clicks

/**
 * The grid's stops: column 0 is the student, 1.. the checks (the score between them is not a stop).
 * @param {number} r row in screen order
 * @param {number} c
 * @returns {HTMLElement | null}
 */
function cellAt(r, c) {
  const row = el.heatmap.querySelector('.hm-body')?.children[r];
  return /** @type {HTMLElement | null} */ (row?.children[c === 0 ? 0 : c + 1] ?? null);
}

/**
 * Where an event happened in the grid: the row's `aria-rowindex` and the cell's index in its row.
 * @param {EventTarget | null} target
 */
function gridPosition(target) {
  const cell = target instanceof Element ? target.closest('.hm-body [role=rowheader], .hm-body [role=gridcell]') : null;
  const row = cell?.parentElement;
  if (!cell || !row || !el.heatmap.contains(cell)) return null;
  const index = Array.prototype.indexOf.call(row.children, cell);
  if (index === 1 || cell.classList.contains('hm-cost')) return null; // the score, the cost
  return {
    cell: /** @type {HTMLElement} */ (cell),
    r: Number(row.getAttribute('aria-rowindex')) - 2,
    c: index === 0 ? 0 : index - 1,
  };
}

/**
 * Makes a cell the grid's one tab stop (roving tabindex) and, unless told not to, focuses it.
 * @param {HTMLElement} cell
 * @param {number} r
 * @param {number} c
 */
function moveTo(cell, r, c, focus = true) {
  const previous = el.heatmap.querySelector('[tabindex="0"]');
  if (previous !== cell) {
    previous?.setAttribute('tabindex', '-1');
    cell.setAttribute('tabindex', '0');
  }
  state.active = { studentId: state.shown[r]?.studentId ?? '', column: c };
  if (focus && document.activeElement !== cell) cell.focus();
}

el.heatmap.addEventListener('focusin', (event) => {
  const position = gridPosition(event.target);
  if (position) moveTo(position.cell, position.r, position.c, false);
});

el.heatmap.addEventListener('keydown', (event) => {
  const position = gridPosition(event.target);
  if (!position) return;
  const columns = state.model?.columns.length ?? 0;
  const rows = state.shown.length;
  const page = Math.max(1, Math.floor(el.heatmap.clientHeight / (position.cell.offsetHeight || 24)) - 1);
  let { r, c } = position;
  switch (event.key) {
    case 'ArrowRight':
      c = Math.min(columns, c + 1);
      break;
    case 'ArrowLeft':
      c = Math.max(0, c - 1);
      break;
    case 'ArrowDown':
      r = Math.min(rows - 1, r + 1);
      break;
    case 'ArrowUp':
      r = Math.max(0, r - 1);
      break;
    case 'PageDown':
      r = Math.min(rows - 1, r + page);
      break;
    case 'PageUp':
      r = Math.max(0, r - page);
      break;
    case 'Home':
      c = 0;
      if (event.ctrlKey) r = 0;
      break;
    case 'End':
      c = columns;
      if (event.ctrlKey) r = rows - 1;
      break;
    case 'Enter':
    case ' ':
      event.preventDefault();
      void open(position.r, position.c, position.cell);
      return;
    default:
      return;
  }
  event.preventDefault();
  const next = cellAt(r, c);
  if (next) moveTo(next, r, c);
});

el.heatmap.addEventListener('click', (event) => {
  const position = gridPosition(event.target);
  if (!position) return;
  moveTo(position.cell, position.r, position.c);
  void open(position.r, position.c, position.cell);
});

// ---------------------------------------------------------------- details

/**
 * Opens a cell's check details, or (column 0) the student's attempts.
 * @param {number} r
 * @param {number} c
 * @param {HTMLElement} cell
 */
async function open(r, c, cell) {
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

// ---------------------------------------------------------------- auto-refresh

/** True while some student of the lab was graded recently: a lab session is running. */
function sessionRunning() {
  const newest = Math.max(0, ...state.results.map((r) => Date.parse(r.gradedAt) || 0));
  return Date.now() - newest < SESSION_WINDOW_MS;
}

function scheduleRefresh() {
  stopAutoRefresh();
  if (!el.autoRefresh.checked || !state.api) {
    el.refreshState.textContent = '';
    return;
  }
  const running = sessionRunning();
  el.refreshState.textContent = refreshText();
  state.timer = setTimeout(
    () => {
      // A hidden tab does not poll; it refreshes when it is shown again.
      if (document.hidden) document.addEventListener('visibilitychange', () => void reload(), { once: true });
      else void reload();
    },
    running ? REFRESH_SECONDS * 1000 : IDLE_REFRESH_MS,
  );
}

/** What the auto-refresh does now, in the page's language. */
function refreshText() {
  return sessionRunning()
    ? state.t('autoRefreshOn', { s: REFRESH_SECONDS })
    : state.t('autoRefreshIdle', { m: SESSION_WINDOW_MS / 60_000 });
}

function stopAutoRefresh() {
  if (state.timer !== undefined) clearTimeout(state.timer);
  state.timer = undefined;
}

el.autoRefresh.addEventListener('change', () => scheduleRefresh());

// ---------------------------------------------------------------- status and errors

/** @param {string} message */
function setStatus(message, isError = false, again = () => message) {
  state.status = message ? { text: again, isError } : null;
  el.status.textContent = message;
  el.status.classList.toggle('error', isError);
}

/** @param {unknown} error */
function errorText(error) {
  const t = state.t;
  if (!(error instanceof ApiError)) return String(error);
  switch (error.status) {
    case 0:
      return t('errNetwork', { url: state.api?.baseUrl ?? '' });
    case 401:
      return t('errUnauthorized');
    case 403:
      return t('errForbidden');
    case 404:
      return t('errNotFound');
    default:
      return t('errOther', { status: error.status, message: error.message });
  }
}

/** @param {unknown} error */
function showError(error) {
  setStatus(errorText(error), true, () => errorText(error));
  if (error instanceof ApiError && error.status === 401) {
    el.connectBox.open = true;
    el.token.focus();
  }
}

// ---------------------------------------------------------------- start

applyLang();
// A token kept in this tab is sent again only when the person reloads the page: a link that opens
// the dashboard (whatever its query) sends nothing until they press "Show".
const navigation = /** @type {PerformanceNavigationTiming | undefined} */ (
  performance.getEntriesByType('navigation')[0]
);
if (el.token.value && navigation?.type === 'reload') void connect();
