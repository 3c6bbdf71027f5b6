/**
 * `npm run bench [-- --no-tests] [--suite-runs N] [--sizes 1,8,32,128] [--runs N] [--only a,b] [--readme]`
 *
 * Not part of the test suite; prints figures, asserts nothing. Writes them as Markdown to
 * out/bench.md and, with --readme, the README's bench block (between its bench markers), so the
 * README always quotes one run with its date and load. The sections, in order (SECTIONS below):
 *   deploy   deploy time as a model: sourced per-kind duration ranges (bench/durations.json) over
 *            the dependency graph the program registers, the structural facts behind it, and the
 *            designs a user would otherwise run.
 *   changes  time and outage of concrete changes of the dev and prod stacks, from the update model
 *            (offline/update, as `plan --against` runs it) timed with the same durations.
 *   memory   one evaluation in a fresh process: peak RSS, and the live heap after forced GCs.
 *   times    imports under tsx, evaluations under node's test runner, `npm run plan` (time, peak
 *            RSS) and `npm test` (wall time), each with the load average; commands from package.json.
 *   engine   the real Pulumi CLI: setup:engine, up and preview of dev against the fake cloud, and
 *            the program's loading with and without the type check (bench/engine.ts).
 * To add a section, export a BenchSection (bench/section.ts) from a module of your own and add one
 * line to SECTIONS.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import * as path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { RawConfig } from "../infra/config";
import type { Evaluation } from "../offline/evaluate";
import { CHANGES, estimateChange, withSettings } from "../bench/changes";
import { engine } from "../bench/engine";
import {
  awsWaitsForGateway,
  durationOf,
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
  type Range,
} from "../bench/deploy-model";
import {
  blockHeader,
  fmt,
  load,
  median,
  probe,
  renderMarkdown,
  renderText,
  replaceReadmeBlock,
  REPO_ROOT,
  timed,
  type BenchContext,
  type BenchOptions,
  type BenchSection,
  type SectionResult,
} from "../bench/section";
import { spokesSection } from "../bench/spokes";
import { throughputSection } from "../bench/throughput";
import { loadPriceTable } from "../offline/cost";
import { CACHE_SWITCH, cacheDir } from "../tests/harness/evaluationCache";
import { evaluationCounts } from "./test";

const run = promisify(execFile);

const deploy: BenchSection = {
  name: "deploy",
  async run({ durations, evaluate }) {
    const rows: (string | number)[][] = [];
    const factNotes: string[] = [];
    for (const stack of ["dev", "prod"]) {
      const nodes = nodesFromResources((await evaluate(stack)).resources);
      const mine = oneApply(nodes, durations);
      const two = twoApplies(nodes, durations);
      const waits = oneApply(awsWaitsForGateway(nodes), durations);
      rows.push([stack, "this program: one pulumi up (every ready step at once)", formatRange(mine.minutes, 1), mine.chain.map(nameOf).join(" > ")]);
      rows.push([stack, "same resources, AWS waits for the Azure gateway", formatRange(waits.minutes, 1), waits.chain.map(nameOf).join(" > ")]);
      rows.push([stack, "a tool needing two applies", formatRange(two.total, 1), `${two.first.chain.map(nameOf).join(" > ")}, then ${two.second.chain.map(nameOf).join(" > ")} (second apply: ${two.secondIds.length} resources fed by the other cloud)`]);
      const facts = structuralFacts(nodes);
      factNotes.push(`${stack} (${nodes.length} resources): AWS resources waiting for the Azure gateway: ${facts.awsWaitingForGateway.length === 0 ? "none" : facts.awsWaitingForGateway.map(nameOf).join(", ")}; kinds after the gateway: ${facts.kindsAfterGateway.map((k) => k.split(":").pop()).join(", ")}`);
    }
    rows.push(["seed", "the how-to's manual sequence, step after step (person time not counted)", formatRange(sequential(SEED_MANUAL_SEQUENCE, durations), 1), `${SEED_MANUAL_SEQUENCE.length} steps`]);
    const kindRows = Object.entries(durations.kinds).flatMap(([kind, ops]) =>
      (["create", "update", "delete"] as Operation[]).map((op) => {
        const d = ops[op];
        return [kind.split(":").pop()!, op, formatRange(d, 1), d.kind, durations.sources[d.source]!.title];
      }),
    );
    const def = durationOf(durations, "(any other kind)", "create");
    return [
      {
        title: "Deploy time (minutes, low / typical / high)",
        table: { headers: ["stack", "design", "minutes", "critical chain (typical)"], rows },
        notes: [
          ...factNotes,
          "Every design is computed from the same duration table (bench/durations.json); each bound has every resource at that bound. Pulumi's `--parallel` defaults to 4 x the CPUs; the model runs every ready step at once (exact while no more are ready together), so a deployment lasts as long as its longest dependency chain.",
        ],
      },
      {
        title: "Durations used (bench/durations.json)",
        table: { headers: ["kind", "op", "minutes", "basis", "source"], rows: kindRows },
        notes: [`Any other kind: ${formatRange(def, 2)} (${def.kind}: ${durations.sources[def.source]!.says}). Sources with URLs and dates are in the file.`],
        readme: false,
      },
    ];
  },
};

const changes: BenchSection = {
  name: "changes",
  async run({ durations, evaluate, stackConfig }) {
    const rows: (string | number)[][] = [];
    const notes: string[] = [];
    const assumed = new Set<string>();
    const longest = (ranges: Range[]): Range => ranges.reduce((a, b) => (b.typical > a.typical ? b : a), { low: 0, typical: 0, high: 0 });
    for (const c of CHANGES) {
      const base = withSettings(await stackConfig(c.stack), c.base);
      const e = estimateChange(await evaluate(c.stack, base), await evaluate(c.stack, withSettings(base, c.change)), durations);
      if (e.status === "refused") {
        rows.push([c.stack, c.name, "refused", e.stepCount, "-", "-", "-", "-", "-"]);
        notes.push(`${c.stack}, ${c.name}: refused by the model (not timed): ${e.reasons.join("; ")}`);
        continue;
      }
      e.defaultKinds.forEach((k) => assumed.add(k.split(":").pop()!));
      const models = [...new Set(e.hit.map((h) => h.model))].join(", ") || "-";
      rows.push([c.stack, c.name, "completes", e.stepCount, formatRange(e.minutes, 1), `${e.hit.length} of ${e.tunnels}`, models, e.hit.length > 0 ? formatRange(longest(e.hit.map((h) => h.window)), 1) : "-", formatRange(e.noTunnelUp, 1)]);
    }
    return [
      {
        title: "Changes: time and outage from the update model (minutes, low / typical / high)",
        table: { headers: ["stack", "change", "model", "steps", "time", "tunnels taken down", "outage per tunnel (model's estimate)", "exposure, longest tunnel", "exposure, every tunnel at once"], rows },
        notes: [
          "Steps, refusals and which tunnels each step takes down come from the update model (offline/update, what `npm run plan -- --against REF` prints), run on the old and new evaluations of each stack; every step is timed with bench/durations.json on Pulumi's schedule (bench/changes.ts). A change the model refuses is not timed.",
          "Outage per tunnel (model's estimate): the model's own per-step figures, as `plan --against` prints them (docs/constraints.md, 'Outage per tunnel'). Exposure: on the timed schedule, from the start of the first step that takes a tunnel down to the end of the last; the tunnel may be down at any moment in it, so it bounds the outage from above (for a gateway update that only 'may reset' its tunnels, far above). Every tunnel at once: the time all tunnels, old and new (a new one counts as down until its connection exists), are exposed together; 0 means at least one tunnel is never touched.",
          ...(assumed.size > 0 ? [`Step kinds timed by the table's default (an assumption, no row of their own): ${[...assumed].sort().join(", ")}.`] : []),
          ...notes,
        ],
      },
    ];
  },
};

interface Memory {
  size: number;
  resources: number;
  evaluationMs: number;
  peakRssMb: number;
  liveAtPeakMb?: number;
  liveAfterMb?: number;
}

const memory: BenchSection = {
  name: "memory",
  async run({ options }) {
    const mem: { plain: Memory; gc: Memory; load: string }[] = [];
    for (const size of options.sizes) {
      const l = load();
      mem.push({ plain: await probe<Memory>([], ["memory", String(size)]), gc: await probe<Memory>(["--expose-gc"], ["memory", String(size), "gc"]), load: l });
    }
    const first = mem[0]!;
    const last = mem[mem.length - 1]!;
    const per = (f: (m: (typeof mem)[number]) => number): string => (mem.length > 1 && last.plain.resources > first.plain.resources ? fmt((f(last) - f(first)) / (last.plain.resources - first.plain.resources), 2) : "-");
    return [
      {
        title: "Memory of one evaluation in a fresh process (static topology; subnets per side)",
        table: {
          headers: ["subnets", "resources (incl. components)", "peak RSS (MB)", "live heap at peak (MB)", "live heap after (MB)", "evaluation incl. loading (s)", "load before"],
          rows: mem.map((m) => [m.plain.size, m.plain.resources, fmt(m.plain.peakRssMb, 0), fmt(m.gc.liveAtPeakMb ?? 0, 0), fmt(m.gc.liveAfterMb ?? 0, 0), fmt(m.plain.evaluationMs / 1000, 2), m.load]),
        },
        notes: [
          `Growth per resource (smallest to largest size): peak RSS ${per((m) => m.plain.peakRssMb)} MB, live heap at peak ${per((m) => m.gc.liveAtPeakMb ?? 0)} MB.`,
          "Peak RSS: a process that loads the SDKs and evaluates once, nothing forced (what `npm run plan` pays). Live heap: a second process under --expose-gc forces a GC at registrations 1, 2, 4 … 64, then every 32, and at the end; the maximum is shown. After = once the evaluation's record is dropped.",
        ],
      },
    ];
  },
};

const times: BenchSection = {
  name: "times",
  async run({ options, scripts }) {
    const rows: (string | number)[][] = [];
    const imports: [string, string[]][] = [
      ["@pulumi/pulumi", ["@pulumi/pulumi"]],
      ["@pulumi/aws (ec2, ec2transitgateway)", ["@pulumi/aws.ec2.Vpc", "@pulumi/aws.ec2transitgateway.TransitGateway"]],
      ["@pulumi/azure-native (network, resources, compute)", ["@pulumi/azure-native.network.VirtualNetworkGateway", "@pulumi/azure-native.resources.ResourceGroup", "@pulumi/azure-native.compute.VirtualMachine"]],
    ];
    for (const [what, modules] of imports) {
      const l = load();
      const samples: number[] = [];
      for (let i = 0; i < options.runs; i++) samples.push((await probe<{ ms: number }>([], ["import", ...modules])).ms);
      rows.push([`import ${what} under tsx`, `${fmt(median(samples), 0)} ms`, `median of ${options.runs} fresh processes`, l]);
    }
    {
      const l = load();
      const out = path.join(tmpdir(), `bench-eval-${process.pid}.json`);
      // The evaluation cache off: these figures are evaluations, not reads of stored ones.
      await run(process.execPath, ["--import", "tsx", "--test", path.join(REPO_ROOT, "bench", "evaluation.probe.ts")], { cwd: REPO_ROOT, env: { ...process.env, BENCH_PROBE_OUT: out, [CACHE_SWITCH]: "off" } });
      const r = JSON.parse(readFileSync(out, "utf8")) as { coldMs: number; newConfigMs: number; repeatMs: number };
      rmSync(out, { force: true });
      rows.push(["dev evaluation under node --test (tsx)", `${fmt(r.coldMs, 0)} ms cold, ${fmt(r.newConfigMs, 0)} ms warm, ${fmt(r.repeatMs, 0)} ms repeated`, "cold = first in the process (starts the evaluation worker, loads the program); warm = median of 3 other configs after it; repeated = the same config again, answered from the worker's memo (tests/harness/worker.ts)", l]);
    }
    {
      const samples = [];
      for (let i = 0; i < options.runs; i++) samples.push(await timed("npm run --silent plan > /dev/null"));
      rows.push([`npm run plan (${scripts["plan"]})`, `${fmt(median(samples.map((s) => s.seconds)), 2)} s`, `median of ${options.runs}; peak RSS ${fmt(median(samples.map((s) => s.peakRssMb)), 0)} MB; exit ${samples.map((s) => s.exitCode).join(",")}`, samples.map((s) => s.loadBefore).join("; ")]);
    }
    if (options.tests) {
      const EVALUATION_CACHE_DIR = cacheDir(REPO_ROOT);
      // Cold: the evaluation cache emptied, as after `npm ci` or an edit of infra/ or offline/;
      // warm: the same sources again, every evaluation read from the cache (tests/harness/evaluationCache.ts).
      for (const kind of ["cold", "warm"] as const) {
        const samples = [];
        for (let i = 0; i < options.suiteRuns; i++) {
          if (kind === "cold") rmSync(EVALUATION_CACHE_DIR, { recursive: true, force: true });
          else if (i === 0 && !existsSync(EVALUATION_CACHE_DIR)) await timed("npm test > /dev/null"); // fills the cache
          samples.push(await timed("npm test"));
        }
        const lastRun = samples[samples.length - 1]!;
        const summary = lastRun.output.match(/(\d+) passed, (\d+) failed/);
        const evaluations = evaluationCounts(lastRun.output);
        rows.push([
          `npm test, ${kind} (${scripts["test"]})`,
          `${fmt(median(samples.map((s) => s.seconds)), 0)} s`,
          `median of ${options.suiteRuns} (${samples.map((s) => `${fmt(s.seconds, 0)} s wall, ${fmt(s.cpuSeconds, 0)} s CPU`).join("; ")}); ${evaluations.run} evaluations run, ${evaluations.fromDisk} read from the cache; exit ${samples.map((s) => s.exitCode).join(",")}; last run ${summary ? `${summary[1]} passed, ${summary[2]} failed` : "summary line not found"}`,
          samples.map((s) => s.loadBefore).join("; "),
        ]);
      }
    }
    return [
      {
        title: "Times where they are paid",
        table: { headers: ["what", "time", "notes", "load average before (1/5/15)"], rows },
        notes: [
          "Imports and evaluations run under the loader (tsx) and runner (node --test) the plan and the tests use; commands are read from package.json.",
          ...(options.tests ? [] : ["`npm test` not timed in this run (--no-tests)."]),
        ],
      },
    ];
  },
};

/** The sections, in order. Add yours here (one line; see bench/section.ts). */
/** Per-direction throughput ceilings for every SKU, attachment, bandwidth and cipher (bench/throughput.ts). */
const throughput: BenchSection = {
  name: "throughput",
  async run() {
    const t = throughputSection(loadPriceTable());
    return [{ title: t.title, table: { headers: t.headers, rows: t.rows }, notes: t.notes }];
  },
};

