// @ts-check
/**
 * What every part of the dashboard shares: the page's elements (from index.html), its state (the
 * token's API client, the course and lab shown, the data on screen, the language) and the status
 * line with its error messages. The parts (app.js, heatmap-grid.js, detail-dialog.js,
 * auto-refresh.js) read and write this one state.
 */
import { ApiError } from './api.js';
import { pickLang, translator } from './i18n.js';

/**
 * @typedef {import('./api.js').ApiClient} ApiClient
 * @typedef {import('../functions/api/contract.js').MeResponse} MeResponse
 * @typedef {import('../functions/api/contract.js').LabsResponse} LabsResponse
 * @typedef {import('../functions/api/contract.js').ResultRow} ResultRow
 * @typedef {import('../functions/api/contract.js').SummaryResponse} SummaryResponse
 * @typedef {import('../functions/api/contract.js').AttemptView} AttemptView
 * @typedef {import('./class-model.js').ClassModel} ClassModel
 * @typedef {import('./class-model.js').StudentRow} StudentRow
 * @typedef {import('./i18n.js').Lang} Lang
 */

export const params = new URLSearchParams(location.search);
/** How many attempts a student's history shows. */
export const ATTEMPTS_SHOWN = 20;

export const TOKEN_KEY = 'labgrader.token';
export const LANG_KEY = 'labgrader.lang';

/** @param {string} id */
export function $(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from index.html`);
  return element;
}
export const el = {
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

export const state = {
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

export const isStudent = () => state.me?.role === 'student';
export const locale = () => (state.lang === 'ko' ? 'ko-KR' : 'en-GB');

/** The lab shown, as `/labs` describes it in the page's language. */
export function labInfo() {
  return state.labs.get(state.lang)?.items.find((l) => l.lab === state.lab);
}

// ---------------------------------------------------------------- status and errors

/** @param {string} message */
export function setStatus(message, isError = false, again = () => message) {
  state.status = message ? { text: again, isError } : null;
  el.status.textContent = message;
  el.status.classList.toggle('error', isError);
}

/** @param {unknown} error */
export function errorText(error) {
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
export function showError(error) {
  setStatus(errorText(error), true, () => errorText(error));
  if (error instanceof ApiError && error.status === 401) {
    el.connectBox.open = true;
    el.token.focus();
  }
}
