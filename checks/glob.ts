/**
 * Wildcard matching for patterns students write: IAM's (`*` any run of characters, `?` one
 * character) in policy actions and resources, and EventBridge's `wildcard` (`*` only) in event
 * patterns. Matched without a regular expression: a backtracking `^.*.*…$` built from a student's
 * run of stars takes minutes (60 stars against a 38-character value: 4 minutes on Node 20), long
 * enough to hold a grade to its Lambda timeout. This is the two-pointer matcher that resumes from
 * the last star, O(pattern × value) at worst, and gives the answers the regular expression gave,
 * but for one: `*` and `?` also match a line break, as EventBridge's regular expression (flag `s`)
 * did and IAM's did not (action names and ARNs, the values IAM patterns are matched against here,
 * hold none).
 */

export interface GlobDialect {
  /** `?` matches one character (IAM); otherwise it is literal (EventBridge). */
  questionMark: boolean;
  /** Compare as a case-insensitive regular expression (`i`, no `u`) would. */
  ignoreCase?: boolean;
}

/** A UTF-16 unit as a case-insensitive, non-Unicode regular expression compares it (ECMA-262 Canonicalize). */
function canonical(unit: string): string {
  const upper = unit.toUpperCase();
  if (upper.length !== 1) return unit;
  return unit.charCodeAt(0) >= 128 && upper.charCodeAt(0) < 128 ? unit : upper;
}

export function globMatch(pattern: string, value: string, dialect: GlobDialect): boolean {
  const same = dialect.ignoreCase
    ? (a: string, b: string) => a === b || canonical(a) === canonical(b)
    : (a: string, b: string) => a === b;
  let p = 0;
  let v = 0;
  let star = -1; // the last star seen in the pattern
  let resume = 0; // where in the value that star's run ends so far
  while (v < value.length) {
    const c = pattern[p];
    if (c === '*') {
      star = p;
      p += 1;
      resume = v;
    } else if (c !== undefined && ((dialect.questionMark && c === '?') || same(c, value[v] as string))) {
      p += 1;
      v += 1;
    } else if (star >= 0) {
      // Let the last star take one more character, and match the rest again from there.
      p = star + 1;
      resume += 1;
      v = resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p += 1;
  return p === pattern.length;
}
