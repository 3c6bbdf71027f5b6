/**
 * The plan's per-tunnel monitoring view (issue 13): for each tunnel, what logs it and which alarm
 * and alerts watch it, found by value (the alarm's TunnelIpAddress is the tunnel's outside
 * address, the alert's ConnectionName its Azure connection, the BGP alert's peer its AWS inside
 * address). report.ts builds it once and renders it as one table.
 */
import type { RegisteredResource } from "./evaluate";
import { at } from "../infra/props";
import { TYPES } from "../infra/types";

export interface MonitoringTunnel {
  id: string;
  vpnConnection: string;
  tunnelNumber: number;
  awsOutsideIp: string;
  awsInsideAddress: string;
  /** The tunnel's Azure connection name. */
  connection?: string;
}

export interface MonitoringRow {
  tunnel: string;
  /** "tunnel", "tunnel + BGP" or "none". */
  awsLogs: string;
  /** Logical names of the CloudWatch alarms on this tunnel, and on its whole VPN connection. */
  awsAlarm?: string;
  awsConnectionAlarm?: string;
  /** Logical names of the Azure alerts on this tunnel's connection, and on its BGP peer. */
  azureAlert?: string;
  azureBgpAlert?: string;
  /** The gateway's diagnostic setting (one for every tunnel). */
  azureDiagnostics?: string;
}

/** One row per tunnel; undefined when the stack declares no monitoring resource. */
export function monitoringRows(resources: readonly RegisteredResource[], tunnels: readonly MonitoringTunnel[]): MonitoringRow[] | undefined {
  const of = (type: string): RegisteredResource[] => resources.filter((r) => r.custom && r.type === type);
  const alarms = of(TYPES.metricAlarm);
  const alerts = of(TYPES.metricAlert);
  const diagnostics = of(TYPES.diagnosticSetting);
  const vpns = of(TYPES.vpnConnection);
  const logged = vpns.some((v) => at(v.inputs, "tunnel1LogOptions") !== undefined);
  if (alarms.length === 0 && alerts.length === 0 && diagnostics.length === 0 && !logged) return undefined;
  const criterion = (alert: RegisteredResource, dimension: string): unknown => {
    const c = at(alert.inputs, "criteria", "allOf", 0);
    return at(c, "dimensions", 0, "name") === dimension ? at(c, "dimensions", 0, "values", 0) : undefined;
  };
  return tunnels.map((t) => {
    const vpn = vpns.find((v) => v.name === t.vpnConnection);
    const options = at(vpn?.inputs, `tunnel${t.tunnelNumber}LogOptions`, "cloudwatchLogOptions");
    const awsLogs = at(options, "logEnabled") !== true ? "none" : at(options, "bgpLogEnabled") === true ? "tunnel + BGP" : "tunnel";
    return {
      tunnel: t.id,
      awsLogs,
      awsAlarm: alarms.find((a) => at(a.inputs, "dimensions", "TunnelIpAddress") === t.awsOutsideIp)?.name,
      awsConnectionAlarm: vpn ? alarms.find((a) => vpn.id !== undefined && at(a.inputs, "dimensions", "VpnId") === vpn.id)?.name : undefined,
      azureAlert: t.connection === undefined ? undefined : alerts.find((a) => criterion(a, "ConnectionName") === t.connection)?.name,
      azureBgpAlert: alerts.find((a) => criterion(a, "BgpPeerAddress") === t.awsInsideAddress)?.name,
      azureDiagnostics: diagnostics[0]?.name,
    };
  });
}

export const MONITORING_HEADERS = ["tunnel", "AWS logs", "AWS alarm (tunnel)", "AWS alarm (connection)", "Azure alert (connection)", "Azure alert (BGP peer)", "Azure diagnostics"];

export function monitoringTableRows(rows: readonly MonitoringRow[]): (string | undefined)[][] {
  const or = (value: string | undefined): string => value ?? "NONE";
  return rows.map((r) => [r.tunnel, r.awsLogs, or(r.awsAlarm), or(r.awsConnectionAlarm), or(r.azureAlert), r.azureBgpAlert ?? "-", or(r.azureDiagnostics)]);
}
