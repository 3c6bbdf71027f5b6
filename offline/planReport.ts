/**
 * The shape of the offline plan: the PlanReport data object that offline/report.ts builds from an
 * evaluation and offline/render.ts renders (text, Markdown, JSON). Types only.
 */
import type { ThroughputCeiling } from "../infra/topology";
import type { CostEstimate, CostOptions, PriceTable } from "./cost";
import type { CloudKind, Feed } from "./feed";
import type { MonitoringRow } from "./monitoringReport";
import type { SpokePlan } from "./spokes";

export interface ResourceLine {
  urn: string;
  type: string;
  typeShort: string;
  cloud: CloudKind;
  name: string;
  cloudName?: string;
  details?: string;
  protect: boolean;
  /** Input paths that are secret (names only, never values). */
  secretInputs: string[];
}

export interface ComponentGroup {
  urn?: string;
  type: string;
  typeShort: string;
  name: string;
  resources: ResourceLine[];
}

export interface TunnelRow {
  id: string;
  vpnConnection: string;
  tunnelNumber: number;
  awsOutsideIp: string;
  insideCidr: string;
  awsInsideAddress: string;
  azureInsideAddress: string;
  azurePublicIp?: string;
  azureInstance?: number;
  customerGateway?: string;
  localNetworkGateway?: string;
  connection?: string;
  keyResource?: string;
  /** Both sides hold the same key (compared, never shown). */
  keysMatch: boolean;
  awsProposal: string;
  azurePolicy: string;
  /** The AWS tunnel options and the Azure policy say the same thing. */
  ipsecAgree: boolean;
  ipsecMismatches: string[];
}

export interface BgpRow {
  tunnel: string;
  azureInstance: number | undefined;
  azureIpConfiguration?: string;
  azureAsn?: string;
  azurePeeringAddress?: string;
  awsAsn?: string;
  awsPeeringAddress?: string;
  consistent: boolean;
  problems: string[];
}

export interface PlanSummary {
  gatewaySku?: string;
  gatewayGeneration?: string;
  activeActive: boolean;
  bgp: boolean;
  awsAttachment: "vgw" | "tgw" | "none";
  routing: "static" | "bgp" | "unknown";
  tunnels: number;
  /** The hub parts that exist and are only referenced, each saying what is read of it at deploy. */
  existing?: string[];
}

export interface PlanReport {
  kind: "azure-aws-vpn/plan";
  version: 1;
  stack: string;
  offline: { mocked: true; notice: readonly string[] };
  error?: string;
  warnings: string[];
  summary?: PlanSummary;
  counts: { registered: number; custom: number; components: number; protected: number; byType: { type: string; count: number }[] };
  components: ComponentGroup[];
  /** Links across the clouds and the keys handed to both sides. */
  feeds: Feed[];
  tunnels: TunnelRow[];
  ipsec?: { profile?: string; aws: { proposal: string; tunnels: string[] }[]; azure: { policy: string; tunnels: string[] }[]; agree: boolean };
  bgp?: BgpRow[];
  throughput?: ThroughputCeiling;
  /** Spoke networks, what feeds them and the prefixes each BGP session carries (issue 14). */
  spokes?: SpokePlan;
  cost?: CostEstimate;
  /** Per tunnel: its logs, alarms and alerts (offline/monitoringReport.ts); absent without monitoring. */
  monitoring?: MonitoringRow[];
  mermaid: string;
}

export interface ReportOptions extends CostOptions {
  prices?: PriceTable;
}
