/**
 * Compares a stack's config with the same stack file at another git revision (e.g. the main
 * branch a pull request targets) and names the disruptive changes before anyone deploys.
 */
import { execFileSync } from "node:child_process";
import { parse as parseYaml } from "yaml";
import { validateConfig, type RawConfig } from "../infra/config";
import { disruptiveChanges, type Disruption } from "../infra/guards";
import { REPO_ROOT, readStackConfig } from "./evaluate";

export interface AgainstReport {
  ref: string;
  stack: string;
  /** False when the stack file does not exist at the revision (a new stack). */
  existed: boolean;
  disruptions: Disruption[];
  /** Disruptions a protected stack refuses (not acknowledged). */
  refused: Disruption[];
  protectedStack: boolean;
}

export function readStackConfigAt(ref: string, stack: string): RawConfig | undefined {
  let text: string;
  try {
    text = execFileSync("git", ["show", `${ref}:Pulumi.${stack}.yaml`], { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch {
    return undefined;
  }
  const parsed = parseYaml(text) as { config?: RawConfig } | null;
  return parsed?.config ?? {};
}

export function compareAgainst(ref: string, stack: string, current: RawConfig = readStackConfig(stack)): AgainstReport {
  const next = validateConfig(current, stack);
  if (!next.ok) throw new Error(`Pulumi.${stack}.yaml is invalid; fix it before comparing with ${ref}`);
  const previousRaw = readStackConfigAt(ref, stack);
  const previous = previousRaw === undefined ? undefined : validateConfig(previousRaw, stack);
  if (previous === undefined || !previous.ok) {
    return { ref, stack, existed: previous !== undefined, disruptions: [], refused: [], protectedStack: next.config.protect };
  }
  const disruptions = disruptiveChanges(previous.config, next.config);
  return {
    ref,
    stack,
    existed: true,
    disruptions,
    refused: next.config.protect ? disruptions.filter((d) => !d.acknowledged) : [],
    protectedStack: next.config.protect,
  };
}

export function formatAgainst(report: AgainstReport): string {
  if (!report.existed) return `Compared with ${report.ref}: Pulumi.${report.stack}.yaml does not exist there (or is invalid): a new stack, nothing to guard.`;
  if (report.disruptions.length === 0) return `Compared with ${report.ref}: no disruptive change.`;
  const lines = [`Compared with ${report.ref}: ${report.disruptions.length} DISRUPTIVE change(s):`];
  for (const d of report.disruptions) {
    const status = !report.protectedStack ? "(stack not protected)" : d.acknowledged ? "(acknowledged)" : "REFUSED: protected stack, not acknowledged";
    lines.push(`  - ${d.setting}: ${JSON.stringify(d.from)} -> ${JSON.stringify(d.to)}; ${d.kind} ${d.resources.join(", ")}: ${d.effect} ${status}`);
  }
  if (report.refused.length > 0) {
    lines.push(`  To proceed deliberately: add ${report.refused.map((d) => d.setting).join(", ")} to azure-aws-vpn:acknowledgeDisruption (see README, "Change a setting safely").`);
  }
  return lines.join("\n");
}
