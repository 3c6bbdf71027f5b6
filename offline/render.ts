/**
 * The plan's renderers: text for the terminal, Markdown for out/plan-<stack>.md (one list of
 * sections, offline/sections.ts, shown both ways), and JSON. Pure; they read only the PlanReport
 * (offline/planReport.ts).
 */
import type { CostEstimate } from "./cost";
import { mermaidFence } from "./diagram";
import type { Feed, FeedEnd } from "./feed";
import { MONITORING_HEADERS, monitoringTableRows } from "./monitoringReport";
import type { BgpRow, PlanReport, PlanSummary, ResourceLine } from "./planReport";
import { mdEscape, sectionsMarkdown, sectionsText, type Row, type Section } from "./sections";
import { spokeMarkdown, spokeText } from "./spokes";
import { throughputMarkdown, throughputText } from "./throughput";

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
  return `Azure ${s.gatewaySku ?? "?"} ${s.gatewayGeneration ?? "?"} (active-active ${s.activeActive ? "on" : "off"}, BGP ${s.bgp ? "on" : "off"}) <-> AWS ${s.awsAttachment === "tgw" ? "transit gateway" : s.awsAttachment === "vgw" ? "virtual private gateway" : "?"}; ${s.routing} routing; ${s.tunnels} tunnels${(s.existing ?? []).map((part) => `\n  existing, referenced and never changed: ${part}`).join("")}`;
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

