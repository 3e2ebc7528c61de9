import ipaddr from 'ipaddr.js';

/**
 * The pure part of IP rules: parse CIDR text with ipaddr.js (never a regex) and compile a rule
 * set once into sorted, merged ranges, so a request's check is a map hit or two binary searches.
 *
 * Every address lives in one 128-bit space: IPv6 as itself, IPv4 as its IPv4-mapped IPv6 form
 * (`::ffff:a.b.c.d`). So a mapped client address matches IPv4 rules, and an IPv4 client matches
 * a `::ffff:0:0/96`-style rule, without special cases.
 */

export type RuleAction = 'allow' | 'deny';

export interface ParsedCidr {
  /** Canonical text: the network address and prefix, IPv4 (mapped included) in dotted form. */
  cidr: string;
  first: bigint;
  last: bigint;
}

const V4_MAPPED_BASE = 0xffffn << 32n;
const ALL_128 = (1n << 128n) - 1n;

function toBigInt(bytes: number[]): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/** A client address in the 128-bit space, or null when it is not an address. */
export function addressValue(text: string): bigint | null {
  if (!ipaddr.isValid(text)) return null;
  const address = ipaddr.parse(text);
  const value = toBigInt(address.toByteArray());
  return address.kind() === 'ipv4' ? V4_MAPPED_BASE | value : value;
}

/**
 * Parses `a.b.c.d`, `a.b.c.d/n`, an IPv6 address or `x::/n`. A bare address is a /32 or /128;
 * host bits are cleared (`10.1.2.3/8` is `10.0.0.0/8`). IPv4 must be four decimal parts
 * (`127.1` and hex forms are refused). Returns null for anything else.
 */
export function parseCidr(input: string): ParsedCidr | null {
  const text = input.trim();
  if (text.includes('%')) return null;
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  let prefix: number;
  if (text.includes('/')) {
    if (ipaddr.IPv4.isValidCIDRFourPartDecimal(text))
      [address, prefix] = ipaddr.IPv4.parseCIDR(text);
    else if (ipaddr.IPv6.isValidCIDR(text)) [address, prefix] = ipaddr.IPv6.parseCIDR(text);
    else return null;
  } else if (ipaddr.IPv4.isValidFourPartDecimal(text)) {
    address = ipaddr.IPv4.parse(text);
    prefix = 32;
  } else if (ipaddr.IPv6.isValid(text)) {
    address = ipaddr.IPv6.parse(text);
    prefix = 128;
  } else {
    return null;
  }
  const isV4 = address.kind() === 'ipv4';
  const bits = isV4 ? prefix + 96 : prefix;
  const raw = toBigInt(address.toByteArray());
  const value = isV4 ? V4_MAPPED_BASE | raw : raw;
  const hostMask = bits === 128 ? 0n : ALL_128 >> BigInt(bits);
  const first = value & ~hostMask & ALL_128;
  const last = first | hostMask;
  return { cidr: canonical(first, bits), first, last };
}

function canonical(first: bigint, bits: number): string {
  const bytes: number[] = [];
  for (let shift = 120n; shift >= 0n; shift -= 8n) bytes.push(Number((first >> shift) & 0xffn));
  const v6 = ipaddr.fromByteArray(bytes) as ipaddr.IPv6;
  if (bits >= 96 && v6.isIPv4MappedAddress())
    return `${v6.toIPv4Address().toString()}/${bits - 96}`;
  return `${v6.toRFC5952String()}/${bits}`;
}

type Range = readonly [bigint, bigint];

/** Sorted, non-overlapping ranges; adjacent ones merged. */
function mergeRanges(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const merged: [bigint, bigint][] = [];
  for (const [first, last] of sorted) {
    const top = merged[merged.length - 1];
    if (top && first <= top[1] + 1n) {
      if (last > top[1]) top[1] = last;
    } else merged.push([first, last]);
  }
  return merged;
}

function contains(ranges: readonly Range[], value: bigint): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const range = ranges[mid] as Range;
    if (value < range[0]) high = mid - 1;
    else if (value > range[1]) low = mid + 1;
    else return true;
  }
  return false;
}

const MEMO_MAX = 4_096;

/** An org's rules, compiled once; `allows` is what every request of the org asks. */
export class NetworkPolicy {
  /** No rules at all: everything passes, and the hot path checks only this. */
  readonly empty: boolean;
  private readonly deny: Range[];
  /** Null while there is no allow rule (then only deny rules count). */
  private readonly allow: Range[] | null;
  private readonly memo = new Map<string, boolean>();

  constructor(rules: readonly { action: RuleAction; first: bigint; last: bigint }[]) {
    this.empty = rules.length === 0;
    const pick = (action: RuleAction): Range[] =>
      mergeRanges(rules.filter((r) => r.action === action).map((r) => [r.first, r.last] as const));
    this.deny = pick('deny');
    const allow = pick('allow');
    this.allow = allow.length > 0 ? allow : null;
  }

  /**
   * Deny wins; once an allow rule exists only matching addresses pass. An unknown or unparsable
   * address passes only an empty rule set (fail closed).
   */
  allows(ip: string | null): boolean {
    if (this.empty) return true;
    if (ip === null) return false;
    const known = this.memo.get(ip);
    if (known !== undefined) return known;
    const value = addressValue(ip);
    const verdict =
      value !== null &&
      !contains(this.deny, value) &&
      (this.allow === null || contains(this.allow, value));
    if (this.memo.size >= MEMO_MAX) this.memo.clear();
    this.memo.set(ip, verdict);
    return verdict;
  }
}

/** Compiles stored or proposed rules; a rule that does not parse is left out (stored ones do). */
export function compilePolicy(
  rules: readonly { action: RuleAction; cidr: string }[],
): NetworkPolicy {
  const parsed: { action: RuleAction; first: bigint; last: bigint }[] = [];
  for (const rule of rules) {
    const range = parseCidr(rule.cidr);
    if (range) parsed.push({ action: rule.action, first: range.first, last: range.last });
  }
  return new NetworkPolicy(parsed);
}

export const EMPTY_POLICY = new NetworkPolicy([]);

/** An address as people read it: `::ffff:a.b.c.d` as `a.b.c.d`; anything else unchanged. */
export function displayAddress(ip: string | null): string | null {
  if (ip === null || !ipaddr.isValid(ip)) return ip;
  return ipaddr.process(ip).toString();
}
