/**
 * The plan's monthly cost estimate: quantities come from the declared resources, amounts from the
 * dated, sourced price table, and the table adds up.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, describe, it } from "node:test";
import { DEFAULT_PRICES_FILE, estimateMonthlyCost, loadPriceTable, monthlyFor, parsePriceTable, roundCents, type CostEstimate, type PriceTable } from "../../offline/cost";
import { evaluateStack, type Evaluation } from "../helpers";
import { buildPlanReport, renderMarkdown, renderText } from "../../offline/report";

let prices: PriceTable;
let dev: Evaluation;
let prod: Evaluation;
before(async () => {
  prices = loadPriceTable();
  dev = await evaluateStack({ stack: "dev" });
  prod = await evaluateStack({ stack: "prod" });
  if (dev.error ?? prod.error) throw dev.error ?? prod.error;
});

function line(cost: CostEstimate, kind: string | RegExp): CostEstimate["lines"][number] {
  const found = cost.lines.filter((l) => (typeof kind === "string" ? l.kind === kind : kind.test(l.kind)));
  assert.equal(found.length, 1, `expected one cost line ${String(kind)}, found ${found.map((l) => l.kind).join(", ") || "none"}`);
  return found[0]!;
}

function assertAddsUp(cost: CostEstimate): void {
  const cents = (n: number): number => Math.round(n * 100);
  const sum = cost.lines.reduce((total, l) => total + cents(l.monthlyUsd), 0);
  assert.equal(cents(cost.totalMonthlyUsd), sum, "total = sum of the lines");
  assert.equal(cents(cost.byCloud.azure) + cents(cost.byCloud.aws), cents(cost.totalMonthlyUsd), "Azure + AWS = total");
  for (const l of cost.lines) {
    if (l.unitPriceUsd === undefined || l.per === undefined) continue;
    const expected = l.per === "hour" ? l.quantity * l.unitPriceUsd * cost.hoursPerMonth : l.per === "GB-month" ? null : l.quantity * l.unitPriceUsd;
    if (expected !== null) assert.equal(cents(l.monthlyUsd), Math.round(expected * 100), `${l.kind}: quantity x price`);
  }
}

describe("price table", () => {
  it("is dated, regional, sourced and marked as an estimate", () => {
    assert.match(prices.asOf, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(prices.regions.azure, /East US/);
    assert.match(prices.regions.aws, /us-east-1/);
    for (const sku of ["VpnGw1AZ", "VpnGw2AZ", "VpnGw3AZ", "VpnGw4AZ", "VpnGw5AZ"]) assert.ok(prices.prices[`azure.vpnGateway.${sku}`], `no price for ${sku}`);
    assert.equal(prices.prices["aws.vpnConnection"]?.usd, 0.05);
    assert.equal(prices.prices["aws.transitGateway.attachment"]?.usd, 0.05);
    for (const [key, entry] of Object.entries(prices.prices)) {
      for (const source of entry.sources) assert.ok(prices.sources[source], `${key} cites unknown source ${source}`);
    }
    assert.ok(prices.notes.some((n) => /ESTIMATE/.test(n)));
  });

  it("refuses a malformed override with every problem named", () => {
    const raw = JSON.parse(readFileSync(DEFAULT_PRICES_FILE, "utf8")) as Record<string, unknown>;
    assert.throws(() => parsePriceTable({ ...raw, asOf: "November" }, "x.json"), /x\.json is not a valid price table:\n {2}- asOf/);
    const prices2 = structuredClone(raw) as { prices: Record<string, { sources: string[] }> };
    prices2.prices["aws.vpnConnection"]!.sources = ["nowhere"];
    assert.throws(() => parsePriceTable(prices2), /cites unknown source "nowhere"/);
  });
});

describe("dev estimate", () => {
  it("prices what dev declares and adds up", () => {
    const cost = estimateMonthlyCost(dev.resources, prices);
    assertAddsUp(cost);
    assert.equal(cost.estimate, true);
    const gateway = line(cost, "VPN gateway VpnGw1AZ");
    assert.equal(gateway.quantity, 1);
    assert.equal(gateway.monthlyUsd, roundCents(prices.prices["azure.vpnGateway.VpnGw1AZ"]!.usd * 730));
    assert.equal(line(cost, "Public IP Standard static").quantity, 2, "gateway IP + test VM IP");
    assert.equal(line(cost, "Site-to-Site VPN connection (2 tunnels each)").monthlyUsd, 36.5);
    assert.equal(line(cost, "EC2 instance t3.micro").quantity, 1);
    assert.equal(line(cost, "Virtual machine Standard_B1s").quantity, 1);
    assert.equal(line(cost, /^S2S tunnels beyond 10/).quantity, 0, "2 tunnels are within the included 10");
    assert.equal(line(cost, "Customer gateway").monthlyUsd, 0);
    assert.deepEqual(cost.unpriced, []);
    assert.ok(!cost.lines.some((l) => /Transit gateway/.test(l.kind)), "dev has no transit gateway");
  });

  it("traffic volume feeds the per-GB lines", () => {
    const cost = estimateMonthlyCost(dev.resources, prices, { trafficGbPerMonth: 100 });
    assertAddsUp(cost);
    assert.equal(line(cost, "Data transfer out (AWS to Azure)").monthlyUsd, roundCents(100 * prices.prices["aws.egress.internetPerGb"]!.usd));
    assert.ok(cost.totalMonthlyUsd > estimateMonthlyCost(dev.resources, prices).totalMonthlyUsd);
  });
});

describe("prod estimate", () => {
  it("counts VPN connections, transit gateway attachments and both gateway IPs", () => {
    const cost = estimateMonthlyCost(prod.resources, prices, { trafficGbPerMonth: 10 });
    assertAddsUp(cost);
    assert.equal(line(cost, "VPN gateway VpnGw2AZ").quantity, 1, "active-active is one gateway");
    assert.equal(line(cost, "Site-to-Site VPN connection (2 tunnels each)").quantity, 2);
    assert.equal(line(cost, "Transit gateway attachment (VPC + VPN)").quantity, 3, "1 VPC + 2 VPN attachments");
    assert.equal(line(cost, "Transit gateway data processing").monthlyUsd, 0.2);
    assert.equal(line(cost, "Public IP Standard static").quantity, 2);
    assert.ok(!cost.lines.some((l) => /EC2|Virtual machine/.test(l.kind)), "prod has no test hosts");
  });
});

describe("override and rendering", () => {
  it("a --prices table changes the amounts, and an unknown SKU is reported, not invented", () => {
    const cheaper = structuredClone(prices);
    cheaper.prices["aws.vpnConnection"] = { ...cheaper.prices["aws.vpnConnection"]!, usd: 0.01 };
    delete cheaper.prices["azure.vpnGateway.VpnGw1AZ"];
    const cost = estimateMonthlyCost(dev.resources, cheaper);
    assertAddsUp(cost);
    assert.equal(line(cost, "Site-to-Site VPN connection (2 tunnels each)").monthlyUsd, 7.3);
    assert.equal(line(cost, "VPN gateway VpnGw1AZ").monthlyUsd, 0);
    assert.ok(cost.unpriced.some((u) => u.includes("azure.vpnGateway.VpnGw1AZ")));
  });

  it("the plan shows the table, its total, date, regions and sources", () => {
    const report = buildPlanReport(prod, { prices });
    const text = renderText(report);
    const total = report.cost!.totalMonthlyUsd.toFixed(2);
    assert.match(text, new RegExp(`Estimated monthly cost \\(ESTIMATE: list prices as of ${prices.asOf}`));
    assert.ok(text.includes(`Total: $${total} per month`));
    assert.match(text, /\[aws-tgw-pricing\]/);
    const markdown = renderMarkdown(report);
    assert.ok(markdown.includes(`| | **total** | | | **$${total}** | |`));
  });

  it("monthlyFor handles each unit", () => {
    const entry = (per: "hour" | "month" | "GB" | "GB-month") => ({ usd: 0.5, per, confidence: "high" as const, sources: ["x"] });
    assert.equal(monthlyFor(entry("hour"), 2, 730), 730);
    assert.equal(monthlyFor(entry("month"), 2, 730), 1);
    assert.equal(monthlyFor(entry("GB"), 10, 730), 5);
    assert.equal(monthlyFor(entry("GB-month"), 2, 730, 8), 8);
  });
});
