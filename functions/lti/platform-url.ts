/**
 * The one check of a URL an LMS or an instructor gives labgrader to call (a platform's JWKS,
 * authorization and token endpoints, the Assignment and Grade Services URLs of a launch, a line
 * item the platform names): https only, no credentials or fragment, and not a host of the network
 * labgrader runs in. Only on this machine (`allowLocalHttp`: the local service and tests) may it be
 * localhost, 127.0.0.1 or [::1], over http too.
 *
 * The host is judged as the WHATWG URL parser leaves it, so `https://2852039166/`,
 * `https://0xa9fea9fe/`, `https://0251.0376.0251.0376/` and `https://[::ffff:169.254.169.254]/`
 * are all the instance metadata service's 169.254.169.254. A DNS name is not resolved: one that
 * points at an internal address is not caught here.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import * as z from 'zod';

/** Address ranges that are not a platform's public host (IANA special-purpose registries), by what they are. */
const INTERNAL_RANGES: readonly [kind: string, ranges: readonly string[]][] = [
  ['unspecified', ['0.0.0.0/8', '::/128']],
  ['loopback', ['127.0.0.0/8', '::1/128']],
  // 169.254.169.254 and fd00:ec2::254 are the EC2 / Lambda instance metadata service.
  ['link-local', ['169.254.0.0/16', 'fe80::/10']],
  ['private', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7', 'fec0::/10']],
  ['shared (CGNAT)', ['100.64.0.0/10']],
  ['multicast', ['224.0.0.0/4', 'ff00::/8']],
  [
    'reserved',
    [
      '192.0.0.0/24',
      '192.0.2.0/24',
      '192.88.99.0/24',
      '198.18.0.0/15',
      '198.51.100.0/24',
      '203.0.113.0/24',
      '240.0.0.0/4',
      // ::/8 (IPv4-compatible ::a.b.c.d, SIIT's ::ffff:0:a.b.c.d, ...; the IPv4-mapped ::ffff:a.b.c.d is
      // judged by its IPv4 address before), NAT64, discard-only, IETF/Teredo/documentation, 6to4:
      // each either embeds an IPv4 address of its own or is no host of a platform.
      '::/8',
      '64:ff9b::/96',
      '64:ff9b:1::/48',
      '100::/64',
      '2001::/23',
      '2001:db8::/32',
      '2002::/16',
    ],
  ],
];

/**
 * One BlockList per kind and family: BlockList checks an IPv4 address against its IPv6 ranges too
 * (as ::ffff:a.b.c.d), so 8.8.8.8 would fall in ::/8 if the families shared one list.
 */
const INTERNAL = INTERNAL_RANGES.map(([kind, ranges]) => {
  const lists = { ipv4: new BlockList(), ipv6: new BlockList() };
  for (const range of ranges) {
    const [network, prefix] = range.split('/') as [string, string];
    const family = isIPv4(network) ? 'ipv4' : 'ipv6';
    lists[family].addSubnet(network, Number(prefix), family);
  }
  return { kind, lists };
});

/** The hosts of this machine the local service's test platforms live on. */
export function isLocalHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

/**
 * What an internal host is (`loopback`, `link-local`, ...), or undefined for a public address or a
 * DNS name other than localhost. `hostname` is a URL's, already normalised (IPv6 in brackets).
 */
export function internalHostKind(hostname: string): string | undefined {
  // A DNS name may end in any number of dots (`localhost..`): none of them changes the name.
  const name = hostname.toLowerCase().replace(/\.+$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return 'localhost';
  const bare = name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
  const address = ipv4Mapped(bare) ?? bare;
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  if (!family) return undefined;
  return INTERNAL.find(({ lists }) => lists[family].check(address, family))?.kind;
}

/**
 * The IPv4 address of an IPv4-mapped IPv6 address (::ffff:a.b.c.d, which the URL parser writes
 * `::ffff:a9fe:a9fe`), judged as that IPv4 address; undefined for any other address.
 */
function ipv4Mapped(address: string): string | undefined {
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(address);
  if (!mapped) return undefined;
  const [high, low] = [Number.parseInt(mapped[1] as string, 16), Number.parseInt(mapped[2] as string, 16)];
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** Why `value` is not a URL labgrader may call, or undefined when it is. */
export function platformUrlProblem(value: string, allowLocalHttp: boolean): string | undefined {
  const expected = allowLocalHttp
    ? 'expected an https:// URL (or http:// on localhost)'
    : 'expected an https:// URL without credentials or fragment';
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return expected;
  }
  // An empty fragment (`https://host/#`) leaves `hash` empty; the serialised URL still has its `#`.
  if (u.username || u.password || u.href.includes('#')) return expected;
  if (allowLocalHttp && isLocalHost(u.hostname) && (u.protocol === 'http:' || u.protocol === 'https:'))
    return undefined;
  if (u.protocol !== 'https:') return expected;
  const kind = internalHostKind(u.hostname);
  if (kind) {
    const what =
      kind === 'localhost' ? 'a name of this machine' : `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} address`;
    return `${u.hostname} is ${what}, not a platform's public host: labgrader does not call it`;
  }
  return undefined;
}

/** A URL labgrader will call, as a zod schema (the registration's and the launch's claims'). */
export function platformUrlSchema(allowLocalHttp: boolean) {
  return z
    .string()
    .max(2048)
    .superRefine((value, ctx) => {
      const problem = platformUrlProblem(value, allowLocalHttp);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}
