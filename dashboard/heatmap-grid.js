// @ts-check
/**
 * The heatmap on screen: drawn from the class model (filtered and sorted), an ARIA grid moved
 * through with the arrow keys (one tab stop, kept on the same student and column across
 * refreshes), whose cells open their details on Enter or a click.
 */
import { visibleRows } from './class-model.js';
import { openDetails } from './detail-dialog.js';
import { el, state } from './page.js';
import { escapeHtml, heatmapHtml } from './view.js';

/** @typedef {import('./class-model.js').SortOrder} SortOrder */

/** The heatmap alone (filtering and sorting redraw only it). */
export function renderGrid() {
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
      void openDetails(position.r, position.c, position.cell);
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
  void openDetails(position.r, position.c, position.cell);
});
