/**
 * Which regular expressions a course may use as naming patterns: those a backtracking engine
 * decides in bounded time on any name a student can choose (AWS names and tag values are at most
 * 256 characters). Node's engine backtracks, so a pattern such as `(a+)+$` or `(a|a)*$` takes
 * exponential time on a name like `aaaa…!` (28 letters and `!`: 37 s), and a run of unbounded
 * parts such as `.*.*.*x` polynomial time of that degree: either can hold a grade to its Lambda
 * timeout. Refused:
 * - a part that repeats (`*`, `+`, `{n,}`, `{n,m}` with m > 1) applied to a group holding a
 *   quantifier or an alternation (`|`), at any depth: the source of exponential backtracking;
 * - more than {@link MAX_REPEATS} repeating parts in one pattern: against a 256-character name
 *   (Node 20, this project's 2-core machine) `.*.*x` takes 12 ms, `.*.*.*x` 5 s, `.*.*.*.*x` 152 s.
 *   The count is blunt: `^[a-z]+-[a-z]+-\d+$` is fast but refused; `^[a-z-]+\d+$` says as much.
 * Plain alternations (`pub(lic)?|퍼블릭`), optional groups, character classes and anchors are fine.
 */

/** The most repeating parts (`*`, `+`, `{n,}`, `{n,m}` with m > 1) one pattern may have. */
export const MAX_REPEATS = 2;

interface Group {
  start: number; // where the group opens in the pattern
  quantified: boolean; // holds a quantifier (any, `?` included), at any depth
  alternation: boolean; // holds a `|`, at any depth
}

/** What makes the pattern slow to match, or undefined when it is bounded. Assumes a valid pattern. */
export function backtrackingRisk(pattern: string): string | undefined {
  const stack: Group[] = [{ start: 0, quantified: false, alternation: false }];
  let repeats = 0;
  /** The group that just closed, when the next character may quantify it. */
  let closed: Group | undefined;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    const top = stack[stack.length - 1] as Group;
    const quantifier = readQuantifier(pattern, i);
    if (quantifier) {
      top.quantified = true;
      if (quantifier.repeats) {
        repeats += 1;
        if (closed && (closed.quantified || closed.alternation)) {
          return `the repeated group ${shown(pattern.slice(closed.start, i + quantifier.length))} holds ${closed.quantified ? 'a quantifier' : 'an alternation (|)'}, which backtracks exponentially on some names; repeat a character class such as [a-z0-9-]+ instead`;
        }
      }
      closed = undefined;
      i += quantifier.length;
      continue;
    }
    closed = undefined;
    if (c === '\\') {
      i += 2;
    } else if (c === '[') {
      i = classEnd(pattern, i);
    } else if (c === '(') {
      stack.push({ start: i, quantified: false, alternation: false });
      // A group's own syntax ((?:, (?=, (?!, (?<=, (?<!, (?<name>) is not a quantifier.
      const head = /^\(\?(<[^>=!]+>|<=|<!|[:=!])?/.exec(pattern.slice(i));
      i += head ? head[0].length : 1;
    } else if (c === ')') {
      const group = stack.length > 1 ? (stack.pop() as Group) : { start: i, quantified: false, alternation: false };
      const parent = stack[stack.length - 1] as Group;
      parent.quantified ||= group.quantified;
      parent.alternation ||= group.alternation;
      closed = group;
      i += 1;
    } else {
      if (c === '|') top.alternation = true;
      i += 1;
    }
  }
  if (repeats > MAX_REPEATS) {
    return `${repeats} repeated parts (*, +, {n,}); at most ${MAX_REPEATS}, so that no name takes seconds to match`;
  }
  return undefined;
}

/** A part of the pattern as an error line shows it: at most 40 characters. */
function shown(part: string): string {
  return part.length > 40 ? `${part.slice(0, 39)}…` : part;
}

/** The quantifier at `i` (with its lazy `?`), if one starts there. */
function readQuantifier(pattern: string, i: number): { length: number; repeats: boolean } | undefined {
  const c = pattern[i];
  let length: number;
  let repeats: boolean;
  if (c === '*' || c === '+') [length, repeats] = [1, true];
  else if (c === '?') [length, repeats] = [1, false];
  else if (c === '{') {
    // Without the `u` flag a `{` that is not a well-formed quantifier is a literal character.
    const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
    if (!m) return undefined;
    const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
    [length, repeats] = [m[0].length, max > 1];
  } else return undefined;
  if (pattern[i + length] === '?') length += 1;
  return { length, repeats };
}

/** The index after the character class opening at `i`. */
function classEnd(pattern: string, i: number): number {
  let j = i + 1;
  while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
  return j + 1;
}
