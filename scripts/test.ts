/**
 * `npm test` and `npm run test:interop`: which test files run where, and how.
 *
 * - `npm test`: every file under tests/ but tests/interop/. Needs neither root nor Linux. Two
 *   shards in parallel, each one process (`--test-isolation=none`): the Pulumi SDKs load once per
 *   shard, not once per file, and a shard's evaluations share one worker thread (offline/worker.ts).
 * - `npm run test:interop`: tests/interop/, real strongSwan and FRR peers in network namespaces.
 *   Linux and root; without them it says what is missing and how to get it, and exits 1.
 * - `npm run test:plugin`: tests/plugin/, the component package over gRPC as the Pulumi CLI's
 *   language host starts it (run-plugin type-checks the whole package first: about 30 s).
 *
 * Extra arguments go to node's test runner (e.g. `npm test -- --test-name-pattern=guards`).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { CACHE_SWITCH, completeRunMarker } from "../offline/evaluationCache";
import { EVALUATION_STATS_FILE, type EvaluationStats } from "../offline/evaluation";

const REPO_ROOT = path.resolve(__dirname, "..");
const TESTS = path.join(REPO_ROOT, "tests");
/** Suites with a folder of their own; every other test file is in the fast suite. */
const SUITE_DIRS = {
  /** Tests that need root, Linux network namespaces and the Debian packages. */
  interop: path.join(TESTS, "interop"),
  /** Tests that start the package's plugin (slow start: it type-checks the package). */
  plugin: path.join(TESTS, "plugin"),
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

/** Loaded first in each shard: the Pulumi SDK loads lean in the test thread too (offline/leanSdk.ts). */
const LEAN_SDK = pathToFileURL(path.join(REPO_ROOT, "offline", "leanSdk.ts")).href;

const LABELS: Readonly<Record<Suite, string>> = { fast: "npm test", interop: "npm run test:interop", plugin: "npm run test:plugin" };

async function main(): Promise<number> {
  const [suiteArg, ...passThrough] = process.argv.slice(2);
  const named = (["fast", "interop", "plugin"] as const).find((s) => suiteArg === `--${s}`);
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
  const files = suiteFiles(suite);
  const label = LABELS[suite];
  if (suite !== "fast") {
    process.stdout.write(`${label}: ${files.length} test files\n`);
    // In their own processes, two at a time: interop files start daemons, plugin files a plugin.
    const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", "--test-reporter=spec", ...passThrough, ...files], { cwd: REPO_ROOT, stdio: "inherit" });
    if (result.error) throw result.error;
    return result.status ?? 1;
  }
  // Two shards, one per core, each one process: the SDKs load once per shard, not once per file.
  const writeWeights = passThrough.includes("--write-weights");
  const runnerArgs = passThrough.filter((arg) => arg !== "--write-weights");
  // Evaluations dominate a cold run and cost little in a warm one: each has its own measured table.
  // Warm: a whole run of these sources has already stored its evaluations (the marker below).
  const completeMarker = completeRunMarker(REPO_ROOT);
  const evaluationsStored = process.env[CACHE_SWITCH] !== "off" && existsSync(completeMarker);
  // A first run as this user also compiles every TypeScript file (tsx's cache, and ts-node's for the
  // policy pack and `pulumi up`'s loading path): that moves more cost onto some files than others.
  const cache: CacheState = evaluationsStored ? "warm" : typeScriptCompiled(files.length) ? "cold" : "first";
  const tables = readWeights();
  const shards = splitByWeight(files, tables[cache]?.files ?? {}, SHARDS, tables[cache]?.perFileSeconds ?? 0);
  process.stdout.write(`${label}: ${files.length} test files in ${shards.length} processes (${cache === "first" ? "evaluation cache cold, no TypeScript compiled yet" : `evaluation cache ${cache}`})\n`);
  const costDir = mkdtempSync(path.join(tmpdir(), "test-costs-"));
  const results = await Promise.all(
    shards.map((shard, i) => runShard({ [EVALUATION_STATS_FILE]: path.join(costDir, `${i}.stats.json`), ...(writeWeights ? { AZURE_AWS_VPN_IMPORT_TIMES: path.join(costDir, `${i}.imports.json`) } : {}) }, [...(writeWeights ? ["--require", IMPORT_TIMES] : []), "--test-isolation=none", "--test-reporter=spec", "--test-reporter-destination=stdout", `--test-reporter=${COST_REPORTER}`, `--test-reporter-destination=${path.join(costDir, `${i}.json`)}`, ...runnerArgs, ...shard.files])),
  );
  const total = { pass: 0, fail: 0, skipped: 0 };
  const measured: Record<string, number> = {};
  results.forEach((result, i) => {
    const costs = readCosts(path.join(costDir, `${i}.json`));
    // Loading a file (its imports, its top level) is part of its cost, which the test durations miss.
    for (const [file, ms] of Object.entries(readCosts(path.join(costDir, `${i}.imports.json`)))) costs[file] = (costs[file] ?? 0) + ms;
    Object.assign(measured, costs);
    const top = Object.entries(costs).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([file, ms]) => `${file} ${(ms / 1000).toFixed(1)} s`);
    process.stdout.write(`\n== shard ${i + 1}/${shards.length} (${(result.ms / 1000).toFixed(1)} s; ${shards[i]!.files.length} files, weight ${shards[i]!.weight.toFixed(1)}) ==\n${result.output}`);
    process.stdout.write(`ℹ slowest files: ${top.join(", ")}\n`);
    const evaluations = readStats(path.join(costDir, `${i}.stats.json`));
    if (evaluations) process.stdout.write(evaluationLine(evaluations));
    for (const key of ["pass", "fail", "skipped"] as const) total[key] += Number(new RegExp(`^ℹ ${key} (\\d+)$`, "m").exec(result.output)?.[1] ?? 0);
  });
  rmSync(costDir, { recursive: true, force: true });
  const failed = results.some((r) => r.code !== 0);
  if (!failed && runnerArgs.length === 0 && existsSync(path.dirname(completeMarker))) writeFileSync(completeMarker, `${new Date().toISOString()}\n`);
  if (writeWeights && !failed) {
    const measuredFiles = nextWeights(tables[cache]?.files ?? {}, measured);
    // What the file costs miss (loading each file's imports, the shard's start), spread over the files.
    const unaccountedSeconds = results.reduce((sum, r) => sum + r.ms / 1000, 0) - Object.values(measured).reduce((sum, ms) => sum + ms / 1000, 0);
    const perFileSeconds = Math.max(0, Math.round((unaccountedSeconds / files.length) * 100) / 100);
    writeFileSync(WEIGHTS_FILE, `${JSON.stringify({ ...tables, [cache]: { perFileSeconds, files: measuredFiles } }, null, 2)}\n`);
    process.stdout.write(`\nwrote the ${cache} table of ${path.relative(REPO_ROOT, WEIGHTS_FILE)}\n`);
  }
  // The plain closing line, over both shards.
  process.stdout.write(`\n${label}: ${total.pass} passed, ${total.fail} failed, ${total.skipped} skipped\n`);
  return failed ? 1 : 0;
}

