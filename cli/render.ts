/**
 * Human output: the labs and a grade as readable tables. Every status is an icon and a word, so
 * colour is never the only signal; colour is added only when asked (a terminal, NO_COLOR unset).
 */
import { styleText } from 'node:util';
import type { CheckResult, GradeResult, LabDefinition, Lang, Status } from '../checks/model.js';
import { escapeControls } from './args.js';

type Style = Parameters<typeof styleText>[0];

/** Paints text when colour is on, leaves it alone otherwise. */
export type Paint = (style: Style, text: string) => string;

export function painter(color: boolean): Paint {
  return color ? (style, text) => styleText(style, text) : (_style, text) => text;
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function colorWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

const STATUS_LOOK: Record<Status, { icon: string; word: string; style: Style }> = {
  pass: { icon: '✔', word: 'PASS', style: 'green' },
  fail: { icon: '✘', word: 'FAIL', style: 'red' },
  error: { icon: '!', word: 'ERROR', style: 'yellow' },
  skip: { icon: '-', word: 'SKIP', style: 'gray' },
};

const WORDS = {
  en: {
    account: 'account',
    region: 'region',
    graded: 'Graded',
    none: 'none',
    considered: 'Also considered',
    status: 'STATUS',
    check: 'CHECK',
    points: 'POINTS',
    message: 'MESSAGE',
    title: 'TITLE',
    hint: 'hint',
    evidence: 'evidence',
    more: 'more',
    score: 'Score',
    bonus: 'bonus',
    notRead: 'Could not read',
    checks: 'checks',
    max: 'max',
  },
  ko: {
    account: '계정',
    region: '리전',
    graded: '채점 대상',
    none: '없음',
    considered: '다른 후보',
    status: 'STATUS',
    check: 'CHECK',
    points: 'POINTS',
    message: '메시지',
    title: '항목',
    hint: '힌트',
    evidence: '근거',
    more: '개 더',
    score: '점수',
    bonus: '보너스',
    notRead: '읽지 못한 소스',
    checks: '항목',
    max: '만점',
  },
} as const;

const MAX_EVIDENCE = 8;

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, '');
}

function statusCell(status: Status, paint: Paint): string {
  const look = STATUS_LOOK[status];
  return paint(look.style, `${look.icon} ${look.word}`.padEnd(7));
}

function evidenceText(ids: readonly string[], lang: Lang): string {
  const shown = ids.slice(0, MAX_EVIDENCE).join(', ');
  const rest = ids.length - MAX_EVIDENCE;
  return rest > 0 ? `${shown} (+${rest} ${WORDS[lang].more})` : shown;
}

/**
 * Every string of a value with its control characters written out (`\u000a`): the names, tags and
 * error messages a grade quotes come from the graded account or an inventory file, and a newline
 * or an escape sequence in a Name tag must not forge a row of the table or act on the terminal.
 */
function printable<T>(value: T): T {
  if (typeof value === 'string') return escapeControls(value) as T;
  if (Array.isArray(value)) return value.map(printable) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printable(v)])) as T;
  }
  return value;
}

/** The grade as a table: what was graded, one row per check (hint and evidence under it), the score. */
export function renderGrade(graded: GradeResult, lab: LabDefinition | undefined, paint: Paint): string {
  const result = printable(graded);
  const lang = result.lang;
  const w = WORDS[lang];
  const lines: string[] = [];
  const where = [result.accountId ? `${w.account} ${result.accountId}` : undefined, `${w.region} ${result.region}`]
    .filter(Boolean)
    .join(' · ');
  lines.push(`${paint('bold', `${result.labTitle} (${result.lab})`)} · ${where}`);

  const kind = lab?.targetKind[lang] ?? result.target?.kind ?? '';
  const target = result.target ? `${result.target.id}${result.target.name ? ` (${result.target.name})` : ''}` : w.none;
  lines.push(`${w.graded} ${kind}: ${paint('bold', target)}`);
  const others = result.candidates.filter((c) => c.id !== result.target?.id);
  if (others.length > 0) {
    const list = others.map((c) => `${c.id}${c.name ? ` (${c.name})` : ''} ${fmt(c.score)}`).join(', ');
    lines.push(`${w.considered}: ${list}`);
  }
  lines.push('');

  lines.push(...checkTable(result.checks, lang, paint));
  lines.push('');

  const bonus =
    result.bonusScore > 0 ? ` (${fmt(result.score - result.bonusScore)} + ${fmt(result.bonusScore)} ${w.bonus})` : '';
  const counts = (Object.keys(STATUS_LOOK) as Status[])
    .map((s) => paint(STATUS_LOOK[s].style, `${result.counts[s]} ${s}`))
    .join(', ');
  lines.push(`${paint('bold', `${w.score}: ${fmt(result.score)}/${fmt(result.maxScore)}`)}${bonus} · ${counts}`);
  for (const e of result.sourceErrors) {
    lines.push(paint('yellow', `${w.notRead} ${e.source}: ${e.code}: ${e.message.split('\n')[0] ?? ''}`));
  }
  return `${lines.join('\n')}\n`;
}

