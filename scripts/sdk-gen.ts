/**
 * `npm run sdk -- --language go|python|nodejs|dotnet --out DIR [--namespace OWNER] [--schema FILE]`:
 * generates the component package's SDK for one language from schema.json with Pulumi's own code
 * generators (tools/pulumi-cli/sdkgen, a Go program in the tools module that pins the CLI; it calls
 * the generators as `pulumi package add` does). `--namespace OWNER` gives the SDK that `pulumi
 * package add github.com/OWNER/REPO` makes (namespace OWNER lowercased); without it, the one a local
 * path gives. Builds the generator into .engine/bin/sdkgen first when it is missing or older than
 * tools/pulumi-cli/go.mod, go.sum or sdkgen/ (Go 1.26; a first build needs the Go module proxy).
 * Offline otherwise. `generateSdk` is the same for tests (tests/package/sdks.check.ts).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import * as path from "node:path";
import { ENGINE_BIN, findGo, REPO_ROOT, TOOLS } from "./engine-cli";

export const SDK_LANGUAGES = ["go", "python", "nodejs", "dotnet"] as const;
export type SdkLanguage = (typeof SDK_LANGUAGES)[number];

/** The generator binary (git-ignored, as all of .engine/ is). */
export const SDKGEN = path.join(ENGINE_BIN, "sdkgen");
export const SCHEMA = path.join(REPO_ROOT, "schema.json");
const SDKGEN_SOURCES = path.join(TOOLS, "sdkgen");

/** What the binary is built from: go.mod, go.sum and every file of sdkgen/ (its Go files, the embedded logo). */
export function sdkgenSources(): string[] {
  const own = readdirSync(SDKGEN_SOURCES, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(SDKGEN_SOURCES, entry.name));
  return [path.join(TOOLS, "go.mod"), path.join(TOOLS, "go.sum"), ...own];
}

/** Why the binary must be built, or undefined when it is newer than all its sources. */
export function sdkgenStale(): string | undefined {
  if (!existsSync(SDKGEN)) return `${path.relative(REPO_ROOT, SDKGEN)} is missing`;
  const built = statSync(SDKGEN).mtimeMs;
  const newer = sdkgenSources().filter((source) => statSync(source).mtimeMs > built);
  return newer.length > 0 ? `${newer.map((f) => path.relative(REPO_ROOT, f)).join(", ")} changed since it was built` : undefined;
}

export interface SdkgenBuild {
  binary: string;
  /** Why it was built (undefined: reused as it was). */
  built: string | undefined;
  seconds: number;
}

/** Builds .engine/bin/sdkgen when stale; throws with what is missing or what `go build` said. */
export function ensureSdkgen(): SdkgenBuild {
  const started = performance.now();
  const reason = sdkgenStale();
  if (reason === undefined) return { binary: SDKGEN, built: undefined, seconds: (performance.now() - started) / 1000 };
  const go = findGo();
  if ("problem" in go) throw new Error(`building the SDK generator needs Go: ${go.problem}`);
  mkdirSync(ENGINE_BIN, { recursive: true });
  // Built beside its final name and renamed: two builds at once (two test processes) never run a
  // half-written binary. -mod=readonly: exactly what go.sum pins (the CLI's build does the same).
  const partial = `${SDKGEN}.${process.pid}.partial`;
  const result = spawnSync(go.go, ["build", "-mod=readonly", "-buildvcs=false", "-trimpath", "-o", partial, "./sdkgen"], { cwd: TOOLS, encoding: "utf8" });
  if (result.status !== 0 || !existsSync(partial)) {
    rmSync(partial, { force: true });
    throw new Error(`go build ./sdkgen in tools/pulumi-cli failed (exit ${result.status ?? result.signal}):\n${result.stderr}`);
  }
  renameSync(partial, SDKGEN);
  return { binary: SDKGEN, built: reason, seconds: (performance.now() - started) / 1000 };
}

export interface GenerateSdkOptions {
  language: SdkLanguage;
  /** The folder the SDK is written into (created). */
  out: string;
  /** The git owner, as `pulumi package add github.com/OWNER/REPO` sets it. */
  namespace?: string;
  /** Default: the committed schema.json. */
  schema?: string;
}

export interface GeneratedSdk {
  out: string;
  /** The files written, relative to `out`, sorted. */
  files: string[];
  /** The generator's run (the build excluded). */
  seconds: number;
  /** Binding warnings the generator printed. */
  warnings: string[];
  build: SdkgenBuild;
}

/** Generates one language's SDK (building the generator first when stale); throws with the generator's message. */
export function generateSdk(options: GenerateSdkOptions): GeneratedSdk {
  if (!(SDK_LANGUAGES as readonly string[]).includes(options.language)) {
    throw new Error(`--language ${JSON.stringify(options.language)}: must be one of ${SDK_LANGUAGES.join(", ")}`);
  }
  const build = ensureSdkgen();
  const out = path.resolve(options.out);
  const args = ["--schema", path.resolve(options.schema ?? SCHEMA), "--language", options.language, "--out", out];
  if (options.namespace !== undefined) args.push("--namespace", options.namespace);
  const started = performance.now();
  const result = spawnSync(build.binary, args, { encoding: "utf8" });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) {
    throw new Error((result.stderr || result.error?.message || `sdkgen exited ${result.status ?? result.signal}`).trim());
  }
  const warnings = result.stderr.split("\n").filter((line) => line.startsWith("sdkgen: warning: "));
  return { out, files: listFiles(out), seconds, warnings, build };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

const USAGE = "usage: npm run sdk -- --language go|python|nodejs|dotnet --out DIR [--namespace OWNER] [--schema FILE]";

/** The command line into options, or what is wrong with it. */
export function parseSdkArgs(argv: readonly string[]): GenerateSdkOptions | { problem: string } {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    if (!["--language", "--out", "--namespace", "--schema"].includes(flag)) return { problem: `unknown argument ${flag}` };
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--")) return { problem: `${flag} needs a value` };
    if (values.has(flag)) return { problem: `${flag} given twice` };
    values.set(flag, value);
  }
  const language = values.get("--language");
  if (language === undefined) return { problem: "--language is required" };
  if (!(SDK_LANGUAGES as readonly string[]).includes(language)) return { problem: `--language ${JSON.stringify(language)}: must be one of ${SDK_LANGUAGES.join(", ")}` };
  const out = values.get("--out");
  if (out === undefined) return { problem: "--out is required" };
  const namespace = values.get("--namespace");
  const schema = values.get("--schema");
  return { language: language as SdkLanguage, out, ...(namespace !== undefined ? { namespace } : {}), ...(schema !== undefined ? { schema } : {}) };
}

function main(argv: readonly string[]): number {
  const options = parseSdkArgs(argv);
  if ("problem" in options) {
    process.stderr.write(`sdk: ${options.problem} (${USAGE})\n`);
    return 2;
  }
  try {
    const sdk = generateSdk(options);
    const { build } = sdk;
    process.stdout.write(build.built !== undefined
      ? `sdk: built ${path.relative(REPO_ROOT, build.binary)} in ${build.seconds.toFixed(1)} s (${build.built})\n`
      : `sdk: reusing ${path.relative(REPO_ROOT, build.binary)}\n`);
    for (const warning of sdk.warnings) process.stderr.write(`${warning}\n`);
    process.stdout.write(`sdk: ${options.language} SDK${options.namespace !== undefined ? ` (namespace ${options.namespace.toLowerCase()})` : ""}: ${sdk.files.length} files in ${sdk.out} (${sdk.seconds.toFixed(2)} s)\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`sdk: ${(error as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
