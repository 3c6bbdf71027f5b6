// prod-monitoring (policy/monitoring.ts): called directly, and on the evaluated program.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { evaluateStack, readStackConfig, type Evaluation } from "../../offline/evaluate";
import { policyInputs } from "../../offline/policy";
import { prodMonitoring } from "../../policy/monitoring";
import { runPoliciesOnResources } from "../../policy/run";
import { UNKNOWN } from "../../policy/values";
import { stackResource, stackViolationsOf, TYPES } from "./fixtures";

const logOptions = (enabled: unknown) => ({ cloudwatchLogOptions: { logEnabled: enabled, logGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:x", logOutputFormat: "json" } });
const policyFor = (stack: string) => prodMonitoring({ stack: () => stack });

/** One VPN connection (two tunnels), one gateway, two Azure connections: monitored when `on`. */
function stackOf(on: boolean, stack = "prod", tunnel2Logs: unknown = on, connectionAlarmTest: Record<string, unknown> = { comparisonOperator: "LessThanOrEqualToThreshold", threshold: 0 }) {
  const vpn = stackResource(TYPES.vpnConnection, "tunnels-c1-vpn", on ? { tunnel1LogOptions: logOptions(true), tunnel2LogOptions: logOptions(tunnel2Logs) } : {}, { stack });
  const base = [
    vpn,
    stackResource(TYPES.gateway, "azure-gateway", {}, { stack }),
    stackResource(TYPES.connection, "tunnels-c1-c1t1-connection", {}, { stack }),
    stackResource(TYPES.connection, "tunnels-c1-c1t2-connection", {}, { stack }),
  ];
  if (!on) return base;
  const alarm = (name: string, dimensions: Record<string, string>) =>
    stackResource(TYPES.metricAlarm, name, { namespace: "AWS/VPN", metricName: "TunnelState", dimensions, ...("VpnId" in dimensions ? connectionAlarmTest : { comparisonOperator: "LessThanThreshold", threshold: 1 }) }, { stack });
  return [
    ...base,
    stackResource(TYPES.topic, "mon-topic", {}, { stack }),
    alarm("mon-c1t1-down", { TunnelIpAddress: "203.0.113.10" }),
    alarm("mon-c1t2-down", { TunnelIpAddress: "203.0.113.11" }),
    alarm("mon-c1-all-down", { VpnId: "vpn-0123" }),
    stackResource(TYPES.diagnosticSetting, "mon-diagnostics", { logs: ["GatewayDiagnosticLog", "TunnelDiagnosticLog", "RouteDiagnosticLog", "IKEDiagnosticLog"].map((category) => ({ category, enabled: true })) }, { stack }),
    stackResource(TYPES.metricAlert, "mon-c1t1-down", {}, { stack }),
    stackResource(TYPES.metricAlert, "mon-c1t2-down", {}, { stack }),
  ];
}

describe("prod-monitoring", () => {
  it("refuses a connection alarm that fires when one tunnel of two is down (TunnelState by VpnId is the fraction up)", () => {
    const outcome = stackViolationsOf(policyFor("prod"), stackOf(true, "prod", true, { comparisonOperator: "LessThanThreshold", threshold: 1 }));
    const messages = outcome.violations.map((v) => v.message);
    assert.ok(messages.some((m) => /MetricAlarm "mon-c1-all-down" \(TunnelState by VpnId, LessThanThreshold 1\) does not mean "every tunnel down"/.test(m)), messages.join("\n"));
    assert.ok(messages.some((m) => /1 AWS VPN connection but 0 all-tunnels-down alarms/.test(m)), messages.join("\n"));
    assert.deepEqual(stackViolationsOf(policyFor("prod"), stackOf(true, "prod", true, { comparisonOperator: "LessThanThreshold", threshold: UNKNOWN })).violations, []);
  });

  it("is mandatory", () => {
    assert.equal(policyFor("prod").enforcementLevel, "mandatory");
  });

  it("passes a monitored production stack", () => {
    const outcome = stackViolationsOf(policyFor("prod"), stackOf(true));
    assert.deepEqual(outcome.violations, []);
    assert.equal(outcome.notApplicable, undefined);
  });

  it("refuses a production stack without monitoring: each missing piece named, with the setting to change", () => {
    const outcome = stackViolationsOf(policyFor("prod"), stackOf(false));
    const messages = outcome.violations.map((v) => v.message);
    assert.equal(messages.length, 7, messages.join("\n"));
    assert.ok(messages.every((m) => m.includes("azure-aws-vpn:monitoring.enabled true")));
    assert.match(messages[0]!, /VpnConnection "tunnels-c1-vpn" tunnel 1 sends no logs to CloudWatch Logs in production stack "prod"/);
    assert.ok(messages.some((m) => /2 AWS tunnels but 0 TunnelState alarms per tunnel/.test(m)));
    assert.ok(messages.some((m) => /1 AWS VPN connection but 0 all-tunnels-down alarms/.test(m)));
    assert.ok(messages.some((m) => /no SNS topic/.test(m)));
    assert.ok(messages.some((m) => /VirtualNetworkGateway "azure-gateway" has no diagnostic setting/.test(m)));
    assert.ok(messages.some((m) => /2 Azure connections but 0 metric alerts/.test(m)));
  });

  it("refuses one tunnel without logs, and a diagnostic setting without the tunnel and IKE logs", () => {
    assert.deepEqual(stackViolationsOf(policyFor("prod"), stackOf(true, "prod", false)).violations.map((v) => v.message.slice(0, 50)), ['VpnConnection "tunnels-c1-vpn" tunnel 2 sends no l']);
    const resources = stackOf(true).map((r) => (r.type === TYPES.diagnosticSetting ? { ...r, props: { logs: [{ category: "GatewayDiagnosticLog", enabled: true }] } } : r));
    assert.match(stackViolationsOf(policyFor("prod"), resources).violations[0]?.message ?? "", /has no diagnostic setting sending TunnelDiagnosticLog and IKEDiagnosticLog/);
  });

  it("does not judge values unknown at preview", () => {
    assert.deepEqual(stackViolationsOf(policyFor("prod"), stackOf(true, "prod", UNKNOWN)).violations, []);
  });

  it("is not applicable to other stacks, and fails closed without a stack name", () => {
    for (const stack of ["dev", "staging", "preprod"]) {
      const outcome = stackViolationsOf(policyFor(stack), stackOf(false, stack));
      assert.deepEqual(outcome.violations, []);
      assert.match(outcome.notApplicable ?? "", /is not a production stack/);
    }
    assert.match(stackViolationsOf(policyFor(""), stackOf(true)).violations[0]?.message ?? "", /cannot tell which stack/);
  });
});

describe("prod-monitoring on the evaluated program", () => {
  let prod: Evaluation;
  let prodOff: Evaluation;
  before(async () => {
    prod = await evaluateStack({ stack: "prod" });
    prodOff = await evaluateStack({ stack: "prod", raw: { ...readStackConfig("prod"), "azure-aws-vpn:monitoring": { enabled: false } } });
  });

  it("prod as committed passes", () => {
    assert.deepEqual(runPoliciesOnResources(policyInputs(prod), "prod").filter((v) => v.policyName === "prod-monitoring"), []);
  });

  it("prod with monitoring off is refused, per tunnel and per missing alarm", () => {
    const violations = runPoliciesOnResources(policyInputs(prodOff), "prod").filter((v) => v.policyName === "prod-monitoring");
    assert.equal(violations.filter((v) => /sends no logs/.test(v.message)).length, 4, "four tunnels without logs");
    assert.ok(violations.some((v) => /4 AWS tunnels but 0 TunnelState alarms/.test(v.message)));
    assert.ok(violations.some((v) => /4 Azure connections but 0 metric alerts/.test(v.message)));
  });
});
