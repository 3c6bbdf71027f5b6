/**
 * A stack's config as the Pulumi CLI hands it to the program, read from Pulumi.<stack>.yaml
 * (infra/stackFile.ts). No Pulumi SDK here: the unit tests and the plan's argument checks use it.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { ConfigError, PROJECT, type RawConfig, validateConfig } from "../infra/config";
import { parseStackFile } from "../infra/stackFile";

export const REPO_ROOT = path.resolve(__dirname, "..");

/**
 * Reads Pulumi.<stack>.yaml's config as the Pulumi CLI hands it to the program (infra/stackFile.ts).
 * Keys the CLI would refuse throw a ConfigError naming them with the config's other problems.
 */
export function readStackConfig(stack: string, root: string = REPO_ROOT): RawConfig {
  const file = path.join(root, `Pulumi.${stack}.yaml`);
  const projectFile = path.join(root, "Pulumi.yaml");
  const declared: unknown = existsSync(projectFile) ? (parseYaml(readFileSync(projectFile, "utf8")) as { name?: unknown } | null)?.name : undefined;
  const project = typeof declared === "string" ? declared : undefined;
  const { raw, issues } = parseStackFile(readFileSync(file, "utf8"), path.basename(file), project ?? PROJECT);
  if (issues.length > 0) {
    const validation = validateConfig(raw, stack);
    throw new ConfigError([...issues, ...(validation.ok ? [] : validation.errors)]);
  }
  return raw;
}

/** What the Pulumi CLI hands a program: every value a string, structured values as JSON. */
export function toRuntimeConfig(raw: RawConfig): Record<string, string> {
  return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]));
}
