/**
 * The stack's configuration: validateConfig checks every rule both clouds impose before any
 * resource is declared, and reports all problems at once, each naming the setting, the value and
 * the rule. The schema and types are in infra/configSchema.ts, the rules by concern in
 * infra/validation/; both are re-exported here.
 */
import { z } from "zod";
import { resolveMonitoring } from "./monitoring";
import {
  configSchema,
  PROJECT,
  type ConfigIssue,
  type ConfigKey,
  type GatewaySku,
  type ParsedConfig,
  type RawConfig,
  type VpnConfig,
} from "./configSchema";
import { RULE_GROUPS } from "./validation";
import type { Report, RuleContext } from "./validation/group";
import { parseSettings, rawProblems } from "./validation/keys";
import { derivedNameProblems } from "./validation/names";
import { insideCidrsOf, mergeProfile } from "./validation/tunnels";

export * from "./configSchema";
export { closest } from "./validation/keys";
export { AWS_VPC_FORBIDDEN, AZURE_SMALLEST_SUBNET_PREFIX, AZURE_VNET_FORBIDDEN } from "./validation/addresses";
export { asnReservation } from "./validation/routing";
export { AWS_MAX_ROUTES_PER_CONNECTION, tunnelCount } from "./validation/tunnels";

export function formatIssue(issue: ConfigIssue): string {
  const shown = issue.value === undefined ? "(not set)" : JSON.stringify(issue.value);
  return `${issue.key} = ${shown}: ${issue.rule}`;
}

export class ConfigError extends Error {
  constructor(public readonly issues: ConfigIssue[]) {
    super(
      `The stack configuration has ${issues.length} problem${issues.length === 1 ? "" : "s"}; nothing was created:\n` +
        issues.map((i) => `  - ${formatIssue(i)}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

export type ValidationResult =
  | { ok: true; config: VpnConfig; warnings: ConfigIssue[] }
  | { ok: false; errors: ConfigIssue[]; warnings: ConfigIssue[] };

function isStringKey(key: string): boolean {
  let schema: z.ZodType = configSchema.shape[key as ConfigKey];
  while (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) schema = schema.unwrap() as z.ZodType;
  return schema instanceof z.ZodString || schema instanceof z.ZodEnum;
}

/**
 * Turns Pulumi's runtime config (every value a string; structured and non-string values as JSON)
 * into native values. A value that is not valid JSON stays a string, so the schema names it.
 */
export function rawFromRuntimeConfig(all: Record<string, string>): RawConfig {
  const raw: RawConfig = {};
  for (const [key, text] of Object.entries(all)) {
    const [namespace, name] = key.split(":", 2);
    if (namespace !== PROJECT || name === undefined || !(name in configSchema.shape) || isStringKey(name)) {
      raw[key] = text;
      continue;
    }
    try {
      raw[key] = JSON.parse(text);
    } catch {
      raw[key] = text;
    }
  }
  return raw;
}

/**
 * Validates the whole configuration. Pure: no Pulumi calls. The raw config's keys and regions,
 * then each setting through its schema, then the rule groups in order, each only when the keys it
 * needs parsed; an accepted config is derived last, and the names it derives checked.
 */
export function validateConfig(raw: RawConfig, stack: string): ValidationResult {
  const errors: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  const error: Report = (key, value, rule) => {
    errors.push({ key, value, rule });
  };
  const warn: Report = (key, value, rule) => {
    warnings.push({ key, value, rule });
  };

  const written = rawProblems(raw, error);
  const { view, failed } = parseSettings(written, error);
  const context: RuleContext = { error, warn, awsRegion: raw["aws:region"], written };
  for (const group of RULE_GROUPS) {
    if (group.needs.every((key) => !failed.has(key))) group.check(view, context);
  }
  // A failed setting always left an error; testing both keeps `view` complete for deriveConfig.
  if (errors.length > 0 || failed.size > 0) return { ok: false, errors, warnings };

  const config = deriveConfig(view, raw, stack);
  derivedNameProblems(config, error);
  if (errors.length > 0) return { ok: false, errors, warnings };
  return { ok: true, config, warnings };
}

/** The accepted config: every setting parsed, the regions set, the computed fields filled in. */
function deriveConfig(c: ParsedConfig, raw: RawConfig, stack: string): VpnConfig {
  return {
    ...c,
    stack,
    azureLocation: raw["azure-native:location"] as string,
    awsRegion: raw["aws:region"] as string,
    gatewaySku: c.gatewaySku as GatewaySku,
    tunnelInsideCidrs: insideCidrsOf(c),
    ipsec: mergeProfile(c.ipsec),
    monitoring: resolveMonitoring(c.monitoring),
  };
}

/** Validates and throws one ConfigError listing every problem. */
export function loadConfig(raw: RawConfig, stack: string): { config: VpnConfig; warnings: ConfigIssue[] } {
  const result = validateConfig(raw, stack);
  if (!result.ok) throw new ConfigError(result.errors);
  return { config: result.config, warnings: result.warnings };
}
