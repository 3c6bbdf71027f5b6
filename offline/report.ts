/**
 * The offline plan: a PlanReport data object built from one mocked evaluation (offline/evaluate.ts)
 * and three pure renderers (text for the terminal, Markdown for out/plan-<stack>.md, JSON for
 * pipelines). Everything shown is derived from the registered resources: their inputs, their
 * mocked outputs and the property dependencies the SDK recorded. Keys are never copied into the
 * report: a secret value is always "[secret]".
 */
import { describeProfile, fromAzureIpsecPolicy, type AzureIpsecPolicy } from "../infra/ipsec";
import { toAwsPresharedKey } from "../infra/keys";
import { TYPES } from "../infra/types";
import { planTopology, throughputCeiling, type ThroughputCeiling } from "../infra/topology";
import { throughputMarkdown, throughputText } from "./throughput";
import { SPOKE_LINK_TYPES, spokeMarkdown, spokePlan, spokeText, type SpokePlan } from "./spokes";
import { estimateMonthlyCost, type CostEstimate, type CostOptions, type PriceTable } from "./cost";
import { mermaidFence, toMermaid, type DiagramEdge, type DiagramGroup, type DiagramModel, type DiagramNode } from "./diagram";
import type { Evaluation, RegisteredResource } from "./evaluate";
import { joinTunnels } from "./join";
import { at, list, text } from "../infra/props";
import { MONITORING_HEADERS, monitoringRows, monitoringTableRows, type MonitoringRow } from "./monitoringReport";
import type { CloudKind, Feed, FeedEnd } from "./feed";
import { mdEscape, sectionsMarkdown, sectionsText, type Row, type Section } from "./sections";

export type { CloudKind, Feed, FeedEnd } from "./feed";

export const SECRET = "[secret]";

export const OFFLINE_NOTICE: readonly string[] = [
  "OFFLINE PLAN under Pulumi mocks: nothing was deployed and no cloud account was used.",
  "Ids and addresses are placeholders: Azure public IPs from 198.51.100.0/24 and AWS tunnel outside addresses from 203.0.113.0/24 (RFC 5737 documentation ranges).",
  "Pre-shared keys are never shown: each prints as [secret].",
];

/** Resource type tokens (infra/types.ts), re-exported for the plan's readers. */
export { TYPES };


// ---- reading untyped inputs and state ------------------------------------------------------------

function onOff(value: unknown): string {
  return value === true ? "on" : "off";
}

export function cloudOf(type: string): CloudKind {
  if (type.startsWith("azure-native:")) return "azure";
  if (type.startsWith("aws:")) return "aws";
  if (type.startsWith("azureawsvpn:")) return "component";
  return "pulumi";
}

/** "azure-native:network:VirtualNetworkGateway" -> "VirtualNetworkGateway". */
export function typeShort(type: string): string {
  const name = type.split(":").pop() ?? type;
  // aws:ec2transitgateway/routeTable:RouteTable would read like the VPC's RouteTable.
  return type.startsWith("aws:ec2transitgateway/") && !name.startsWith("TransitGateway") ? `Tgw${name}` : name;
}

/** The name the resource gets in its cloud, when the program sets one. */
export function cloudNameOf(r: RegisteredResource): string | undefined {
  const cloud = cloudOf(r.type);
  if (cloud === "azure") {
    if (r.type === TYPES.vm) return text(r.inputs, "vmName");
    const wanted = `${typeShort(r.type)}Name`.toLowerCase();
    const key = Object.keys(r.inputs).find((k) => k.toLowerCase() === wanted);
    return key === undefined ? undefined : text(r.inputs, key);
  }
  if (cloud === "aws") return text(r.inputs, "tags", "Name") ?? text(r.inputs, "keyName");
  return undefined;
}

