/**
 * Address math: CIDR parsing and containment, and the tunnel inside (APIPA) plan.
 * Pure functions over ipaddr.js; no Pulumi here.
 */
import * as ipaddr from "ipaddr.js";

export interface Ipv4Cidr {
  /** Canonical text, e.g. "10.0.0.0/16". */
  text: string;
  prefix: number;
  /** First and last address as unsigned 32-bit integers. */
  first: number;
  last: number;
}

export type ParseResult = { ok: true; cidr: Ipv4Cidr } | { ok: false; rule: string };

function toUint(address: ipaddr.IPv4): number {
  return address.toByteArray().reduce((acc, octet) => acc * 256 + octet, 0);
}

export function uintToAddress(value: number): string {
  return ipaddr.fromByteArray([(value >>> 24) & 255, (value >>> 16) & 255, (value >>> 8) & 255, value & 255]).toString();
}

/** Results by text: validation parses the same CIDRs many times (each rule, spokes, topology). */
const parsedCidrs = new Map<string, ParseResult>();
const PARSED_CIDRS_KEPT = 4096;

/** Parses an IPv4 CIDR and requires it to be a network address (host bits zero). */
export function parseIpv4Cidr(text: string): ParseResult {
  let result = parsedCidrs.get(text);
  if (result === undefined) {
    if (parsedCidrs.size >= PARSED_CIDRS_KEPT) parsedCidrs.clear();
    result = parseUncached(text);
    parsedCidrs.set(text, result);
  }
  // A copy: callers own what they get.
  return result.ok ? { ok: true, cidr: { ...result.cidr } } : { ...result };
}

/** parseIpv4Cidr for a setting: a bad CIDR is reported under `key` (with its rule) and gives undefined. */
export function parseReported(key: string, text: string, report: (key: string, value: unknown, rule: string) => void): Ipv4Cidr | undefined {
  const result = parseIpv4Cidr(text);
  if (!result.ok) {
    report(key, text, result.rule);
    return undefined;
  }
  return result.cidr;
}

function parseUncached(text: string): ParseResult {
  if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(text)) {
    return { ok: false, rule: "must be an IPv4 CIDR such as 10.0.0.0/16" };
  }
  // ipaddr.js reads "010" as octal 8 while the clouds get the text as written: refuse the ambiguity.
  if (/(^|[./])0\d/.test(text)) {
    return { ok: false, rule: "must be written without leading zeros (e.g. 10.1.0.0/16, not 10.01.0.0/16): a leading zero reads as octal to some tools" };
  }
  // IPv4 only (the pattern above guarantees the shape): ipaddr.parseCIDR tries IPv6 first, and
  // that failed attempt was most of the cost of validating a config.
  let parsed: [ipaddr.IPv4, number];
  try {
    parsed = ipaddr.IPv4.parseCIDR(text);
  } catch {
    return { ok: false, rule: "must be an IPv4 CIDR such as 10.0.0.0/16 (octets 0-255, prefix 0-32)" };
  }
  const [address, prefix] = parsed;
  const first = toUint(address);
  const size = 2 ** (32 - prefix);
  if (first % size !== 0) {
    const network = uintToAddress(first - (first % size));
    return { ok: false, rule: `must be a network address (host bits zero): did you mean ${network}/${prefix}?` };
  }
  return { ok: true, cidr: { text: `${address.toString()}/${prefix}`, prefix, first, last: first + size - 1 } };
}

/** Parses a CIDR known to be valid (throws otherwise). */
export function cidr(text: string): Ipv4Cidr {
  const result = parseIpv4Cidr(text);
  if (!result.ok) throw new Error(`${text} ${result.rule}`);
  return result.cidr;
}

export function contains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return outer.first <= inner.first && inner.last <= outer.last;
}

export function overlaps(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** True when the whole block lies in RFC 1918 private space. */
export function isPrivate(block: Ipv4Cidr): boolean {
  return ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].some((range) => contains(cidr(range), block));
}

/** The n-th address of a block (0 = network address). */
export function hostAddress(block: Ipv4Cidr, n: number): string {
  if (n < 0 || block.first + n > block.last) throw new Error(`${block.text} has no host number ${n}`);
  return uintToAddress(block.first + n);
}

