/**
 * The plan's throughput section: per direction, the aggregate and single-flow ceilings with the
 * limit that sets each and every limit's source (infra/throughput.ts). Rendering only.
 */
import { DIRECTION_TEXT, type Limit } from "../infra/throughput";
import type { ThroughputCeiling } from "../infra/topology";

const LIMIT_TEXT: Readonly<Record<Limit["id"], string>> = {
  "azure-sku": "the Azure gateway SKU",
  "aws-tunnels": "the AWS tunnels",
  "azure-tunnels": "Azure's per-tunnel throughput",
  "aws-tunnel": "one AWS tunnel",
  "azure-tunnel": "one Azure tunnel",
};

function sources(t: ThroughputCeiling): string[] {
  return [...new Set(t.directions.flatMap((d) => [...d.aggregateLimits, ...d.singleFlowLimits].map((l) => l.source)))];
}

export function throughputText(t: ThroughputCeiling): string[] {
  const out = [`Expected throughput ceiling: ${t.mbps} Mbps (limited by ${LIMIT_TEXT[t.limitedBy]}), per direction:`];
  for (const d of t.directions) {
    out.push(`  ${DIRECTION_TEXT[d.direction]}: aggregate ${d.aggregateMbps} Mbps, limited by ${d.aggregateLimitedBy.what}; single flow ${d.singleFlowMbps} Mbps, limited by ${d.singleFlowLimitedBy.what}`);
    out.push(`    ${d.tunnelsCarryingTraffic} tunnel${d.tunnelsCarryingTraffic === 1 ? "" : "s"} carry traffic (${d.why}); aggregate = min(${d.aggregateLimits.map((l) => `${l.what} = ${l.mbps}`).join("; ")})`);
  }
  out.push("  Sources:", ...sources(t).map((s) => `    - ${s}`));
  return out;
}

export function throughputMarkdown(t: ThroughputCeiling, escape: (text: string) => string): string[] {
  const out = ["## Expected throughput", "", `**${t.mbps} Mbps** in the weaker direction, limited by ${LIMIT_TEXT[t.limitedBy]}. Each ceiling is the minimum of its limits:`, ""];
  out.push("| direction | tunnels carrying traffic | aggregate (Mbps) | limited by | single flow (Mbps) | limited by |", "| --- | ---: | ---: | --- | ---: | --- |");
  for (const d of t.directions) {
    out.push(`| ${DIRECTION_TEXT[d.direction]} | ${d.tunnelsCarryingTraffic} (${escape(d.why)}) | ${d.aggregateMbps} | ${escape(d.aggregateLimitedBy.what)} | ${d.singleFlowMbps} | ${escape(d.singleFlowLimitedBy.what)} |`);
  }
  out.push("", "Sources:", "", ...sources(t).map((s) => `- ${escape(s)}`), "");
  return out;
}
