// The monitoring resources' cost lines (offline/monitoringCost.ts) in the plan's estimate.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { estimateMonthlyCost, loadPriceTable, type CostEstimate, type PriceTable } from "../../offline/cost";
import { evaluateStack, readStackConfig, type Evaluation } from "../../offline/evaluate";
import { ASSUMED_LOG_GB_PER_MONTH } from "../../offline/monitoringCost";

let prices: PriceTable;
let dev: Evaluation;
let prod: Evaluation;
let prod90Existing: Evaluation;
let prod90: Evaluation;
const WORKSPACE = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/law-ops";
before(async () => {
  prices = loadPriceTable();
  dev = await evaluateStack({ stack: "dev" });
  prod = await evaluateStack({ stack: "prod" });
  prod90 = await evaluateStack({ stack: "prod", raw: { ...readStackConfig("prod"), "azure-aws-vpn:monitoring": { enabled: true, logRetentionDays: 90 } } });
  prod90Existing = await evaluateStack({ stack: "prod", raw: { ...readStackConfig("prod"), "azure-aws-vpn:monitoring": { enabled: true, logRetentionDays: 90, workspaceId: WORKSPACE } } });
  for (const e of [dev, prod, prod90, prod90Existing]) if (e.error) throw e.error;
});

function line(cost: CostEstimate, kind: RegExp): CostEstimate["lines"][number] {
  const found = cost.lines.filter((l) => kind.test(l.kind));
  assert.equal(found.length, 1, `expected one cost line ${String(kind)}, found ${found.map((l) => l.kind).join(", ") || "none"}`);
  return found[0]!;
}

describe("monitoring cost lines", () => {
  it("prod: one line per priced kind, quantities from the declared resources, each price sourced", () => {
    const cost = estimateMonthlyCost(prod.resources, prices);
    const alarms = line(cost, /^CloudWatch alarms/);
    assert.deepEqual([alarms.quantity, alarms.monthlyUsd, alarms.priceKey], [6, 0.6, "aws.cloudwatch.alarmStandard"]);
    const alerts = line(cost, /^Metric alert rules/);
    assert.deepEqual([alerts.quantity, alerts.monthlyUsd], [8, 0.8]);
    const ingestion = line(cost, /^CloudWatch Logs ingestion/);
    assert.equal(ingestion.quantity, 4 * ASSUMED_LOG_GB_PER_MONTH.awsPerTunnel);
    assert.match(ingestion.kind, /4 tunnels' logs, .*ASSUMED/);
    assert.match(line(cost, /^CloudWatch Logs storage/).kind, /30 days kept/);
    const la = line(cost, /^Log Analytics ingestion/);
    assert.deepEqual([la.quantity, la.monthlyUsd], [1, 2.76]);
    line(cost, /^SNS topic/);
    assert.equal(cost.lines.filter((l) => /retention beyond/.test(l.kind)).length, 0, "30 days: within the 31 included");
    for (const key of ["aws.cloudwatch.logsIngestionPerGb", "aws.cloudwatch.logsStoragePerGbMonth", "aws.cloudwatch.alarmStandard", "aws.sns.topic", "azure.logAnalytics.ingestionPerGb", "azure.monitor.metricAlertTimeSeries"]) {
      assert.ok(prices.prices[key], key);
      assert.ok(cost.lines.some((l) => l.priceKey === key), `${key} is used`);
    }
    assert.deepEqual(cost.unpriced, [], "every monitoring type is priced or free");
    assert.ok(cost.sources["aws-cloudwatch-pricing"] && cost.sources["azure-monitor-pricing"]);
  });

  it("dev (monitoring off): no monitoring line", () => {
    const cost = estimateMonthlyCost(dev.resources, prices);
    assert.deepEqual(cost.lines.filter((l) => /CloudWatch|Log Analytics|alert|SNS|Action group/.test(l.kind)).map((l) => l.kind), []);
  });

  it("retention and log volume change the lines: 90 days, given GB, an existing workspace", () => {
    const cost = estimateMonthlyCost(prod90.resources, prices, { logGbPerMonth: { aws: 2, azure: 10 } });
    assert.deepEqual([line(cost, /^CloudWatch Logs ingestion/).monthlyUsd, line(cost, /^Log Analytics ingestion/).monthlyUsd], [1, 27.6]);
    const storage = line(cost, /^CloudWatch Logs storage/);
    assert.match(storage.kind, /90 days kept: 6 GB/);
    assert.equal(storage.monthlyUsd, 0.18);
    const beyond = line(cost, /^Log Analytics retention beyond 31 days/);
    assert.equal(beyond.monthlyUsd, Math.round(10 * (59 / 30) * 0.1 * 100) / 100);
    const existing = estimateMonthlyCost(prod90Existing.resources, prices);
    assert.match(line(existing, /^Log Analytics ingestion/).kind, /into the existing workspace/);
    assert.equal(existing.lines.filter((l) => /retention beyond/.test(l.kind)).length, 0, "the existing workspace's retention is not ours");
  });
});
