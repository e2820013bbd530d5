// @ts-check
/**
 * What the page shows, as HTML: the heatmap, the pass rates, the score distribution, the timeline,
 * a check's details, a student's attempts and the cleanup report's costs. Pure functions of the
 * class model (class-model.js) and API responses (no DOM, no fetch), so they are tested in Node and
 * the page builds each part with one `innerHTML` assignment.
 */
import { deletionOrder, diffAttempts, judgedNothing, timeBuckets } from './class-model.js';

// The model's functions, for the callers (and tests) that know the dashboard as view.js.
export {
  buildClassModel,
  deletionOrder,
  diffAttempts,
  judgedNothing,
  timeBuckets,
  visibleRows,
} from './class-model.js';

/**
 * @typedef {import('../functions/api/contract.js').ResultRow} ResultRow
 * @typedef {import('../functions/api/contract.js').SummaryResponse} SummaryResponse
 * @typedef {import('../functions/api/contract.js').AttemptView} AttemptView
 * @typedef {import('../functions/api/contract.js').CheckResult} CheckResult
 * @typedef {import('../functions/api/contract.js').LeftoverCost} LeftoverCost
 * @typedef {import('../functions/api/contract.js').ClassCost} ClassCost
 * @typedef {import('./class-model.js').CellState} CellState
 * @typedef {import('./class-model.js').ClassModel} ClassModel
 * @typedef {import('./class-model.js').StudentRow} StudentRow
 * @typedef {import('./i18n.js').Translate} Translate
 */

/** Icon of each state: the colour is never the only signal. */
export const ICONS = /** @type {const} */ ({ pass: '✓', fail: '✗', error: '!', skip: '–', none: '·' });
/** @type {readonly CellState[]} */
export const CELL_STATES = ['pass', 'fail', 'error', 'skip', 'none'];

const ESCAPES = /** @type {Record<string, string>} */ ({
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
});

/**
 * Escapes text for HTML content and quoted attribute values.
 * @param {unknown} value
 * @returns {string}
 */
export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * A student's score cell: the counted score (what the CSV's `score` holds) and, beside it, the
 * latest attempt when it differs or judged nothing.
 * @param {ResultRow} result
 * @param {Translate} t
 */
export function scoreCellHtml(result, t) {
  const counted = result.counted.attempt;
  const main = counted
    ? `${formatNumber(counted.score)}<small>/${counted.maxScore}</small>`
    : `<small title="${escapeHtml(t('notCountedYet'))}">–</small>`;
  const latest = judgedNothing({ accessFailure: result.accessFailure, checks: result.checks })
    ? `<small class="latest s-error">${escapeHtml(t('latestError'))}</small>`
    : counted?.attemptId === result.latestAttemptId
      ? ''
      : `<small class="latest">${escapeHtml(t('latestScore', { score: formatNumber(result.score) }))}</small>`;
  return `${main}${latest}`;
}

/**
 * A state's icon and its word, for cells, badges and the legend.
 * @param {CellState} state
 * @param {Translate} t
 */
export function stateBadge(state, t) {
  return `<span class="badge s-${state}"><span class="icon" aria-hidden="true">${ICONS[state]}</span> ${escapeHtml(t(state))}</span>`;
}

/**
 * The legend of the heatmap's states.
 * @param {Translate} t
 */
export function legendHtml(t) {
  return CELL_STATES.map((s) => `<li>${stateBadge(s, t)}</li>`).join('');
}

/**
 * The heatmap: an ARIA grid of rows with fixed-width columns, built as one string. Each body row
 * is laid out only when it scrolls into view (CSS `content-visibility`), so 500 students cost
 * about what the visible rows cost, and they stay in the page (find-in-page and screen readers
 * see them all). Only the first student has a `tabindex`: the page moves the grid's one tab stop
 * with the arrow keys (roving tabindex). Cells carry no ids or data attributes: a cell's place is
 * its row's `aria-rowindex` and its index in the row, which keeps 10,000 cells' markup small.
 * @param {ClassModel['columns']} columns
 * @param {StudentRow[]} rows
 * @param {Translate} t
 * @param {{ label: string, cost?: boolean }} options `cost`: a last column of what each account
 *   still costs per day (the cleanup report), not a stop of the grid's keyboard moves
 * @returns {string}
 */
