/**
 * `npm test` and `npm run test:interop`: which test files run where, and how.
 *
 * - `npm test`: every file under tests/ but tests/interop/ and tests/plugin/. Needs neither root
 *   nor Linux. Two shards in parallel, each one process (`--test-isolation=none`): the Pulumi SDKs
 *   load once per shard, not once per file, and a shard's evaluations share one worker thread
 *   (tests/harness/worker.ts). The shards take files from one queue (scripts/test-queue.ts).
 * - `npm run test:interop`: tests/interop/, real strongSwan and FRR peers in network namespaces.
 *   Linux and root; without them it says what is missing and how to get it, and exits 1.
 * - `npm run test:plugin`: tests/plugin/, the compiled package (built first when stale) over gRPC
 *   as the Pulumi CLI's language host starts it, and its npm tarball installed into a fresh project.
 *
 * Extra arguments go to node's test runner (e.g. `npm test -- --test-name-pattern=guards`), in one
 * process over every file; `npm test -- --write-weights` rewrites scripts/test-weights.json.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { EVALUATION_STATS_FILE, QUEUE_SWITCH, switchedOff, type EvaluationStats } from "../tests/harness/protocol";
import { SHARD_PLAN, type ShardPlan } from "./test-queue";

const REPO_ROOT = path.resolve(__dirname, "..");
const TESTS = path.join(REPO_ROOT, "tests");
/** Suites with a folder of their own; every other test file is in the fast suite. */
const SUITE_DIRS = {
  /** Tests that need root, Linux network namespaces and the Debian packages. */
  interop: path.join(TESTS, "interop"),
  /** Tests that build the package and start its plugin or install its tarball (slow: tsc, npm install). */
  plugin: path.join(TESTS, "plugin"),
  /** Tests that run the real Pulumi CLI and engine against the fake cloud (`npm run setup:engine`). */
  engine: path.join(TESTS, "engine"),
} as const;
export type Suite = "fast" | keyof typeof SUITE_DIRS;
/** Processes for the fast suite: one per core of a 2-core laptop (or CI machine). */
const SHARDS = 2;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".test.ts"))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

function suiteOf(file: string): Suite {
  for (const [suite, dir] of Object.entries(SUITE_DIRS) as [keyof typeof SUITE_DIRS, string][]) if (file.startsWith(dir + path.sep)) return suite;
  return "fast";
}

/** The files of each suite, relative to the repository. */
export function suiteFiles(suite: Suite): string[] {
  return testFiles(TESTS)
    .filter((file) => suiteOf(file) === suite)
    .map((file) => path.relative(REPO_ROOT, file));
}

/** Loaded first in each shard: the test harness (evaluations in the worker: tests/harness/index.ts). */
const HARNESS = pathToFileURL(path.join(REPO_ROOT, "tests", "harness", "index.ts")).href;
/** Loaded next in each shard: starts its evaluation worker (scripts/test-prestart.ts). */
const PRESTART = pathToFileURL(path.join(REPO_ROOT, "scripts", "test-prestart.ts")).href;
/** Each shard's one test file: it takes the suite's files from the shared queue. */
const SHARD_ENTRY = path.join(REPO_ROOT, "scripts", "test-shard.ts");
/** Counts each shard's tests, leaving out its own top-level test. */
const COUNTS_REPORTER = pathToFileURL(path.join(REPO_ROOT, "scripts", "test-counts.mjs")).href;
/**
 * Node's arguments for the fast suite's processes. Semi-spaces of 64 MB (V8's default: 16): the
 * tests' own Pulumi work (components built in the test thread) is promise-heavy, and small
 * semi-spaces copy those promises at every scavenge. The evaluation worker sets its own young
 * generation (tests/harness/worker.ts).
 */
const SHARD_NODE_ARGS = ["--max-semi-space-size=64", "--import", "tsx"] as const;

const LABELS: Readonly<Record<Suite, string>> = { fast: "npm test", interop: "npm run test:interop", plugin: "npm run test:plugin", engine: "npm run test:engine" };