export const LINK_LOCAL = cidr("169.254.0.0/16");
/** Inside CIDRs AWS refuses for tunnels (constraints.md, VPNTunnels). */
export const AWS_RESERVED_INSIDE_CIDRS: readonly Ipv4Cidr[] = [
  ...[0, 1, 2, 3, 4, 5].map((third) => cidr(`169.254.${third}.0/30`)),
  cidr("169.254.169.252/30"),
];
/** Azure's custom APIPA BGP range: 169.254.21.0 - 169.254.22.255. */
export const AZURE_APIPA_RANGE: Ipv4Cidr = { text: "169.254.21.0-169.254.22.255", prefix: 23, first: cidr("169.254.21.0/24").first, last: cidr("169.254.22.0/24").last };

/**
 * Default inside /30 per tunnel, in tunnel order (connection 1 tunnel 1, connection 1 tunnel 2,
 * connection 2 tunnel 1, ...). Microsoft's BGP plan: connection c's tunnels land on Azure instance
 * c-1; tunnel 1 in 169.254.21.x, tunnel 2 in 169.254.22.x; connection c uses the c-th /30.
 * Static mode uses the same plan, so a later switch to BGP keeps every tunnel's addresses.
 */
export function defaultInsideCidrs(connectionCount: number): string[] {
  const result: string[] = [];
  for (let connection = 0; connection < connectionCount; connection++) {
    result.push(`169.254.21.${connection * 4}/30`, `169.254.22.${connection * 4}/30`);
  }
  return result;
}

/** AWS takes the first host of a tunnel's /30, the customer (Azure) side the second. */
export function insideAddresses(insideCidr: string): { aws: string; azure: string } {
  const block = cidr(insideCidr);
  return { aws: hostAddress(block, 1), azure: hostAddress(block, 2) };
}

/** Rules for one tunnel inside CIDR; returns the broken rule or undefined. */
export function insideCidrProblem(text: string, bgp: boolean): string | undefined {
  const parsed = parseIpv4Cidr(text);
  if (!parsed.ok) return parsed.rule;
  const block = parsed.cidr;
  if (block.prefix !== 30) return "must be a /30";
  if (!contains(LINK_LOCAL, block)) return "must lie inside 169.254.0.0/16";
  const reserved = AWS_RESERVED_INSIDE_CIDRS.find((r) => overlaps(r, block));
  if (reserved) return `is reserved by AWS (${reserved.text}; AWS refuses 169.254.0.0/30 to 169.254.5.0/30 and 169.254.169.252/30): use another /30`;
  if (bgp && !(AZURE_APIPA_RANGE.first <= block.first && block.last <= AZURE_APIPA_RANGE.last)) {
    return "must lie inside Azure's custom APIPA range 169.254.21.0 - 169.254.22.255 when BGP is on";
  }
  return undefined;
}

/** A range a cloud refuses, and why (for the message). */
export interface ForbiddenRange {
  block: Ipv4Cidr;
  why: string;
}
export const forbiddenRange = (text: string, why: string): ForbiddenRange => {
  const parsed = parseIpv4Cidr(text);
  if (!parsed.ok) throw new Error(`bad constant ${text}`);
  return { block: parsed.cidr, why };
};
/** Ranges Azure refuses in a VNet's address space (docs/constraints.md, "Addresses"). */
export const AZURE_VNET_FORBIDDEN: readonly ForbiddenRange[] = [
  forbiddenRange("224.0.0.0/4", "multicast"),
  forbiddenRange("255.255.255.255/32", "broadcast"),
  forbiddenRange("127.0.0.0/8", "loopback"),
  forbiddenRange("169.254.0.0/16", "link-local"),
  forbiddenRange("168.63.129.16/32", "Azure's internal DNS and host address"),
];
/** Ranges that are not unicast host space (RFC 6890), so no VPC can route them (docs/constraints.md). */
export const AWS_VPC_FORBIDDEN: readonly ForbiddenRange[] = [
  forbiddenRange("0.0.0.0/8", "\"this network\""),
  forbiddenRange("127.0.0.0/8", "loopback"),
  forbiddenRange("169.254.0.0/16", "link-local, used by the tunnels' inside addresses and the instance metadata service"),
  forbiddenRange("224.0.0.0/4", "multicast"),
  forbiddenRange("240.0.0.0/4", "reserved, with the broadcast address"),
];