export function heatmapHtml(columns, rows, t, { label, cost = false }) {
  const policy = rows.find((r) => r.result)?.result?.counted.policy;
  /** @type {Record<string, string>} */
  const cellHtml = {};
  for (const s of CELL_STATES) {
    cellHtml[s] = `<span role="gridcell" class="s-${s}" aria-label="${escapeHtml(t(s))}">${ICONS[s]}</span>`;
  }
  const parts = [
    `<div class="heatmap${cost ? ' with-cost' : ''}" role="grid" aria-label="${escapeHtml(label)}" aria-rowcount="${rows.length + 1}" aria-colcount="${columns.length + 2 + (cost ? 1 : 0)}" style="--checks:${columns.length}">`,
    '<div role="rowgroup" class="hm-head"><div role="row" class="hm-row" aria-rowindex="1">',
    `<span role="columnheader" class="hm-student">${escapeHtml(t('student'))}</span>`,
    `<span role="columnheader" class="hm-score" title="${escapeHtml(t('countedHelp'))}">${escapeHtml(policy ? t('countedScore', { policy: t.policy(policy) }) : t('score'))}</span>`,
  ];
  for (const column of columns) {
    const title = escapeHtml(column.title);
    parts.push(
      `<span role="columnheader" class="hm-check" title="${title}"><span class="col-label" aria-hidden="true">${escapeHtml(column.id)}</span><span class="sr">${escapeHtml(column.id)} ${title}</span></span>`,
    );
  }
  if (cost) {
    parts.push(
      `<span role="columnheader" class="hm-cost" title="${escapeHtml(t('costColumnHelp'))}">${escapeHtml(t('costColumn'))}</span>`,
    );
  }
  parts.push('</div></div><div role="rowgroup" class="hm-body">');
  for (let r = 0; r < rows.length; r++) {
    const row = /** @type {StudentRow} */ (rows[r]);
    const result = row.result;
    const id = escapeHtml(row.studentId);
    parts.push(
      `<div role="row" class="hm-row" aria-rowindex="${r + 2}"><span role="rowheader" class="hm-student"${r === 0 ? ' tabindex="0"' : ''}>`,
      row.name ? `${escapeHtml(row.name)} <small>${id}</small>` : id,
      '</span><span role="gridcell" class="hm-score">',
      result ? scoreCellHtml(result, t) : '<small>–</small>',
      '</span>',
    );
    for (const state of row.cells) parts.push(/** @type {string} */ (cellHtml[state]));
    if (cost) {
      parts.push(
        `<span role="gridcell" class="hm-cost">${result?.cost ? costCellHtml(result.cost, t) : '<small>–</small>'}</span>`,
      );
    }
    parts.push('</div>');
  }
  parts.push('</div></div>');
  return parts.join('');
}

/**
 * One bar per check: the share of the judged students (pass + fail) who pass it.
 * @param {SummaryResponse} summary
 * @param {ClassModel['columns']} columns titles in the page's language
 * @param {Translate} t
 */
export function passRateHtml(summary, columns, t) {
  const titles = new Map(columns.map((c) => [c.id, c.title]));
  return summary.checks
    .map((check) => {
      const judged = check.pass + check.fail;
      const pct = check.passRate === null ? null : Math.round(check.passRate * 100);
      // Nobody judged: say so (grader errors, if any, are counted beside it).
      const label =
        pct === null
          ? escapeHtml(t('noneJudged'))
          : escapeHtml(t('passingShare', { pct, n: check.pass, total: judged }));
      const extra = [
        check.error ? `${ICONS.error} ${check.error} ${escapeHtml(t('error'))}` : '',
        check.skip ? `${ICONS.skip} ${check.skip} ${escapeHtml(t('skip'))}` : '',
      ]
        .filter(Boolean)
        .join(' · ');
      return `<li><div class="bar-label"><code>${escapeHtml(check.id)}</code> ${escapeHtml(titles.get(check.id) ?? check.title)}</div><div class="bar-track" aria-hidden="true"><div class="bar-fill" style="width:${pct ?? 0}%"></div></div><div class="bar-value">${label}${extra ? ` <small>${extra}</small>` : ''}</div></li>`;
    })
    .join('');
}

/**
 * The score distribution: the summary's ten buckets as columns with their counts.
 * @param {SummaryResponse['scores']} scores
 * @param {Translate} t
 */
export function distributionHtml(scores, t) {
  const most = Math.max(1, ...scores.buckets.map((b) => b.count));
  const columns = scores.buckets
    .map((b) => {
      const range = `${formatNumber(b.from)}–${formatNumber(b.to)}`;
      return `<li title="${escapeHtml(t('studentsInBin', { n: b.count }))}"><span class="hist-count">${b.count}</span><span class="hist-bar" style="height:${Math.round((b.count / most) * 100)}%"></span><span class="hist-range">${escapeHtml(range)}</span></li>`;
    })
    .join('');
  const stats =
    scores.mean === null
      ? ''
      : `<p class="stats">${escapeHtml(
          t('scoreStats', {
            min: formatNumber(scores.min),
            median: formatNumber(scores.median),
            mean: formatNumber(scores.mean),
            max: formatNumber(scores.max),
          }),
        )}</p>`;
  return `<ol class="histogram">${columns}</ol>${stats}`;
}

