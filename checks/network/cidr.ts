/** CIDR arithmetic (IPv4): parsing, containment, overlap, private ranges. */

/** The IPv4 and IPv6 "anywhere" destinations and sources. */
export const ANY_IPV4 = '0.0.0.0/0';
export const ANY_IPV6 = '::/0';

export interface Cidr {
  base: number;
  prefix: number;
}

export function parseCidr(cidr: string | undefined): Cidr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr ?? '');
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const ip =
    (octets[0] as number) * 2 ** 24 +
    (octets[1] as number) * 2 ** 16 +
    (octets[2] as number) * 2 ** 8 +
    (octets[3] as number);
  const size = 2 ** (32 - prefix);
  return { base: ip - (ip % size), prefix };
}

function size(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return (
    inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + size(inner) <= outer.base + size(outer)
  );
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + size(b) && b.base < a.base + size(a);
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => parseCidr(c) as Cidr);

/** Inside RFC 1918 private address space. */
export function isPrivateRange(cidr: Cidr): boolean {
  return PRIVATE_RANGES.some((r) => cidrContains(r, cidr));
}
