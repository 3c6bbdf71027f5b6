/**
 * What a section of `npm run bench` is, and the helpers a section may use. A section is a function
 * from the run's context to one or more tables with notes; scripts/bench.ts runs the list of
 * sections in order, prints them, writes them all to out/bench.md and, with `--readme`, the ones
 * marked for it into README.md between the bench markers (one run, with its date and load).
 *
 * To add a section (e.g. the spoke counts of issue 14): export a `BenchSection` from a module of
 * your own under bench/, and add one line to SECTIONS in scripts/bench.ts.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { RawConfig } from "../infra/config";
import type { Evaluation } from "../offline/evaluate";
import type { Durations } from "./deploy-model";

export const REPO_ROOT = path.resolve(__dirname, "..");
const run = promisify(execFile);

export interface BenchOptions {
  /** Time `npm test` (off with --no-tests). */
  tests: boolean;
  suiteRuns: number;
  /** Subnets per side for the memory rows. */
  sizes: number[];
  /** Fresh processes per import and plan figure. */
  runs: number;
  /** Write the README's bench block from this run. */
  readme: boolean;
  /** Only these sections (all when undefined). */
  only?: string[];
}

export interface Table {
  headers: string[];
  rows: (string | number)[][];
}

export interface SectionResult {
  title: string;
  table: Table;
  notes?: string[];
  /** Quoted in the README's bench block (default true). */
  readme?: boolean;
}

export interface BenchContext {
  options: BenchOptions;
  durations: Durations;
  /** package.json's scripts, so a row can name the command it timed. */
  scripts: Record<string, string>;
  /** A stack file's config (Pulumi.<stack>.yaml, read as the program reads it). */
  stackConfig(stack: string): Promise<RawConfig>;
  /** One evaluation per distinct (stack, config) in this run (outside the test runner); throws on a program error. */
  evaluate(stack: string, raw?: RawConfig): Promise<Evaluation>;
}

export interface BenchSection {
  /** Short name for `--only`. */
  name: string;
  run(context: BenchContext): Promise<SectionResult[]>;
}

/** The 1/5/15-minute load averages, e.g. "1.2 / 0.8 / 0.5". */
export const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ");

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export const fmt = (n: number, digits = 1): string => n.toFixed(digits);

/** Runs a shell command under GNU time: wall seconds, CPU seconds (user + sys, children included) and the peak RSS of its largest process. */
export async function timed(command: string): Promise<{ seconds: number; cpuSeconds: number; peakRssMb: number; exitCode: number; output: string; loadBefore: string }> {
  if (!existsSync("/usr/bin/time")) {
    throw new Error("npm run bench measures commands with GNU time (/usr/bin/time), which is not installed: apt-get install time (Debian, Ubuntu)");
  }
  const loadBefore = load();
  const file = path.join(tmpdir(), `bench-time-${process.pid}.txt`);
  let exitCode = 0;
  let output = "";
  try {
    const r = await run("/usr/bin/time", ["-o", file, "-f", "%e %M %U %S", "sh", "-c", command], { cwd: REPO_ROOT, maxBuffer: 256 * 2 ** 20 });
    output = r.stdout + r.stderr;
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    exitCode = typeof e.code === "number" ? e.code : 1;
    output = (e.stdout ?? "") + (e.stderr ?? "");
  }
  const [seconds, kb, user, sys] = readFileSync(file, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
  rmSync(file, { force: true });
  return { seconds: seconds!, cpuSeconds: user! + sys!, peakRssMb: kb! / 1024, exitCode, output, loadBefore };
}

/** Runs bench/probes.ts in a fresh process under tsx (as the plan loads) and parses its JSON line. */
export async function probe<T>(nodeArgs: string[], args: string[]): Promise<T> {
  const { stdout } = await run(process.execPath, [...nodeArgs, "--import", "tsx", path.join(REPO_ROOT, "bench", "probes.ts"), ...args], { cwd: REPO_ROOT, maxBuffer: 16 * 2 ** 20 });
  return JSON.parse(stdout.trim().split("\n").pop()!) as T;
}

/** Aligned text for the terminal. */
export function renderText(section: SectionResult): string[] {
  const { headers, rows } = section.table;
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]): string => "  " + r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return ["", section.title, line(cells[0]!), "  " + widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line), ...(section.notes ?? []).map((n) => `  ${n}`)];
}

/** Markdown: a heading of the given level, the table, the notes as a list. */
export function renderMarkdown(section: SectionResult, level: number): string[] {
  const { headers, rows } = section.table;
  const cell = (c: string | number): string => String(c).replace(/\|/g, "\\|");
  const notes = section.notes ?? [];
  return [
    `${"#".repeat(level)} ${section.title}`,
    "",
    `| ${headers.map(cell).join(" | ")} |`,
    `| ${headers.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
    "",
    ...(notes.length > 0 ? [...notes.map((n) => `- ${n}`), ""] : []),
  ];
}

export const README_BEGIN = "<!-- bench:begin: written by `npm run bench -- --readme` from one run; do not edit by hand -->";
export const README_END = "<!-- bench:end -->";

/** The README with everything between the bench markers replaced by `block`. */
export function replaceReadmeBlock(readme: string, block: string): string {
  const begin = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (begin < 0 || end < 0 || end < begin || readme.indexOf(README_BEGIN, begin + 1) >= 0 || readme.indexOf(README_END, end + 1) >= 0) {
    throw new Error(`README.md needs exactly one "${README_BEGIN}" followed by one "${README_END}" line`);
  }
  return `${readme.slice(0, begin + README_BEGIN.length)}\n${block.trimEnd()}\n${readme.slice(end)}`;
}

/** First line of a README block: the run it comes from (date, command, machine, load). */
export function blockHeader(when: Date, command: string, machine: string): string {
  return `Figures from one run of \`${command}\` on ${when.toISOString()} (${machine}).`;
}

/** Whether a README block starts with a run's header (what `--readme` writes). */
export const BLOCK_HEADER_PATTERN = /^Figures from one run of `npm run bench[^`]*` on \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z \(.*load average [\d.]+ \/ [\d.]+ \/ [\d.]+.*\)\./;
