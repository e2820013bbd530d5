import { describe, expect, it } from 'vitest';
import { DEFAULT_IGNORED_BUCKETS } from '../../checks/facts/s3.js';
import { regexParam } from '../../checks/params.js';
import { backtrackingRisk, MAX_REPEATS } from '../../checks/regex-cost.js';

describe('naming patterns a course may use', () => {
  it.each([
    'pub(lic)?|퍼블릭|공개',
    'priv(ate)?|프라이빗|사설|isolated',
    DEFAULT_IGNORED_BUCKETS,
    '^course-assets-\\d+$',
    '^(web|app)-(public|private)-[a-z0-9-]+$',
    '(?<tier>ab)+',
    '(?:ab)+c',
    '((a)b)*',
    '[(|]+a*',
    '\\(a+\\)+',
    'a{,5}+', // `{,5}` is literal without the u flag
    '(?=a+)b',
    'x{2,}y{3}',
    '.*pub.*',
    '(a|a)'.repeat(10), // 1,024 paths, the most without a repeated part
    `.*${'(a|a)'.repeat(4)}x`, // 16 paths and one repeat
    '.*(a|a).*x', // 2 paths and two repeats
  ])('accepts %s', (pattern) => {
    expect(backtrackingRisk(pattern)).toBeUndefined();
    expect(regexParam.safeParse(pattern).success).toBe(true);
  });

  it.each([
    ['(a+)+$', /the repeated group \(a\+\)\+ holds a quantifier/],
    ['^(a|aa)*$', /the repeated group \(a\|aa\)\* holds an alternation/],
    ['(?:pub|public)+', /the repeated group \(\?:pub\|public\)\+ holds an alternation/],
    ['((ab)*c)+', /the repeated group \(\(ab\)\*c\)\+ holds a quantifier/],
    ['(a?){25}a{25}', /the repeated group \(a\?\)\{25\} holds a quantifier/],
    ['(x|y){2,}?', /holds an alternation/],
    ['.*.*.*x', new RegExp(`3 repeated parts .* at most ${MAX_REPEATS}`)],
    ['a+b+\\d{1,9}', /3 repeated parts/],
    ['a?'.repeat(30) + 'a'.repeat(30), /^1073741824 paths through the pattern .* at most 1024 with 0 repeated parts/],
    [`^${'(a|a)'.repeat(11)}$`, /^2048 paths .* at most 1024 with 0/],
    [`.*${'(a|a)'.repeat(5)}x`, /^32 paths .* at most 16 with 1 repeated part,/],
    [`.*${'(a|a)'.repeat(8)}.*x`, /^256 paths .* at most 2 with 2 repeated parts/],
  ])('refuses %s', (pattern, says) => {
    expect(backtrackingRisk(pattern)).toMatch(says);
    const parsed = regexParam.safeParse(pattern);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/^too slow to match safely: /);
  });

  it('shows at most 40 characters of the group it refuses', () => {
    const risk = backtrackingRisk(`(${'a'.repeat(100)}|b)*`) ?? '';
    expect(risk).toContain(`(${'a'.repeat(38)}…`);
    expect(risk.length).toBeLessThan(200);
  });

  it('an invalid expression is refused as such first', () => {
    expect(regexParam.safeParse('((a+)+').error?.issues[0]?.message).toBe('not a valid regular expression');
  });
});
