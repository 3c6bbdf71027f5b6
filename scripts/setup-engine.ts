/**
 * `npm run setup:engine`: makes a Pulumi CLI available to the engine suite. A `pulumi` on PATH of
 * version MINIMUM_PULUMI_VERSION or later is used as it is (no Go needed). Otherwise it builds the
 * CLI pinned in tools/pulumi-cli/go.mod (Pulumi's `pkg/v3/cmd/pulumi`, from the Go module proxy)
 * into .engine/bin/; a second run reuses that build. Prints what it used, the time and the size.
 * `--cold` builds once more into a temporary folder with an empty Go build cache (the module cache
 * kept) and removes it: the bench's cold figure.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { atLeast, candidates, ENGINE_BIN, findGo, MINIMUM_PULUMI_VERSION, REPO_ROOT, TOOLS } from "./engine-cli";

const CLI_PACKAGE = "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi";
const VERSION_VAR = "github.com/pulumi/pulumi/sdk/v3/go/common/version.Version";

/** The CLI version the tools module pins (its require of pkg/v3). */
export function pinnedVersion(goMod: string): string {
  const m = /^\s*(?:require\s+)?github\.com\/pulumi\/pulumi\/pkg\/v3 (v\d+\.\d+\.\d+)\s*$/m.exec(goMod);
  if (!m) throw new Error("tools/pulumi-cli/go.mod requires no github.com/pulumi/pulumi/pkg/v3");
  return m[1]!;
}

function main(argv: readonly string[]): number {
  const unknown = argv.filter((a) => a !== "--cold");
  if (unknown.length > 0) {
    process.stderr.write(`setup:engine: unknown argument ${unknown.join(" ")} (usage: npm run setup:engine [-- --cold])\n`);
    return 2;
  }
  const started = performance.now();
  const pinned = pinnedVersion(readFileSync(path.join(TOOLS, "go.mod"), "utf8"));
  if (argv.includes("--cold")) {
    const go = findGo();
    if ("problem" in go) {
      process.stderr.write(`setup:engine: --cold builds with Go: ${go.problem}\n`);
      return 1;
    }
    const scratch = mkdtempSync(path.join(tmpdir(), "setup-engine-cold-"));
    try {
      return build(go.go, pinned, path.join(scratch, "pulumi"), { GOCACHE: path.join(scratch, "gocache") }, started);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const built = path.join(ENGINE_BIN, "pulumi");
  const found = candidates();
  const builtHere = found.find((c) => c.source === "setup:engine");
  if (builtHere?.version === pinned) {
    process.stdout.write(`setup:engine: reusing ${path.relative(REPO_ROOT, built)} (${pinned}, ${(statSync(built).size / 1e6).toFixed(0)} MB); ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  }
  const installed = found.find((c) => c.source !== "setup:engine" && c.version !== undefined && atLeast(c.version, MINIMUM_PULUMI_VERSION));
  if (installed) {
    process.stdout.write(`setup:engine: using ${installed.binary} (${installed.version}; ${installed.source}), nothing to build\n`);
    return 0;
  }
  const go = findGo();
  if ("problem" in go) {
    process.stderr.write(`setup:engine: no Pulumi CLI ${MINIMUM_PULUMI_VERSION}+ on PATH, and no Go to build one: ${go.problem}; or install the Pulumi CLI (https://www.pulumi.com/docs/install/).\n`);
    return 1;
  }
  mkdirSync(ENGINE_BIN, { recursive: true });
  process.stdout.write(`setup:engine: building the Pulumi CLI ${pinned} from tools/pulumi-cli (Go ${go.version}; a first build downloads about 1 GB of modules and takes minutes)\n`);
  return build(go.go, pinned, built, {}, started);
}

/** Builds the pinned CLI into `built` and checks the version it reports. */
function build(go: string, pinned: string, built: string, env: Record<string, string>, started: number): number {
  // -mod=readonly: the build takes exactly what go.sum pins; -buildvcs=false: the tools module sits
  // in our checkout, whose state says nothing about the CLI.
  const result = spawnSync(go, ["build", "-mod=readonly", "-buildvcs=false", "-trimpath", "-ldflags", `-s -w -X ${VERSION_VAR}=${pinned}`, "-o", built, CLI_PACKAGE], { cwd: TOOLS, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0 || !existsSync(built)) {
    process.stderr.write(`setup:engine: go build failed (exit ${result.status ?? result.signal})\n`);
    return 1;
  }
  const check = spawnSync(built, ["version"], { encoding: "utf8", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } });
  if (check.stdout.trim() !== pinned) {
    process.stderr.write(`setup:engine: the built CLI says ${JSON.stringify(check.stdout.trim())}, expected ${pinned}\n`);
    return 1;
  }
  process.stdout.write(`setup:engine: built ${path.relative(REPO_ROOT, built)} (${pinned}, ${(statSync(built).size / 1e6).toFixed(0)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
