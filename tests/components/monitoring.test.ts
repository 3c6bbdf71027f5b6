/**
 * The monitoring resources (issue 13) under mocks, in every routing mode: exactly the expected
 * resources per tunnel and per connection, wired by value to the resources they watch, and none
 * when monitoring is off.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { MonitoringContract } from "../../infra/outputs";
import {
  MODES,
  at,
  evaluateStack,
  idOf,
  expectList,
  modeConfig,
  ofType,
  single,
  expectStr,
  T,
  tunnelsByWiring,
  withConfig,
  type Evaluation,
  type Mode,
} from "../helpers";

const MONITORING_TYPES: readonly string[] = [T.logGroup, T.metricAlarm, T.topic, T.topicSubscription, T.workspace, T.diagnosticSetting, T.actionGroup, T.metricAlert];
const EMAIL = "ops@example.com";
const WORKSPACE = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/law-ops";

/** Each mode with monitoring on (and an e-mail, and 90 days). */
function monitored(mode: Mode): Promise<Evaluation> {
  const { stack, raw } = modeConfig(mode);
  return evaluateStack({ stack, raw: withConfig(raw, { monitoring: { enabled: true, email: EMAIL, logRetentionDays: 90 } }) });
}

function ok(evaluation: Evaluation): Evaluation {
  assert.equal(evaluation.error, undefined, evaluation.error?.message);
  return evaluation;
}

