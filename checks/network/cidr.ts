/** CIDR arithmetic (IPv4): parsing, containment, overlap, private ranges. */

/** The IPv4 and IPv6 "anywhere" destinations and sources. */
export const ANY_IPV4 = '0.0.0.0/0';
export const ANY_IPV6 = '::/0';

export interface Cidr {
  base: number;
  prefix: number;
}

/**
 * `a.b.c.d/n`: four decimal octets of 1–3 digits (at most 255) and a prefix of 1–2 digits (at
 * most 32), nothing else. Read character by character (what the RegExp
 * `^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$` accepts): every subnet of every
 * candidate VPC is parsed in a grade.
 */
export function parseCidr(cidr: string | undefined): Cidr | undefined {
  if (cidr === undefined) return undefined;
  let at = 0;
  let ip = 0;
  let prefix = 0;
  // Parts 0-3 are the octets (each followed by "." or, for the last, "/"), part 4 the prefix.
  for (let part = 0; part < 5; part += 1) {
    const start = at;
    let value = 0;
    for (; at < cidr.length; at += 1) {
      const c = cidr.charCodeAt(at);
      if (c < 48 || c > 57) break;
      value = value * 10 + (c - 48);
    }
    const digits = at - start;
    if (part < 4) {
      const separator = part < 3 ? 46 /* . */ : 47; /* / */
      if (digits === 0 || digits > 3 || value > 255 || cidr.charCodeAt(at) !== separator) return undefined;
      ip = ip * 256 + value;
      at += 1;
    } else {
      if (digits === 0 || digits > 2 || at !== cidr.length || value > 32) return undefined;
      prefix = value;
    }
  }
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
