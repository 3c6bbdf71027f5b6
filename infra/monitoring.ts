/**
 * The `monitoring` setting: tunnel logs, alarms and alerts on both clouds (issue 13). Its schema,
 * its defaults and every rule the clouds impose on it, checked by validateMonitoring; config.ts only
 * hooks it in. Pure: no Pulumi calls. Rules and sources: docs/constraints.md, "Monitoring".
 */
import { z } from "zod";
import { NAME_RULES, nameProblem } from "./nameRules";

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy; aws 7.48 LogGroup.retentionInDays). 0 ("never expire") is left out on purpose: logs would grow without bound. */
export const CLOUDWATCH_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
/** A Log Analytics workspace's retention on the pay-as-you-go (PerGB2018) plan: 30 to 730 days. */
export const LOG_ANALYTICS_RETENTION = { min: 30, max: 730 } as const;
/** Default retention: a value both clouds accept, and within Log Analytics' included 31 days. */
export const DEFAULT_LOG_RETENTION_DAYS = 30;

/** A subscription id in an ARM resource id: a GUID. */
const SUBSCRIPTION_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A Log Analytics workspace name: 4 to 63 letters, digits and hyphens, alphanumeric at both ends. */
const WORKSPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/;
const WORKSPACE_ID_FORM = "/subscriptions/<subscription GUID>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>";

/**
 * Reads an existing workspace's ARM resource id segment by segment, so a wrong one is named: the
 * fixed words and the provider namespace and type compare case-insensitively (as ARM does); the
 * resource group obeys Azure's resource group rule (which refuses `.` and `..`, as they end in
 * '.'); nothing may follow the name (no trailing '/', query or further segments).
 */
export function workspaceIdProblem(id: string): string | undefined {
  const segments = id.split("/");
  const expected = `must be the ARM resource id of a Log Analytics workspace, ${WORKSPACE_ID_FORM} (az monitor log-analytics workspace show --query id)`;
  if (segments[0] !== "" || segments.length !== 9) return `${expected}: it has ${Math.max(segments.length - 1, 0)} '/'-separated segments, not 8${id.endsWith("/") ? " (a trailing '/')" : ""}`;
  const [, subscriptions, subscription, resourceGroups, group, providers, namespace, type, name] = segments as [string, string, string, string, string, string, string, string, string];
  const word = (actual: string, wanted: string): boolean => actual.toLowerCase() === wanted.toLowerCase();
  if (!word(subscriptions, "subscriptions") || !word(resourceGroups, "resourceGroups") || !word(providers, "providers")) return `${expected}: the fixed segments are subscriptions, resourceGroups and providers`;
  if (!SUBSCRIPTION_GUID.test(subscription)) return `${expected}: the subscription ${JSON.stringify(subscription)} is not a GUID`;
  const groupProblem = nameProblem(group, NAME_RULES.resourceGroup);
  if (groupProblem) return `${expected}: the resource group ${JSON.stringify(group)} is not one Azure accepts (${groupProblem})`;
  if (!word(namespace, "Microsoft.OperationalInsights") || !word(type, "workspaces")) return `${expected}: ${namespace}/${type} is not a Log Analytics workspace (Microsoft.OperationalInsights/workspaces)`;
  if (!WORKSPACE_NAME.test(name)) return `${expected}: the workspace name ${JSON.stringify(name)} must be 4 to 63 letters, digits and hyphens, starting and ending with a letter or digit`;
  return undefined;
}

/** RFC 5321 section 4.5.3.1: a local part of at most 64 octets, a domain of at most 255, a path of at most 256 (so an address of at most 254). */
export const EMAIL_LIMITS = { localPart: 64, domain: 255, address: 254 } as const;

/** The setting as written: every field optional (defaults applied by resolveMonitoring). */
export const monitoringSchema = z
  .object({
    enabled: z.boolean(),
    email: z.string(),
    logRetentionDays: z.number().int(),
    workspaceId: z.string(),
  })
  .strict()
  .partial();

export type MonitoringSetting = z.infer<typeof monitoringSchema>;

/** The validated setting the program is built from. */
export interface MonitoringConfig {
  /** Create logs, alarms and alerts on both clouds. */
  enabled: boolean;
  /** Where the SNS topic and the action group send alarms; none: subscribe yourself. */
  email?: string;
  /** Retention of the CloudWatch log group and of the workspace this program creates. */
  logRetentionDays: number;
  /** An existing Log Analytics workspace to send the gateway's diagnostics to, instead of a new one. */
  workspaceId?: string;
}

