/**
 * Pure logic of `npm run verify`: read the stack outputs, compare what both clouds report with
 * what the outputs declare, and render the verdict. No SDK calls here (verify/aws.ts and
 * verify/azure.ts make them), so every rule is testable from plain values.
 */
import { z } from "zod";
import { insideAddresses, insideCidrProblem, parseIpv4Cidr } from "../infra/addressing";
import { awsRegionProblem } from "../infra/catalog";
import { CONTRACT_VERSION, type StackOutputs } from "../infra/outputs";

// ---- input: the stack outputs ----------------------------------------------------------------------

/** /subscriptions/S/resourceGroups/G/providers/NAMESPACE/TYPE/NAME */
const ARM_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/[^/]+\/[^/]+\/([^/]+)$/i;
const armId = z.string().regex(ARM_ID, "must be an Azure resource id (/subscriptions/S/resourceGroups/G/providers/P/T/NAME)");

const cidrText = z.string().refine((text) => parseIpv4Cidr(text).ok, "must be an IPv4 CIDR block such as 10.0.0.0/16");

// The tunnel's inside /30: verify derives both peers' addresses from it, which a /32 does not have.
const insideCidr = z.string().superRefine((text, ctx) => {
  const problem = insideCidrProblem(text, false);
  if (problem) ctx.addIssue({ code: "custom", message: `${JSON.stringify(text)}: a tunnel inside CIDR ${problem}` });
});
// EC2's client needs a region; an empty or unknown one would fail inside the SDK.
const awsRegion = z.string().superRefine((region, ctx) => {
  const problem = region === "" ? "is empty: the outputs carry the stack's aws:region, e.g. us-east-1" : awsRegionProblem(region);
  if (problem) ctx.addIssue({ code: "custom", message: `${JSON.stringify(region)} ${problem}` });
});

const tunnelSchema = z.object({
  id: z.string(),
  awsOutsideIp: z.string(),
  insideCidr,
  awsVpnConnectionId: z.string(),
  azureLocalNetworkGatewayId: z.string(),
  azureConnectionId: armId,
});

/** The fields of the outputs contract that verify reads (others, like testHosts, are ignored). */
const outputsSchema = z.object({
  contractVersion: z.literal(CONTRACT_VERSION),
  routing: z.enum(["static", "bgp"]),
  azure: z.object({ resourceGroupName: z.string(), vnetAddressSpace: z.array(cidrText).min(1), gatewayId: armId }),
  aws: z.object({ region: awsRegion, vpcCidr: cidrText }),
  tunnels: z.array(tunnelSchema).min(1),
  // Optional (monitoring.enabled): where to look when something is down.
  monitoring: z.object({
    awsLogGroupName: z.string(),
    awsTunnelAlarmNames: z.array(z.string()),
    azureWorkspaceId: z.string(),
    azureTunnelAlertNames: z.array(z.string()),
  }).optional(),
});

type MonitoringFields = "awsLogGroupName" | "awsTunnelAlarmNames" | "azureWorkspaceId" | "azureTunnelAlertNames";
export type VerifyOutputs = Pick<StackOutputs, "contractVersion" | "routing" | "tunnels"> & {
  azure: Pick<StackOutputs["azure"], "resourceGroupName" | "vnetAddressSpace" | "gatewayId">;
  aws: Pick<StackOutputs["aws"], "region" | "vpcCidr">;
  monitoring?: Pick<NonNullable<StackOutputs["monitoring"]>, MonitoringFields>;
};

/** Input that is not the stack's outputs; the message says what was wrong and how to get them. */
export class OutputsError extends Error {
  override name = "OutputsError";
}

/** Parses `pulumi stack output --json` (all problems at once). */
export function parseOutputs(text: string): VerifyOutputs {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new OutputsError(`The input is not JSON (${(error as Error).message}). Pipe in \`pulumi stack output --json\` or pass --file F (npm run verify -- --help).`);
  }
  const parsed = outputsSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new OutputsError(
      `The input is not the outputs of an azure-aws-vpn stack with contract version ${CONTRACT_VERSION}:\n${problems.join("\n")}\n` +
        "Use `pulumi stack output --json` of a deployed stack (npm run verify -- --help).",
    );
  }
  return parsed.data;
}

/** Splits an ARM resource id into the parts the SDK calls need. */
export function parseArmId(id: string): { subscriptionId: string; resourceGroupName: string; name: string } {
  const match = ARM_ID.exec(id);
  if (!match) throw new OutputsError(`${JSON.stringify(id)} is not an Azure resource id (/subscriptions/S/resourceGroups/G/providers/P/T/NAME).`);
  return { subscriptionId: match[1], resourceGroupName: match[2], name: match[3] };
}

// ---- what the clouds report (filled by verify/aws.ts and verify/azure.ts) --------------------------

export interface AwsTunnelView {
  /** The VPN connection's state ("available", "pending", "deleting", "deleted"). */
  connectionState: string;
  /** VgwTelemetry status: "UP" or "DOWN"; undefined when the connection has no telemetry for this outside IP. */
  status?: string;
  statusMessage?: string;
  acceptedRouteCount?: number;
  /** The connection's static routes that are "available" (static routing). */
  staticRoutes: string[];
}