function checkTable(checks: readonly CheckResult[], lang: Lang, paint: Paint): string[] {
  const w = WORDS[lang];
  const idWidth = Math.max(w.check.length, ...checks.map((c) => c.id.length));
  const pointsOf = (c: CheckResult) => `${fmt(c.earned)}/${fmt(c.points)}${c.bonus ? '+' : ''}`;
  const pointsWidth = Math.max(w.points.length, ...checks.map((c) => pointsOf(c).length));
  const indent = ' '.repeat(2 + 7 + 2 + idWidth + 2 + pointsWidth + 2);
  const lines = [
    paint(
      'dim',
      `  ${w.status.padEnd(7)}  ${w.check.padEnd(idWidth)}  ${w.points.padStart(pointsWidth)}  ${w.message}`,
    ),
  ];
  for (const c of checks) {
    lines.push(
      `  ${statusCell(c.status, paint)}  ${c.id.padEnd(idWidth)}  ${pointsOf(c).padStart(pointsWidth)}  ${c.message}`,
    );
    if (c.status === 'fail' && c.hint) lines.push(`${indent}${paint('cyan', `${w.hint}: ${c.hint}`)}`);
    // A pass names its resources in the message; a fail or an error lists what was judged.
    if (c.status !== 'pass' && c.evidence.length > 0)
      lines.push(`${indent}${paint('dim', `${w.evidence}: ${evidenceText(c.evidence, lang)}`)}`);
  }
  return lines;
}

/** The labs and their checks, with points. */
export function renderLabs(labs: readonly LabDefinition[], lang: Lang, paint: Paint): string {
  const w = WORDS[lang];
  const lines: string[] = [];
  for (const lab of labs) {
    const max = lab.checks.filter((c) => !c.bonus).reduce((sum, c) => sum + c.points, 0);
    lines.push(
      `${paint('bold', `${lab.id}`)}  ${lab.title[lang]} (module ${lab.module}) · ${lab.checks.length} ${w.checks}, ${w.max} ${fmt(max)}`,
    );
    const idWidth = Math.max(w.check.length, ...lab.checks.map((c) => c.id.length));
    lines.push(paint('dim', `  ${w.check.padEnd(idWidth)}  ${w.points.padStart(6)}  ${w.title}`));
    for (const c of lab.checks) {
      const points = `${fmt(c.points)}${c.bonus ? '+' : ''}`;
      lines.push(`  ${c.id.padEnd(idWidth)}  ${points.padStart(6)}  ${c.title[lang]}`);
    }
    lines.push('');
  }
  if (labs.some((l) => l.checks.some((c) => c.bonus))) {
    lines.push(
      lang === 'ko' ? '+ 보너스 항목 (만점에 포함되지 않음)' : '+ bonus check (not part of the maximum score)',
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** `labgrader labs --json`: the labs, their checks and points, titles in the chosen language. */
export function labsDocument(labs: readonly LabDefinition[], lang: Lang) {
  return labs.map((lab) => ({
    id: lab.id,
    title: lab.title[lang],
    module: lab.module,
    targetKind: lab.targetKind[lang],
    maxScore: lab.checks.filter((c) => !c.bonus).reduce((sum, c) => sum + c.points, 0),
    checks: lab.checks.map((c) => ({
      id: c.id,
      title: c.title[lang],
      points: c.points,
      ...(c.bonus ? { bonus: true } : {}),
    })),
  }));
}
