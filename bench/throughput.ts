/**
 * `npm run bench`, throughput table: the per-direction ceilings of every Azure SKU and generation x
 * AWS attachment x tunnel bandwidth x cipher (infra/throughput.ts, sourced figures), flagging the
 * configurations that pay for capacity they cannot use. Pure apart from the price table it is given.
 */
import { CREATABLE_SKUS, type GatewayGeneration, type GatewaySku } from "../infra/config";
import { largeTunnelsUnused, throughputModel, type ThroughputInput } from "../infra/throughput";
import type { PriceTable } from "../offline/cost";

export interface MatrixRow {
  input: ThroughputInput;
  awsToAzure: { aggregate: number; singleFlow: number; limitedBy: string };
  azureToAws: { aggregate: number; singleFlow: number; limitedBy: string };
  /** Azure gateway + the two AWS VPN connections, per hour (undefined where a price is missing). */
  usdPerHour?: number;
  flags: string[];
}

const CIPHERS: readonly { encryption: string; integrity: string; label: string }[] = [
  { encryption: "AES256-GCM-16", integrity: "SHA2-256", label: "GCMAES256" },
  { encryption: "AES256", integrity: "SHA2-256", label: "AES256+SHA256" },
];

export const cipherLabel = (input: ThroughputInput): string => CIPHERS.find((c) => c.encryption === input.phase2Encryption)?.label ?? input.phase2Encryption;

/** Every combination: active-active with BGP (the design both attachments support); large only on a transit gateway. */
export function combinations(): ThroughputInput[] {
  const out: ThroughputInput[] = [];
  for (const [sku, generations] of Object.entries(CREATABLE_SKUS) as [GatewaySku, readonly GatewayGeneration[]][]) {
    for (const generation of generations) {
      for (const attachment of ["vgw", "tgw"] as const) {
        for (const tunnelBandwidth of attachment === "tgw" ? (["standard", "large"] as const) : (["standard"] as const)) {
          for (const cipher of CIPHERS) {
            out.push({ gatewaySku: sku, gatewayGeneration: generation, activeActive: true, attachment, routing: "bgp", tunnelBandwidth, phase2Encryption: cipher.encryption, phase2Integrity: cipher.integrity });
          }
        }
      }
    }
  }
  return out;
}

function hourly(input: ThroughputInput, prices: PriceTable): number | undefined {
  const gateway = prices.prices[`azure.vpnGateway.${input.gatewaySku}`];
  const vpn = prices.prices[input.tunnelBandwidth === "large" ? "aws.vpnConnection.largeBandwidth" : "aws.vpnConnection"];
  if (gateway?.per !== "hour" || vpn?.per !== "hour") return undefined;
  return gateway.usd + 2 * vpn.usd;
}

const figures = (r: MatrixRow): number[] => [r.awsToAzure.aggregate, r.awsToAzure.singleFlow, r.azureToAws.aggregate, r.azureToAws.singleFlow];

export function throughputMatrix(prices: PriceTable): MatrixRow[] {
  const rows: MatrixRow[] = combinations().map((input) => {
    const [a, b] = throughputModel(input);
    return {
      input,
      awsToAzure: { aggregate: a!.aggregateMbps, singleFlow: a!.singleFlowMbps, limitedBy: a!.aggregateLimitedBy.id },
      azureToAws: { aggregate: b!.aggregateMbps, singleFlow: b!.singleFlowMbps, limitedBy: b!.aggregateLimitedBy.id },
      usdPerHour: hourly(input, prices),
      flags: [],
    };
  });
  for (const row of rows) {
    if (row.input.tunnelBandwidth === "large" && largeTunnelsUnused(row.input)) row.flags.push("large tunnels raise no ceiling");
    // A cheaper SKU (any generation) with the same attachment, bandwidth and cipher reaching every ceiling.
    const cheaper = rows
      .filter((o) => o !== row && o.input.attachment === row.input.attachment && o.input.tunnelBandwidth === row.input.tunnelBandwidth && o.input.phase2Encryption === row.input.phase2Encryption)
      .filter((o) => o.usdPerHour !== undefined && row.usdPerHour !== undefined && o.usdPerHour < row.usdPerHour)
      .filter((o) => figures(o).every((f, i) => f >= figures(row)[i]!))
      .sort((x, y) => x.usdPerHour! - y.usdPerHour!)[0];
    if (cheaper) row.flags.push(`${cheaper.input.gatewaySku} ${cheaper.input.gatewayGeneration === "Generation1" ? "Gen1" : "Gen2"} reaches the same ceilings for $${(row.usdPerHour! - cheaper.usdPerHour!).toFixed(2)}/h less`);
  }
  return rows;
}

/** The bench section: title, headers, rows and notes (scripts/bench.ts renders it). */
export function throughputSection(prices: PriceTable): { title: string; headers: string[]; rows: (string | number)[][]; notes: string[] } {
  const rows = throughputMatrix(prices);
  const gen = (g: GatewayGeneration): string => (g === "Generation1" ? "Gen1" : "Gen2");
  return {
    title: "4. Throughput ceilings per direction, Mbps (aggregate / single flow; active-active, BGP; infra/throughput.ts)",
    headers: ["SKU", "gen", "attachment", "tunnels", "cipher", "AWS->Azure", "Azure->AWS", "aggregate limited by", "$/h (gw + 2 VPN)", "pays for capacity it cannot use"],
    rows: rows.map((r) => [
      r.input.gatewaySku,
      gen(r.input.gatewayGeneration),
      r.input.attachment,
      r.input.tunnelBandwidth,
      cipherLabel(r.input),
      `${r.awsToAzure.aggregate} / ${r.awsToAzure.singleFlow}`,
      `${r.azureToAws.aggregate} / ${r.azureToAws.singleFlow}`,
      r.awsToAzure.limitedBy === r.azureToAws.limitedBy ? r.awsToAzure.limitedBy : `${r.awsToAzure.limitedBy} / ${r.azureToAws.limitedBy}`,
      r.usdPerHour === undefined ? "unpriced" : r.usdPerHour.toFixed(3),
      r.flags.join("; ") || "-",
    ]),
    notes: [
      `${rows.filter((r) => r.flags.length > 0).length} of ${rows.length} configurations are flagged. Figures and sources: docs/constraints.md, "Throughput model and large tunnels".`,
      "The Azure aggregate is per gateway instance (Microsoft's performance table), so active-active counts two; a virtual private gateway sends AWS -> Azure over one tunnel, a transit gateway spreads over four with ECMP.",
      "Prices from pricing/prices.json (the Azure SKU prices are low-confidence); a large-tunnel connection has no price there, so those rows cannot be compared on price.",
    ],
  };
}