export interface AzureConnectionView {
  /** "Connected", "Connecting", "NotConnected", "Unknown". */
  connectionStatus?: string;
  ingressBytes?: number;
  egressBytes?: number;
}

export interface BgpPeerView {
  localAddress?: string;
  neighbor?: string;
  asn?: number;
  /** "Unknown", "Stopped", "Idle", "Connecting", "Connected". */
  state?: string;
  routesReceived?: number;
}

export interface LearnedRouteView {
  network?: string;
  sourcePeer?: string;
  /** "EBgp", "IBgp", "Network" (configured on the gateway or a local network gateway). */
  origin?: string;
}

/** Everything both clouds said; a failed call leaves its part undefined and records why. */
export interface Observations {
  /** By tunnel id. */
  aws: Record<string, AwsTunnelView | undefined>;
  /** By tunnel id. */
  azure: Record<string, AzureConnectionView | undefined>;
  /** BGP mode only. */
  bgpPeers?: BgpPeerView[];
  learnedRoutes?: LearnedRouteView[];
  /** Calls that failed, each a sentence for the operator. */
  errors: string[];
}

// ---- the verdict ------------------------------------------------------------------------------------

export interface TunnelRow {
  id: string;
  aws: string;
  azure: string;
  up: boolean;
}

export interface BgpRow {
  tunnel: string;
  neighbor: string;
  localAddress: string;
  state: string;
  routesReceived: string;
  up: boolean;
}

export interface PrefixRow {
  side: "AWS learned" | "Azure learned";
  tunnel: string;
  expected: string;
  found: string;
  ok: boolean;
}

export interface Report {
  /** Where to look, per tunnel that is not up (from the monitoring output, when the stack has it). */
  whereToLook?: string[];
  routing: "static" | "bgp";
  tunnels: TunnelRow[];
  bgp: BgpRow[];
  prefixes: PrefixRow[];
  problems: string[];
  healthy: boolean;
}

function awsCell(view: AwsTunnelView | undefined): string {
  if (!view) return "not read";
  if (view.connectionState !== "available") return `connection ${view.connectionState}`;
  if (view.status === undefined) return "no telemetry";
  return view.statusMessage ? `${view.status} (${view.statusMessage})` : view.status;
}

function azureCell(view: AzureConnectionView | undefined): string {
  if (!view) return "not read";
  return `${view.connectionStatus ?? "Unknown"} in ${view.ingressBytes ?? 0} B / out ${view.egressBytes ?? 0} B`;
}