async function main(): Promise<number> {
  const [suiteArg, ...passThrough] = process.argv.slice(2);
  const named = (["fast", "interop", "plugin", "engine"] as const).find((s) => suiteArg === `--${s}`);
  const suite: Suite = named ?? "fast";
  if (suiteArg !== undefined && named === undefined) passThrough.unshift(suiteArg);
  if (suite === "interop") {
    const { assertInteropEnvironment, InteropEnvironmentError } = await import("../interop/netns");
    try {
      await assertInteropEnvironment();
    } catch (err) {
      if (!(err instanceof InteropEnvironmentError)) throw err;
      process.stderr.write(`npm run test:interop: ${err.message}\n`);
      return 1;
    }
  }
  if (suite === "engine") {
    const { findPulumi } = await import("./engine-cli");
    const found = findPulumi();
    if ("problem" in found) {
      process.stderr.write(`npm run test:engine: ${found.problem}\n`);
      return 1;
    }
    process.stdout.write(`npm run test:engine: Pulumi CLI ${found.cli.version} (${found.cli.source}: ${found.cli.root})\n`);
  }
  const files = suiteFiles(suite);
  const label = LABELS[suite];
  if (suite !== "fast") {
    process.stdout.write(`${label}: ${files.length} test files\n`);
    const started = performance.now();
    const countsDir = mkdtempSync(path.join(tmpdir(), "test-counts-"));
    const countsFile = path.join(countsDir, "counts.json");
    // In their own processes, two at a time: interop files start daemons, plugin files a plugin,
    // engine files the Pulumi CLI and the fake cloud.
    const reporters = ["--test-reporter=spec", "--test-reporter-destination=stdout", `--test-reporter=${COUNTS_REPORTER}`, `--test-reporter-destination=${countsFile}`];
    const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", ...reporters, ...passThrough, ...files], { cwd: REPO_ROOT, stdio: "inherit", env: { ...process.env, TEST_COUNTS_TOP_LEVEL: "count" } });
    if (result.error) throw result.error;
    const counts = readJson<TestCounts>(countsFile);
    rmSync(countsDir, { recursive: true, force: true });
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    process.stdout.write(`\n${label}: ${counts ? `${counts.pass} passed, ${counts.fail} failed, ${counts.skipped} skipped` : "the runner wrote no counts"} (${seconds} s)\n`);
    return result.status ?? 1;
  }
  // A run of some tests only (runner arguments such as --test-name-pattern): one process over every
  // file, filtered by Node's runner. The shards' queue (below) runs each file under a test of its
  // own, which a name pattern would filter out.
  // AZURE_AWS_VPN_TEST_QUEUE=off: the same one process with no runner arguments (for measuring
  // what the shards and their queue buy: docs/development.md).
  const writeWeights = passThrough.includes("--write-weights");
  const runnerArgs = passThrough.filter((arg) => arg !== "--write-weights");
  if (runnerArgs.length > 0 || switchedOff(QUEUE_SWITCH)) {
    process.stdout.write(`${label}: ${files.length} test files in one process (${runnerArgs.join(" ") || `${QUEUE_SWITCH}=off`})${writeWeights ? "; --write-weights needs a whole run, ignored" : ""}\n`);
    const result = spawnSync(process.execPath, [...SHARD_NODE_ARGS, "--import", HARNESS, "--test", "--test-isolation=none", "--test-reporter=spec", ...runnerArgs, ...files], { cwd: REPO_ROOT, stdio: "inherit" });
    if (result.error) throw result.error;
    return result.status ?? 1;
  }
  // Two shards, one per core, each one process: the SDKs load once per shard, not once per file.
  // Both take files from one queue, heaviest first, each file the moment it is free.
  const weights = readWeights();
  const runDir = mkdtempSync(path.join(tmpdir(), "npm-test-"));
  const claimsDir = path.join(runDir, "claims");
  mkdirSync(claimsDir);
  const queue = queueOrder(files, weights);
  const plans: ShardPlan[] = Array.from({ length: SHARDS }, (_, i) => ({ label: `shard ${i + 1}/${SHARDS}`, queue, claimsDir, costsFile: path.join(runDir, `${i}.costs.json`), countsFile: path.join(runDir, `${i}.counts.json`) }));
  process.stdout.write(`${label}: ${files.length} test files, ${SHARDS} processes taking them from one queue\n`);
  const results = await Promise.all(
    plans.map((plan, i) => {
      const planFile = path.join(runDir, `${i}.plan.json`);
      writeFileSync(planFile, JSON.stringify(plan));
      return runShard({ [SHARD_PLAN]: planFile, [EVALUATION_STATS_FILE]: path.join(runDir, `${i}.stats.json`) }, plan.countsFile);
    }),
  );
  const total: TestCounts = { pass: 0, fail: 0, skipped: 0 };
  /** What the closing line adds when a shard did not finish its part. */
  const problems: string[] = [];
  const measured: Record<string, number> = {};
  results.forEach((result, i) => {
    const plan = plans[i]!;
    const costs = readJson<Record<string, number>>(plan.costsFile) ?? {};
    Object.assign(measured, costs);
    const top = Object.entries(costs).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([file, ms]) => `${file} ${(ms / 1000).toFixed(1)} s`);
    process.stdout.write(`\n== ${plan.label} (${(result.ms / 1000).toFixed(1)} s; ${Object.keys(costs).length} files) ==\n${result.output}`);
    process.stdout.write(`ℹ slowest files: ${top.join(", ")}\n`);
    const evaluations = readJson<EvaluationStats>(path.join(runDir, `${i}.stats.json`));
    if (evaluations) process.stdout.write(evaluationLine(evaluations));
    const counts = readJson<TestCounts>(plan.countsFile);
    for (const key of ["pass", "fail", "skipped"] as const) total[key] += counts?.[key] ?? 0;
    // A shard that died (e.g. a test called process.exit) never wrote its counts.
    if (counts === undefined) problems.push(`${plan.label} ended (exit code ${result.code}) before it could count its tests`);
  });
  // Every file ran in one shard or the other: a shard that died leaves files unclaimed or unfinished.
  const unrun = files.filter((file) => measured[file] === undefined);
  if (unrun.length > 0) problems.push(`${unrun.length} test files did not run to the end in any shard: ${unrun.join(", ")}`);
  rmSync(runDir, { recursive: true, force: true });
  const failed = results.some((r) => r.code !== 0) || problems.length > 0;
  if (writeWeights && !failed) {
    writeFileSync(WEIGHTS_FILE, `${JSON.stringify({ files: nextWeights(weights, measured) }, null, 2)}\n`);
    process.stdout.write(`\nwrote ${path.relative(REPO_ROOT, WEIGHTS_FILE)}\n`);
  }
  // The plain closing line, over both shards.
  process.stdout.write(`\n${label}: ${total.pass} passed, ${total.fail} failed, ${total.skipped} skipped${problems.map((p) => `; ${p}`).join("")}\n`);
  return failed ? 1 : 0;
}

