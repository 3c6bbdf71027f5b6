/**
 * IPv4 helpers for the interop runner: every address that reaches a config file or an `ip`
 * command is checked here first. Thin wrappers over infra/addressing.ts (ipaddr.js), with errors
 * that name what the address was.
 */
import * as ipaddr from "ipaddr.js";
import { hostAddress, parseIpv4Cidr, uintToAddress } from "../infra/addressing";

export class AddressError extends Error {}

export function parseIpv4(value: string, what: string): number {
  if (!ipaddr.IPv4.isValidFourPartDecimal(value)) throw new AddressError(`${what}: ${JSON.stringify(value)} is not an IPv4 address`);
  return ipaddr.IPv4.parse(value).toByteArray().reduce((acc, octet) => acc * 256 + octet, 0);
}

export function formatIpv4(n: number): string {
  return uintToAddress(n >>> 0);
}

export interface Cidr {
  network: number;
  length: number;
}

export function parseCidr(value: string, what: string): Cidr {
  const parsed = parseIpv4Cidr(value);
  if (!parsed.ok) throw new AddressError(`${what}: ${JSON.stringify(value)} ${parsed.rule}`);
  return { network: parsed.cidr.first, length: parsed.cidr.prefix };
}

export function formatCidr(c: Cidr): string {
  return `${formatIpv4(c.network)}/${c.length}`;
}

export function cidrContains(c: Cidr, ip: number): boolean {
  const size = 2 ** (32 - c.length);
  return ip >= c.network && ip < c.network + size;
}

/** A host address inside the prefix for test traffic: .10 when the prefix has room, else the first host. */
export function testHost(prefix: string, what: string): string {
  const parsed = parseIpv4Cidr(prefix);
  if (!parsed.ok) throw new AddressError(`${what}: ${JSON.stringify(prefix)} ${parsed.rule}`);
  const size = 2 ** (32 - parsed.cidr.prefix);
  return hostAddress(parsed.cidr, size > 16 ? 10 : size > 2 ? 1 : 0);
}

export function addIpv4(value: string, delta: number, what: string): string {
  return formatIpv4(parseIpv4(value, what) + delta);
}
