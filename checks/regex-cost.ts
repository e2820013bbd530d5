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
 *   The count is blunt: `^[a-z]+-[a-z]+-\d+$` is fast but refused; `^[a-z-]+\d+$` says as much;
 * - more paths through the pattern than {@link MAX_PATHS} allows for its repeated parts: each `|`
 *   adds a path and each optional part (`?`, `{0,1}`) doubles them, and the engine may try every
 *   one at every place of the name (`(a|a)` twenty times, then `x`, against 256 letters: 21 s;
 *   `a?` 28 times, then 28 `a`: 1.4 s; `.*`, `(a|a)` twelve times, `x`: 9.5 s).
 * Plain alternations (`pub(lic)?|퍼블릭`), a few optional groups, character classes and anchors are
 * fine: the defaults have 4, 5 and 76 paths and no repeated part.
 */

/** The most repeating parts (`*`, `+`, `{n,}`, `{n,m}` with m > 1) one pattern may have. */
export const MAX_REPEATS = 2;

/**
 * The most paths through a pattern with 0, 1 or 2 repeated parts. At the limits, against 256
 * letters (Node 20, here): `(a|a)` ten times then `x` (1,024 paths) 7 ms; `.*`, `(a|a)` four
 * times, `x` (16 paths, 1 repeat) 18 ms; `.*(a|a).*x` (2 paths, 2 repeats) 49 ms.
 */
export const MAX_PATHS = [1024, 16, 2] as const;

interface Group {
  start: number; // where the group opens in the pattern
  quantified: boolean; // holds a quantifier (any, `?` included), at any depth
  alternation: boolean; // holds a `|`, at any depth
  done: number; // paths through the group's alternatives before the current one
  paths: number; // paths through the current alternative so far
}

const group = (start: number): Group => ({ start, quantified: false, alternation: false, done: 0, paths: 1 });

/** What makes the pattern slow to match, or undefined when it is bounded. Assumes a valid pattern. */
export function backtrackingRisk(pattern: string): string | undefined {
  const stack: Group[] = [group(0)];
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
      if (quantifier.optional) top.paths *= 2;
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
      stack.push(group(i));
      // A group's own syntax ((?:, (?=, (?!, (?<=, (?<!, (?<name>) is not a quantifier.
      const head = /^\(\?(<[^>=!]+>|<=|<!|[:=!])?/.exec(pattern.slice(i));
      i += head ? head[0].length : 1;
    } else if (c === ')') {
      const inner = stack.pop() as Group; // the pattern compiled, so every ) closes a group
      const parent = stack[stack.length - 1] as Group;
      parent.quantified ||= inner.quantified;
      parent.alternation ||= inner.alternation;
      parent.paths *= inner.done + inner.paths;
      closed = inner;
      i += 1;
    } else {
      if (c === '|') {
        top.alternation = true;
        top.done += top.paths;
        top.paths = 1;
      }
      i += 1;
    }
  }
  if (repeats > MAX_REPEATS) {
    return `${repeats} repeated parts (*, +, {n,}); at most ${MAX_REPEATS}, so that no name takes seconds to match`;
  }
  const outer = stack[0] as Group;
  const paths = outer.done + outer.paths;
  const most = MAX_PATHS[repeats] as number;
  if (paths > most) {
    return `${paths} paths through the pattern (each | adds one, each optional part doubles them); at most ${most} with ${repeats} repeated part${repeats === 1 ? '' : 's'}, so that no name takes seconds to match`;
  }
  return undefined;
}

/** A part of the pattern as an error line shows it: at most 40 characters. */
function shown(part: string): string {
  return part.length > 40 ? `${part.slice(0, 39)}…` : part;
}

/** The quantifier at `i` (with its lazy `?`), if one starts there. */
function readQuantifier(
  pattern: string,
  i: number,
): { length: number; repeats: boolean; optional: boolean } | undefined {
  const c = pattern[i];
  let length: number;
  let min: number;
  let max: number;
  if (c === '*' || c === '+') [length, min, max] = [1, c === '*' ? 0 : 1, Number.POSITIVE_INFINITY];
  else if (c === '?') [length, min, max] = [1, 0, 1];
  else if (c === '{') {
    // Without the `u` flag a `{` that is not a well-formed quantifier is a literal character.
    const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
    if (!m) return undefined;
    length = m[0].length;
    min = Number(m[1]);
    max = m[2] === undefined ? min : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
  } else return undefined;
  if (pattern[i + length] === '?') length += 1;
  return { length, repeats: max > 1, optional: min === 0 && max === 1 };
}

/** The index after the character class opening at `i`. */
function classEnd(pattern: string, i: number): number {
  let j = i + 1;
  while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
  return j + 1;
}
