/**
 * Vpn's monitoring hook (issue 13): the components of monitoringAws.ts and monitoringAzure.ts,
 * created only when the config turns monitoring on (a plain value), and their outputs as the
 * contract's `monitoring` output.
 */
import * as pulumi from "@pulumi/pulumi";
import type { VpnConfig } from "../config";
import type { MonitoringContract } from "../outputs";
import type { Topology } from "../topology";
import { AwsMonitoring, AwsTunnelLogs } from "./monitoringAws";
import { AzureMonitoring } from "./monitoringAzure";
import { azureConnectionsOf, type TunnelPair } from "./tunnelPair";

/** The log group, before the VPN connections that log to it; undefined when monitoring is off. */
export function tunnelLogs(name: string, config: VpnConfig, opts: pulumi.ComponentResourceOptions): AwsTunnelLogs | undefined {
  if (!config.monitoring.enabled) return undefined;
  return new AwsTunnelLogs(`${name}-aws-logs`, { awsRegion: config.awsRegion, retentionDays: config.monitoring.logRetentionDays, tags: config.tags }, opts);
}

/** Alarms and alerts on both clouds, once the tunnels exist; the contract's monitoring output. */
export function monitorTunnels(
  name: string,
  config: VpnConfig,
  topology: Topology,
  logs: AwsTunnelLogs | undefined,
  pairs: TunnelPair[],
  azure: { location: string; resourceGroupName: pulumi.Input<string>; gatewayId: pulumi.Input<string>; gatewayName: string },
  opts: pulumi.ComponentResourceOptions,
): pulumi.Output<MonitoringContract> | undefined {
  if (logs === undefined) return undefined;
  const m = config.monitoring;
  const aws = new AwsMonitoring(`${name}-aws-monitoring`, {
    awsRegion: config.awsRegion,
    routing: config.routing,
    email: m.email,
    tags: config.tags,
    after: pairs.flatMap(azureConnectionsOf),
    connections: topology.connections.map((connection, i) => ({
      number: connection.number,
      vpnConnectionId: pairs[i]!.vpnConnectionId,
      tunnels: pairs[i]!.tunnels.map((t) => ({ id: t.id, outsideIp: t.awsOutsideIp })),
    })),
  }, opts);
  const azureMonitoring = new AzureMonitoring(`${name}-azure-monitoring`, {
    gatewayName: azure.gatewayName,
    location: azure.location,
    resourceGroupName: azure.resourceGroupName,
    gatewayId: azure.gatewayId,
    routing: config.routing,
    retentionDays: m.logRetentionDays,
    workspaceId: m.workspaceId,
    email: m.email,
    tunnels: topology.tunnels.map((t) => ({ id: t.id, connectionName: t.connectionName, bgpPeerAddress: t.awsInsideAddress })),
    tags: config.tags,
  }, opts);
  const ids = topology.tunnels.map((t) => t.id);
  return pulumi.output({
    awsLogGroupName: logs.logGroupName,
    awsLogGroupArn: logs.logGroupArn,
    awsSnsTopicArn: aws.topicArn,
    awsTunnelAlarmNames: pulumi.all(ids.map((id) => aws.tunnelAlarmNames[id]!)),
    awsConnectionAlarmNames: pulumi.all(topology.connections.map((c) => aws.connectionAlarmNames[`c${c.number}`]!)),
    azureWorkspaceId: azureMonitoring.workspaceId,
    azureActionGroupId: azureMonitoring.actionGroupId,
    azureTunnelAlertNames: pulumi.all(ids.map((id) => azureMonitoring.alertNames[id]![0]!)),
    azureBgpAlertNames: pulumi.all(ids.flatMap((id) => azureMonitoring.alertNames[id]!.slice(1))),
  });
}
