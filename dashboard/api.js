// @ts-check
/**
 * The dashboard's only way to the grader: the public HTTP API (functions/api/contract.ts), with the
 * caller's bearer token. Nothing here knows about the page.
 */

/**
 * @typedef {import('../functions/api/contract.js').MeResponse} MeResponse
 * @typedef {import('../functions/api/contract.js').LabsResponse} LabsResponse
 * @typedef {import('../functions/api/contract.js').ResultsResponse} ResultsResponse
 * @typedef {import('../functions/api/contract.js').ResultRow} ResultRow
 * @typedef {import('../functions/api/contract.js').SummaryResponse} SummaryResponse
 * @typedef {import('../functions/api/contract.js').AttemptsResponse} AttemptsResponse
 * @typedef {import('../functions/api/contract.js').AttemptView} AttemptView
 * @typedef {import('../functions/api/contract.js').GradeResponse} GradeResponse
 * @typedef {import('../functions/api/contract.js').StandingsResponse} StandingsResponse
 * @typedef {import('../functions/api/contract.js').ErrorResponse} ErrorResponse
 * @typedef {import('../functions/api/contract.js').FlagsResponse} FlagsResponse
 * @typedef {import('../functions/api/contract.js').RegradeResponse} RegradeResponse
 * @typedef {import('../functions/api/contract.js').OverridesResponse} OverridesResponse
 * @typedef {import('../functions/api/contract.js').OverrideChangeResponse} OverrideChangeResponse
 */

