/**
 * The offline plan: a PlanReport data object (offline/planReport.ts) built from one mocked
 * evaluation (offline/evaluate.ts), and three pure renderers (offline/render.ts: text for the
 * terminal, Markdown for out/plan-<stack>.md, JSON for pipelines). Everything shown is derived from
 * the registered resources: their inputs, their mocked outputs and the property dependencies the
 * SDK recorded; tunnels are named as offline/join.ts joins them. Keys are never copied into the
 * report: a secret value is always "[secret]" (offline/secrets.ts scrubs the output too).
 *
 * The parts, by concern: offline/readers.ts (reading inputs and state), offline/deriveFeeds.ts (what
 * feeds what), offline/tunnelReport.ts (tunnel and BGP rows), offline/diagramModel.ts (the diagram),
 * offline/secrets.ts, offline/render.ts.
 */
import { describeProfile } from "../infra/ipsec";
import { at, text } from "../infra/props";
import { planTopology, throughputCeiling } from "../infra/topology";
import { TYPES } from "../infra/types";
import { estimateMonthlyCost } from "./cost";
import { deriveFeeds } from "./deriveFeeds";
import { toMermaid } from "./diagram";
import { diagramModel } from "./diagramModel";
import type { Evaluation, RegisteredResource } from "./evaluation";
import type { CloudKind } from "./feed";
import { monitoringRows } from "./monitoringReport";
import type { ComponentGroup, PlanReport, ReportOptions, ResourceLine, TunnelRow } from "./planReport";
import { cloudNameOf, cloudOf, detailsOf, typeShort } from "./readers";
import { spokePlan } from "./spokes";
import { existingHubResources, existingParts } from "./existingHub";
import { tunnelReport } from "./tunnelReport";

export type { BgpRow, ComponentGroup, PlanReport, PlanSummary, ReportOptions, ResourceLine, TunnelRow } from "./planReport";
export type { CloudKind, Feed, FeedEnd } from "./feed";
export { SECRET, scrubSecrets, secretValues } from "./secrets";
export { planSections, renderJson, renderMarkdown, renderText } from "./render";
export { deriveFeeds, diagramModel };
export { cloudNameOf, cloudOf, detailsOf, typeShort };
/** Resource type tokens (infra/types.ts), re-exported for the plan's readers. */
export { TYPES };

export const OFFLINE_NOTICE: readonly string[] = [
  "OFFLINE PLAN under Pulumi mocks: nothing was deployed and no cloud account was used.",
  "Ids and addresses are placeholders: Azure public IPs from 198.51.100.0/24 and AWS tunnel outside addresses from 203.0.113.0/24 (RFC 5737 documentation ranges).",
  "Pre-shared keys are never shown: each prints as [secret].",
];

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
  const { tunnels, bgp } = tunnelReport(evaluation);
  report.tunnels = tunnels;
  if (bgp.length > 0) report.bgp = bgp;

  // An existing gateway is read at deploy (offline/existingHub.ts): its values show as read.
  const existingGateway = existingHubResources(evaluation).find((r) => r.type === TYPES.gateway);
  const gateway = gateways[0] ?? existingGateway;
  const existing = evaluation.config === undefined ? [] : existingParts(evaluation.config);
  report.summary = {
    gatewaySku: text(gateway?.inputs, "sku", "name"),
    gatewayGeneration: text(gateway?.inputs, "vpnGatewayGeneration"),
    activeActive: at(gateway?.inputs, "activeActive") === true,
    bgp: at(gateway?.inputs, "enableBgp") === true,
    awsAttachment: of(TYPES.transitGateway).length > 0 ? "tgw" : of(TYPES.vpnGateway).length > 0 ? "vgw" : (evaluation.config?.awsAttachment ?? "none"),
    routing: vpns.length === 0 ? "unknown" : vpns.every((v) => at(v.inputs, "staticRoutesOnly") === true) ? "static" : "bgp",
    tunnels: report.tunnels.length,
    ...(existing.length > 0 ? { existing } : {}),
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

  // The ceiling is a model of the config (infra/topology.ts), which takes the planned topology.
  if (evaluation.config) report.throughput = throughputCeiling(evaluation.config, planTopology(evaluation.config));
  if (options.prices) report.cost = estimateMonthlyCost(resources, options.prices, options);
  const monitoring = monitoringRows(resources, report.tunnels);
  if (monitoring) report.monitoring = monitoring;
  report.mermaid = toMermaid(diagramModel(evaluation, allFeeds));
  return report;
}
