/**
 * The topology a validated config asks for: how many public IPs, AWS VPN connections and tunnels,
 * their names, inside addresses and Azure instances, and the throughput ceiling. Pure.
 */
import { insideAddresses } from "./addressing";
import { tunnelId, type TunnelNumber } from "./tunnelId";
import type { AwsAttachment, GatewayGeneration, GatewaySku, RoutingMode } from "./enums";

/**
 * What the topology reads of a validated config (infra/config.ts's VpnConfig satisfies it; this
 * module does not import config.ts, which imports it).
 */
export interface TopologyConfig {
  activeActive: boolean;
  publicIpName: string;
  tunnelInsideCidrs: readonly string[];
  localNetworkGatewayName: string;
  connectionName: string;
  gatewaySku: GatewaySku;
  gatewayGeneration: GatewayGeneration;
  awsAttachment: AwsAttachment;
  routing: RoutingMode;
}

export interface TunnelPlan {
  /** Stable id, "c1t1" = AWS VPN connection 1, tunnel 1. */
  id: string;
  /** 0-based position in the list of all tunnels. */
  index: number;
  /** 1 or 2: which tunnel of its AWS VPN connection. */
  tunnelNumber: TunnelNumber;
  insideCidr: string;
  awsInsideAddress: string;
  azureInsideAddress: string;
  /** The Azure gateway instance (and public IP) this tunnel terminates on. */
  azureInstance: number;
  localNetworkGatewayName: string;
  connectionName: string;
}

export interface ConnectionPlan {
  /** 1-based AWS VPN connection number. */
  number: number;
  /** The Azure public IP (and gateway instance) its customer gateway points at. */
  azureInstance: number;
  tunnels: [TunnelPlan, TunnelPlan];
}

export interface Topology {
  publicIpNames: string[];
  connections: ConnectionPlan[];
  tunnels: TunnelPlan[];
  /** Custom APIPA addresses per Azure gateway instance, BGP mode only. */
  apipaByInstance: string[][];
}

export function planTopology(c: TopologyConfig): Topology {
  const instances = c.activeActive ? 2 : 1;
  const publicIpNames = instances === 1 ? [c.publicIpName] : [c.publicIpName, `${c.publicIpName}-2`];
  const names = (base: string, connection: number, tunnel: TunnelNumber): string =>
    // Active-standby keeps the document's names: tunnel 1 is the active one, tunnel 2 the standby.
    instances === 1 ? (tunnel === 1 ? base : `${base}-standby`) : `${base}-${tunnelId(connection, tunnel)}`;
  const connections: ConnectionPlan[] = [];
  for (let i = 0; i < instances; i++) {
    const number = i + 1;
    const make = (tunnelNumber: TunnelNumber): TunnelPlan => {
      const index = i * 2 + (tunnelNumber - 1);
      const insideCidr = c.tunnelInsideCidrs[index]!;
      const inside = insideAddresses(insideCidr);
      return {
        id: tunnelId(number, tunnelNumber),
        index,
        tunnelNumber,
        insideCidr,
        awsInsideAddress: inside.aws,
        azureInsideAddress: inside.azure,
        azureInstance: i,
        localNetworkGatewayName: names(c.localNetworkGatewayName, number, tunnelNumber),
        connectionName: names(c.connectionName, number, tunnelNumber),
      };
    };
    connections.push({ number, azureInstance: i, tunnels: [make(1), make(2)] });
  }
  const tunnels = connections.flatMap((conn) => conn.tunnels);
  const apipaByInstance = Array.from({ length: instances }, (_, instance) =>
    tunnels.filter((t) => t.azureInstance === instance).map((t) => t.azureInsideAddress),
  );
  return { publicIpNames, connections, tunnels, apipaByInstance };
}

/**
 * Azure VPN gateway aggregate throughput by SKU and generation, in Mbps.
 * Source: Microsoft Learn, "About VPN Gateway SKUs" (about-gateway-skus.md), as collected in
 * docs/constraints.md, "IPsec profile, gateway SKUs and tunnel options" (2026-11).
 */
export const AZURE_SKU_AGGREGATE_MBPS: Readonly<Record<GatewayGeneration, Partial<Record<GatewaySku, number>>>> = {
  Generation1: { VpnGw1AZ: 650, VpnGw2AZ: 1_000, VpnGw3AZ: 1_250 },
  Generation2: { VpnGw2AZ: 1_250, VpnGw3AZ: 2_500, VpnGw4AZ: 5_000, VpnGw5AZ: 10_000 },
};
/** AWS Site-to-Site VPN: up to 1.25 Gbps per tunnel (AWS VPN user guide, "Site-to-Site VPN quotas"). */
export const AWS_TUNNEL_MBPS = 1_250;

export interface ThroughputCeiling {
  mbps: number;
  azureAggregateMbps: number;
  tunnelsCarryingTraffic: number;
  limitedBy: "azure-sku" | "aws-tunnels";
  reason: string;
}

export function throughputCeiling(c: TopologyConfig, topology: Topology): ThroughputCeiling {
  const azureAggregateMbps = AZURE_SKU_AGGREGATE_MBPS[c.gatewayGeneration][c.gatewaySku];
  if (azureAggregateMbps === undefined) throw new Error(`no aggregate throughput known for ${c.gatewaySku} ${c.gatewayGeneration}`);
  // A virtual private gateway sends towards Azure over one tunnel at a time; a transit gateway
  // with VPN ECMP support spreads flows over every BGP tunnel.
  const ecmp = c.awsAttachment === "tgw" && c.routing === "bgp";
  const tunnelsCarryingTraffic = ecmp ? topology.tunnels.length : 1;
  const awsMbps = tunnelsCarryingTraffic * AWS_TUNNEL_MBPS;
  const limitedBy = azureAggregateMbps <= awsMbps ? "azure-sku" : "aws-tunnels";
  const mbps = Math.min(azureAggregateMbps, awsMbps);
  const reason =
    `min(Azure ${c.gatewaySku} ${c.gatewayGeneration} aggregate ${azureAggregateMbps} Mbps, ` +
    `${tunnelsCarryingTraffic} tunnel${tunnelsCarryingTraffic === 1 ? "" : "s"} carrying traffic x AWS ${AWS_TUNNEL_MBPS} Mbps` +
    `${ecmp ? " (transit gateway ECMP over BGP)" : " (a virtual private gateway uses one tunnel at a time)"})`;
  return { mbps, azureAggregateMbps, tunnelsCarryingTraffic, limitedBy, reason };
}