/**
 * Seconds each fast-suite file took in a measured run, and what each file costs besides (its
 * imports, a share of the shard's start), one table per cache state (CacheState below;
 * scripts/test-weights.json; `npm test -- --write-weights` rewrites the table of the run's
 * state). A shard's wall time is about the sum of its files', so the split below balances these; a
 * file missing from the table counts as the median.
 */
const WEIGHTS_FILE = path.join(REPO_ROOT, "scripts", "test-weights.json");
/** warm: evaluations stored; cold: none stored; first: none stored, nor any TypeScript compiled. */
type CacheState = "cold" | "warm" | "first";
/**
 * Whether an earlier run compiled the test files: tsx keeps one cache entry per compiled file in the
 * OS temporary folder, per user (tsx's dist/temporary-directory). This runner's own start adds a
 * few, so fewer entries than test files means a first run.
 */
function typeScriptCompiled(testFiles: number): boolean {
  const tsxCache = path.join(tmpdir(), `tsx-${userInfo().uid}`);
  return existsSync(tsxCache) && readdirSync(tsxCache).length >= testFiles;
}
interface WeightTable {
  perFileSeconds: number;
  files: Record<string, number>;
}
const COST_REPORTER = pathToFileURL(path.join(REPO_ROOT, "scripts", "test-costs.mjs")).href;
const IMPORT_TIMES = path.join(REPO_ROOT, "scripts", "test-import-times.cjs");

