/**
 * Rules for AWS Large Bandwidth Tunnels (`tunnelBandwidth: large`): transit gateway only, not in
 * every region, not with acceleration (this program never enables it), and a warning when the Azure
 * side cannot use them (docs/constraints.md, "Throughput model (issue 14)"). Pure.
 */
import type { GatewayGeneration, GatewaySku } from "./enums";
import type { IpsecProfile } from "./ipsec";
import { largeTunnelsUnused, type TunnelBandwidthChoice } from "./throughput";

/** Regions without Large Bandwidth Tunnels (AWS VPNTunnels.html, "Region availability", read 2026-12-02). */
export const LARGE_TUNNEL_UNAVAILABLE_REGIONS: readonly string[] = ["ap-southeast-4", "ca-west-1", "eu-central-2", "il-central-1", "me-central-1"];

export interface BandwidthSettings {
  tunnelBandwidth: TunnelBandwidthChoice;
  awsAttachment: "vgw" | "tgw";
  routing: "static" | "bgp";
  activeActive: boolean;
  gatewaySku: string;
  gatewayGeneration: GatewayGeneration;
  awsRegion: unknown;
  ipsec: IpsecProfile;
  /** False when the SKU/generation pair was refused: no throughput figures to compare. */
  skuKnown: boolean;
}

type Report = (key: string, value: unknown, rule: string) => void;

export function tunnelBandwidthProblems(s: BandwidthSettings, key: string, error: Report, warn: Report): void {
  if (s.tunnelBandwidth !== "large") return;
  if (s.awsAttachment !== "tgw") {
    error(key, s.tunnelBandwidth, "large (5 Gbps) tunnels exist only on VPN connections attached to a transit gateway (or Cloud WAN), not on a virtual private gateway: set awsAttachment: tgw (with routing: bgp), or tunnelBandwidth: standard");
    return;
  }
  if (typeof s.awsRegion === "string" && LARGE_TUNNEL_UNAVAILABLE_REGIONS.includes(s.awsRegion)) {
    error(key, s.tunnelBandwidth, `large tunnels are not offered in ${s.awsRegion} (AWS lists ${LARGE_TUNNEL_UNAVAILABLE_REGIONS.join(", ")} as without them): use tunnelBandwidth: standard`);
    return;
  }
  if (!s.skuKnown) return;
  const input = {
    gatewaySku: s.gatewaySku as GatewaySku,
    gatewayGeneration: s.gatewayGeneration,
    activeActive: s.activeActive,
    attachment: s.awsAttachment,
    routing: s.routing,
    tunnelBandwidth: s.tunnelBandwidth,
    phase2Encryption: s.ipsec.phase2.encryption,
    phase2Integrity: s.ipsec.phase2.integrity,
  };
  if (largeTunnelsUnused(input)) {
    warn(key, s.tunnelBandwidth, `the Azure side cannot use large tunnels: with ${s.gatewaySku} ${s.gatewayGeneration} and phase 2 ${s.ipsec.phase2.encryption}, no throughput ceiling in either direction rises above what standard tunnels give (Azure's per-tunnel and per-instance figures are the limits), so the higher price buys nothing: use standard, or a larger Generation2 SKU with GCM`);
  }
}