/** A short description of what a resource is, from its inputs and mocked outputs. */
export function detailsOf(r: RegisteredResource): string | undefined {
  const i = r.inputs;
  const s = r.state;
  switch (r.type) {
    case TYPES.resourceGroup:
      return text(i, "location");
    case TYPES.vnet:
      return list(i, "addressSpace", "addressPrefixes").map(String).join(", ");
    case TYPES.subnet:
      return text(i, "addressPrefix");
    case TYPES.publicIp: {
      const zones = list(i, "zones").map(String);
      return `${text(i, "sku", "name") ?? "?"} ${text(i, "publicIPAllocationMethod") ?? ""}${zones.length > 0 ? `, zones ${zones.join(",")}` : ""}, address ${text(s, "ipAddress") ?? "?"}`.replace(/ +,/g, ",");
    }
    case TYPES.gateway: {
      const asn = text(i, "bgpSettings", "asn");
      return `${text(i, "sku", "name") ?? "?"} ${text(i, "vpnGatewayGeneration") ?? "?"}, active-active ${onOff(at(i, "activeActive"))}, BGP ${onOff(at(i, "enableBgp"))}${at(i, "enableBgp") === true && asn ? ` (ASN ${asn})` : ""}`;
    }
    case TYPES.lng: {
      const bgpAsn = text(i, "bgpSettings", "asn");
      const space = list(i, "localNetworkAddressSpace", "addressPrefixes").map(String);
      return `peer ${text(i, "gatewayIpAddress") ?? "?"}${bgpAsn ? `, BGP ASN ${bgpAsn} at ${text(i, "bgpSettings", "bgpPeeringAddress") ?? "?"}` : ""}${space.length > 0 ? `, prefixes ${space.join(", ")}` : ""}`;
    }
    case TYPES.connection:
      return `${text(i, "connectionType") ?? "?"} ${text(i, "connectionProtocol") ?? "?"}, ${text(i, "connectionMode") ?? "Default"}, BGP ${onOff(at(i, "enableBgp"))}, key ${SECRET}`;
    case TYPES.nsg:
      return `${list(i, "securityRules").length} rules`;
    case TYPES.vm:
      return text(i, "hardwareProfile", "vmSize");
    case TYPES.vpc:
      return text(i, "cidrBlock");
    case TYPES.awsSubnet:
      return [text(i, "cidrBlock"), text(i, "availabilityZone")].filter(Boolean).join(", ");
    case TYPES.route: {
      const target = text(i, "gatewayId") ?? text(i, "transitGatewayId") ?? "?";
      return `${text(i, "destinationCidrBlock") ?? "?"} -> ${target}`;
    }
    case TYPES.vpnConnectionRoute:
      return text(i, "destinationCidrBlock");
    case TYPES.customerGateway:
      return `${text(i, "ipAddress") ?? "?"}, ASN ${text(i, "bgpAsn") ?? "?"}`;
    case TYPES.vpnGateway:
      return `ASN ${text(i, "amazonSideAsn") ?? "?"}`;
    case TYPES.transitGateway:
      return `ASN ${text(i, "amazonSideAsn") ?? "?"}, VPN ECMP ${text(i, "vpnEcmpSupport") ?? "?"}`;
    case TYPES.vpnConnection:
      return `${at(i, "staticRoutesOnly") === true ? "static routes" : "BGP"}${at(i, "tunnelBandwidth") === "large" ? ", large 5 Gbps tunnels" : ""}, tunnels ${text(s, "tunnel1Address") ?? "?"} / ${text(s, "tunnel2Address") ?? "?"}, keys ${SECRET}`;
    case TYPES.vnetPeering:
      return `gateway transit ${onOff(at(i, "allowGatewayTransit"))}, remote gateways ${onOff(at(i, "useRemoteGateways"))}`;
    case TYPES.instance:
      return text(i, "instanceType");
    case TYPES.password:
      return `length ${text(i, "length") ?? "?"}, value ${SECRET}`;
    default:
      return undefined;
  }
}

// ---- what feeds what -----------------------------------------------------------------------------

interface Leaf {
  path: string;
  value: string;
}

