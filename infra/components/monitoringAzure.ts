/**
 * Azure monitoring (issue 13): a Log Analytics workspace (or an existing one), a diagnostic
 * setting on the VPN gateway (gateway, tunnel, route and IKE logs, all metrics), an action group
 * and metric alerts per connection: IPsec SAs (QmsaCount) and, with BGP, the peer's status. Metric
 * names, dimensions and sources: docs/constraints.md, "Monitoring".
 */
import * as pulumi from "@pulumi/pulumi";
import * as azureMonitor from "@pulumi/azure-native/monitor";
import * as azureOperationalinsights from "@pulumi/azure-native/operationalinsights";
import type { RoutingMode } from "../enums";
import { workspaceNameFor } from "../monitoring";
import { azureTags } from "../tags";
import { TYPES } from "../types";

// Provider submodules, not the package root (see tunnelPair.ts).
const azure = { monitor: azureMonitor, operationalinsights: azureOperationalinsights };

/** The VPN gateway's log categories the diagnostic setting sends (Microsoft.Network/virtualNetworkGateways). */
export const GATEWAY_LOG_CATEGORIES = ["GatewayDiagnosticLog", "TunnelDiagnosticLog", "RouteDiagnosticLog", "IKEDiagnosticLog"] as const;
/** Metrics of Microsoft.Network/virtualNetworkGateways the alerts use, with their dimensions. */
export const GATEWAY_METRICS = {
  /** Tunnel QMSA Count: IPsec (quick mode) SAs of a connection; none = the tunnel carries nothing. */
  tunnelSas: { metricName: "QmsaCount", dimension: "ConnectionName", timeAggregation: "Total", threshold: 1 },
  /**
   * BGP Peer Status: 1 connected, 0 not, per peer address and gateway instance, averaged. Below
   * 0.5, not at least 1: in active-active, the instance the tunnel does not end on may report the
   * peer as 0 while the session is up (averaged with the other: 0.5); down is 0 on both.
   */
  bgpPeer: { metricName: "BgpPeerStatus", dimension: "BgpPeerAddress", timeAggregation: "Average", threshold: 0.5 },
} as const;
export const METRIC_NAMESPACE = "Microsoft.Network/virtualNetworkGateways";
/** Both metrics' smallest time grain is 5 minutes: evaluate every 5, over 15. */
export const ALERT_WINDOW = { evaluationFrequency: "PT5M", windowSize: "PT15M" } as const;

/** One Azure connection (one tunnel) the alerts watch. */
export interface AzureMonitoringTunnelArgs {
  /** Stable tunnel id, e.g. c1t1. */
  id: string;
  /** The Azure connection's name: the ConnectionName dimension. */
  connectionName: string;
  /** The AWS inside address, Azure's BGP peer on this tunnel: the BgpPeerAddress dimension (BGP mode). */
  bgpPeerAddress: string;
}

export interface AzureMonitoringArgs {
  /** The VPN gateway's name: the workspace, action group and diagnostic setting are named from it. */
  gatewayName: string;
  /** Azure region of the workspace. */
  location: pulumi.Input<string>;
  /** Resource group of the workspace, action group and alerts. */
  resourceGroupName: pulumi.Input<string>;
  /** The VPN gateway: the diagnostic setting's resource and the alerts' scope. */
  gatewayId: pulumi.Input<string>;
  /** Every tunnel's Azure connection (plain list: one alert per tunnel, and per BGP peer). */
  tunnels: AzureMonitoringTunnelArgs[];
  /** static or bgp (plain): BGP adds a BgpPeerStatus alert per tunnel. */
  routing: RoutingMode;
  /** Retention of the workspace this component creates, in days (30 to 730). */
  retentionDays: number;
  /** An existing Log Analytics workspace's resource id: no workspace is created. */
  workspaceId?: string;
  /** An e-mail receiver of the action group. */
  email?: string;
  /** Tags on every taggable resource this component creates, with managed-by (plain). */
  tags?: Record<string, string>;
}

/** Pulumi resource name of a tunnel's alert, from the component's name. */
export function tunnelAlertName(name: string, tunnelId: string): string {
  return `${name}-${tunnelId}-down`;
}
/** Pulumi resource name of a tunnel's BGP peer alert. */
export function bgpAlertName(name: string, tunnelId: string): string {
  return `${name}-${tunnelId}-bgp-down`;
}

