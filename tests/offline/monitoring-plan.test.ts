// The plan shows the monitoring resources: in the tree (their components) and per tunnel.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { evaluateStacksOk, type Evaluation } from "../helpers";
import { monitoringRows } from "../../offline/monitoringReport";
import { buildPlanReport, renderMarkdown, renderText } from "../../offline/report";

let dev: Evaluation;
let prod: Evaluation;
before(async () => ({ dev, prod } = await evaluateStacksOk("dev", "prod")));

describe("plan: monitoring", () => {
  it("prod's tree has the three monitoring components and their resources", () => {
    const report = buildPlanReport(prod);
    const groups = Object.fromEntries(report.components.map((g) => [g.name, g.resources.map((r) => r.typeShort)]));
    assert.deepEqual(groups["vpn-aws-logs"], ["LogGroup"]);
    assert.deepEqual(groups["vpn-aws-monitoring"]?.filter((t) => t === "MetricAlarm").length, 6);
    assert.deepEqual(groups["vpn-azure-monitoring"]?.filter((t) => t === "MetricAlert").length, 8);
    assert.ok(groups["vpn-azure-monitoring"]?.includes("DiagnosticSetting") && groups["vpn-azure-monitoring"]?.includes("Workspace"));
  });

  it("prod: every tunnel has its logs, its alarm, its connection's alarm, its alerts and the diagnostics", () => {
    const report = buildPlanReport(prod);
    assert.deepEqual(report.monitoring?.map((r) => r.tunnel), ["c1t1", "c1t2", "c2t1", "c2t2"]);
    for (const row of report.monitoring ?? []) {
      assert.equal(row.awsLogs, "tunnel + BGP");
      assert.equal(row.awsAlarm, `vpn-aws-monitoring-${row.tunnel}-down`);
      assert.equal(row.awsConnectionAlarm, `vpn-aws-monitoring-${row.tunnel.slice(0, 2)}-all-down`);
      assert.equal(row.azureAlert, `vpn-azure-monitoring-${row.tunnel}-down`);
      assert.equal(row.azureBgpAlert, `vpn-azure-monitoring-${row.tunnel}-bgp-down`);
      assert.equal(row.azureDiagnostics, "vpn-azure-monitoring-gateway-diagnostics");
    }
    assert.match(renderText(report), /Monitoring \(per tunnel\):\n\s+tunnel\s+AWS logs/);
    assert.match(renderMarkdown(report), /## Monitoring \(per tunnel\)/);
  });

  it("an alarm watching another address is not this tunnel's (found by value)", () => {
    const report = buildPlanReport(prod);
    const resources = prod.resources.map((r) =>
      r.name === "vpn-aws-monitoring-c1t1-down" ? { ...r, inputs: { ...r.inputs, dimensions: { TunnelIpAddress: "192.0.2.99" } } } : r,
    );
    const rows = monitoringRows(resources, report.tunnels);
    assert.equal(rows?.find((r) => r.tunnel === "c1t1")?.awsAlarm, undefined);
    assert.equal(rows?.find((r) => r.tunnel === "c1t2")?.awsAlarm, "vpn-aws-monitoring-c1t2-down");
  });

  it("dev (monitoring off): no monitoring section", () => {
    const report = buildPlanReport(dev);
    assert.equal(report.monitoring, undefined);
    assert.doesNotMatch(renderText(report), /Monitoring \(per tunnel\)/);
  });
});
