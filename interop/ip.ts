/** Minimal IPv4 helpers: every address that reaches a config file or an `ip` command is checked here first. */

export class AddressError extends Error {}

export function parseIpv4(value: string, what: string): number {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value);
  const octets = m ? m.slice(1).map(Number) : [];
  if (!m || octets.some((o) => o > 255)) throw new AddressError(`${what}: ${JSON.stringify(value)} is not an IPv4 address`);
  return ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
}

export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join(".");
}

export interface Cidr {
  network: number;
  length: number;
}

export function parseCidr(value: string, what: string): Cidr {
  const [addr, len, extra] = value.split("/");
  const length = Number(len);
  if (addr === undefined || len === undefined || extra !== undefined || !/^\d{1,2}$/.test(len) || length > 32) {
    throw new AddressError(`${what}: ${JSON.stringify(value)} is not an IPv4 CIDR`);
  }
  const ip = parseIpv4(addr, what);
  const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
  if ((ip & mask) >>> 0 !== ip) throw new AddressError(`${what}: ${value} has host bits set`);
  return { network: ip, length };
}

export function formatCidr(c: Cidr): string {
  return `${formatIpv4(c.network)}/${c.length}`;
}

export function cidrContains(c: Cidr, ip: number): boolean {
  const mask = c.length === 0 ? 0 : (0xffffffff << (32 - c.length)) >>> 0;
  return ((ip & mask) >>> 0) === c.network;
}

/** A host address inside the prefix for test traffic: .10 when the prefix has room, else the first host. */
export function testHost(prefix: string, what: string): string {
  const c = parseCidr(prefix, what);
  const size = 2 ** (32 - c.length);
  const offset = size > 16 ? 10 : size > 2 ? 1 : 0;
  return formatIpv4(c.network + offset);
}

export function addIpv4(value: string, delta: number, what: string): string {
  return formatIpv4((parseIpv4(value, what) + delta) >>> 0);
}