export class AzureMonitoring extends pulumi.ComponentResource {
  /** The Log Analytics workspace the gateway's diagnostics go to. */
  public readonly workspaceId: pulumi.Output<string>;
  /** The action group the alerts notify. */
  public readonly actionGroupId: pulumi.Output<string>;
  /** Metric alert rule names per tunnel id (BGP mode: the SA alert, then the BGP peer alert). */
  public readonly alertNames: Record<string, pulumi.Output<string>[]>;

  constructor(name: string, args: AzureMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPES.azureMonitoring, name, {}, opts);
    // Named Azure resources (readable in the portal, and distinct to the update model): a
    // replacement with the same name must delete the old one first.
    const named = { parent: this, deleteBeforeReplace: true };
    this.workspaceId = args.workspaceId !== undefined
      ? pulumi.output(args.workspaceId)
      : new azure.operationalinsights.Workspace(`${name}-workspace`, {
        workspaceName: workspaceNameFor(args.gatewayName),
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        sku: { name: "PerGB2018" },
        retentionInDays: args.retentionDays,
        tags: azureTags(args.tags),
      }, named).id;

    new azure.monitor.DiagnosticSetting(`${name}-gateway-diagnostics`, {
      name: `${args.gatewayName}-diagnostics`,
      resourceUri: args.gatewayId,
      workspaceId: this.workspaceId,
      logs: GATEWAY_LOG_CATEGORIES.map((category) => ({ category, enabled: true })),
      metrics: [{ category: "AllMetrics", enabled: true }],
    }, named);

    const group = new azure.monitor.ActionGroup(`${name}-actions`, {
      actionGroupName: `ag-${args.gatewayName}`,
      resourceGroupName: args.resourceGroupName,
      location: "Global",
      // At most 12 characters: the sender name of SMS and e-mail.
      groupShortName: "vpn-alerts",
      enabled: true,
      emailReceivers: args.email !== undefined ? [{ name: "operator", emailAddress: args.email, useCommonAlertSchema: true }] : [],
      tags: azureTags(args.tags),
    }, named);
    this.actionGroupId = group.id;

    const alert = (resourceName: string, ruleName: string, tunnel: AzureMonitoringTunnelArgs, metric: (typeof GATEWAY_METRICS)[keyof typeof GATEWAY_METRICS], value: string, description: string): pulumi.Output<string> => {
      const rule = new azure.monitor.MetricAlert(resourceName, {
        ruleName,
        resourceGroupName: args.resourceGroupName,
        location: "global",
        description,
        severity: 1,
        enabled: true,
        scopes: [args.gatewayId],
        evaluationFrequency: ALERT_WINDOW.evaluationFrequency,
        windowSize: ALERT_WINDOW.windowSize,
        autoMitigate: true,
        criteria: {
          odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
          allOf: [{
            criterionType: "StaticThresholdCriterion",
            name: `${tunnel.id}-${metric.metricName}`,
            metricNamespace: METRIC_NAMESPACE,
            metricName: metric.metricName,
            dimensions: [{ name: metric.dimension, operator: "Include", values: [value] }],
            operator: "LessThan",
            threshold: metric.threshold,
            timeAggregation: metric.timeAggregation,
          }],
        },
        actions: [{ actionGroupId: group.id }],
        tags: azureTags(args.tags),
      }, named);
      return rule.name;
    };

    this.alertNames = {};
    for (const tunnel of args.tunnels) {
      const names = [alert(tunnelAlertName(name, tunnel.id), `${tunnel.connectionName}-down`, tunnel, GATEWAY_METRICS.tunnelSas, tunnel.connectionName,
        `Tunnel ${tunnel.id}: Azure connection ${tunnel.connectionName} has had no IPsec SA for 15 minutes (tunnel down).`)];
      if (args.routing === "bgp") {
        names.push(alert(bgpAlertName(name, tunnel.id), `${tunnel.connectionName}-bgp-down`, tunnel, GATEWAY_METRICS.bgpPeer, tunnel.bgpPeerAddress,
          `Tunnel ${tunnel.id}: the BGP session with AWS peer ${tunnel.bgpPeerAddress} has not been connected for 15 minutes.`));
      }
      this.alertNames[tunnel.id] = names;
    }
    this.registerOutputs({ workspaceId: this.workspaceId, actionGroupId: this.actionGroupId, alertNames: this.alertNames });
  }
}
