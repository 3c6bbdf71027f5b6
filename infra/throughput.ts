/**
 * The throughput model, per direction: the aggregate ceiling and the single-flow ceiling, each the
 * minimum of its limits, each limit a published figure with its source (docs/constraints.md,
 * "Throughput model (issue 14)"). Pure.
 */
import type { GatewayGeneration, GatewaySku } from "./enums";

/** AWS tunnel bandwidth option of a Site-to-Site VPN connection (both tunnels alike). */
export type TunnelBandwidthChoice = "standard" | "large";
export type Attachment = "vgw" | "tgw";
export type Routing = "static" | "bgp";

/** A published figure: value, where it comes from, when it was read. */
export interface Figure {
  mbps: number;
  source: string;
}

const AWS_QUOTAS = "docs.aws.amazon.com/vpn/latest/s2svpn/vpn-limits.html, 'Bandwidth and throughput' (read 2026-12-02)";
const AWS_TUNNELS = "docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html, 'Large Bandwidth Tunnels' (read 2026-12-02)";
const MS_AGGREGATE = "learn.microsoft.com/azure/vpn-gateway/about-gateway-skus#benchmark (aggregate throughput benchmark per SKU; read 2026-11, re-read 2026-12-02)";
const MS_PERFORMANCE = "learn.microsoft.com/azure/vpn-gateway/about-gateway-skus#performance (includes/vpn-gateway-table-sku-performance.md, ms.date 2024-01-04; read 2026-12-02)";

/** AWS: maximum bandwidth per tunnel, by the connection's tunnel bandwidth option. */
export const AWS_TUNNEL_MBPS_BY_BANDWIDTH: Readonly<Record<TunnelBandwidthChoice, Figure>> = {
  standard: { mbps: 1_250, source: AWS_QUOTAS },
  large: { mbps: 5_000, source: AWS_TUNNELS },
};

/**
 * Azure VPN gateway aggregate throughput benchmark by SKU and generation, in Mbps. Microsoft's
 * performance table says each instance has this throughput, "available aggregated across all
 * tunnels connecting to that instance": an active-active gateway has two such instances.
 */
export const AZURE_SKU_AGGREGATE_MBPS: Readonly<Record<GatewayGeneration, Partial<Record<GatewaySku, number>>>> = {
  Generation1: { VpnGw1AZ: 650, VpnGw2AZ: 1_000, VpnGw3AZ: 1_250 },
  Generation2: { VpnGw2AZ: 1_250, VpnGw3AZ: 2_500, VpnGw4AZ: 5_000, VpnGw5AZ: 10_000 },
};
export const AZURE_SKU_AGGREGATE_SOURCE = MS_AGGREGATE;

/** The cipher rows Microsoft publishes per-tunnel figures for. */
export type AzureCipherRow = "GCMAES256" | "AES256-SHA256";

/** Azure: throughput observed per tunnel, by SKU, generation and IPsec algorithms, in Mbps. */
export const AZURE_TUNNEL_MBPS: Readonly<Record<GatewayGeneration, Partial<Record<GatewaySku, Readonly<Record<AzureCipherRow, number>>>>>> = {
  Generation1: {
    VpnGw1AZ: { GCMAES256: 650, "AES256-SHA256": 500 },
    VpnGw2AZ: { GCMAES256: 1_200, "AES256-SHA256": 650 },
    VpnGw3AZ: { GCMAES256: 1_250, "AES256-SHA256": 700 },
  },
  Generation2: {
    VpnGw2AZ: { GCMAES256: 1_250, "AES256-SHA256": 550 },
    VpnGw3AZ: { GCMAES256: 1_500, "AES256-SHA256": 700 },
    VpnGw4AZ: { GCMAES256: 2_300, "AES256-SHA256": 700 },
    VpnGw5AZ: { GCMAES256: 2_300, "AES256-SHA256": 700 },
  },
};
export const AZURE_TUNNEL_SOURCE = MS_PERFORMANCE;

/** Which of Microsoft's rows a phase 2 cipher falls under, and whether that is exact. */
export function azureCipherRow(encryption: string, integrity: string): { row: AzureCipherRow; exact: boolean } {
  if (encryption.endsWith("-GCM-16")) return { row: "GCMAES256", exact: encryption === "AES256-GCM-16" };
  return { row: "AES256-SHA256", exact: encryption === "AES256" && integrity === "SHA2-256" };
}

export type Direction = "aws-to-azure" | "azure-to-aws";
export type LimitId = "aws-tunnels" | "azure-tunnels" | "azure-sku" | "aws-tunnel" | "azure-tunnel";

export interface Limit {
  id: LimitId;
  /** What the limit is, e.g. "4 tunnels x AWS 1250 Mbps (standard)". */
  what: string;
  mbps: number;
  source: string;
}

export interface DirectionCeiling {
  direction: Direction;
  /** Tunnels that carry traffic in this direction, and why. */
  tunnelsCarryingTraffic: number;
  why: string;
  /** Azure gateway instances those tunnels land on. */
  azureInstances: number;
  aggregateMbps: number;
  aggregateLimitedBy: Limit;
  aggregateLimits: Limit[];
  singleFlowMbps: number;
  singleFlowLimitedBy: Limit;
  singleFlowLimits: Limit[];
}

export interface ThroughputInput {
  gatewaySku: GatewaySku;
  gatewayGeneration: GatewayGeneration;
  activeActive: boolean;
  attachment: Attachment;
  routing: Routing;
  tunnelBandwidth: TunnelBandwidthChoice;
  /** Phase 2 encryption and integrity (AWS vocabulary). */
  phase2Encryption: string;
  phase2Integrity: string;
}