function leaves(value: unknown, pathSoFar: string, out: Leaf[] = []): Leaf[] {
  if (typeof value === "string" || typeof value === "number") out.push({ path: pathSoFar, value: String(value) });
  else if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${pathSoFar}[${i}]`, out));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) leaves(v, pathSoFar ? `${pathSoFar}.${k}` : k, out);
  }
  return out;
}

function rootKey(pathText: string): string {
  return pathText.split(/[.[]/, 1)[0]!;
}

function end(r: RegisteredResource, property: string): FeedEnd {
  return { urn: r.urn, name: r.name, type: r.type, typeShort: typeShort(r.type), cloud: cloudOf(r.type), cloudName: cloudNameOf(r), property };
}

function isSecretPath(r: RegisteredResource, pathText: string): boolean {
  return r.secretInputPaths.some((p) => pathText === p || pathText.startsWith(`${p}.`) || pathText.startsWith(`${p}[`));
}

/**
 * Every data link between resources: for each input that the SDK recorded as depending on other
 * resources (propertyDependencies), the producer's output whose value the input holds, matched
 * by value against the producer's mocked state: a computed output (e.g. ipAddress, tunnel1Address,
 * result), its id, an id the input was composed from, or a key after toAwsPresharedKey.
 */
export function deriveFeeds(evaluation: Evaluation): Feed[] {
  const byUrn = new Map(evaluation.resources.map((r) => [r.urn, r]));
  const feeds: Feed[] = [];
  for (const consumer of evaluation.resources) {
    if (!consumer.custom) continue;
    for (const [property, urns] of Object.entries(consumer.propertyDependencies ?? {})) {
      const producers = urns.map((u) => byUrn.get(u)).filter((r): r is RegisteredResource => r !== undefined && r.custom);
      const consumed = leaves(consumer.inputs[property], property);
      for (const producer of producers) {
        const outputs = leaves(producer.state, "").filter((l) => {
          const key = rootKey(l.path);
          return !Object.hasOwn(producer.inputs, key) || JSON.stringify(producer.inputs[key]) !== JSON.stringify(producer.state[key]);
        });
        for (const leaf of consumed) {
          const secret = isSecretPath(consumer, leaf.path) || producer.type === TYPES.password;
          let fromProperty: string | undefined;
          let via: string | undefined;
          const exact = outputs.find((o) => o.value === leaf.value);
          if (exact) fromProperty = exact.path;
          else if (producer.id !== undefined && leaf.value === producer.id) fromProperty = "id";
          else if (producer.id !== undefined && leaf.value.startsWith(`${producer.id}/`)) {
            fromProperty = "id";
            via = "composed from the id";
          } else if (secret) {
            const transformed = outputs.find((o) => toAwsPresharedKey(o.value) === leaf.value);
            if (transformed) {
              fromProperty = transformed.path;
              via = "toAwsPresharedKey";
            }
          }
          if (fromProperty === undefined) continue;
          const from = end(producer, fromProperty);
          const to = end(consumer, leaf.path);
          feeds.push({
            from,
            to,
            value: secret ? SECRET : leaf.value,
            secret,
            crossCloud: from.cloud !== to.cloud && (from.cloud === "azure" || from.cloud === "aws") && (to.cloud === "azure" || to.cloud === "aws"),
            via,
          });
        }
      }
    }
  }
  return feeds;
}

// ---- the report ----------------------------------------------------------------------------------

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

function awsProposalOf(vpn: RegisteredResource, n: number): { text: string; values: Record<string, string> } {
  const one = (suffix: string): string => list(vpn.inputs, `tunnel${n}${suffix}`).map(String).join("+") || "?";
  const scalar = (suffix: string): string => text(vpn.inputs, `tunnel${n}${suffix}`) ?? "?";
  const values = {
    ike: one("IkeVersions"),
    p1enc: one("Phase1EncryptionAlgorithms"),
    p1int: one("Phase1IntegrityAlgorithms"),
    p1dh: one("Phase1DhGroupNumbers"),
    p1life: scalar("Phase1LifetimeSeconds"),
    p2enc: one("Phase2EncryptionAlgorithms"),
    p2int: one("Phase2IntegrityAlgorithms"),
    p2dh: one("Phase2DhGroupNumbers"),
    p2life: scalar("Phase2LifetimeSeconds"),
    dpd: scalar("DpdTimeoutSeconds"),
    dpdAction: scalar("DpdTimeoutAction"),
    startup: scalar("StartupAction"),
  };
  return {
    text:
      `${values.ike}; P1 ${values.p1enc}/${values.p1int}/DH${values.p1dh} ${values.p1life}s; ` +
      `P2 ${values.p2enc}/${values.p2int}/PFS${values.p2dh} ${values.p2life}s; DPD ${values.dpd}s ${values.dpdAction}; startup ${values.startup}`,
    values,
  };
}

function azurePolicyOf(connection: RegisteredResource): { text: string; policy?: AzureIpsecPolicy } {
  const raw = at(connection.inputs, "ipsecPolicies", 0);
  const protocol = text(connection.inputs, "connectionProtocol") ?? "?";
  const tail = `DPD ${text(connection.inputs, "dpdTimeoutSeconds") ?? "?"}s; mode ${text(connection.inputs, "connectionMode") ?? "Default"}; policy-based selectors ${onOff(at(connection.inputs, "usePolicyBasedTrafficSelectors"))}`;
  if (raw === undefined || raw === null || typeof raw !== "object") return { text: `${protocol}; NO custom IPsec policy (Azure's defaults offer no PFS); ${tail}` };
  const p = raw as AzureIpsecPolicy;
  return {
    policy: p,
    text: `${protocol}; IKE ${p.ikeEncryption}/${p.ikeIntegrity}/${p.dhGroup}; IPsec ${p.ipsecEncryption}/${p.ipsecIntegrity}/${p.pfsGroup} ${p.saLifeTimeSeconds}s ${p.saDataSizeKilobytes}KB; ${tail}`,
  };
}

function ipsecMismatches(aws: Record<string, string>, connection: RegisteredResource, policy: AzureIpsecPolicy | undefined): string[] {
  const problems: string[] = [];
  if (!policy) return ["the Azure connection has no custom IPsec policy"];
  const back = fromAzureIpsecPolicy(policy);
  const check = (what: string, awsValue: string, azureValue: string | number): void => {
    if (awsValue !== String(azureValue)) problems.push(`${what}: AWS ${awsValue}, Azure ${azureValue}`);
  };
  check("IKE version", aws["ike"]!, (text(connection.inputs, "connectionProtocol") ?? "?").toLowerCase());
  check("phase 1 encryption", aws["p1enc"]!, back.phase1.encryption);
  check("phase 1 integrity", aws["p1int"]!, back.phase1.integrity);
  check("phase 1 DH group", aws["p1dh"]!, back.phase1.dhGroup);
  check("phase 2 encryption", aws["p2enc"]!, back.phase2.encryption);
  check("phase 2 PFS group", aws["p2dh"]!, back.phase2.pfsGroup);
  check("phase 2 lifetime", aws["p2life"]!, back.phase2.lifetimeSeconds);
  check("DPD timeout", aws["dpd"]!, text(connection.inputs, "dpdTimeoutSeconds") ?? "?");
  return problems;
}

function byTypeThenName(a: ResourceLine, b: ResourceLine): number {
  const order: CloudKind[] = ["azure", "aws", "pulumi", "component"];
  return order.indexOf(a.cloud) - order.indexOf(b.cloud) || a.typeShort.localeCompare(b.typeShort) || a.name.localeCompare(b.name);
}

function lineOf(r: RegisteredResource): ResourceLine {
  return {
    urn: r.urn,
    type: r.type,
    typeShort: typeShort(r.type),
    cloud: cloudOf(r.type),
    name: r.name,
    cloudName: cloudNameOf(r),
    details: detailsOf(r),
    protect: r.protect,
    secretInputs: [...r.secretInputPaths],
  };
}

/** Builds the plan from an evaluation. Pure. */
export function buildPlanReport(evaluation: Evaluation, options: ReportOptions = {}): PlanReport {
  const resources = evaluation.resources;
  const custom = resources.filter((r) => r.custom);
  const components = resources.filter((r) => !r.custom);
  const byTypeCount = new Map<string, number>();
  for (const r of custom) byTypeCount.set(r.type, (byTypeCount.get(r.type) ?? 0) + 1);
  const counts = {
    registered: resources.length,
    custom: custom.length,
    components: components.length,
    protected: resources.filter((r) => r.protect).length,
    byType: [...byTypeCount].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)),
  };
  const report: PlanReport = {
    kind: "azure-aws-vpn/plan",
    version: 1,
    stack: evaluation.stack,
    offline: { mocked: true, notice: OFFLINE_NOTICE },
    warnings: [...evaluation.warnings],
    counts,
    components: [],
    feeds: [],
    tunnels: [],
    mermaid: "",
  };
  if (evaluation.error) {
    report.error = evaluation.error.message;
    return report;
  }

  // Resource tree by component.
  const componentByUrn = new Map(components.map((c) => [c.urn, c]));
  const groups = new Map<string, ComponentGroup>();
  for (const c of components) groups.set(c.urn, { urn: c.urn, type: c.type, typeShort: typeShort(c.type), name: c.name, resources: [] });
  const loose: ComponentGroup = { type: "(stack)", typeShort: "(no component)", name: evaluation.stack, resources: [] };
  for (const r of custom) {
    let parent = r.parentUrn;
    while (parent !== undefined && !componentByUrn.has(parent)) parent = resources.find((x) => x.urn === parent)?.parentUrn;
    (parent !== undefined ? groups.get(parent)! : loose).resources.push(lineOf(r));
  }
  report.components = [...groups.values(), ...(loose.resources.length > 0 ? [loose] : [])];
  for (const g of report.components) g.resources.sort(byTypeThenName);

  // Feeds, tunnels, BGP.
  const allFeeds = deriveFeeds(evaluation);
  report.feeds = allFeeds.filter((f) => f.crossCloud || f.secret);
  report.spokes = spokePlan(evaluation.config, allFeeds, resources);
  const of = (type: string): RegisteredResource[] => custom.filter((r) => r.type === type).sort((a, b) => a.name.localeCompare(b.name));
  const gateways = of(TYPES.gateway);
  const vpns = of(TYPES.vpnConnection);
  const passwords = of(TYPES.password);
  const topology = evaluation.config ? planTopology(evaluation.config) : undefined;
  const bgpRows: BgpRow[] = [];
  const amazonAsn = text(of(TYPES.vpnGateway)[0]?.inputs, "amazonSideAsn") ?? text(of(TYPES.transitGateway)[0]?.inputs, "amazonSideAsn");

  for (const joined of joinTunnels(evaluation)) {
    const { vpn, tunnelNumber: n, customerGateway: cgw, publicIp: pip, localNetworkGateway: lng, connection, gateway } = joined;
    {
      const outside = joined.outsideAddress ?? "?";
      const insideCidr = text(vpn.state, `tunnel${n}InsideCidr`) ?? "?";
      const awsKey = vpn.inputs[`tunnel${n}PresharedKey`];
      const keyResource = passwords.find((p) => {
        const result = text(p.state, "result");
        return result !== undefined && (result === awsKey || toAwsPresharedKey(result) === awsKey);
      });
      const instance = joined.instance ?? -1;
      const id = topology?.tunnels.find((t) => t.insideCidr === insideCidr)?.id ?? joined.id;
      const aws = awsProposalOf(vpn, n);
      const azure = connection ? azurePolicyOf(connection) : { text: "no Azure connection found for this tunnel" };
      const mismatches = connection ? ipsecMismatches(aws.values, connection, azure.policy) : ["no Azure connection found for this tunnel"];
      const row: TunnelRow = {
        id,
        vpnConnection: vpn.name,
        tunnelNumber: n,
        awsOutsideIp: outside,
        insideCidr,
        awsInsideAddress: text(vpn.state, `tunnel${n}VgwInsideAddress`) ?? "?",
        azureInsideAddress: text(vpn.state, `tunnel${n}CgwInsideAddress`) ?? "?",
        azurePublicIp: pip ? text(pip.state, "ipAddress") : undefined,
        azureInstance: instance >= 0 ? instance : undefined,
        customerGateway: cgw ? (cloudNameOf(cgw) ?? cgw.name) : undefined,
        localNetworkGateway: lng ? (cloudNameOf(lng) ?? lng.name) : undefined,
        connection: connection ? (cloudNameOf(connection) ?? connection.name) : undefined,
        keyResource: keyResource?.name,
        keysMatch: connection !== undefined && typeof awsKey === "string" && connection.inputs["sharedKey"] === awsKey,
        awsProposal: aws.text,
        azurePolicy: azure.text,
        ipsecAgree: mismatches.length === 0,
        ipsecMismatches: mismatches,
      };
      report.tunnels.push(row);

      if (connection && at(connection.inputs, "enableBgp") === true) {
        const problems: string[] = [];
        const ipConfigName = gateway && instance >= 0 ? text(gateway.inputs, "ipConfigurations", instance, "name") : undefined;
        const azurePeer = text(joined.bgpEntry, "customBgpIpAddress");
        const azureAsn = gateway ? text(gateway.inputs, "bgpSettings", "asn") : undefined;
        const awsAsn = lng ? text(lng.inputs, "bgpSettings", "asn") : undefined;
        const awsPeer = lng ? text(lng.inputs, "bgpSettings", "bgpPeeringAddress") : undefined;
        if (azurePeer !== row.azureInsideAddress) problems.push(`Azure peering address ${azurePeer ?? "(none)"} is not the tunnel's Azure inside address ${row.azureInsideAddress}`);
        if (awsPeer !== row.awsInsideAddress) problems.push(`AWS peering address ${awsPeer ?? "(none)"} is not the tunnel's AWS inside address ${row.awsInsideAddress}`);
        if (amazonAsn !== undefined && awsAsn !== amazonAsn) problems.push(`local network gateway ASN ${awsAsn ?? "(none)"} is not the Amazon-side ASN ${amazonAsn}`);
        if (cgw && azureAsn !== text(cgw.inputs, "bgpAsn")) problems.push(`customer gateway ASN ${text(cgw.inputs, "bgpAsn") ?? "?"} is not the Azure gateway ASN ${azureAsn ?? "?"}`);
        const declared = gateway && instance >= 0 ? list(gateway.inputs, "bgpSettings", "bgpPeeringAddresses", instance, "customBgpIpAddresses").map(String) : [];
        if (azurePeer !== undefined && !declared.includes(azurePeer)) problems.push(`the gateway's instance ${instance} does not declare APIPA address ${azurePeer}`);
        bgpRows.push({
          tunnel: id,
          azureInstance: instance >= 0 ? instance : undefined,
          azureIpConfiguration: ipConfigName,
          azureAsn,
          azurePeeringAddress: azurePeer,
          awsAsn,
          awsPeeringAddress: awsPeer,
          consistent: problems.length === 0,
          problems,
        });
      }
    }
  }
  report.tunnels.sort((a, b) => a.id.localeCompare(b.id));
  bgpRows.sort((a, b) => a.tunnel.localeCompare(b.tunnel));
  if (bgpRows.length > 0) report.bgp = bgpRows;

  const gateway = gateways[0];
  report.summary = {
    gatewaySku: text(gateway?.inputs, "sku", "name"),
    gatewayGeneration: text(gateway?.inputs, "vpnGatewayGeneration"),
    activeActive: at(gateway?.inputs, "activeActive") === true,
    bgp: at(gateway?.inputs, "enableBgp") === true,
    awsAttachment: of(TYPES.transitGateway).length > 0 ? "tgw" : of(TYPES.vpnGateway).length > 0 ? "vgw" : "none",
    routing: vpns.length === 0 ? "unknown" : vpns.every((v) => at(v.inputs, "staticRoutesOnly") === true) ? "static" : "bgp",
    tunnels: report.tunnels.length,
  };

  // IPsec, both vocabularies.
  const groupBy = (pick: (t: TunnelRow) => string): { value: string; tunnels: string[] }[] => {
    const map = new Map<string, string[]>();
    for (const t of report.tunnels) map.set(pick(t), [...(map.get(pick(t)) ?? []), t.id]);
    return [...map].map(([value, tunnels]) => ({ value, tunnels }));
  };
  report.ipsec = {
    profile: evaluation.config ? describeProfile(evaluation.config.ipsec) : undefined,
    aws: groupBy((t) => t.awsProposal).map(({ value, tunnels }) => ({ proposal: value, tunnels })),
    azure: groupBy((t) => t.azurePolicy).map(({ value, tunnels }) => ({ policy: value, tunnels })),
    agree: report.tunnels.every((t) => t.ipsecAgree),
  };

  if (evaluation.config && topology) {
    report.throughput = throughputCeiling(evaluation.config, topology);
  }
  if (options.prices) report.cost = estimateMonthlyCost(resources, options.prices, options);
  const monitoring = monitoringRows(resources, report.tunnels);
  if (monitoring) report.monitoring = monitoring;
  report.mermaid = toMermaid(diagramModel(evaluation, allFeeds));
  return report;
}

