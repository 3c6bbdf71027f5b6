/**
 * The topology a validated config asks for: how many public IPs, AWS VPN connections and tunnels,
 * their names, inside addresses and Azure instances, and the throughput ceiling. Pure.
 */
import { insideAddresses } from "./addressing";
import { tunnelId, type TunnelNumber } from "./tunnelId";
import type { AwsAttachment, GatewayGeneration, GatewaySku, RoutingMode } from "./enums";
import { AWS_TUNNEL_MBPS_BY_BANDWIDTH, AZURE_SKU_AGGREGATE_MBPS, DIRECTION_TEXT, throughputModel, type DirectionCeiling, type LimitId, type TunnelBandwidthChoice } from "./throughput";

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

/** What the throughput ceiling reads beyond the topology (VpnConfig satisfies it). */
export interface ThroughputConfig extends TopologyConfig {
  tunnelBandwidth: TunnelBandwidthChoice;
  ipsec: { phase2: { encryption: string; integrity: string } };
}

/**
 * One tunnel in plain fields: TunnelPair's args carry it as it is (its TunnelPairTunnelArgs
 * extends this), so no union here: Pulumi's schema analyzer refuses them.
 */
export interface TunnelFields {
  /** Stable id, "c1t1" = AWS VPN connection 1, tunnel 1. */
  id: string;
  /** 0-based position in the list of all tunnels (a whole number). */
  index: number;
  /** 1 or 2: which tunnel of its AWS VPN connection. */
  tunnelNumber: number;
  /** The tunnel's inside /30. */
  insideCidr: string;
  /** AWS's inside address (the /30's first host). */
  awsInsideAddress: string;
  /** Azure's inside address (the /30's second host). */
  azureInsideAddress: string;
  /** The Azure gateway instance this tunnel terminates on (0-based). */
  azureInstance: number;
  /** Azure local network gateway name. */
  localNetworkGatewayName: string;
  /** Azure connection name. */
  connectionName: string;
}

export interface TunnelPlan extends TunnelFields {
  /** 1 or 2: which tunnel of its AWS VPN connection. */
  tunnelNumber: TunnelNumber;
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

export { AZURE_SKU_AGGREGATE_MBPS } from "./throughput";
/** AWS Site-to-Site VPN, standard tunnels: up to 1.25 Gbps per tunnel (AWS VPN user guide, "Site-to-Site VPN quotas"). */
export const AWS_TUNNEL_MBPS = AWS_TUNNEL_MBPS_BY_BANDWIDTH.standard.mbps;

export interface ThroughputCeiling {
  /** The lower of the two directions' aggregate ceilings. */
  mbps: number;
  /** The Azure SKU's aggregate benchmark, per gateway instance. */
  azureAggregateMbps: number;
  /** Tunnels carrying traffic from AWS to Azure (the direction the attachment decides). */
  tunnelsCarryingTraffic: number;
  /** The limit that sets `mbps`. */
  limitedBy: LimitId;
  reason: string;
  /** Per direction: aggregate and single-flow ceilings, each with its limits and their sources. */
  directions: DirectionCeiling[];
}

export function throughputCeiling(c: ThroughputConfig, topology: Topology): ThroughputCeiling {
  const directions = throughputModel({
    gatewaySku: c.gatewaySku,
    gatewayGeneration: c.gatewayGeneration,
    activeActive: topology.publicIpNames.length > 1,
    attachment: c.awsAttachment,
    routing: c.routing,
    tunnelBandwidth: c.tunnelBandwidth,
    phase2Encryption: c.ipsec.phase2.encryption,
    phase2Integrity: c.ipsec.phase2.integrity,
  });
  const lowest = directions.reduce((a, b) => (b.aggregateMbps < a.aggregateMbps ? b : a));
  const awsToAzure = directions.find((d) => d.direction === "aws-to-azure")!;
  const reason = `${DIRECTION_TEXT[lowest.direction]}: min(${lowest.aggregateLimits.map((l) => `${l.what} = ${l.mbps}`).join("; ")}); ${lowest.why}`;
  return {
    mbps: lowest.aggregateMbps,
    azureAggregateMbps: AZURE_SKU_AGGREGATE_MBPS[c.gatewayGeneration][c.gatewaySku] ?? 0,
    tunnelsCarryingTraffic: awsToAzure.tunnelsCarryingTraffic,
    limitedBy: lowest.aggregateLimitedBy.id,
    reason,
    directions,
  };
}