/** The lowest limit; on a tie, the first listed (the Azure SKU, then AWS, then Azure per tunnel). */
const minimum = (limits: Limit[]): Limit => limits.reduce((a, b) => (b.mbps < a.mbps ? b : a));

/**
 * How many tunnels carry traffic each way. AWS to Azure: a virtual private gateway prefers one
 * tunnel (AWS VPNTunnels: "Traffic from AWS to the on-premises network prefers one of the
 * tunnels"); a transit gateway with VPN ECMP spreads flows over every BGP tunnel (vpn-limits,
 * "use ECMP ... aggregating multiple VPN tunnels"; static routing has no ECMP). Azure to AWS: Azure
 * sends over every connection (about-active-active-gateways: "routed through both tunnels
 * simultaneously"; AWS: "Traffic from the on-premises network to AWS uses both tunnels").
 */
export function tunnelsEachWay(input: ThroughputInput): Record<Direction, { tunnels: number; instances: number; why: string }> {
  const instances = input.activeActive ? 2 : 1;
  const all = instances * 2;
  const ecmp = input.attachment === "tgw" && input.routing === "bgp";
  return {
    "aws-to-azure": ecmp
      ? { tunnels: all, instances, why: "transit gateway ECMP over BGP spreads flows over every tunnel" }
      : { tunnels: 1, instances: 1, why: input.attachment === "vgw" ? "a virtual private gateway sends over one tunnel at a time" : "without BGP a transit gateway has no ECMP: one tunnel" },
    "azure-to-aws": { tunnels: all, instances, why: `Azure sends over every connection of its ${instances === 2 ? "two active instances" : "active instance"}` },
  };
}

/** The ceilings in both directions, each the minimum of its limits. Throws for a SKU/generation without figures. */
export function throughputModel(input: ThroughputInput): DirectionCeiling[] {
  const { gatewaySku: sku, gatewayGeneration: generation } = input;
  const aggregate = AZURE_SKU_AGGREGATE_MBPS[generation][sku];
  const perTunnel = AZURE_TUNNEL_MBPS[generation][sku];
  if (aggregate === undefined || perTunnel === undefined) throw new Error(`no throughput figures known for ${sku} ${generation}`);
  const cipher = azureCipherRow(input.phase2Encryption, input.phase2Integrity);
  const azureTunnelMbps = perTunnel[cipher.row];
  const cipherText = `${cipher.row === "GCMAES256" ? "GCMAES256" : "AES256 & SHA256"}${cipher.exact ? "" : ` (Microsoft's nearest row for ${input.phase2Encryption}${cipher.row === "GCMAES256" ? "" : `/${input.phase2Integrity}`})`}`;
  const aws = AWS_TUNNEL_MBPS_BY_BANDWIDTH[input.tunnelBandwidth];
  const each = tunnelsEachWay(input);
  return (["aws-to-azure", "azure-to-aws"] as const).map((direction) => {
    const { tunnels, instances, why } = each[direction];
    const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
    const aggregateLimits: Limit[] = [
      { id: "azure-sku", what: `${plural(instances, "Azure instance")} x ${sku} ${generation} aggregate ${aggregate} Mbps`, mbps: instances * aggregate, source: AZURE_SKU_AGGREGATE_SOURCE },
      { id: "aws-tunnels", what: `${plural(tunnels, "tunnel")} x AWS ${aws.mbps} Mbps (${input.tunnelBandwidth} tunnels)`, mbps: tunnels * aws.mbps, source: aws.source },
      { id: "azure-tunnels", what: `${plural(tunnels, "tunnel")} x Azure ${azureTunnelMbps} Mbps per tunnel (${sku} ${generation}, ${cipherText})`, mbps: tunnels * azureTunnelMbps, source: AZURE_TUNNEL_SOURCE },
    ];
    const singleFlowLimits: Limit[] = [
      { id: "aws-tunnel", what: `one AWS tunnel, ${aws.mbps} Mbps (${input.tunnelBandwidth})`, mbps: aws.mbps, source: aws.source },
      { id: "azure-tunnel", what: `one Azure tunnel, ${azureTunnelMbps} Mbps (${sku} ${generation}, ${cipherText})`, mbps: azureTunnelMbps, source: AZURE_TUNNEL_SOURCE },
      // A flow's tunnel lands on one instance: never more than that instance's aggregate.
      { id: "azure-sku", what: `one Azure instance, ${sku} ${generation} aggregate ${aggregate} Mbps`, mbps: aggregate, source: AZURE_SKU_AGGREGATE_SOURCE },
    ];
    const aggregateLimitedBy = minimum(aggregateLimits);
    const singleFlowLimitedBy = minimum(singleFlowLimits);
    return {
      direction,
      tunnelsCarryingTraffic: tunnels,
      why,
      azureInstances: instances,
      aggregateMbps: aggregateLimitedBy.mbps,
      aggregateLimitedBy,
      aggregateLimits,
      singleFlowMbps: singleFlowLimitedBy.mbps,
      singleFlowLimitedBy,
      singleFlowLimits,
    };
  });
}

/** True when large tunnels raise no ceiling over standard ones: capacity paid for and not usable. */
export function largeTunnelsUnused(input: ThroughputInput): boolean {
  const standard = throughputModel({ ...input, tunnelBandwidth: "standard" });
  const large = throughputModel({ ...input, tunnelBandwidth: "large" });
  return large.every((d, i) => d.aggregateMbps === standard[i]!.aggregateMbps && d.singleFlowMbps === standard[i]!.singleFlowMbps);
}

export const DIRECTION_TEXT: Readonly<Record<Direction, string>> = { "aws-to-azure": "AWS -> Azure", "azure-to-aws": "Azure -> AWS" };