// ---- diagram -------------------------------------------------------------------------------------

/** Consumers whose incoming links the diagram draws: the tunnel chain, end to end. */
const VPN_CHAIN = new Set<string>([TYPES.gateway, TYPES.customerGateway, TYPES.vpnConnection, TYPES.lng, TYPES.connection, ...SPOKE_LINK_TYPES]);

/**
 * The resources actually declared, grouped by cloud and then by component, with the links of the
 * VPN chain: cross-cloud feeds (public IP -> customer gateway, tunnel -> local network gateway),
 * keys (dotted), and the links into gateways, VPN connections and connections. Links from the
 * resource group (every Azure resource has one) are left out.
 */
export function diagramModel(evaluation: Evaluation, feeds: Feed[] = deriveFeeds(evaluation)): DiagramModel {
  const custom = evaluation.resources.filter((r) => r.custom);
  // Ids by URN order, so the same program always gives the same text.
  const nodeId = new Map<string, string>();
  [...custom].sort((a, b) => a.urn.localeCompare(b.urn)).forEach((r, i) => nodeId.set(r.urn, `n${i}`));
  const components = evaluation.resources.filter((r) => !r.custom);
  const componentOf = (r: RegisteredResource): RegisteredResource | undefined => {
    let parent = r.parentUrn;
    while (parent !== undefined) {
      const found = evaluation.resources.find((x) => x.urn === parent);
      if (found === undefined) return undefined;
      if (!found.custom) return found;
      parent = found.parentUrn;
    }
    return undefined;
  };
  const clouds: { cloud: CloudKind; label: string }[] = [
    { cloud: "azure", label: `Azure${evaluation.config ? ` (${evaluation.config.azureLocation})` : ""}` },
    { cloud: "aws", label: `AWS${evaluation.config ? ` (${evaluation.config.awsRegion})` : ""}` },
    { cloud: "pulumi", label: "Pulumi state (random keys)" },
  ];
  const groups: DiagramGroup[] = [];
  for (const { cloud, label } of clouds) {
    const members = custom.filter((r) => cloudOf(r.type) === cloud);
    if (members.length === 0) continue;
    const group: DiagramGroup = { id: `g_${cloud}`, label, nodes: [], groups: [] };
    const owners = [...components, undefined];
    owners.forEach((component, ci) => {
      const inside = members.filter((r) => componentOf(r)?.urn === component?.urn).sort((a, b) => typeShort(a.type).localeCompare(typeShort(b.type)) || a.name.localeCompare(b.name));
      if (inside.length === 0) return;
      const nodes: DiagramNode[] = inside.map((r) => ({
        id: nodeId.get(r.urn)!,
        lines: [`${typeShort(r.type)}${r.protect ? " (protected)" : ""}`, cloudNameOf(r) ?? r.name],
      }));
      if (component === undefined) group.nodes.push(...nodes);
      else group.groups.push({ id: `g_${cloud}_c${ci}`, label: `${typeShort(component.type)} ${component.name}`, nodes, groups: [] });
    });
    groups.push(group);
  }
  const edges: DiagramEdge[] = [];
  const seen = new Map<string, DiagramEdge>();
  for (const feed of feeds) {
    if (feed.from.type === TYPES.resourceGroup) continue;
    if (!(feed.crossCloud || feed.secret || VPN_CHAIN.has(feed.to.type))) continue;
    const from = nodeId.get(feed.from.urn);
    const to = nodeId.get(feed.to.urn);
    if (from === undefined || to === undefined) continue;
    const key = `${from}->${to}`;
    const label = feed.secret
      ? `key ${SECRET}`
      : feed.crossCloud && rootKey(feed.to.property) !== rootKey(feed.from.property)
        ? `${rootKey(feed.from.property)} \u2192 ${rootKey(feed.to.property)}`
        : rootKey(feed.to.property);
    const existing = seen.get(key);
    if (existing) {
      if (!existing.label.split(", ").includes(label)) existing.label = `${existing.label}, ${label}`;
      continue;
    }
    const edge: DiagramEdge = { from, to, label, style: feed.secret ? "dotted" : feed.crossCloud ? "thick" : "solid" };
    seen.set(key, edge);
    edges.push(edge);
  }
  return { direction: "LR", groups, edges };
}

