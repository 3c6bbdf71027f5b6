/**
 * Which Pulumi CLI the engine suite runs: `AZURE_AWS_VPN_PULUMI` (a path to a `pulumi` binary), the
 * one `npm run setup:engine` built into .engine/bin/, or a `pulumi` on PATH, each only when it is
 * at least MINIMUM_PULUMI_VERSION. `npm run setup:engine` and the suite both ask here. Also the Go
 * toolchain that builds from tools/pulumi-cli/ (the CLI, and the SDK generator of `npm run sdk`).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";

/**
 * The oldest CLI the program runs under: the `replaceWith` resource option, which the update
 * order relies on, is in the engine from v3.207.0 (docs/constraints.md, "Pulumi CLI version").
 */
export const MINIMUM_PULUMI_VERSION = "3.207.0";

export const REPO_ROOT = path.resolve(__dirname, "..");
/** Where `npm run setup:engine` builds the CLI, and `npm run sdk` the SDK generator (git-ignored). */
export const ENGINE_BIN = path.join(REPO_ROOT, ".engine", "bin");
/** The Go tools module that pins the CLI (pkg/v3) and the SDK generators. */
export const TOOLS = path.join(REPO_ROOT, "tools", "pulumi-cli");
/** The oldest Go that builds tools/pulumi-cli (its go.mod's `go` line). */
export const MINIMUM_GO = "1.26.0";

export interface PulumiCli {
  /** The folder holding the `pulumi` binary. */
  root: string;
  version: string;
  source: "AZURE_AWS_VPN_PULUMI" | "setup:engine" | "PATH";
}

/** "v3.276.0" or "3.276.0-dev.0" -> [3, 276, 0]. */
export function parseVersion(text: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export function atLeast(version: string, minimum: string): boolean {
  const a = parseVersion(version);
  const b = parseVersion(minimum);
  if (!a || !b) return false;
  for (let i = 0; i < 3; i++) if (a[i]! !== b[i]!) return a[i]! > b[i]!;
  return true;
}

function versionOf(binary: string): string | undefined {
  const result = spawnSync(binary, ["version"], { encoding: "utf8", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function onPath(): string | undefined {
  for (const dir of (process.env["PATH"] ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, "pulumi");
    if (dir !== "" && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The candidates in order, each with the version it reports (undefined: it did not run). */
export function candidates(): { binary: string; source: PulumiCli["source"]; version: string | undefined }[] {
  const list: { binary: string; source: PulumiCli["source"] }[] = [];
  const explicit = process.env["AZURE_AWS_VPN_PULUMI"];
  if (explicit) list.push({ binary: explicit, source: "AZURE_AWS_VPN_PULUMI" });
  const built = path.join(ENGINE_BIN, "pulumi");
  if (existsSync(built)) list.push({ binary: built, source: "setup:engine" });
  const found = onPath();
  if (found) list.push({ binary: found, source: "PATH" });
  return list.map((c) => ({ ...c, version: versionOf(c.binary) }));
}

/** The CLI to use, or why there is none. */
export function findPulumi(): { cli: PulumiCli } | { problem: string } {
  const all = candidates();
  const usable = all.find((c) => c.version !== undefined && atLeast(c.version, MINIMUM_PULUMI_VERSION));
  if (usable) return { cli: { root: path.dirname(usable.binary), version: usable.version!, source: usable.source } };
  const seen = all.map((c) => `${c.binary} (${c.source}): ${c.version ?? "does not run"}`);
  return {
    problem: `no Pulumi CLI of version ${MINIMUM_PULUMI_VERSION} or later${seen.length > 0 ? ` (found ${seen.join("; ")})` : ""}. Install one (https://www.pulumi.com/docs/install/), or run \`npm run setup:engine\` (needs Go 1.26 and the Go module proxy) to build the pinned one into .engine/bin/.`,
  };
}

/**
 * The `go` to build tools/pulumi-cli with: the one on PATH, else /usr/local/go/bin/go (where Go's
 * tarball installs it; CI's machine has it there), when it is MINIMUM_GO or later; or why there is none.
 */
export function findGo(): { go: string; version: string } | { problem: string } {
  const tried: string[] = [];
  for (const go of ["go", "/usr/local/go/bin/go"]) {
    const result = spawnSync(go, ["env", "GOVERSION"], { encoding: "utf8" });
    if (result.status !== 0) continue;
    const version = result.stdout.trim().replace(/^go/, "");
    if (atLeast(version, MINIMUM_GO)) return { go, version };
    tried.push(`Go ${version} (${go}) is older than ${MINIMUM_GO}`);
  }
  return { problem: `${tried.length > 0 ? tried.join("; ") : "no Go toolchain (go on PATH or /usr/local/go/bin/go)"}; install Go ${MINIMUM_GO}+ (https://go.dev/dl/)` };
}
