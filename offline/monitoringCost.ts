/**
 * The monitoring resources' share of the cost estimate (issue 13): CloudWatch Logs ingestion and
 * storage, CloudWatch alarms, SNS, Log Analytics ingestion and retention, Azure metric alert time
 * series. Counts come from the declared resources; log volumes are an ASSUMPTION (nothing measures
 * them offline), shown on each line and overridable. cost.ts calls monitoringCost() once.
 */
import type { RegisteredResource } from "./evaluate";
import { at } from "../infra/props";
import { TYPES } from "../infra/types";

/** Types this module prices (cost.ts leaves them to it). */
export const MONITORING_PRICED_TYPES: readonly string[] = [TYPES.logGroup, TYPES.metricAlarm, TYPES.topic, TYPES.workspace, TYPES.diagnosticSetting, TYPES.metricAlert];
/** Monitoring types with no charge of their own (their notifications are priced with the topic). */
export const MONITORING_FREE_TYPES: Readonly<Record<string, { cloud: "azure" | "aws"; kind: string }>> = {
  [TYPES.topicSubscription]: { cloud: "aws", kind: "SNS e-mail subscription" },
  [TYPES.actionGroup]: { cloud: "azure", kind: "Action group (first 1,000 e-mails a month free)" },
};

/**
 * Assumed log volume per month (ASSUMPTION, not measured): AWS tunnel logs are a few IKE, DPD and
 * BGP events per tunnel and hour (about 1 KB each); the Azure gateway's IKE and tunnel logs are
 * more verbose, and AllMetrics adds about 40 metrics per minute.
 */
export const ASSUMED_LOG_GB_PER_MONTH = { awsPerTunnel: 0.05, azurePerGateway: 1 } as const;
/** Log Analytics keeps 31 days at no extra charge; retention beyond is billed per GB-month. */
export const LOG_ANALYTICS_INCLUDED_DAYS = 31;

export interface MonitoringCostOptions {
  /** GB of logs per month, instead of the assumed volumes. */
  logGbPerMonth?: { aws?: number; azure?: number };
}

/** cost.ts's line maker: adds one priced line. */
export type PricedLine = (cloud: "azure" | "aws", kind: string, members: RegisteredResource[], quantity: number, unit: string, priceKey: string, size?: number, extraNote?: string) => void;

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

/** Adds the monitoring lines; nothing when the stack declares no monitoring resource. */
export function monitoringCost(of: (type: string) => RegisteredResource[], priced: PricedLine, options: MonitoringCostOptions = {}): void {
  const logGroups = of(TYPES.logGroup);
  if (logGroups.length > 0) {
    const tunnels = of(TYPES.vpnConnection).reduce(
      (sum, vpn) => sum + [1, 2].filter((n) => at(vpn.inputs, `tunnel${n}LogOptions`, "cloudwatchLogOptions", "logEnabled") === true).length,
      0,
    );
    const given = options.logGbPerMonth?.aws;
    const gb = round3(given ?? tunnels * ASSUMED_LOG_GB_PER_MONTH.awsPerTunnel);
    const how = given !== undefined ? "given" : `ASSUMED ${ASSUMED_LOG_GB_PER_MONTH.awsPerTunnel} GB per tunnel, not measured`;
    priced("aws", `CloudWatch Logs ingestion (${tunnels} tunnels' logs, ${gb} GB: ${how})`, logGroups, gb, "GB", "aws.cloudwatch.logsIngestionPerGb");
    const retention = Number(at(logGroups[0]!.inputs, "retentionInDays") ?? 30);
    const stored = round3((gb * retention) / 30);
    priced("aws", `CloudWatch Logs storage (${retention} days kept: ${stored} GB at steady state)`, logGroups, 1, "log group", "aws.cloudwatch.logsStoragePerGbMonth", stored);
  }
  const alarms = of(TYPES.metricAlarm);
  if (alarms.length > 0) priced("aws", "CloudWatch alarms (standard resolution)", alarms, alarms.length, "alarm", "aws.cloudwatch.alarmStandard");
  const topics = of(TYPES.topic);
  if (topics.length > 0) priced("aws", "SNS topic and e-mail notifications", topics, topics.length, "topic", "aws.sns.topic");

  const settings = of(TYPES.diagnosticSetting);
  if (settings.length > 0) {
    const given = options.logGbPerMonth?.azure;
    const gb = round3(given ?? settings.length * ASSUMED_LOG_GB_PER_MONTH.azurePerGateway);
    const how = given !== undefined ? "given" : `ASSUMED ${ASSUMED_LOG_GB_PER_MONTH.azurePerGateway} GB per gateway, not measured`;
    const workspaces = of(TYPES.workspace);
    const where = workspaces.length > 0 ? "" : " into the existing workspace";
    priced("azure", `Log Analytics ingestion (gateway diagnostics${where}, ${gb} GB: ${how})`, [...workspaces, ...settings], gb, "GB", "azure.logAnalytics.ingestionPerGb");
    const retention = Number(at(workspaces[0]?.inputs, "retentionInDays") ?? LOG_ANALYTICS_INCLUDED_DAYS);
    if (retention > LOG_ANALYTICS_INCLUDED_DAYS) {
      const stored = round3((gb * (retention - LOG_ANALYTICS_INCLUDED_DAYS)) / 30);
      priced("azure", `Log Analytics retention beyond ${LOG_ANALYTICS_INCLUDED_DAYS} days (${retention} days kept: ${stored} GB)`, workspaces, 1, "workspace", "azure.logAnalytics.retentionPerGbMonth", stored);
    }
  }
  const alerts = of(TYPES.metricAlert);
  if (alerts.length > 0) {
    // Each rule filters its metric to one dimension value: one time series per rule.
    priced("azure", "Metric alert rules (one time series each)", alerts, alerts.length, "rule", "azure.monitor.metricAlertTimeSeries");
  }
}