/** Compares the observations with what the outputs declare. */
export function evaluate(outputs: VerifyOutputs, seen: Observations): Report {
  const problems = [...seen.errors];
  const tunnels: TunnelRow[] = [];
  const bgp: BgpRow[] = [];
  const prefixes: PrefixRow[] = [];
  const vnet = outputs.azure.vnetAddressSpace;
  const vpc = outputs.aws.vpcCidr;

  for (const tunnel of outputs.tunnels) {
    const aws = seen.aws[tunnel.id];
    const azure = seen.azure[tunnel.id];
    const awsUp = aws !== undefined && aws.connectionState === "available" && aws.status === "UP";
    const azureUp = azure?.connectionStatus === "Connected";
    tunnels.push({ id: tunnel.id, aws: awsCell(aws), azure: azureCell(azure), up: awsUp && azureUp });
    if (aws && !awsUp) problems.push(`${tunnel.id}: AWS reports the tunnel ${awsCell(aws)} (${tunnel.awsVpnConnectionId}, outside IP ${tunnel.awsOutsideIp}).`);
    if (azure && !azureUp) problems.push(`${tunnel.id}: Azure reports the connection ${azure.connectionStatus ?? "Unknown"} (${tunnel.azureConnectionId}).`);

    if (outputs.routing === "bgp") {
      // AWS counts the prefixes it accepted from the tunnel's BGP session; EC2 does not list them.
      const count = aws?.acceptedRouteCount;
      const enough = count !== undefined && count >= vnet.length;
      prefixes.push({ side: "AWS learned", tunnel: tunnel.id, expected: `${vnet.length} (${vnet.join(", ")})`, found: count === undefined ? "not read" : `${count} routes`, ok: enough });
      if (aws && !enough) problems.push(`${tunnel.id}: AWS accepted ${count ?? 0} routes over BGP, expected at least ${vnet.length} (${vnet.join(", ")}).`);

      const neighbor = insideAddresses(tunnel.insideCidr).aws;
      const sessions = (seen.bgpPeers ?? []).filter((p) => p.neighbor === neighbor);
      if (seen.bgpPeers && sessions.length === 0) {
        bgp.push({ tunnel: tunnel.id, neighbor, localAddress: "-", state: "absent", routesReceived: "-", up: false });
        problems.push(`${tunnel.id}: the Azure gateway has no BGP peer ${neighbor} (the AWS inside address of ${tunnel.insideCidr}).`);
      }
      for (const s of sessions) {
        const up = s.state === "Connected";
        bgp.push({ tunnel: tunnel.id, neighbor, localAddress: s.localAddress ?? "-", state: s.state ?? "Unknown", routesReceived: String(s.routesReceived ?? "-"), up });
      }
      if (sessions.length > 0 && !sessions.some((s) => s.state === "Connected")) {
        problems.push(`${tunnel.id}: BGP with ${neighbor} is ${sessions.map((s) => s.state ?? "Unknown").join("/")} on the Azure gateway, not Connected.`);
      }
      if (seen.learnedRoutes) {
        const fromPeer = seen.learnedRoutes.filter((r) => r.sourcePeer === neighbor && r.origin === "EBgp").map((r) => r.network ?? "");
        const ok = fromPeer.includes(vpc);
        prefixes.push({ side: "Azure learned", tunnel: tunnel.id, expected: vpc, found: fromPeer.length ? fromPeer.join(", ") : "none", ok });
        if (!ok) problems.push(`${tunnel.id}: the Azure gateway has not learned ${vpc} over BGP from ${neighbor}.`);
      }
    } else if (aws) {
      const missing = vnet.filter((p) => !aws.staticRoutes.includes(p));
      prefixes.push({ side: "AWS learned", tunnel: tunnel.id, expected: vnet.join(", "), found: aws.staticRoutes.join(", ") || "none", ok: missing.length === 0 });
      if (missing.length) problems.push(`${tunnel.id}: the AWS VPN connection ${tunnel.awsVpnConnectionId} has no available static route for ${missing.join(", ")}.`);
    }
  }

  if (outputs.routing === "static" && seen.learnedRoutes) {
    // Static routing: the local network gateways' prefixes are expected with origin "Network"
    // (GatewayRoute.origin; not yet confirmed against a live static-routing gateway).
    const configured = seen.learnedRoutes.filter((r) => r.origin === "Network").map((r) => r.network ?? "");
    const ok = configured.includes(vpc);
    prefixes.push({ side: "Azure learned", tunnel: "all", expected: vpc, found: configured.join(", ") || "none", ok });
    if (!ok) problems.push(`The Azure gateway has no route to ${vpc} (expected from the local network gateways).`);
  }

  const report: Report = { routing: outputs.routing, tunnels, bgp, prefixes, problems, healthy: problems.length === 0 };
  const where = whereToLook(outputs, tunnels);
  if (where.length > 0) report.whereToLook = where;
  return report;
}

/** For each tunnel that is not up: its alarm, alert and the logs that say why (monitoring output). */
function whereToLook(outputs: VerifyOutputs, tunnels: readonly TunnelRow[]): string[] {
  const m = outputs.monitoring;
  if (m === undefined) return [];
  const lines: string[] = [];
  outputs.tunnels.forEach((tunnel, i) => {
    if (tunnels.find((t) => t.id === tunnel.id)?.up !== false) return;
    lines.push(
      `${tunnel.id}: CloudWatch alarm ${m.awsTunnelAlarmNames[i] ?? "(none)"}, Azure alert ${m.azureTunnelAlertNames[i] ?? "(none)"}; ` +
        `AWS tunnel logs in log group ${m.awsLogGroupName}; ` +
        `Azure IKE and tunnel logs in workspace ${m.azureWorkspaceId} (AzureDiagnostics | where Category in ("IKEDiagnosticLog", "TunnelDiagnosticLog"))`,
    );
  });
  return lines;
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

const mark = (ok: boolean): string => (ok ? "ok" : "FAIL");

/** The text verify prints. */
export function formatReport(report: Report): string {
  const parts = [
    `Tunnels (${report.routing} routing)`,
    table(["tunnel", "AWS (VgwTelemetry)", "Azure (connection)", ""], report.tunnels.map((t) => [t.id, t.aws, t.azure, mark(t.up)])),
  ];
  if (report.routing === "bgp") {
    parts.push("", "BGP sessions (Azure gateway view)");
    parts.push(report.bgp.length ? table(["tunnel", "neighbor", "local", "state", "routes", ""], report.bgp.map((b) => [b.tunnel, b.neighbor, b.localAddress, b.state, b.routesReceived, mark(b.up)])) : "  not read");
  }
  parts.push("", "Learned prefixes", table(["side", "tunnel", "expected", "found", ""], report.prefixes.map((p) => [p.side, p.tunnel, p.expected, p.found, mark(p.ok)])));
  parts.push("", report.healthy ? "Verdict: HEALTHY, every declared tunnel, session and prefix is up." : `Verdict: NOT HEALTHY, ${report.problems.length} problem${report.problems.length === 1 ? "" : "s"}:`);
  for (const p of report.problems) parts.push(`  - ${p}`);
  if (report.whereToLook) parts.push("", "Where to look (the stack's logs and alarms):", ...report.whereToLook.map((l) => `  - ${l}`));
  return parts.join("\n");
}