// ---- secrets -------------------------------------------------------------------------------------

/** Every secret value in an evaluation (keys in inputs and the random results behind them). */
export function secretValues(evaluation: Evaluation): string[] {
  const values = new Set<string>();
  const at = (root: unknown, pathText: string): unknown => {
    let current = root;
    for (const part of pathText.split(/\.|\[|\]/).filter(Boolean)) {
      if (current === null || typeof current !== "object") return undefined;
      current = (current as Record<string, unknown>)[part];
    }
    return current;
  };
  for (const r of evaluation.resources) {
    for (const p of r.secretInputPaths) for (const leaf of leaves(at(r.inputs, p), "")) values.add(leaf.value);
    if (r.type === TYPES.password) {
      const result = text(r.state, "result");
      if (result !== undefined) {
        values.add(result);
        values.add(toAwsPresharedKey(result));
      }
    }
  }
  for (const name of evaluation.secretOutputs) for (const leaf of leaves(evaluation.outputs[name], "")) values.add(leaf.value);
  return [...values].filter((v) => v.length >= 4);
}

/** Replaces any secret value in rendered output by [secret] (a last line of defence). */
export function scrubSecrets(output: string, secrets: readonly string[]): string {
  let result = output;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) result = result.split(secret).join(SECRET);
  return result;
}