/**
 * Seconds each fast-suite file took in a measured run, its load included (scripts/test-weights.json;
 * `npm test -- --write-weights` rewrites it). It only orders the shards' queue: the heaviest files
 * start first, so the last files taken are light ones and the shards end close together.
 */
const WEIGHTS_FILE = path.join(REPO_ROOT, "scripts", "test-weights.json");

function readWeights(): Record<string, number> {
  return readJson<{ files: Record<string, number> }>(WEIGHTS_FILE)?.files ?? {};
}

function readJson<T>(file: string): T | undefined {
  const text = existsSync(file) ? readFileSync(file, "utf8").trim() : "";
  return text === "" ? undefined : (JSON.parse(text) as T);
}

/** Passed, failed and skipped tests of a shard, written by scripts/test-counts.mjs. */
export interface TestCounts {
  pass: number;
  fail: number;
  skipped: number;
}

/**
 * The table's next file weights (seconds) after a run that measured `measuredMs`: the mean of the
 * table's value and the run's. A file's cost depends on what ran before it in its shard (the first
 * file to load a module or to ask for an evaluation pays for it), so one run's figure alone would
 * swing the order.
 */
export function nextWeights(previous: Readonly<Record<string, number>>, measuredMs: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(measuredMs)
      .map(([file, ms]): [string, number] => [file, Math.round((previous[file] === undefined ? ms / 1000 : (previous[file] + ms / 1000) / 2) * 10) / 10])
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/** The shards' queue: heaviest file first; a file the table lacks counts as the median; ties by name. */
export function queueOrder(files: readonly string[], weights: Readonly<Record<string, number>>): string[] {
  const known = files.map((f) => weights[f]).filter((w): w is number => w !== undefined).sort((a, b) => a - b);
  const fallback = known.length > 0 ? known[Math.floor(known.length / 2)]! : 1;
  const weightOf = (file: string): number => weights[file] ?? fallback;
  return [...files].sort((a, b) => weightOf(b) - weightOf(a) || a.localeCompare(b));
}

/** A shard's evaluations line: what its evaluation worker answered from where. */
export function evaluationLine(stats: EvaluationStats): string {
  return `ℹ evaluations: ${stats.evaluated} run${stats.unstorable > 0 ? ` (${stats.unstorable} not storable)` : ""}, ${stats.fromDisk} read from the cache on disk${stats.cache === "off" ? " (off)" : ""}, ${stats.fromMemo} answered from memory\n`;
}

/** Evaluations run and read from disk, summed over the evaluations lines in a run's output (scripts/bench.ts). */
export function evaluationCounts(output: string): { run: number; fromDisk: number } {
  let run = 0;
  let fromDisk = 0;
  for (const m of output.matchAll(/^ℹ evaluations: (\d+) run(?: \(\d+ not storable\))?, (\d+) read from the cache on disk/gm)) {
    run += Number(m[1]);
    fromDisk += Number(m[2]);
  }
  return { run, fromDisk };
}

/** A shard: Node's runner over scripts/test-shard.ts, output kept until it ends (shards do not interleave). */
function runShard(env: Record<string, string>, countsFile: string): Promise<{ code: number; output: string; ms: number }> {
  const started = performance.now();
  const args = [...SHARD_NODE_ARGS, "--import", HARNESS, "--import", PRESTART, "--test", "--test-isolation=none", "--test-reporter=spec", "--test-reporter-destination=stdout", `--test-reporter=${COUNTS_REPORTER}`, `--test-reporter-destination=${countsFile}`, SHARD_ENTRY];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output, ms: performance.now() - started }));
  });
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
