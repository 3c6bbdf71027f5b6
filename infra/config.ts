/**
 * The configuration: validateArgs checks Vpn's args against every rule both clouds impose before
 * any resource is declared, and reports all problems at once, each naming the arg, the value and
 * the rule; a stack's config is read as those args (stackArgs) and its problems named by config
 * key (stackIssue, validateConfig). The schema and types are in infra/configSchema.ts, the rules by concern in
 * infra/validation/; both are re-exported here.
 */
import { z } from "zod";
import { mergeProfile } from "./ipsec";
import { resolveMonitoring } from "./monitoring";
import {
  ARGS,
  configSchema,
  PROJECT,
  qualified,
  type ConfigIssue,
  type ConfigKey,
  type GatewaySku,
  type ParsedConfig,
  type RawConfig,
  type VpnConfig,
} from "./configSchema";
import { RULE_GROUPS } from "./validation";
import type { Report, RuleContext } from "./validation/group";
import { ARG_RULES, argProblems, parseSettings, stackKeyProblems, UNKNOWN_SETTING_RULE, unknownSettingRule } from "./validation/keys";
import { derivedNameProblems } from "./validation/names";
import { insideCidrsOf } from "./validation/tunnels";

export * from "./configSchema";
export { closest } from "./validation/keys";
export { sshPublicKeyProblems } from "./validation/testHosts";
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
 * Validates Vpn's args, every rule at once, each problem named by its arg (`VpnArgs.vpcCidr`).
 * Pure: no Pulumi calls. The regions and args that are no setting, then each setting through its
 * schema, then the rule groups in order, each only when the keys it needs parsed; an accepted
 * config is derived last, and the names it derives checked. `later`: settings given as values
 * known only later (Vpn's sshPublicKey Output), left unset here.
 */
export function validateArgs(args: Readonly<Record<string, unknown>>, stack: string, later: ReadonlySet<ConfigKey> = new Set()): ValidationResult {
  const errors: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  const error: Report = (key, value, rule) => {
    errors.push({ key, value, rule });
  };
  const warn: Report = (key, value, rule) => {
    warnings.push({ key, value, rule });
  };

  const written = argProblems(args, error);
  const { view, failed } = parseSettings(written, error);
  const context: RuleContext = { error, warn, awsRegion: args["awsRegion"], written, later };
  for (const group of RULE_GROUPS) {
    if (group.needs.every((key) => !failed.has(key))) group.check(view, context);
  }
  // A failed setting always left an error; testing both keeps `view` complete for deriveConfig.
  if (errors.length > 0 || failed.size > 0) return { ok: false, errors, warnings };

  const config = deriveConfig(view, args, stack);
  derivedNameProblems(config, error);
  if (errors.length > 0) return { ok: false, errors, warnings };
  return { ok: true, config, warnings };
}

/** The accepted config: every setting parsed, the regions set, the computed fields filled in. */
function deriveConfig(c: ParsedConfig, args: Readonly<Record<string, unknown>>, stack: string): VpnConfig {
  return {
    ...c,
    stack,
    azureLocation: args["azureLocation"] as string,
    awsRegion: args["awsRegion"] as string,
    gatewaySku: c.gatewaySku as GatewaySku,
    tunnelInsideCidrs: insideCidrsOf(c),
    ipsec: mergeProfile(c.ipsec),
    monitoring: resolveMonitoring(c.monitoring),
    azureSubnets: c.azureSubnets ?? [],
    awsSubnets: c.awsSubnets ?? [],
  };
}

/** A stack's config read as Vpn's args: names and types only, nothing checked. */
export interface StackArgs {
  /** `azure-native:location` as azureLocation, `aws:region` as awsRegion, each `azure-aws-vpn:<name>` as <name>. */
  args: Readonly<Record<string, unknown>>;
  /** Problems only a stack file has (keys, namespaces, the providers' undecryptable secrets), under config keys. */
  issues: ConfigIssue[];
}

/** The config keys the two region args come from. */
const REGION_KEYS = { azureLocation: "azure-native:location", awsRegion: "aws:region" } as const;

/** Reads a stack's config (fully qualified keys, native values) as Vpn's args, for Vpn to validate. */
export function stackArgs(raw: RawConfig): StackArgs {
  const issues: ConfigIssue[] = [];
  stackKeyProblems(raw, (key, value, rule) => void issues.push({ key, value, rule }));
  const settings: [string, unknown][] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!key.startsWith(`${PROJECT}:`)) continue;
    const name = key.slice(PROJECT.length + 1);
    // The region args come from the providers' keys; ours of those names are no setting.
    if (Object.hasOwn(REGION_KEYS, name)) issues.push({ key, value, rule: unknownSettingRule(name) });
    else settings.push([name, value]);
  }
  // fromEntries defines own properties: a key named "__proto__" is reported, not made the prototype.
  const args = Object.fromEntries([...settings, ["azureLocation", raw[REGION_KEYS.azureLocation]], ["awsRegion", raw[REGION_KEYS.awsRegion]]]);
  return { args, issues };
}

/** How the stack config says what the args say in their own words (ARG_RULES). */
const STACK_RULES: Readonly<Record<string, string>> = {
  [ARG_RULES.azureLocation]: "must be set to the Azure region, e.g. eastus (pulumi config set azure-native:location eastus)",
  [ARG_RULES.awsRegion]: "must be set to an AWS region, e.g. us-east-1 (pulumi config set aws:region us-east-1)",
};

/**
 * A problem with Vpn's args said of the stack config key it came from (`VpnArgs.vpcCidr` ->
 * `azure-aws-vpn:vpcCidr`, `VpnArgs.awsRegion` -> `aws:region`), in the stack config's words where
 * they differ. `args` are the stack's (stackArgs): a stack key that is no setting is one of them.
 */
export function stackIssue(issue: ConfigIssue, args: Readonly<Record<string, unknown>>): ConfigIssue {
  if (!issue.key.startsWith(`${ARGS}.`)) return issue;
  const path = issue.key.slice(ARGS.length + 1);
  const key = Object.hasOwn(REGION_KEYS, path) ? REGION_KEYS[path as keyof typeof REGION_KEYS] : qualified(path);
  // A stack key that is no setting is an arg of that name; a field inside a setting is not.
  if (issue.rule === ARG_RULES.unknown) return { ...issue, key, rule: Object.hasOwn(args, path) ? unknownSettingRule(path) : UNKNOWN_SETTING_RULE };
  return { ...issue, key, rule: STACK_RULES[issue.rule] ?? issue.rule };
}

/** Validates the stack's config read as args (stackArgs): its own problems, then the args', all under config keys. */
export function validateStackArgs({ args, issues }: StackArgs, stack: string): ValidationResult {
  const result = validateArgs(args, stack);
  const errors = [...issues, ...(result.ok ? [] : result.errors).map((issue) => stackIssue(issue, args))];
  const warnings = result.warnings.map((issue) => stackIssue(issue, args));
  if (!result.ok || errors.length > 0) return { ok: false, errors, warnings };
  return { ok: true, config: result.config, warnings };
}

/** Validates a stack's whole configuration, every problem under its config key. Pure: no Pulumi calls. */
export function validateConfig(raw: RawConfig, stack: string): ValidationResult {
  return validateStackArgs(stackArgs(raw), stack);
}

/** Validates and throws one ConfigError listing every problem. */
export function loadConfig(raw: RawConfig, stack: string): { config: VpnConfig; warnings: ConfigIssue[] } {
  const result = validateConfig(raw, stack);
  if (!result.ok) throw new ConfigError(result.errors);
  return { config: result.config, warnings: result.warnings };
}
