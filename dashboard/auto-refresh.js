// @ts-check
/**
 * The auto-refresh: often while a lab session runs (some student was graded in the last twenty
 * minutes), now and then outside one, never while the tab is hidden.
 */
import { el, params, state } from './page.js';

/** Seconds between refreshes while a lab session runs (`?refresh=`). */
const REFRESH_SECONDS = Math.max(1, Number(params.get('refresh')) || 30);
/** A lab session "runs" while some student was graded within this window. */
const SESSION_WINDOW_MS = 20 * 60_000;
/** Outside a session the page still looks now and then, so a session that starts is noticed. */
const IDLE_REFRESH_MS = 5 * 60_000;

/** True while some student of the lab was graded recently: a lab session is running. */
function sessionRunning() {
  const newest = Math.max(0, ...state.results.map((r) => Date.parse(r.gradedAt) || 0));
  return Date.now() - newest < SESSION_WINDOW_MS;
}

/**
 * Plans the next refresh (replacing a planned one), unless auto-refresh is off.
 * @param {() => Promise<void>} reload
 */
export function scheduleRefresh(reload) {
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
export function refreshText() {
  return sessionRunning()
    ? state.t('autoRefreshOn', { s: REFRESH_SECONDS })
    : state.t('autoRefreshIdle', { m: SESSION_WINDOW_MS / 60_000 });
}

export function stopAutoRefresh() {
  if (state.timer !== undefined) clearTimeout(state.timer);
  state.timer = undefined;
}