/** Evaluation time and peak memory with 1, 10 and 50 spokes per side (bench/spokes.ts). */
const spokes: BenchSection = {
  name: "spokes",
  async run() {
    const s = await spokesSection();
    return [{ title: s.title, table: { headers: s.headers, rows: s.rows }, notes: s.notes }];
  },
};

const SECTIONS: BenchSection[] = [deploy, changes, memory, times, throughput, spokes, engine];

const USAGE = "usage: npm run bench [-- --no-tests] [--suite-runs N] [--sizes 1,8,32,128] [--runs N] [--only deploy,changes,memory,times,throughput,spokes,engine] [--readme]";

export function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = { tests: true, suiteRuns: 1, sizes: [1, 8, 32, 128], runs: 3, readme: false };
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
    else if (arg === "--only") options.only = next().split(",");
    else if (arg === "--readme") options.readme = true;
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  if (!(options.suiteRuns >= 1) || !(options.runs >= 1) || options.sizes.some((s) => !Number.isInteger(s) || s < 1 || s > 250)) throw new Error(`bad --suite-runs, --runs or --sizes (1..250)\n${USAGE}`);
  const unknown = (options.only ?? []).filter((n) => !SECTIONS.some((s) => s.name === n));
  if (unknown.length > 0) throw new Error(`--only: no section ${unknown.join(", ")}; sections are ${SECTIONS.map((s) => s.name).join(", ")}`);
  if (options.readme && options.only) throw new Error("--readme quotes one whole run in the README: drop --only");
  return options;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  const started = new Date();
  const scripts = (JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  const command = `npm run bench${argv.length > 0 ? ` -- ${argv.join(" ")}` : ""}`;
  const machine = `Node ${process.version}, ${process.platform}/${process.arch}, ${availableParallelism()} CPUs, load average ${load()} (1/5/15 min) at start`;
  process.stdout.write(`${machine}\n`);

  const { evaluateStack, readStackConfig } = await import("../offline/evaluate");
  const evaluations = new Map<string, Promise<Evaluation>>();
  const context: BenchContext = {
    options,
    durations: loadDurations(),
    scripts,
    stackConfig: (stack) => Promise.resolve(readStackConfig(stack)),
    evaluate(stack: string, raw?: RawConfig): Promise<Evaluation> {
      const key = JSON.stringify({ stack, raw });
      let e = evaluations.get(key);
      if (!e) {
        e = evaluateStack({ stack, raw }).then((ev) => {
          if (ev.error) throw ev.error;
          return ev;
        });
        evaluations.set(key, e);
      }
      return e;
    },
  };

  const results: SectionResult[] = [];
  for (const section of SECTIONS.filter((s) => options.only === undefined || options.only.includes(s.name))) {
    for (const result of await section.run(context)) {
      results.push(result);
      process.stdout.write(`${renderText(result).join("\n")}\n`);
    }
  }

  const header = `Run ${started.toISOString()} on ${machine}. Reproduce: \`${command}\`.`;
  const outFile = path.join(REPO_ROOT, "out", "bench.md");
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, ["# Benchmark", "", header, "", ...results.flatMap((r) => renderMarkdown(r, 2))].join("\n"));
  process.stdout.write(`\nWritten: ${path.relative(process.cwd(), outFile)}\n`);
  if (options.readme) {
    const readmeFile = path.join(REPO_ROOT, "README.md");
    const block = [blockHeader(started, command, machine), "", ...results.filter((r) => r.readme !== false).flatMap((r) => renderMarkdown(r, 3))].join("\n");
    writeFileSync(readmeFile, replaceReadmeBlock(readFileSync(readmeFile, "utf8"), block));
    process.stdout.write(`Written: README.md (bench block)\n`);
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
