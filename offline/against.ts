/**
 * Compares a stack's config with the same stack file at another git revision (e.g. the main
 * branch a pull request targets) and names the disruptive changes before anyone deploys.
 */
import { execFileSync } from "node:child_process";
import { ConfigError, formatIssue, validateConfig, type ConfigIssue, type RawConfig } from "../infra/config";
import { normaliseRawConfig, parseStackFile } from "../infra/stackFile";
import { disruptiveChanges, type Disruption } from "../infra/guards";
import { REPO_ROOT, readStackConfig } from "./evaluate";
import { formatGuardedEffects, type ModelledDisruption } from "./update/guarded";

export interface AgainstReport {
  ref: string;
  stack: string;
  /** False when the stack file does not exist at the revision (a new stack). */
  existed: boolean;
  /** Each with what the update model does for it, once modelDisruptions has run (plan --against). */
  disruptions: (Disruption & { model?: ModelledDisruption })[];
  /** Disruptions a protected stack refuses (not acknowledged). */
  refused: Disruption[];
  protectedStack: boolean;
  /** Set when the stack file at the revision exists but is invalid (so nothing can be compared). */
  baseErrors?: ConfigIssue[];
}

export function readStackConfigAt(ref: string, stack: string): RawConfig | undefined {
  let text: string;
  try {
    text = execFileSync("git", ["show", `${ref}:Pulumi.${stack}.yaml`], { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch {
    return undefined;
  }
  const { raw, issues } = parseStackFile(text, `Pulumi.${stack}.yaml at ${ref}`);
  if (issues.length > 0) throw new ConfigError(issues);
  return raw;
}

export function compareAgainst(ref: string, stack: string, current: RawConfig = readStackConfig(stack)): AgainstReport {
  let previous: RawConfig | undefined;
  try {
    previous = readStackConfigAt(ref, stack);
  } catch (err) {
    // A base file the CLI cannot read at all is judged like an invalid one, never a crash.
    const report = compareConfigs(ref, stack, undefined, current);
    return { ...report, existed: true, baseErrors: [{ key: `Pulumi.${stack}.yaml at ${ref}`, value: undefined, rule: err instanceof Error ? err.message : String(err) }] };
  }
  return compareConfigs(ref, stack, previous, current);
}

/**
 * The verdict from the two configs, both read the one way the program reads them (a stack file
 * through parseStackFile, native values normalised as the CLI's strings would be), so how a value
 * is written (quoted or not) cannot change it.
 */
export function compareConfigs(ref: string, stack: string, previousRaw: RawConfig | undefined, currentRaw: RawConfig): AgainstReport {
  const next = validateConfig(normaliseRawConfig(currentRaw), stack);
  if (!next.ok) throw new Error(`Pulumi.${stack}.yaml is invalid; fix it before comparing with ${ref}`);
  const base = { ref, stack, protectedStack: next.config.protect };
  if (previousRaw === undefined) return { ...base, existed: false, disruptions: [], refused: [] };
  const previous = validateConfig(normaliseRawConfig(previousRaw), stack);
  if (!previous.ok) {
    // Nothing to compare with: a protected stack fails closed rather than let any change through.
    return { ...base, existed: true, baseErrors: previous.errors, disruptions: [], refused: [] };
  }
  const disruptions = disruptiveChanges(previous.config, next.config);
  return { ...base, existed: true, disruptions, refused: next.config.protect ? disruptions.filter((d) => !d.acknowledged) : [] };
}

/** True when the change must not go ahead: a refused disruption, or a protected stack whose base cannot be read. */
export function againstRefuses(report: AgainstReport): boolean {
  return report.refused.length > 0 || (report.protectedStack && report.baseErrors !== undefined);
}

export function formatAgainst(report: AgainstReport): string {
  if (!report.existed) return `Compared with ${report.ref}: Pulumi.${report.stack}.yaml does not exist there: a new stack, nothing to guard.`;
  if (report.baseErrors !== undefined) {
    const head = `Compared with ${report.ref}: Pulumi.${report.stack}.yaml there is invalid, so no change can be judged against it`;
    const list = report.baseErrors.map((i) => `  - ${formatIssue(i)}`).join("\n");
    return report.protectedStack ? `${head}: REFUSED on a protected stack (deploy from a revision whose stack file is valid):\n${list}` : `${head} (stack not protected):\n${list}`;
  }
  if (report.disruptions.length === 0) return `Compared with ${report.ref}: no disruptive change.`;
  const lines = [`Compared with ${report.ref}: ${report.disruptions.length} DISRUPTIVE change(s):`];
  for (const d of report.disruptions) {
    const status = !report.protectedStack ? "(stack not protected)" : d.acknowledged ? "(acknowledged)" : "REFUSED: protected stack, not acknowledged";
    // What happens comes from the update model (offline/update/guarded.ts) when it ran; the guard
    // itself says only which kinds its acknowledgement unprotects, and why.
    const model = d.model === undefined ? "" : `the update model${d.model.alone ? "" : " (with this revision's other changes)"}: ${formatGuardedEffects(d.model.effects)}; `;
    const lifts = d.resources.length > 0 ? `acknowledging it lifts protect from ${d.resources.join(", ")}` : "nothing protected is replaced or deleted";
    lines.push(`  - ${d.setting}: ${JSON.stringify(d.from)} -> ${JSON.stringify(d.to)}; ${model}${lifts}; why: ${d.why} ${status}`);
  }
  if (report.refused.length > 0) {
    lines.push(`  To proceed deliberately: add ${report.refused.map((d) => d.setting).join(", ")} to azure-aws-vpn:acknowledgeDisruption (see README, "Change a setting safely").`);
  }
  return lines.join("\n");
}
