/**
 * The checks before the rule groups: a stack file's keys the Pulumi CLI would refuse or nothing
 * reads and secrets that cannot be read offline; the args' two regions and args that are no
 * setting; and each setting through its schema on its own (so one malformed setting does not hide
 * the problems of the others).
 */
import { z } from "zod";
import { azureLocationProblem, awsRegionProblem, editDistance } from "../catalog";
import { argKey, configSchema, EncryptedValue, PROJECT, qualified, type ConfigKey, type ParsedConfig, type RawConfig } from "../configSchema";
import type { Report } from "./group";

/** Namespaces a stack of this program sets: ours and the two providers'. */
const KNOWN_NAMESPACES = [PROJECT, "azure-native", "aws"] as const;

/** The closest candidate within a small edit distance (or equal ignoring case), if any. */
export function closest(value: string, candidates: readonly string[], maxDistance = 2): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = candidate.toLowerCase() === value.toLowerCase() ? 0.5 : editDistance(value, candidate);
    if (d < bestDistance && d <= maxDistance && candidate !== value) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Keys the Pulumi CLI would refuse, and namespaces that look like a misspelling of ours or a
 * provider's (a typo there would silently drop e.g. protect: true). docs/constraints.md, "Stack file reading".
 */
function keyProblems(raw: RawConfig, error: Report): void {
  for (const [key, value] of Object.entries(raw)) {
    const parts = key.split(":");
    if (parts.length !== 2 || parts[0] === "") {
      error(key, value, "is not a setting of this program: the Pulumi CLI takes only keys of the form <namespace>:<name> (e.g. azure-aws-vpn:protect)");
      continue;
    }
    const [namespace, name] = parts as [string, string];
    if ((KNOWN_NAMESPACES as readonly string[]).includes(namespace)) continue;
    const suggestion = closest(namespace, KNOWN_NAMESPACES, 3);
    if (suggestion !== undefined) error(key, value, `has an unknown namespace ${JSON.stringify(namespace)}, so nothing would read it: did you mean ${suggestion}:${name}?`);
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const part of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

const EXPECTED_TEXT: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a map of keys and values",
  record: "a map of keys and values",
};

/** Zod's default messages read like type errors; say what the setting must be instead. */
function schemaRule(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? "is required" : `must be ${EXPECTED_TEXT[issue.expected] ?? issue.expected}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_small":
      return issue.origin === "array" ? `must list at least ${issue.minimum} entr${issue.minimum === 1 ? "y" : "ies"}` : `must be at least ${issue.minimum}`;
    case "too_big":
      return issue.origin === "array" ? `must list at most ${issue.maximum} entries` : `must be at most ${issue.maximum}`;
    default:
      return undefined;
  }
}

const SECRET_RULE = "is a Pulumi secret (secure: ...) that cannot be decrypted offline, where there is no passphrase or secrets provider: the offline commands cannot check or use its value; run with the value in plain text in a scratch stack, or check it under the Pulumi CLI";

/** The rules the stack config words its own way (infra/config.ts `stackIssue`): a region not set, an unknown arg. */
export const ARG_RULES = {
  azureLocation: "must be an Azure region, e.g. eastus",
  awsRegion: "must be an AWS region, e.g. us-east-1",
  unknown: "is not an arg of Vpn (see the config reference in README.md)",
} as const;

/**
 * Problems only a stack file has, which no arg can: keys the Pulumi CLI would refuse, namespaces
 * that look misspelt, and the providers' secrets that cannot be decrypted offline.
 */
export function stackKeyProblems(raw: RawConfig, error: Report): void {
  keyProblems(raw, error);
  for (const [key, value] of Object.entries(raw)) {
    if (value instanceof EncryptedValue && !key.startsWith(`${PROJECT}:`)) error(key, value, SECRET_RULE);
  }
}

/**
 * Problems of the args as a whole: the two regions, and args that are not settings. Returns the
 * settings as given (every arg but the regions).
 */
export function argProblems(args: Readonly<Record<string, unknown>>, error: Report): Record<string, unknown> {
  // A rest object defines own properties: an arg named "__proto__" is reported, not made the prototype.
  const { azureLocation, awsRegion, ...written } = args;
  const region = (key: "azureLocation" | "awsRegion", value: unknown, problem: (region: string) => string | undefined): void => {
    const rule = typeof value !== "string" || value === "" ? ARG_RULES[key] : problem(value);
    if (rule !== undefined) error(argKey(key), value, rule);
  };
  region("azureLocation", azureLocation, azureLocationProblem);
  region("awsRegion", awsRegion, awsRegionProblem);
  for (const [key, value] of Object.entries(written)) {
    if (value !== undefined && !Object.hasOwn(configSchema.shape, key)) error(argKey(key), value, ARG_RULES.unknown);
  }
  return written;
}

/** The stack config's rule for a key, or a field inside a setting, that is no setting. */
export const UNKNOWN_SETTING_RULE = "is not a setting of this program (see the config reference in README.md)";

/** The rule the stack config gives one of its keys that is not a setting. */
export function unknownSettingRule(key: string): string {
  // `pulumi config set azure-aws-vpn:ipsec.phase1 ...` without --path makes a flat key of that name.
  const nested = /^([^.[]+)[.[]/.exec(key);
  return nested && Object.hasOwn(configSchema.shape, nested[1]!)
    ? `is not a setting of this program: to set part of ${nested[1]}, use pulumi config set --path '${qualified(key)}' <value>`
    : UNKNOWN_SETTING_RULE;
}

/** Our settings through the schema, each on its own. */
export interface ParsedSettings {
  /**
   * Each setting's parsed value; a setting that failed stands at its default, or is absent
   * without one. The rule groups read only keys that parsed, or that they take at their default.
   */
  view: ParsedConfig;
  /** Settings that failed the schema (or are undecryptable secrets): groups needing them do not run. */
  failed: ReadonlySet<ConfigKey>;
}

/** Parses each setting on its own and reports every schema problem, in the schema's key order. */
export function parseSettings(written: Readonly<Record<string, unknown>>, error: Report): ParsedSettings {
  const view: Record<string, unknown> = {};
  const failed = new Set<ConfigKey>();
  for (const [key, schema] of Object.entries(configSchema.shape) as [ConfigKey, z.ZodType][]) {
    if (written[key] instanceof EncryptedValue) {
      error(argKey(key), written[key], SECRET_RULE);
    } else {
      const result = schema.safeParse(written[key], { error: schemaRule });
      if (result.success) {
        view[key] = result.data;
        continue;
      }
      for (const issue of result.error.issues) {
        const path = [key, ...issue.path];
        if (issue.code === "unrecognized_keys") {
          for (const unknownKey of issue.keys) {
            error(argKey(pathText([...path, unknownKey])), valueAt(written, [...path, unknownKey]), ARG_RULES.unknown);
          }
          continue;
        }
        const value = valueAt(written, path);
        const rule = value === undefined && path.length === 1 ? "is required" : issue.message;
        error(argKey(pathText(path)), value, rule);
      }
    }
    failed.add(key);
    const fallback = schema.safeParse(undefined);
    if (fallback.success && fallback.data !== undefined) view[key] = fallback.data;
  }
  return { view: view as ParsedConfig, failed };
}