describe("monitoring resources", () => {
  const evaluations = {} as Record<Mode, Evaluation>;
  before(async () => {
    for (const mode of MODES) evaluations[mode] = ok(await monitored(mode));
  });

  for (const mode of MODES) {
    describe(mode, () => {
      const bgp = mode.startsWith("bgp");

      it("creates one log group, one topic with the e-mail, one workspace, one diagnostic setting, one action group", () => {
        const e = evaluations[mode];
        const logGroup = single(e, T.logGroup);
        assert.equal(logGroup.inputs["retentionInDays"], 90);
        const topic = single(e, T.topic);
        const subscription = single(e, T.topicSubscription);
        assert.deepEqual([subscription.inputs["topic"], subscription.inputs["protocol"], subscription.inputs["endpoint"]], [topic.state["arn"], "email", EMAIL]);
        const workspace = single(e, T.workspace);
        assert.equal(workspace.inputs["retentionInDays"], 90);
        assert.equal(at(workspace.inputs, "sku", "name"), "PerGB2018");
        const group = single(e, T.actionGroup);
        assert.deepEqual(expectList(group.inputs, "emailReceivers").map((r) => at(r, "emailAddress")), [EMAIL]);
        assert.ok(String(group.inputs["groupShortName"]).length <= 12, "an action group's short name has at most 12 characters");
      });

      it("every tunnel logs to the log group as JSON; BGP logs only with BGP", () => {
        const e = evaluations[mode];
        const arn = expectStr(single(e, T.logGroup).state, "arn");
        for (const vpn of ofType(e, T.vpnConnection)) {
          for (const n of [1, 2]) {
            const options = at(vpn.inputs, `tunnel${n}LogOptions`, "cloudwatchLogOptions");
            assert.deepEqual(
              [at(options, "logEnabled"), at(options, "logGroupArn"), at(options, "logOutputFormat")],
              [true, arn, "json"],
              `${vpn.name} tunnel ${n}`,
            );
            assert.deepEqual([at(options, "bgpLogEnabled"), at(options, "bgpLogGroupArn")], bgp ? [true, arn] : [undefined, undefined], `${vpn.name} tunnel ${n} BGP logs`);
          }
        }
      });

      it("one TunnelState alarm per tunnel on its outside address, one per connection on its id, all to the topic", () => {
        const e = evaluations[mode];
        const topicArn = single(e, T.topic).state["arn"];
        const alarms = ofType(e, T.metricAlarm);
        const vpns = ofType(e, T.vpnConnection);
        assert.equal(alarms.length, vpns.length * 3, "two tunnel alarms and one connection alarm per VPN connection");
        for (const alarm of alarms) {
          // By VpnId, TunnelState is the fraction of tunnels up: every tunnel down is 0, one of two 0.5.
          const byConnection = at(alarm.inputs, "dimensions", "VpnId") !== undefined;
          assert.deepEqual(
            [alarm.inputs["namespace"], alarm.inputs["metricName"], alarm.inputs["statistic"], alarm.inputs["comparisonOperator"], alarm.inputs["threshold"], alarm.inputs["treatMissingData"], alarm.inputs["period"]],
            ["AWS/VPN", "TunnelState", "Maximum", byConnection ? "LessThanOrEqualToThreshold" : "LessThanThreshold", byConnection ? 0 : 1, "breaching", 300],
            alarm.name,
          );
          assert.deepEqual(alarm.inputs["alarmActions"], [topicArn]);
          assert.deepEqual(alarm.inputs["okActions"], [topicArn]);
        }
        for (const vpn of vpns) {
          for (const n of [1, 2]) {
            const address = expectStr(vpn.state, `tunnel${n}Address`);
            const matching = alarms.filter((a) => at(a.inputs, "dimensions", "TunnelIpAddress") === address);
            assert.equal(matching.length, 1, `one alarm on ${vpn.name} tunnel ${n} (${address})`);
            assert.deepEqual(Object.keys(at(matching[0]!.inputs, "dimensions") as object), ["TunnelIpAddress"]);
          }
          assert.equal(alarms.filter((a) => at(a.inputs, "dimensions", "VpnId") === idOf(vpn)).length, 1, `one all-tunnels-down alarm on ${vpn.name}`);
        }
        // None exists before both sides do: every alarm waits for every Azure connection.
        const azureConnections = ofType(e, T.connection).map((c) => c.urn);
        assert.ok(azureConnections.length > 0);
        for (const alarm of alarms) {
          assert.deepEqual(azureConnections.filter((urn) => !alarm.dependencies.includes(urn)), [], `${alarm.name} is created after the Azure connections`);
        }
        // The dimension comes from the VPN connection's output, not a copy.
        const tunnelAlarm = alarms.find((a) => at(a.inputs, "dimensions", "TunnelIpAddress") !== undefined)!;
        assert.ok(tunnelAlarm.dependencies.some((urn) => vpns.some((v) => v.urn === urn)), "a tunnel alarm depends on its VPN connection");
      });

      it("the diagnostic setting targets the gateway with the four log categories and all metrics, into the workspace", () => {
        const e = evaluations[mode];
        const setting = single(e, T.diagnosticSetting);
        assert.equal(setting.inputs["resourceUri"], idOf(single(e, T.gateway)));
        assert.equal(setting.inputs["workspaceId"], idOf(single(e, T.workspace)));
        assert.deepEqual(expectList(setting.inputs, "logs").map((l) => [at(l, "category"), at(l, "enabled")]), [
          ["GatewayDiagnosticLog", true],
          ["TunnelDiagnosticLog", true],
          ["RouteDiagnosticLog", true],
          ["IKEDiagnosticLog", true],
        ]);
        assert.deepEqual(expectList(setting.inputs, "metrics").map((m) => [at(m, "category"), at(m, "enabled")]), [["AllMetrics", true]]);
      });

      it(`one QmsaCount alert per Azure connection${bgp ? " and one BgpPeerStatus alert per BGP peer" : ", no BGP alert"}, scoped to the gateway, into the action group`, () => {
        const e = evaluations[mode];
        const gatewayId = idOf(single(e, T.gateway));
        const groupId = idOf(single(e, T.actionGroup));
        const alerts = ofType(e, T.metricAlert);
        const tunnels = tunnelsByWiring(e);
        assert.equal(alerts.length, tunnels.length * (bgp ? 2 : 1));
        const criterion = (alert: (typeof alerts)[number]): unknown => at(alert.inputs, "criteria", "allOf", 0);
        for (const alert of alerts) {
          assert.deepEqual(alert.inputs["scopes"], [gatewayId]);
          assert.deepEqual(expectList(alert.inputs, "actions").map((a) => at(a, "actionGroupId")), [groupId]);
          assert.equal(at(alert.inputs, "criteria", "odataType"), "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria");
          assert.equal(at(criterion(alert), "metricNamespace"), "Microsoft.Network/virtualNetworkGateways");
          assert.equal(at(criterion(alert), "operator"), "LessThan");
        }
        for (const tunnel of tunnels) {
          const name = expectStr(tunnel.connection.inputs, "virtualNetworkGatewayConnectionName");
          const sa = alerts.filter((a) => at(criterion(a), "metricName") === "QmsaCount" && at(criterion(a), "dimensions", 0, "name") === "ConnectionName" && at(criterion(a), "dimensions", 0, "values", 0) === name);
          assert.equal(sa.length, 1, `one SA alert on connection ${name}`);
          assert.equal(at(criterion(sa[0]!), "timeAggregation"), "Total");
          // Named from the connection, replaced delete-first (a name is unique in its resource group).
          assert.deepEqual([sa[0]!.inputs["ruleName"], sa[0]!.deleteBeforeReplace], [`${name}-down`, true]);
          const peer = at(tunnel.lng.inputs, "bgpSettings", "bgpPeeringAddress");
          const bgpAlerts = alerts.filter((a) => at(criterion(a), "metricName") === "BgpPeerStatus" && at(criterion(a), "dimensions", 0, "values", 0) === peer);
          assert.equal(bgpAlerts.length, bgp ? 1 : 0, `BGP alert on peer ${String(peer)}`);
          if (bgp) assert.equal(at(criterion(bgpAlerts[0]!), "dimensions", 0, "name"), "BgpPeerAddress");
        }
      });

      it("the monitoring output names every log group, topic, workspace and alarm, in tunnel order", () => {
        const e = evaluations[mode];
        const out = e.outputs["monitoring"] as MonitoringContract;
        const tunnels = tunnelsByWiring(e).length;
        assert.equal(out.awsLogGroupArn, single(e, T.logGroup).state["arn"]);
        assert.equal(out.awsLogGroupName, single(e, T.logGroup).state["name"]);
        assert.equal(out.awsSnsTopicArn, single(e, T.topic).state["arn"]);
        assert.equal(out.azureWorkspaceId, idOf(single(e, T.workspace)));
        assert.equal(out.azureActionGroupId, idOf(single(e, T.actionGroup)));
        assert.equal(out.awsTunnelAlarmNames.length, tunnels);
        assert.equal(out.awsConnectionAlarmNames.length, tunnels / 2);
        assert.equal(out.azureTunnelAlertNames.length, tunnels);
        assert.equal(out.azureBgpAlertNames.length, bgp ? tunnels : 0);
        // Tunnel order: the first tunnel alarm watches the first tunnel's outside address.
        const firstTunnel = (e.outputs["tunnels"] as { awsOutsideIp: string }[])[0]!;
        const alarm = ofType(e, T.metricAlarm).find((a) => a.state["name"] === out.awsTunnelAlarmNames[0]);
        assert.equal(at(alarm?.inputs, "dimensions", "TunnelIpAddress"), firstTunnel.awsOutsideIp);
      });
    });
  }

  it("monitoring off (dev as committed): no monitoring resource, no log options, no output", async () => {
    const e = ok(await evaluateStack({ stack: "dev" }));
    assert.deepEqual(e.resources.filter((r) => MONITORING_TYPES.includes(r.type) || r.type.includes("Monitoring") || r.type.includes("TunnelLogs")).map((r) => r.name), []);
    for (const vpn of ofType(e, T.vpnConnection)) assert.equal(vpn.inputs["tunnel1LogOptions"], undefined);
    assert.equal(e.outputs["monitoring"], undefined);
  });

  it("no e-mail: no SNS subscription and no e-mail receiver", async () => {
    const { stack, raw } = modeConfig("static-active-standby");
    const e = ok(await evaluateStack({ stack, raw: withConfig(raw, { monitoring: { enabled: true } }) }));
    assert.equal(ofType(e, T.topicSubscription).length, 0);
    assert.deepEqual(single(e, T.actionGroup).inputs["emailReceivers"], []);
  });

  it("an existing workspace: none is created, and the diagnostics go to it", async () => {
    const { stack, raw } = modeConfig("static-active-standby");
    const e = ok(await evaluateStack({ stack, raw: withConfig(raw, { monitoring: { enabled: true, workspaceId: WORKSPACE } }) }));
    assert.equal(ofType(e, T.workspace).length, 0);
    assert.equal(single(e, T.diagnosticSetting).inputs["workspaceId"], WORKSPACE);
    assert.equal((e.outputs["monitoring"] as MonitoringContract).azureWorkspaceId, WORKSPACE);
  });

  it("children are named from the component's name, under their own components", () => {
    const e = evaluations["bgp-active-active-tgw"];
    const components = e.resources.filter((r) => ([T.awsTunnelLogs, T.awsMonitoring, T.azureMonitoring] as readonly string[]).includes(r.type));
    assert.deepEqual(components.map((c) => c.name).sort(), ["vpn-aws-logs", "vpn-aws-monitoring", "vpn-azure-monitoring"]);
    for (const r of e.resources.filter((x) => MONITORING_TYPES.includes(x.type))) {
      const parent = components.find((c) => c.urn === r.parentUrn);
      assert.ok(parent, `${r.name} has a monitoring component parent`);
      assert.ok(r.name.startsWith(`${parent.name}-`), `${r.name} is named from ${parent.name}`);
    }
  });
});