// ---- renderers -----------------------------------------------------------------------------------

function usd(amount: number | undefined): string {
  return amount === undefined ? "-" : `$${amount.toFixed(2)}`;
}
function unitPrice(line: { unitPriceUsd?: number; per?: string }): string {
  if (line.unitPriceUsd === undefined) return "-";
  if (line.unitPriceUsd === 0) return "0";
  return `$${line.unitPriceUsd}/${line.per ?? "?"}`;
}

function resourceText(r: ResourceLine): string {
  const cloudName = r.cloudName !== undefined && r.cloudName !== r.name ? ` "${r.cloudName}"` : "";
  return `${r.typeShort} ${r.name}${cloudName}${r.details ? ` (${r.details})` : ""}${r.protect ? " [protected]" : ""}`;
}

function feedText(f: Feed): string {
  const side = (e: FeedEnd): string => `${e.cloud === "pulumi" ? "random" : e.cloud === "azure" ? "Azure" : "AWS"} ${e.typeShort} ${e.cloudName ?? e.name}.${e.property}`;
  return `${side(f.from)} -> ${side(f.to)} = ${f.value}${f.via ? ` (via ${f.via})` : ""}`;
}

function resourceMarkdown(r: ResourceLine): string {
  const cloudName = r.cloudName !== undefined && r.cloudName !== r.name ? ` "${r.cloudName}"` : "";
  return `${r.typeShort} \`${r.name}\`${mdEscape(cloudName)}${r.details ? ` (${mdEscape(r.details)})` : ""}${r.protect ? " **protected**" : ""}`;
}

function feedCells(f: Feed): Row {
  return [
    `${f.from.cloud === "pulumi" ? "random" : f.from.cloud === "azure" ? "Azure" : "AWS"} ${f.from.typeShort} ${f.from.cloudName ?? f.from.name}.${f.from.property}`,
    `${f.to.cloud === "azure" ? "Azure" : "AWS"} ${f.to.typeShort} ${f.to.cloudName ?? f.to.name}.${f.to.property}`,
    `${f.value}${f.via ? ` (via ${f.via})` : ""}`,
  ];
}