function readWeights(): Partial<Record<CacheState, WeightTable>> {
  return existsSync(WEIGHTS_FILE) ? (JSON.parse(readFileSync(WEIGHTS_FILE, "utf8")) as Partial<Record<CacheState, WeightTable>>) : {};
}

function readCosts(file: string): Record<string, number> {
  const text = existsSync(file) ? readFileSync(file, "utf8").trim() : "";
  const costs = text === "" ? {} : (JSON.parse(text) as Record<string, number>);
  return Object.fromEntries(Object.entries(costs).map(([file, ms]) => [path.relative(REPO_ROOT, file), ms]));
}

/**
 * The table's next file weights (seconds) after a run that measured `measuredMs`: the mean of the
 * table's value and the run's. A split decides which file pays a cost several share (the worker's
 * start, an evaluation other files then read from memory), so one run's figure holds only for its
 * own split, and a table of that alone swings the next split.
 */
export function nextWeights(previous: Readonly<Record<string, number>>, measuredMs: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(measuredMs)
      .map(([file, ms]): [string, number] => [file, Math.round((previous[file] === undefined ? ms / 1000 : (previous[file] + ms / 1000) / 2) * 10) / 10])
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

export interface Shard {
  files: string[];
  weight: number;
}

/** Greedy split: heaviest file first, each to the lightest shard so far. Shards keep file order. */
export function splitByWeight(files: readonly string[], weights: Readonly<Record<string, number>>, count: number, perFileSeconds = 0): Shard[] {
  const known = files.map((f) => weights[f]).filter((w): w is number => w !== undefined).sort((a, b) => a - b);
  const fallback = known.length > 0 ? known[Math.floor(known.length / 2)]! : 1;
  const weightOf = (file: string): number => (weights[file] ?? fallback) + perFileSeconds;
  const shards: Shard[] = Array.from({ length: Math.max(1, Math.min(count, files.length)) }, () => ({ files: [], weight: 0 }));
  for (const file of [...files].sort((a, b) => weightOf(b) - weightOf(a) || a.localeCompare(b))) {
    const lightest = shards.reduce((min, shard) => (shard.weight < min.weight ? shard : min));
    lightest.files.push(file);
    lightest.weight += weightOf(file);
  }
  for (const shard of shards) shard.files.sort();
  return shards.filter((shard) => shard.files.length > 0);
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

/** What the shard's evaluation worker answered from where (offline/workerMain.ts), if it ran. */
function readStats(file: string): EvaluationStats | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as EvaluationStats) : undefined;
}

/** Node's test runner over its share of the files, output kept until it ends (shards do not interleave). */
function runShard(env: Record<string, string>, args: string[]): Promise<{ code: number; output: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // Semi-spaces of 64 MB (V8's default: 16): the tests' own Pulumi work (components built in the
    // test thread) is promise-heavy, and small semi-spaces copy those promises at every scavenge.
    // The evaluation worker sets its own young generation (offline/worker.ts).
    const child = spawn(process.execPath, ["--max-semi-space-size=64", "--import", "tsx", "--import", LEAN_SDK, "--test", ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
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