/** @param {number | null} n */
function formatNumber(n) {
  return n === null ? '–' : String(Math.round(n * 10) / 10);
}

/**
 * When the students' latest attempts happened, bucketed in time.
 * @param {ResultRow[]} results
 * @param {Translate} t
 * @param {string} locale
 */
export function timelineHtml(results, t, locale) {
  const { start, size, counts } = timeBuckets(results.map((r) => r.gradedAt));
  if (counts.length === 0) return '';
  const most = Math.max(1, ...counts);
  const format = new Intl.DateTimeFormat(
    locale,
    size >= 86_400_000 ? { dateStyle: 'short' } : { dateStyle: 'short', timeStyle: 'short' },
  );
  return `<ol class="timeline">${counts
    .map((count, i) => {
      const at = format.format(new Date(start + i * size));
      return `<li title="${escapeHtml(`${at}: ${t('studentsInBin', { n: count })}`)}"><span class="hist-count">${count || ''}</span><span class="hist-bar" style="height:${Math.round((count / most) * 100)}%"></span><span class="hist-range">${i === 0 || i === counts.length - 1 ? escapeHtml(at) : ''}</span></li>`;
    })
    .join('')}</ol>`;
}

/**
 * The details of one check of one result: status, points, message, evidence, hint.
 * @param {CheckResult} check
 * @param {Translate} t
 */
export function checkDetailHtml(check, t) {
  const evidence = check.evidence.length
    ? `<ul class="evidence">${check.evidence.map((e) => `<li><code>${escapeHtml(e)}</code></li>`).join('')}</ul>`
    : `<p class="muted">${escapeHtml(t('noEvidence'))}</p>`;
  const error =
    check.status === 'error'
      ? `<p class="note">${escapeHtml(t('errorNotStudent'))}${check.errorCode ? ` ${escapeHtml(t('errorCode'))}: <code>${escapeHtml(check.errorCode)}</code>` : ''}</p>`
      : '';
  return [
    `<p>${stateBadge(check.status, t)} <span class="points">${escapeHtml(t('points', { earned: check.earned, points: check.points }))}${check.bonus ? ` (${escapeHtml(t('bonus'))})` : ''}</span></p>`,
    `<h3>${escapeHtml(t('message'))}</h3><p class="message">${escapeHtml(check.message)}</p>`,
    error,
    `<h3>${escapeHtml(t('evidence'))}</h3>${evidence}`,
    check.hint ? `<h3>${escapeHtml(t('hint'))}</h3><p class="hint">${escapeHtml(check.hint)}</p>` : '',
  ].join('');
}

/**
 * A student's attempts, newest first, each with what changed since the one before.
 * @param {AttemptView[]} attempts newest first
 * @param {Translate} t
 * @param {string} locale
 */
export function attemptsHtml(attempts, t, locale) {
  if (attempts.length === 0) return `<p class="muted">${escapeHtml(t('noAttempts'))}</p>`;
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
  const items = attempts.map((attempt, i) => {
    const { first, scoreDelta, changes } = diffAttempts(attempt, attempts[i + 1]);
    const titles = new Map(attempt.result.checks.map((c) => [c.id, c.title]));
    const nothing = judgedNothing({ accessFailure: attempt.accessFailure, checks: attempt.result.checks });
    const score = nothing
      ? `${stateBadge('error', t)} <span class="delta">${escapeHtml(t('notCounted'))}</span>`
      : `<strong>${formatNumber(attempt.result.score)}/${attempt.result.maxScore}</strong>`;
    const delta =
      first || nothing
        ? ''
        : ` <span class="delta ${scoreDelta > 0 ? 'up' : scoreDelta < 0 ? 'down' : ''}">${scoreDelta > 0 ? '+' : scoreDelta === 0 ? '±' : ''}${formatNumber(scoreDelta)}</span>`;
    const summary = first ? t('firstAttempt') : changes.length ? t('changed', { n: changes.length }) : t('noChange');
    const list = changes.length
      ? `<ul class="changes">${changes
          .map(
            (c) =>
              `<li><code>${escapeHtml(c.id)}</code> <span class="muted">${escapeHtml(titles.get(c.id) ?? '')}</span><br>${c.from === 'none' ? '' : `${stateBadge(c.from, t)} → `}${stateBadge(c.to, t)}</li>`,
          )
          .join('')}</ul>`
      : '';
    return `<li class="attempt"><div class="attempt-head"><time datetime="${escapeHtml(attempt.result.startedAt)}">${escapeHtml(format.format(new Date(attempt.result.startedAt)))}</time> · ${escapeHtml(t.trigger(attempt.result.trigger))} · ${score}${delta}</div><div class="muted">${escapeHtml(summary)}</div>${list}</li>`;
  });
  return `<ol class="attempts">${items.join('')}</ol>`;
}

