/** `parseCidr` reads a CIDR character by character: it must accept exactly what its RegExp did. */
import { describe, expect, it } from 'vitest';
import { type Cidr, parseCidr } from '../../checks/network.js';

/** The RegExp parser `parseCidr` replaced, as the reference. */
function byRegExp(cidr: string | undefined): Cidr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr ?? '');
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const ip = octets.reduce((sum, o) => sum * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  return { base: ip - (ip % size), prefix };
}

describe('parseCidr', () => {
  it.each([
    ['10.0.1.0/24', { base: 10 * 2 ** 24 + 256, prefix: 24 }],
    ['10.0.1.77/24', { base: 10 * 2 ** 24 + 256, prefix: 24 }],
    ['0.0.0.0/0', { base: 0, prefix: 0 }],
    ['255.255.255.255/32', { base: 2 ** 32 - 1, prefix: 32 }],
    ['010.001.0.0/16', { base: 10 * 2 ** 24 + 2 ** 16, prefix: 16 }],
  ])('%s', (cidr, expected) => {
    expect(parseCidr(cidr)).toEqual(expected);
  });

  it.each([
    undefined,
    '',
    '10.0.0.0',
    '10.0.0/16',
    '10.0.0.0.0/16',
    '10.0.0.256/24',
    '10.0.0.0/33',
    '10.0.0.0/024',
    '1000.0.0.0/8',
    '10.0.0.0/',
    '/16',
    '10..0.0/16',
    ' 10.0.0.0/16',
    '10.0.0.0/16 ',
    '10.0.0.0/16\n',
    '10.0.0.0/1a',
    '10.0.0.x/16',
    '::/0',
    '2001:db8::/32',
    '１0.0.0.0/8',
  ])('rejects %j', (cidr) => {
    expect(parseCidr(cidr)).toBeUndefined();
  });

  it('agrees with the RegExp on generated near-CIDRs', () => {
    const parts = ['0', '1', '10', '255', '256', '999', '0010', '', 'a', '-1'];
    const prefixes = ['0', '8', '16', '32', '33', '', '016', 'x'];
    const seps = ['.', '/', ':', ''];
    const differ: string[] = [];
    let accepted = 0;
    for (const a of parts)
      for (const b of parts)
        for (const sep of seps)
          for (const prefix of prefixes) {
            for (const cidr of [
              `${a}.${b}.0.1/${prefix}`,
              `10${sep}${a}.${b}.0/${prefix}`,
              `${a}.0.0${sep}${b}/${prefix}`,
            ]) {
              const expected = byRegExp(cidr);
              if (expected) accepted += 1;
              if (JSON.stringify(parseCidr(cidr)) !== JSON.stringify(expected)) differ.push(cidr);
            }
          }
    expect(differ).toEqual([]);
    expect(accepted).toBeGreaterThan(100);
  });
});
