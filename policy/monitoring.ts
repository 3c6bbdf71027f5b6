/**
 * prod-monitoring: in a production stack, monitoring must be on (issue 13). Like the rest of the
 * pack it restates what "on" means instead of importing the program: every tunnel logs to
 * CloudWatch, every tunnel and every VPN connection has a TunnelState alarm, the Azure VPN gateway
 * sends its diagnostics somewhere, and every Azure connection has a metric alert.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { TYPES } from "../infra/types";
import { describeResource, productionPolicy } from "./stack";
import { at, isUnknown, ownProps } from "./values";

/** The gateway's log categories the diagnostics must include to explain a tunnel that is down. */
const REQUIRED_CATEGORIES = ["TunnelDiagnosticLog", "IKEDiagnosticLog"] as const;

const HOW = "turn monitoring on (config azure-aws-vpn:monitoring.enabled true)";

/** Whether an alarm with `operator` and `threshold` is in ALARM for the value `value`; undefined when it cannot tell. */
export function alarmFiresAt(operator: unknown, threshold: unknown, value: number): boolean | undefined {
  if (typeof threshold !== "number") return undefined;
  switch (operator) {
    case "LessThanThreshold": return value < threshold;
    case "LessThanOrEqualToThreshold": return value <= threshold;
    case "GreaterThanThreshold": return value > threshold;
    case "GreaterThanOrEqualToThreshold": return value >= threshold;
    default: return undefined;
  }
}

/**
 * With the VpnId dimension, TunnelState is the fraction of the connection's tunnels that are up:
 * an all-tunnels-down alarm fires at 0 and not at 0.5 (one tunnel of two down), which a per-tunnel
 * alarm already reports. Unknown operator or threshold (preview): not judged.
 */
function meansEveryTunnelDown(props: Record<string, unknown>): boolean {
  const atZero = alarmFiresAt(props["comparisonOperator"], props["threshold"], 0);
  const atHalf = alarmFiresAt(props["comparisonOperator"], props["threshold"], 0.5);
  return atZero !== false && atHalf !== true;
}

export interface ProdMonitoringOptions {
  /** The stack name, read when the policy runs (default: the stack the CLI runs for). */
  stack?: () => string;
}

/** The prod-monitoring stack policy for the stack `options.stack()` names. */
export function prodMonitoring(options: ProdMonitoringOptions = {}): StackValidationPolicy {
  return productionPolicy(
    { name: "prod-monitoring", severity: "high", description: "In a production stack, monitoring is on: every AWS tunnel logs to CloudWatch Logs and has a TunnelState alarm, every VPN connection an all-tunnels-down alarm notifying an SNS topic, and the Azure VPN gateway has a diagnostic setting (tunnel and IKE logs) and a metric alert per connection." },
    options.stack,
    (args, reportViolation, stack) => {
      const of = (type: string) => args.resources.filter((r) => r.type === type);
      const vpns = of(TYPES.vpnConnection);
      const gateways = of(TYPES.gateway);
      const connections = of(TYPES.connection);

      for (const vpn of vpns) {
        const props = ownProps(vpn.props);
        for (const n of [1, 2]) {
          const enabled = at(props, `tunnel${n}LogOptions`, "cloudwatchLogOptions", "logEnabled");
          if (isUnknown(enabled) || enabled === true) continue;
          reportViolation(`${describeResource(vpn.type, vpn.name)} tunnel ${n} sends no logs to CloudWatch Logs in production stack "${stack}": ${HOW}.`, vpn.urn);
        }
      }

      const alarms = of(TYPES.metricAlarm).map((r) => ownProps(r.props)).filter((p) => p["namespace"] === "AWS/VPN" && p["metricName"] === "TunnelState");
      const tunnelAlarms = alarms.filter((p) => at(p, "dimensions", "TunnelIpAddress") !== undefined).length;
      const vpnIdAlarms = of(TYPES.metricAlarm).filter((r) => {
        const p = ownProps(r.props);
        return p["namespace"] === "AWS/VPN" && p["metricName"] === "TunnelState" && at(p, "dimensions", "VpnId") !== undefined;
      });
      for (const alarm of vpnIdAlarms.filter((r) => !meansEveryTunnelDown(ownProps(r.props)))) {
        const p = ownProps(alarm.props);
        reportViolation(`${describeResource(alarm.type, alarm.name)} (TunnelState by VpnId, ${String(p["comparisonOperator"])} ${String(p["threshold"])}) does not mean "every tunnel down" in production stack "${stack}": by VpnId TunnelState is the fraction of tunnels up, so it must fire at 0 and not at 0.5 (LessThanOrEqualToThreshold 0).`, alarm.urn);
      }
      const connectionAlarms = vpnIdAlarms.filter((r) => meansEveryTunnelDown(ownProps(r.props))).length;
      if (tunnelAlarms < vpns.length * 2) {
        reportViolation(`production stack "${stack}" has ${vpns.length * 2} AWS tunnels but ${tunnelAlarms} TunnelState alarm${tunnelAlarms === 1 ? "" : "s"} per tunnel (dimension TunnelIpAddress): ${HOW}.`);
      }
      if (connectionAlarms < vpns.length) {
        reportViolation(`production stack "${stack}" has ${vpns.length} AWS VPN connection${vpns.length === 1 ? "" : "s"} but ${connectionAlarms} all-tunnels-down alarm${connectionAlarms === 1 ? "" : "s"} (TunnelState, dimension VpnId): ${HOW}.`);
      }
      if (vpns.length > 0 && of(TYPES.topic).length === 0) {
        reportViolation(`production stack "${stack}" has no SNS topic for its VPN alarms to notify: ${HOW}.`);
      }

      const settings = of(TYPES.diagnosticSetting).map((r) => ownProps(r.props));
      const explaining = settings.filter((p) => {
        const logs = at(p, "logs");
        if (isUnknown(logs)) return true;
        const enabled = Array.isArray(logs) ? logs.filter((l) => at(l, "enabled") === true).map((l) => at(l, "category")) : [];
        return REQUIRED_CATEGORIES.every((c) => enabled.includes(c));
      });
      for (const gateway of gateways.slice(explaining.length)) {
        reportViolation(`${describeResource(gateway.type, gateway.name)} has no diagnostic setting sending ${REQUIRED_CATEGORIES.join(" and ")} in production stack "${stack}": ${HOW}.`, gateway.urn);
      }
      const alerts = of(TYPES.metricAlert).length;
      if (alerts < connections.length) {
        reportViolation(`production stack "${stack}" has ${connections.length} Azure connections but ${alerts} metric alert${alerts === 1 ? "" : "s"}: ${HOW}.`);
      }
    },
  );
}