// ---------------------------------------------------------------- cost (the cleanup report)

/** @param {number} n USD */
function usd(n) {
  return n >= 10 ? `$${Math.round(n)}` : `$${n.toFixed(2)}`;
}

/**
 * A student's "still costs" cell: the estimate per day, `≥` when part of it has no known price,
 * `unknown` when none has (never $0 for what is unknown).
 * @param {LeftoverCost} cost
 * @param {Translate} t
 */
export function costCellHtml(cost, t) {
  const day = usd(cost.perDay);
  const text = cost.unknown.length === 0 ? day : cost.perDay > 0 ? t('costAtLeast', { day }) : t('costUnknown');
  const title = cost.unknown.length ? ` title="${escapeHtml(cost.unknown.join('\n'))}"` : '';
  return `<span${title}${cost.perDay === 0 && cost.unknown.length === 0 ? ' class="muted"' : ''}>${escapeHtml(text)}</span>`;
}

/**
 * The class total of what the students' accounts still cost.
 * @param {ClassCost} cost
 * @param {Translate} t
 */
export function classCostHtml(cost, t) {
  if (cost.students === 0) return escapeHtml(t('classCostNone'));
  const total = t('classCost', { day: usd(cost.perDay), month: usd(cost.perMonth), n: cost.students });
  return escapeHtml(cost.unknown ? `${total} ${t('classCostUnknown', { n: cost.unknown })}` : total);
}

/** @type {Record<string, Parameters<Translate>[0]>} */
const STEP = {
  'autoscaling-group': 'stepAsg',
  instance: 'stepInstance',
  'load-balancer': 'stepLoadBalancer',
  'nat-gateway': 'stepNat',
  'elastic-ip': 'stepEip',
  'db-instance': 'stepDb',
  'db-cluster': 'stepCluster',
  volume: 'stepVolume',
};

/**
 * A student's own leftovers from their latest result: the estimated total, then each leftover as
 * a step in the order to delete them, with its region and estimated cost.
 * @param {CheckResult[]} checks
 * @param {Translate} t
 */
export function leftoversHtml(checks, t) {
  const order = deletionOrder(checks);
  const unread = checks.filter((c) => c.status === 'error').map((c) => c.id);
  const unreadHtml = unread.length
    ? `<p class="note">${escapeHtml(t('leftoversUnread', { checks: unread.join(', ') }))}</p>`
    : '';
  if (order.length === 0)
    return `<p>${escapeHtml(t(unread.length ? 'costUnknown' : 'leftoversNone'))}</p>${unreadHtml}`;
  const replicas = new Set(order.flatMap((i) => (i.kind === 'db-instance' ? (i.deleteAfter ?? []) : [])));
  const perDay = order.reduce((sum, i) => sum + (i.perDay ?? 0), 0);
  const unknown = order.some((i) => i.perDay === undefined);
  const vars = { day: usd(perDay), month: usd(perDay * 30) };
  const steps = order.map((i) => {
    const step = i.kind === 'db-instance' && replicas.has(i.id) ? 'stepReplica' : (STEP[i.kind] ?? 'stepInstance');
    const who = i.name ? `${i.id} (${i.name})` : i.id;
    // A group has no charge of its own (its instances are priced as instances): never "$0.00/day".
    const cost =
      i.kind === 'autoscaling-group'
        ? t('asgNoCharge')
        : i.perDay === undefined
          ? t('priceUnknown')
          : t('perDayEst', { day: usd(i.perDay) });
    return `<li data-id="${escapeHtml(i.id)}">${escapeHtml(t(step, { id: who }))} <small class="muted">${escapeHtml(i.region)} · ${escapeHtml(cost)}</small></li>`;
  });
  return [
    `<p class="cost-total">${escapeHtml(t(unknown ? 'leftoversTotalUnknown' : 'leftoversTotal', vars))}</p>`,
    unreadHtml,
    `<p>${escapeHtml(t('leftoversOrder'))}</p><ol class="deletion-order">${steps.join('')}</ol>`,
  ].join('');
}