/** An answer of the API that is not a success, or no answer at all (`status` 0). */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   * @param {{ code?: string, field?: string, retryAfterSeconds?: number, cause?: unknown }} [details]
   */
  constructor(status, message, details = {}) {
    super(message, { cause: details.cause });
    this.name = 'ApiError';
    this.status = status;
    this.code = details.code;
    this.field = details.field;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

/**
 * Where the dashboard sends its token: the API base the deployment configured in `config.json`
 * beside the page (`{ "apiBase": "https://api.example.edu/prod" }`, for a dashboard served apart
 * from the API), else the page's own origin. Never a value from the page's URL: a crafted link must
 * not choose where an instructor's token goes.
 * @param {unknown} config the parsed `config.json`, or undefined when there is none
 * @param {string} origin the page's origin
 * @returns {string}
 */
export function apiBaseFrom(config, origin) {
  const configured =
    config && typeof config === 'object' ? /** @type {{ apiBase?: unknown }} */ (config).apiBase : undefined;
  if (typeof configured !== 'string' || configured.trim() === '') return origin;
  /** @type {URL} */
  let url;
  try {
    url = new URL(configured.trim());
  } catch {
    throw new Error(`config.json: apiBase '${configured}' is not an absolute URL`);
  }
  if (
    url.protocol !== 'https:' &&
    !(url.protocol === 'http:' && /^(localhost|127\.0\.0\.1|\[::1\])$/.test(url.hostname))
  ) {
    throw new Error(`config.json: apiBase '${configured}' must be https (http only for localhost)`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new Error(`config.json: apiBase '${configured}' must be an origin and path only`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * The deployment's API base: `config.json` from the page's own folder (absent: the page's origin).
 * @param {string} pageUrl
 * @param {typeof fetch} [fetchImpl]
 * @returns {Promise<string>}
 */
export async function configuredApiBase(pageUrl, fetchImpl = fetch.bind(globalThis)) {
  const page = new URL(pageUrl);
  const response = await fetchImpl(new URL('config.json', page), { credentials: 'same-origin' });
  // No config.json (S3 behind CloudFront answers 403 for a missing object): the page's own origin.
  if (response.status === 404 || response.status === 403) return page.origin;
  if (!response.ok) throw new Error(`config.json: the server answered ${response.status}`);
  return apiBaseFrom(await response.json(), page.origin);
}

/** The largest page the API serves (it may return fewer, with a cursor). */
const PAGE_LIMIT = 100;

export class ApiClient {
  /**
   * @param {string} baseUrl e.g. `http://localhost:8080` or an API Gateway stage URL
   * @param {string} token bearer token
   * @param {typeof fetch} [fetchImpl]
   */
  constructor(baseUrl, token, fetchImpl = fetch.bind(globalThis)) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.token = token;
    this.fetch = fetchImpl;
  }

  /**
   * @param {string} path already encoded
   * @param {RequestInit} [init]
   * @returns {Promise<Response>}
   */
  async request(path, init = {}) {
    const url = `${this.baseUrl}${path}`;
    /** @type {Response} */
    let response;
    try {
      response = await this.fetch(url, {
        ...init,
        headers: { authorization: `Bearer ${this.token}`, ...(init.headers ?? {}) },
      });
    } catch (cause) {
      throw new ApiError(0, `Cannot reach ${url}`, { cause });
    }
    if (response.ok) return response;
    /** @type {Partial<ErrorResponse['error']>} */
    let error = {};
    try {
      error = /** @type {ErrorResponse} */ (await response.json()).error ?? {};
    } catch {
      // Not our API's error body (a proxy's HTML page, say): the status says enough.
    }
    throw new ApiError(response.status, error.message ?? response.statusText, {
      code: error.code,
      field: error.field,
      retryAfterSeconds: error.retryAfterSeconds,
    });
  }

  /**
   * @template T
   * @param {string} path
   * @returns {Promise<T>}
   */
  async json(path) {
    return /** @type {T} */ (await (await this.request(path, { headers: { accept: 'application/json' } })).json());
  }

  /** @returns {Promise<MeResponse>} */
  me() {
    return this.json('/me');
  }

  /**
   * @param {string} lang
   * @returns {Promise<LabsResponse>}
   */
  labs(lang) {
    return this.json(`/labs?lang=${encodeURIComponent(lang)}`);
  }

  /**
   * Every student's latest result, all pages.
   * @param {string} courseId
   * @param {string} lab
   * @returns {Promise<ResultRow[]>}
   */
  async results(courseId, lab) {
    const base = `${coursePath(courseId)}/labs/${encodeURIComponent(lab)}/results?limit=${PAGE_LIMIT}`;
    /** @type {ResultRow[]} */
    const rows = [];
    /** @type {string | undefined} */
    let cursor;
    do {
      /** @type {ResultsResponse} */
      const page = await this.json(cursor ? `${base}&cursor=${encodeURIComponent(cursor)}` : base);
      rows.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    return rows;
  }

  /**
   * @param {string} courseId
   * @param {string} lab
   * @returns {Promise<SummaryResponse>}
   */
  summary(courseId, lab) {
    return this.json(`${coursePath(courseId)}/labs/${encodeURIComponent(lab)}/summary`);
  }

  /**
   * The CSV export as the API serves it (UTF-8 with BOM), for a download.
   * @param {string} courseId
   * @param {string} lab
   * @returns {Promise<Blob>}
   */
  async resultsCsv(courseId, lab) {
    const response = await this.request(`${coursePath(courseId)}/labs/${encodeURIComponent(lab)}/results.csv`, {
      headers: { accept: 'text/csv' },
    });
    return response.blob();
  }

  /**
   * A student's attempts in a lab, newest first (one page).
   * @param {string} studentId
   * @param {string} lab
   * @param {{ courseId?: string, limit?: number }} [options]
   * @returns {Promise<AttemptsResponse>}
   */
  attempts(studentId, lab, options = {}) {
    const query = new URLSearchParams({ lab, limit: String(options.limit ?? 20) });
    if (options.courseId) query.set('courseId', options.courseId);
    return this.json(`/students/${encodeURIComponent(studentId)}/grades?${query}`);
  }

  /**
   * A student's standing in each lab of a course: the counted attempt under the course's policy.
   * @param {string} studentId
   * @param {string} courseId
   * @returns {Promise<StandingsResponse>}
   */
  standings(studentId, courseId) {
    return this.json(`/students/${encodeURIComponent(studentId)}/standings?courseId=${encodeURIComponent(courseId)}`);
  }

  /**
   * Grades the caller (a student) now.
   * @param {string} lab
   * @param {string} [courseId]
   * @returns {Promise<GradeResponse>}
   */
  async grade(lab, courseId) {
    const response = await this.request('/grades', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(courseId ? { lab, courseId } : { lab }),
    });
    return /** @type {GradeResponse} */ (await response.json());
  }
}

// ---------------------------------------------------------------- fair grading (instructors)

/**
 * A course's flags: shared accounts, accounts changed mid-course, results from the wrong account.
 * @param {ApiClient} api
 * @param {string} courseId
 * @returns {Promise<FlagsResponse>}
 */
export function flags(api, courseId) {
  return api.json(`${coursePath(courseId)}/flags`);
}

/**
 * Starts a regrade of a course's lab (a dry run stores nothing); answers the queued run.
 * @param {ApiClient} api
 * @param {string} courseId
 * @param {string} lab
 * @param {boolean} dryRun
 * @returns {Promise<RegradeResponse>}
 */
export async function startRegrade(api, courseId, lab, dryRun) {
  const path = `${coursePath(courseId)}/labs/${encodeURIComponent(lab)}/regrade${dryRun ? '?dryRun=true' : ''}`;
  const response = await api.request(path, { method: 'POST', headers: { accept: 'application/json' } });
  return /** @type {RegradeResponse} */ (await response.json());
}

/**
 * A regrade run's progress and each finished student's before and after.
 * @param {ApiClient} api
 * @param {string} courseId
 * @param {string} lab
 * @param {string} runId
 * @returns {Promise<RegradeResponse>}
 */
export function regradeRun(api, courseId, lab, runId) {
  return api.json(`${coursePath(courseId)}/labs/${encodeURIComponent(lab)}/regrade/${encodeURIComponent(runId)}`);
}

/**
 * A lab's overrides in force and their audit trail.
 * @param {ApiClient} api
 * @param {string} courseId
 * @param {string} lab
 * @returns {Promise<OverridesResponse>}
 */
export function overrides(api, courseId, lab) {
  return api.json(`${coursePath(courseId)}/labs/${encodeURIComponent(lab)}/overrides`);
}

/**
 * Sets (a body) or removes (`null`) one student's override of one check; the reason is mandatory.
 * @param {ApiClient} api
 * @param {{ courseId: string, lab: string, studentId: string, checkId: string }} target
 * @param {{ status: 'pass' | 'fail' | 'skip', points?: number, reason: string } | null} change
 * @param {string} [removalReason]
 * @returns {Promise<OverrideChangeResponse>}
 */
export async function changeOverride(api, target, change, removalReason = '') {
  const path = `${coursePath(target.courseId)}/labs/${encodeURIComponent(target.lab)}/students/${encodeURIComponent(target.studentId)}/overrides/${encodeURIComponent(target.checkId)}`;
  const response = change
    ? await api.request(path, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(change),
      })
    : await api.request(`${path}?reason=${encodeURIComponent(removalReason)}`, {
        method: 'DELETE',
        headers: { accept: 'application/json' },
      });
  return /** @type {OverrideChangeResponse} */ (await response.json());
}

/** @param {string} courseId */
function coursePath(courseId) {
  return `/courses/${encodeURIComponent(courseId)}`;
}
