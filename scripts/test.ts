/**
 * `npm test` and `npm run test:interop`: which test files run where, and how.
 *
 * - `npm test`: every file under tests/ but tests/interop/. Needs neither root nor Linux. Two
 *   shards in parallel, each one process (`--test-isolation=none`): the Pulumi SDKs load once per
 *   shard, not once per file, and a shard's evaluations share one worker thread (offline/worker.ts).
 * - `npm run test:interop`: tests/interop/, real strongSwan and FRR peers in network namespaces.
 *   Linux and root; without them it says what is missing and how to get it, and exits 1.
 *
 * Extra arguments go to node's test runner (e.g. `npm test -- --test-name-pattern=guards`).
 */
import { spawn, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import * as path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "..");
const TESTS = path.join(REPO_ROOT, "tests");
/** Test files that need root, Linux network namespaces and the Debian packages. */
export const INTEROP_DIR = path.join(TESTS, "interop");
/** Processes for the fast suite: one per core of a 2-core laptop (or CI machine). */
const SHARDS = 2;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return testFiles(full);
      return entry.name.endsWith(".test.ts") ? [full] : [];
    })
    .sort();
}

/** The files of each suite, relative to the repository. */
export function suiteFiles(suite: "fast" | "interop"): string[] {
  const inInterop = (file: string): boolean => file.startsWith(INTEROP_DIR + path.sep);
  return testFiles(TESTS)
    .filter((file) => (suite === "interop" ? inInterop(file) : !inInterop(file)))
    .map((file) => path.relative(REPO_ROOT, file));
}

async function main(): Promise<number> {
  const [suiteArg, ...passThrough] = process.argv.slice(2);
  const suite = suiteArg === "--interop" ? "interop" : "fast";
  if (suiteArg !== undefined && suiteArg !== "--interop" && suiteArg !== "--fast") passThrough.unshift(suiteArg);
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
  const label = suite === "fast" ? "npm test" : "npm run test:interop";
  if (suite === "interop") {
    process.stdout.write(`${label}: ${files.length} test files\n`);
    // Interop files run in their own processes, two at a time: each starts daemons of its own.
    const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", "--test-reporter=spec", ...passThrough, ...files], { cwd: REPO_ROOT, stdio: "inherit" });
    if (result.error) throw result.error;
    return result.status ?? 1;
  }
  // Two shards, one per core, each one process: the SDKs load once per shard, not once per file.
  const shards = Math.max(1, Math.min(SHARDS, files.length));
  process.stdout.write(`${label}: ${files.length} test files in ${shards} processes\n`);
  const results = await Promise.all(
    Array.from({ length: shards }, (_, i) => runShard(["--test-isolation=none", `--test-shard=${i + 1}/${shards}`, ...passThrough, ...files])),
  );
  const total = { pass: 0, fail: 0, skipped: 0 };
  results.forEach((result, i) => {
    process.stdout.write(`\n== shard ${i + 1}/${shards} (${(result.ms / 1000).toFixed(1)} s) ==\n${result.output}`);
    for (const key of ["pass", "fail", "skipped"] as const) total[key] += Number(new RegExp(`^ℹ ${key} (\\d+)$`, "m").exec(result.output)?.[1] ?? 0);
  });
  const failed = results.some((r) => r.code !== 0);
  // The plain closing line, over both shards.
  process.stdout.write(`\n${label}: ${total.pass} passed, ${total.fail} failed, ${total.skipped} skipped\n`);
  return failed ? 1 : 0;
}

/** Node's test runner over its share of the files, output kept until it ends (shards do not interleave). */
function runShard(args: string[]): Promise<{ code: number; output: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
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
