/**
 * `npm run bench [-- --no-tests] [--suite-runs N] [--sizes 1,8,32,128] [--runs N]`
 *
 * Not part of the test suite; prints figures, asserts nothing. Writes them as Markdown to out/bench.md.
 *   1. Deploy time as a model: sourced per-kind duration ranges (bench/durations.json) over the
 *      dependency graph the program registers, the structural facts behind it, the designs a user
 *      would otherwise run, and the example changes.
 *   2. Memory of one evaluation in a fresh process: peak RSS, and the live heap after forced GCs.
 *   3. Times where they are paid: imports under tsx, an evaluation under node's test runner,
 *      `npm run plan` (time, peak RSS) and `npm test` (wall time, median of runs), each with the
 *      load average. The commands come from package.json.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import {
  awsWaitsForGateway,
  durationOf,
  estimateChange,
  EXAMPLE_CHANGES,
  formatRange,
  loadDurations,
  nameOf,
  nodesFromResources,
  oneApply,
  SEED_MANUAL_SEQUENCE,
  sequential,
  structuralFacts,
  twoApplies,
  type Operation,
} from "../bench/deploy-model";
import { spokesSection } from "../bench/spokes";
import { throughputSection } from "../bench/throughput";
import { loadPriceTable } from "../offline/cost";

const REPO_ROOT = path.resolve(__dirname, "..");
const run = promisify(execFile);
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(" / ");
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const fmt = (n: number, digits = 1): string => n.toFixed(digits);

function table(headers: string[], rows: (string | number)[][]): { text: string[]; markdown: string[] } {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]): string => "  " + r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return {
    text: [line(cells[0]!), "  " + widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)],
    markdown: [`| ${headers.join(" | ")} |`, `| ${headers.map(() => "---").join(" | ")} |`, ...cells.slice(1).map((r) => `| ${r.join(" | ")} |`)],
  };
}

interface Options {
  tests: boolean;
  suiteRuns: number;
  sizes: number[];
  runs: number;
}

const USAGE = "usage: npm run bench [-- --no-tests] [--suite-runs N] [--sizes 1,8,32,128] [--runs N]";

function parseOptions(argv: string[]): Options {
  const options: Options = { tests: true, suiteRuns: 1, sizes: [1, 8, 32, 128], runs: 3 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    if (arg === "--no-tests") options.tests = false;
    else if (arg === "--suite-runs") options.suiteRuns = Number(next());
    else if (arg === "--sizes") options.sizes = next().split(",").map(Number);
    else if (arg === "--runs") options.runs = Number(next());
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  if (!(options.suiteRuns >= 1) || !(options.runs >= 1) || options.sizes.some((s) => !Number.isInteger(s) || s < 1 || s > 250)) throw new Error(`bad --suite-runs, --runs or --sizes (1..250)\n${USAGE}`);
  return options;
}

/** Runs a shell command under GNU time: wall seconds and the peak RSS of its largest process. */
async function timed(command: string): Promise<{ seconds: number; peakRssMb: number; exitCode: number; output: string; loadBefore: string }> {
  if (!existsSync("/usr/bin/time")) {
    throw new Error("npm run bench measures commands with GNU time (/usr/bin/time), which is not installed: apt-get install time (Debian, Ubuntu)");
  }
  const loadBefore = load();
  const file = path.join(tmpdir(), `bench-time-${process.pid}.txt`);
  let exitCode = 0;
  let output = "";
  try {
    const r = await run("/usr/bin/time", ["-o", file, "-f", "%e %M", "sh", "-c", command], { cwd: REPO_ROOT, maxBuffer: 256 * 2 ** 20 });
    output = r.stdout + r.stderr;
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    exitCode = typeof e.code === "number" ? e.code : 1;
    output = (e.stdout ?? "") + (e.stderr ?? "");
  }
  const [seconds, kb] = readFileSync(file, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
  rmSync(file, { force: true });
  return { seconds: seconds!, peakRssMb: kb! / 1024, exitCode, output, loadBefore };
}

async function probe<T>(nodeArgs: string[], args: string[]): Promise<T> {
  const { stdout } = await run(process.execPath, [...nodeArgs, "--import", "tsx", path.join(REPO_ROOT, "bench", "probes.ts"), ...args], { cwd: REPO_ROOT, maxBuffer: 16 * 2 ** 20 });
  return JSON.parse(stdout.trim().split("\n").pop()!) as T;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const scripts = (JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  const argv = process.argv.slice(2);
  const command = `npm run bench${argv.length > 0 ? ` -- ${argv.join(" ")}` : ""}`;
  const machine = `Node ${process.version}, ${process.platform}/${process.arch}, ${availableParallelism()} CPUs, load average ${load()} (1/5/15 min) at start`;
  const md: string[] = ["# Benchmark", "", `Run ${new Date().toISOString()} on ${machine}. Reproduce: \`${command}\`.`, ""];
  process.stdout.write(`${machine}\n`);
  const section = (title: string, body: { text: string[]; markdown: string[] }, notes: string[] = []): void => {
    md.push(`## ${title}`, "", ...body.markdown, "", ...notes.map((n) => `- ${n}`), "");
    process.stdout.write(["", title, ...body.text, ...notes.map((n) => `  ${n}`), ""].join("\n"));
  };

  // 1. Deploy time as a model.
  const durations = loadDurations();
  const { evaluateStack } = await import("../offline/evaluate");
  const rows: (string | number)[][] = [];
  const factNotes: string[] = [];
  for (const stack of ["dev", "prod"]) {
    const evaluation = await evaluateStack({ stack });
    if (evaluation.error) throw evaluation.error;
    const nodes = nodesFromResources(evaluation.resources);
    const mine = oneApply(nodes, durations);
    const two = twoApplies(nodes, durations);
    rows.push([stack, "this program: one pulumi up (unbounded parallelism)", formatRange(mine.minutes, 1), mine.chain.map(nameOf).join(" > ")]);
    rows.push([stack, "same resources, AWS waits for the Azure gateway", formatRange(oneApply(awsWaitsForGateway(nodes), durations).minutes, 1), "customer gateway after the gateway"]);
    rows.push([stack, "a tool needing two applies", formatRange(two.total, 1), `second apply: ${two.secondIds.length} resources fed by the other cloud`]);
    const facts = structuralFacts(nodes);
    factNotes.push(`${stack} (${nodes.length} resources): AWS resources waiting for the Azure gateway: ${facts.awsWaitingForGateway.length === 0 ? "none" : facts.awsWaitingForGateway.map(nameOf).join(", ")}; kinds after the gateway: ${facts.kindsAfterGateway.map((k) => k.split(":").pop()).join(", ")}`);
  }
  rows.push(["seed", "the how-to's manual sequence, step after step (person time not counted)", formatRange(sequential(SEED_MANUAL_SEQUENCE, durations), 1), `${SEED_MANUAL_SEQUENCE.length} steps`]);
  section("1. Deploy time (minutes, low / typical / high)", table(["stack", "design", "minutes", "critical chain (typical)"], rows), [
    ...factNotes,
    "Every design is computed from the same duration table; each bound has every resource at that bound. Pulumi's `--parallel` defaults to unbounded, so a deployment lasts as long as its longest dependency chain.",
  ]);
  const kindRows = Object.entries(durations.kinds).flatMap(([kind, ops]) =>
    (["create", "update", "delete"] as Operation[]).map((op) => {
      const d = ops[op];
      return [kind.split(":").pop()!, op, formatRange(d, 1), d.kind, durations.sources[d.source]!.title];
    }),
  );
  const def = durationOf(durations, "(any other kind)", "create");
  section("Durations used (bench/durations.json)", table(["kind", "op", "minutes", "basis", "source"], kindRows), [`Any other kind: ${formatRange(def, 2)} (${def.kind}: ${durations.sources[def.source]!.says}). Sources with URLs and dates are in the file.`]);
  section(
    "Example changes (time and outage, minutes; phases from a stand-in table, bench/deploy-model.ts EXAMPLE_CHANGES, until the update model of issue 10 feeds it)",
    table(["change", "time", "no tunnel up", "one tunnel down"], EXAMPLE_CHANGES.map((c) => estimateChange(c, durations)).map((e) => [e.name, formatRange(e.minutes), formatRange(e.outageAll), formatRange(e.outageOneTunnel)])),
  );

  // 2. Memory.
  interface Memory {
    size: number;
    resources: number;
    evaluationMs: number;
    peakRssMb: number;
    liveAtPeakMb?: number;
    liveAfterMb?: number;
  }
  const mem: { plain: Memory; gc: Memory; load: string }[] = [];
  for (const size of options.sizes) {
    const l = load();
    mem.push({ plain: await probe<Memory>([], ["memory", String(size)]), gc: await probe<Memory>(["--expose-gc"], ["memory", String(size), "gc"]), load: l });
  }
  const first = mem[0]!;
  const lastM = mem[mem.length - 1]!;
  const per = (f: (m: (typeof mem)[number]) => number): string => (mem.length > 1 ? fmt((f(lastM) - f(first)) / (lastM.plain.resources - first.plain.resources), 2) : "-");
  section(
    "2. Memory of one evaluation in a fresh process (static topology; subnets per side)",
    table(["subnets", "resources", "peak RSS (MB)", "live heap at peak (MB)", "live heap after (MB)", "evaluation incl. loading (s)", "load"], mem.map((m) => [m.plain.size, m.plain.resources, fmt(m.plain.peakRssMb, 0), fmt(m.gc.liveAtPeakMb ?? 0, 0), fmt(m.gc.liveAfterMb ?? 0, 0), fmt(m.plain.evaluationMs / 1000, 2), m.load])),
    [
      `Growth per resource (smallest to largest size): peak RSS ${per((m) => m.plain.peakRssMb)} MB, live heap at peak ${per((m) => m.gc.liveAtPeakMb ?? 0)} MB.`,
      "Peak RSS: a process that loads the SDKs and evaluates once, nothing forced (what `npm run plan` pays). Live heap: a second process under --expose-gc forces a GC at registrations 1, 2, 4 … 64, then every 32, and at the end; the maximum is shown. After = once the evaluation's record is dropped.",
    ],
  );

  // 3. Times where they are paid.
  const timeRows: (string | number)[][] = [];
  const imports: [string, string[]][] = [
    ["@pulumi/pulumi", ["@pulumi/pulumi"]],
    ["@pulumi/aws (ec2, ec2transitgateway)", ["@pulumi/aws.ec2.Vpc", "@pulumi/aws.ec2transitgateway.TransitGateway"]],
    ["@pulumi/azure-native (network, resources, compute)", ["@pulumi/azure-native.network.VirtualNetworkGateway", "@pulumi/azure-native.resources.ResourceGroup", "@pulumi/azure-native.compute.VirtualMachine"]],
  ];
  for (const [what, modules] of imports) {
    const l = load();
    const samples: number[] = [];
    for (let i = 0; i < options.runs; i++) samples.push((await probe<{ ms: number }>([], ["import", ...modules])).ms);
    timeRows.push([`import ${what} under tsx`, `${fmt(median(samples), 0)} ms`, `median of ${options.runs} fresh processes`, l]);
  }
  {
    const l = load();
    const out = path.join(tmpdir(), `bench-eval-${process.pid}.json`);
    await run(process.execPath, ["--import", "tsx", "--test", path.join(REPO_ROOT, "bench", "evaluation.probe.ts")], { cwd: REPO_ROOT, env: { ...process.env, BENCH_PROBE_OUT: out } });
    const r = JSON.parse(readFileSync(out, "utf8")) as { coldMs: number; warmMs: number };
    rmSync(out, { force: true });
    timeRows.push(["dev evaluation under node --test (tsx)", `${fmt(r.coldMs, 0)} ms cold, ${fmt(r.warmMs, 0)} ms warm`, "cold = first in the process (loads the program); warm = median of 3 after it", l]);
  }
  {
    const samples = [];
    for (let i = 0; i < options.runs; i++) samples.push(await timed("npm run --silent plan > /dev/null"));
    timeRows.push([`npm run plan (${scripts["plan"]})`, `${fmt(median(samples.map((s) => s.seconds)), 2)} s`, `median of ${options.runs}; peak RSS ${fmt(median(samples.map((s) => s.peakRssMb)), 0)} MB; exit ${samples.map((s) => s.exitCode).join(",")}`, samples.map((s) => s.loadBefore).join("; ")]);
  }
  if (options.tests) {
    const samples = [];
    for (let i = 0; i < options.suiteRuns; i++) samples.push(await timed("npm test"));
    const count = (output: string, label: string): string => output.match(new RegExp(`^ℹ ${label} (\\d+)$`, "m"))?.[1] ?? "?";
    const lastRun = samples[samples.length - 1]!;
    timeRows.push([`npm test (${scripts["test"]})`, `${fmt(median(samples.map((s) => s.seconds)), 0)} s`, `median of ${options.suiteRuns} (${samples.map((s) => fmt(s.seconds, 0)).join(", ")} s); exit ${samples.map((s) => s.exitCode).join(",")}; last run ${count(lastRun.output, "tests")} tests, ${count(lastRun.output, "fail")} fail`, samples.map((s) => s.loadBefore).join("; ")]);
  }
  section("3. Times where they are paid", table(["what", "time", "notes", "load average before (1/5/15)"], timeRows), ["Imports and evaluation run under the loader (tsx) and runner (node --test) the plan and the tests use; commands are read from package.json."]);
  {
    const t = throughputSection(loadPriceTable());
    section(t.title, table(t.headers, t.rows), t.notes);
  }
  {
    const s = await spokesSection();
    section(s.title, table(s.headers, s.rows), s.notes);
  }

  const outFile = path.join(REPO_ROOT, "out", "bench.md");
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, md.join("\n"));
  process.stdout.write(`\nWritten: ${path.relative(process.cwd(), outFile)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
