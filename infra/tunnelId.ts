/**
 * A tunnel's identity: "c1t2" is tunnel 2 of AWS VPN connection 1. The one place that writes and
 * reads these ids (topology, config validation, key rotation, guards, the plan and interop). Pure.
 */

/** Which tunnel of its AWS VPN connection (every AWS VPN connection has exactly two). */
export type TunnelNumber = 1 | 2;

/** The parts of a tunnel id. */
export interface TunnelRef {
  /** 1-based AWS VPN connection number. */
  connection: number;
  tunnel: TunnelNumber;
}

/** The id of tunnel `tunnel` of AWS VPN connection `connection` (1-based), e.g. "c1t2". */
export function tunnelId(connection: number, tunnel: TunnelNumber): string {
  return `c${connection}t${tunnel}`;
}

/** The id of the tunnel at a 0-based position in the list of all tunnels (two per connection). */
export function tunnelIdAt(index: number): string {
  return tunnelId(Math.floor(index / 2) + 1, ((index % 2) + 1) as TunnelNumber);
}

/** The id of an AWS VPN connection, e.g. "c1": what a tunnel id starts with. */
export function connectionId(connection: number): string {
  return `c${connection}`;
}

/** The parts of a tunnel id, or undefined when the text is not one. */
export function parseTunnelId(id: string): TunnelRef | undefined {
  const match = /^c([1-9][0-9]*)t([12])$/.exec(id);
  if (!match) return undefined;
  return { connection: Number(match[1]), tunnel: Number(match[2]) as TunnelNumber };
}