export interface MonitoringProblem {
  /** Path under monitoring, e.g. "email". */
  path: string;
  value: unknown;
  rule: string;
}

/** The setting with its defaults. */
export function resolveMonitoring(setting: MonitoringSetting | undefined): MonitoringConfig {
  const s = setting ?? {};
  return {
    enabled: s.enabled ?? false,
    ...(s.email !== undefined ? { email: s.email } : {}),
    logRetentionDays: s.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
    ...(s.workspaceId !== undefined ? { workspaceId: s.workspaceId } : {}),
  };
}

/** An e-mail address both SNS and Azure Monitor take: one @, no spaces, a dotted domain (zod's check). */
const emailSchema = z.email();

/** Why `email` is not one deliverable address, or undefined: zod's form, then RFC 5321's lengths (in octets). */
export function emailProblem(email: string): string | undefined {
  const one = "must be one e-mail address, e.g. ops@example.com (the SNS e-mail subscription and the Azure action group's e-mail receiver)";
  if (!emailSchema.safeParse(email).success) return one;
  const octets = (text: string): number => Buffer.byteLength(text, "utf8");
  const at = email.lastIndexOf("@");
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (octets(local) > EMAIL_LIMITS.localPart) return `${one}: its local part (before the @) is ${octets(local)} octets, and RFC 5321 allows at most ${EMAIL_LIMITS.localPart}`;
  if (octets(domain) > EMAIL_LIMITS.domain) return `${one}: its domain is ${octets(domain)} octets, and RFC 5321 allows at most ${EMAIL_LIMITS.domain}`;
  if (octets(email) > EMAIL_LIMITS.address) return `${one}: it is ${octets(email)} octets, and RFC 5321 allows at most ${EMAIL_LIMITS.address} (a path of 256 with its angle brackets)`;
  return undefined;
}

/**
 * Every problem with a (schema-valid) monitoring setting, and warnings for settings without effect.
 * Retention must be a value CloudWatch Logs accepts and, when this program creates the Log
 * Analytics workspace, inside the workspace's range too (one retention for both).
 */
export function validateMonitoring(setting: MonitoringSetting | undefined): { errors: MonitoringProblem[]; warnings: MonitoringProblem[] } {
  const m = resolveMonitoring(setting);
  const errors: MonitoringProblem[] = [];
  const warnings: MonitoringProblem[] = [];
  const retention = m.logRetentionDays;
  if (!(CLOUDWATCH_RETENTION_DAYS as readonly number[]).includes(retention)) {
    errors.push({ path: "logRetentionDays", value: retention, rule: `must be a retention CloudWatch Logs accepts: one of ${CLOUDWATCH_RETENTION_DAYS.join(", ")}` });
  } else if (m.workspaceId === undefined && (retention < LOG_ANALYTICS_RETENTION.min || retention > LOG_ANALYTICS_RETENTION.max)) {
    errors.push({
      path: "logRetentionDays",
      value: retention,
      rule: `also sets the retention of the Log Analytics workspace this program creates, which takes ${LOG_ANALYTICS_RETENTION.min} to ${LOG_ANALYTICS_RETENTION.max} days: use one of ${CLOUDWATCH_RETENTION_DAYS.filter((d) => d >= LOG_ANALYTICS_RETENTION.min && d <= LOG_ANALYTICS_RETENTION.max).join(", ")}, or give an existing workspace (monitoring.workspaceId)`,
    });
  }
  if (m.email !== undefined) {
    const problem = emailProblem(m.email);
    if (problem) errors.push({ path: "email", value: m.email, rule: problem });
  }
  if (m.workspaceId !== undefined) {
    const problem = workspaceIdProblem(m.workspaceId);
    if (problem) errors.push({ path: "workspaceId", value: m.workspaceId, rule: problem });
  }
  if (!m.enabled) {
    for (const path of ["email", "workspaceId"] as const) {
      if (m[path] !== undefined) warnings.push({ path, value: m[path], rule: "has no effect while monitoring.enabled is false" });
    }
  }
  return { errors, warnings };
}

/**
 * The Log Analytics workspace this program creates, named from the VPN gateway: a workspace name
 * takes 4 to 63 letters, digits and hyphens, starting and ending with a letter or digit
 * (docs/constraints.md, "Monitoring"), so the gateway name's '.' and '_' become '-'.
 */
export function workspaceNameFor(gatewayName: string): string {
  return `law-${gatewayName.replace(/[^A-Za-z0-9-]/g, "-")}`.slice(0, 63).replace(/-+$/, "");
}