function sortFeeds(feeds: Feed[]): Feed[] {
  const rank = (f: Feed): number => (f.crossCloud ? (f.from.cloud === "azure" ? 0 : 1) : 2);
  return [...feeds].sort((a, b) => rank(a) - rank(b) || a.to.name.localeCompare(b.to.name) || a.to.property.localeCompare(b.to.property));
}

function tunnelRows(report: PlanReport): Row[] {
  return report.tunnels.map((t) => [t.id, t.awsOutsideIp, t.insideCidr, t.awsInsideAddress, t.azureInsideAddress, t.localNetworkGateway, t.connection, t.keysMatch ? "same key" : "KEY MISMATCH", t.ipsecAgree ? "agree" : "MISMATCH"]);
}
const TUNNEL_HEADERS = ["tunnel", "AWS outside IP", "inside CIDR", "AWS inside", "Azure inside", "local network gateway", "connection", "keys", "IPsec"];
const BGP_HEADERS = ["tunnel", "Azure instance", "Azure ASN", "Azure peering (custom APIPA)", "AWS ASN", "AWS peering (LNG bgpPeeringAddress)", "check"];
function bgpRows(rows: BgpRow[]): Row[] {
  return rows.map((b) => [b.tunnel, b.azureInstance === undefined ? undefined : `${b.azureInstance} (${b.azureIpConfiguration ?? "?"})`, b.azureAsn, b.azurePeeringAddress, b.awsAsn, b.awsPeeringAddress, b.consistent ? "consistent" : b.problems.join("; ")]);
}
const COST_HEADERS = ["cloud", "kind", "qty", "unit price", "per month", "confidence"];
function plural(quantity: number, unit: string): string {
  if (quantity === 1 || unit === "GB") return `${quantity} ${unit}`;
  return `${quantity} ${unit.endsWith("s") ? `${unit}es` : `${unit}s`}`;
}
function costRows(cost: CostEstimate): Row[] {
  return cost.lines.map((l) => [l.cloud, l.kind, plural(l.quantity, l.unit), unitPrice(l), usd(l.monthlyUsd), l.confidence ?? (l.unitPriceUsd === 0 ? "-" : "unpriced")]);
}

function summaryText(s: PlanSummary): string {
  return `Azure ${s.gatewaySku ?? "?"} ${s.gatewayGeneration ?? "?"} (active-active ${s.activeActive ? "on" : "off"}, BGP ${s.bgp ? "on" : "off"}) <-> AWS ${s.awsAttachment === "tgw" ? "transit gateway" : s.awsAttachment === "vgw" ? "virtual private gateway" : "?"}; ${s.routing} routing; ${s.tunnels} tunnels`;
}

/** The plan's sections, built once per report; renderText and renderMarkdown show the same list. */
const SECTIONS = new WeakMap<PlanReport, Section[]>();
export function planSections(report: PlanReport): Section[] {
  const built = SECTIONS.get(report);
  if (built) return built;
  const sections: Section[] = [];
  sections.push({
    heading: { text: `Config warnings (${report.warnings.length}):`, markdown: "## Config warnings" },
    blocks: [{ kind: "list", items: report.warnings, textBullet: "! ", empty: { text: "(none)", markdown: "None." } }],
  });

  const counted = `${report.counts.custom} cloud resources in ${report.counts.components} components (${report.counts.registered} registered; ${report.counts.protected} protected)`;
  sections.push({
    heading: { text: `Resources: ${counted}`, markdown: "## Resources" },
    blocks: [
      { kind: "paragraph", text: `${counted}.`, only: "markdown" },
      {
        kind: "lines",
        text: report.components.flatMap((g) => [`  ${g.typeShort} ${g.name} (${g.resources.length})`, ...g.resources.map((r) => `    - ${resourceText(r)}`)]),
        markdown: [
          ...report.components.flatMap((g) => [`- **${g.typeShort} \`${g.name}\`** (${g.resources.length})`, ...g.resources.map((r) => `  - ${resourceMarkdown(r)}`)]),
          "",
        ],
      },
      { kind: "lines", text: ["", "  By type:", ...report.counts.byType.map((t) => `    ${String(t.count).padStart(3)}  ${t.type}`)], markdown: [] },
      { kind: "table", headers: ["type", "count"], rows: report.counts.byType.map((t) => [t.type, t.count]), only: "markdown" },
    ],
  });

  const feeds = sortFeeds(report.feeds);
  sections.push({
    heading: { text: "What feeds what across the clouds (no value is copied by hand):", markdown: "## What feeds what across the clouds" },
    blocks: [
      { kind: "list", items: feeds.map(feedText), textBullet: "", only: "text" },
      { kind: "table", headers: ["from", "to", "value"], rows: feeds.map(feedCells), only: "markdown" },
    ],
  });
  if (report.spokes) sections.push({ blocks: [{ kind: "lines", text: spokeText(report.spokes, feedText), markdown: spokeMarkdown(report.spokes, feedText, mdEscape) }] });

  sections.push({ heading: { text: `Tunnels (${report.tunnels.length}):`, markdown: `## Tunnels (${report.tunnels.length})` }, blocks: [{ kind: "table", headers: TUNNEL_HEADERS, rows: tunnelRows(report) }] });
  if (report.ipsec) {
    const ipsec = report.ipsec;
    const mismatches = report.tunnels.filter((x) => !x.ipsecAgree).map((t) => `    ${t.id}: ${t.ipsecMismatches.join("; ")}`);
    sections.push({
      heading: { text: "IPsec/IKE:", markdown: "### IPsec/IKE" },
      blocks: [{
        kind: "lines",
        text: [
          ...(ipsec.profile ? [`  profile: ${ipsec.profile}`] : []),
          ...ipsec.aws.map((a) => `  AWS tunnel options (${a.tunnels.join(", ")}): ${a.proposal}`),
          ...ipsec.azure.map((a) => `  Azure connection policy (${a.tunnels.join(", ")}): ${a.policy}`),
          `  both sides agree: ${ipsec.agree ? "yes" : "NO"}`,
          ...mismatches,
        ],
        markdown: [
          ...(ipsec.profile ? [`- Profile: ${mdEscape(ipsec.profile)}`] : []),
          ...ipsec.aws.map((a) => `- AWS tunnel options (${a.tunnels.join(", ")}): ${mdEscape(a.proposal)}`),
          ...ipsec.azure.map((a) => `- Azure connection policy (${a.tunnels.join(", ")}): ${mdEscape(a.policy)}`),
          `- Both sides agree: **${ipsec.agree ? "yes" : "NO"}**`,
          "",
        ],
      }],
    });
  }
  if (report.bgp) sections.push({ heading: { text: "BGP sessions (one per tunnel):", markdown: "## BGP" }, blocks: [{ kind: "table", headers: BGP_HEADERS, rows: bgpRows(report.bgp) }] });
  if (report.monitoring) sections.push({ heading: { text: "Monitoring (per tunnel):", markdown: "## Monitoring (per tunnel)" }, blocks: [{ kind: "table", headers: MONITORING_HEADERS, rows: monitoringTableRows(report.monitoring) }] });
  if (report.throughput) sections.push({ blocks: [{ kind: "lines", text: throughputText(report.throughput), markdown: throughputMarkdown(report.throughput, mdEscape) }] });
  if (report.cost) sections.push(costSection(report.cost));
  sections.push({
    only: "markdown",
    heading: { text: "", markdown: "## Diagram" },
    blocks: [
      { kind: "paragraph", text: "Resources as declared, by cloud and component. Thick arrows cross the clouds; dotted arrows hand a key to both sides; links from the resource group are omitted." },
      { kind: "paragraph", text: mermaidFence(report.mermaid) },
    ],
  });
  SECTIONS.set(report, sections);
  return sections;
}

function costSection(c: CostEstimate): Section {
  const unpriced = c.unpriced.length > 0 ? ` Unpriced (counted as 0): ${mdEscape(c.unpriced.join("; "))}.` : "";
  return {
    heading: {
      text: `Estimated monthly cost (ESTIMATE: list prices as of ${c.asOf}, ${c.regions.azure} / ${c.regions.aws}, ${c.hoursPerMonth} h/month, ${c.trafficGbPerMonth} GB traffic):`,
      markdown: "## Estimated monthly cost",
    },
    blocks: [
      { kind: "paragraph", text: `**Estimate**: list prices as of ${c.asOf}, ${c.regions.azure} / ${c.regions.aws}, ${c.hoursPerMonth} hours per month, ${c.trafficGbPerMonth} GB of traffic.`, only: "markdown" },
      { kind: "table", headers: COST_HEADERS, rows: costRows(c), markdownTotal: `| | **total** | | | **${usd(c.totalMonthlyUsd)}** | |` },
      {
        kind: "lines",
        text: [
          `  Total: ${usd(c.totalMonthlyUsd)} per month (Azure ${usd(c.byCloud.azure)}, AWS ${usd(c.byCloud.aws)}) ${c.currency}`,
          ...(c.unpriced.length > 0 ? [`  Unpriced (counted as 0): ${c.unpriced.join("; ")}`] : []),
          "  Notes:",
        ],
        markdown: [`Azure ${usd(c.byCloud.azure)}, AWS ${usd(c.byCloud.aws)} (${c.currency}).${unpriced}`, ""],
      },
      { kind: "list", items: c.notes, textBullet: "- ", textIndent: "    " },
      {
        kind: "lines",
        text: ["  Sources:", ...Object.entries(c.sources).map(([id, s]) => `    [${id}] ${s}`)],
        markdown: ["Sources:", "", ...Object.entries(c.sources).map(([id, s]) => `- \`${id}\`: ${mdEscape(s)}`), ""],
      },
    ],
  };
}

/** The plan for the terminal. */
export function renderText(report: PlanReport): string {
  const out: string[] = [];
  const bar = "=".repeat(100);
  out.push(bar, ...report.offline.notice.map((l) => `  ${l}`), bar, "", `Stack: ${report.stack}`);
  if (report.error) {
    out.push("", "ERROR: the program refused the configuration; nothing would be created.", "", report.error);
    return out.join("\n") + "\n";
  }
  if (report.summary) out.push(summaryText(report.summary));
  out.push(...sectionsText(planSections(report)));
  return out.join("\n") + "\n";
}

/** The plan as Markdown (GitHub renders the Mermaid block as-is). */
export function renderMarkdown(report: PlanReport): string {
  const out: string[] = [`# Offline plan: stack \`${report.stack}\``, "", ...report.offline.notice.map((l) => `> ${l}`), ""];
  if (report.error) {
    out.push("**The program refused the configuration; nothing would be created.**", "", "```text", report.error, "```");
    return out.join("\n") + "\n";
  }
  if (report.summary) out.push(summaryText(report.summary), "");
  out.push(...sectionsMarkdown(planSections(report)));
  return out.join("\n");
}

/** The plan as one JSON document (no banner; `offline.mocked` says what it is). */
export function renderJson(report: PlanReport): string {
  return JSON.stringify(report, null, 2) + "\n";
}
