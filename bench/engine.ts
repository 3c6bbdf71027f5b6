/**
 * The engine section of `npm run bench`: what the real Pulumi CLI costs here. `npm run
 * setup:engine` (warm: the build reused; cold with BENCH_ENGINE_COLD=1: a fresh Go build cache,
 * the module cache kept), `pulumi up` and `pulumi preview` of dev under the real engine and the
 * fake cloud, and the program's share: loading its modules, running it, and loading it the way
 * `pulumi up` does for a TypeScript project (ts-node, with and without the type check). Skipped,
 * with the reason, where no Pulumi CLI is found.
 */
import { findPulumi } from "../scripts/engine-cli";
import { fmt, load, timed, type BenchSection, type SectionResult } from "./section";

interface OperationFigures {
  seconds: number;
  ok: boolean;
  usage?: { loadSeconds: number; programSeconds: number; cpuSeconds: number; peakRssMb: number; cliCpuSeconds: number };
}

export const engine: BenchSection = {
  name: "engine",
  async run(): Promise<SectionResult[]> {
    const found = findPulumi();
    if ("problem" in found) return [{ title: "Real Pulumi CLI and engine (skipped)", table: { headers: ["reason"], rows: [[found.problem]] }, readme: false }];
    const rows: (string | number)[][] = [];
    const setup = await timed("npm run -s setup:engine");
    rows.push(["npm run setup:engine, warm (build reused)", fmt(setup.seconds), fmt(setup.cpuSeconds), fmt(setup.peakRssMb, 0), setup.loadBefore]);
    if (process.env["BENCH_ENGINE_COLD"] === "1") {
      const cold = await timed("npm run -s setup:engine -- --cold");
      rows.push(["npm run setup:engine -- --cold (empty Go build cache)", fmt(cold.seconds), fmt(cold.cpuSeconds), fmt(cold.peakRssMb, 0), cold.loadBefore]);
    }
    const probe = await timed("node --import tsx bench/engine.probe.ts");
    if (probe.exitCode !== 0) throw new Error(`bench/engine.probe.ts failed:\n${probe.output}`);
    const figures = JSON.parse(probe.output.trim().split("\n").pop()!) as Record<"up" | "preview", OperationFigures>;
    rows.push(["dev: up from nothing, then preview (one process tree: CLI, program, fake cloud)", fmt(probe.seconds), fmt(probe.cpuSeconds), fmt(probe.peakRssMb, 0), probe.loadBefore]);
    const notes: string[] = [];
    for (const op of ["up", "preview"] as const) {
      const f = figures[op];
      const u = f.usage;
      if (!u) continue;
      rows.push([`  pulumi ${op} (dev): CLI / program process`, fmt(f.seconds), `${fmt(u.cliCpuSeconds)} / ${fmt(u.cpuSeconds)}`, fmt(u.peakRssMb, 0), ""]);
      notes.push(`pulumi ${op} of dev: the program's modules load in ${fmt(u.loadSeconds, 2)} s and the program function returns in ${fmt(u.programSeconds, 2)} s; the rest of the program process's ${fmt(u.cpuSeconds)} s CPU is the SDK's registrations and the Automation API (peak RSS column: the program process).`);
    }
    for (const [label, env] of [["loading infra/ as pulumi up does: ts-node, type check (the default)", "false"], ["loading infra/ as pulumi up does: ts-node, PULUMI_NODEJS_TRANSPILE_ONLY=true", "true"]] as const) {
      const t = await timed(`PULUMI_NODEJS_TRANSPILE_ONLY=${env} node tests/program/entrypoint.cjs dev`);
      if (t.exitCode !== 0) throw new Error(`tests/program/entrypoint.cjs failed:\n${t.output}`);
      rows.push([label, fmt(t.seconds), fmt(t.cpuSeconds), fmt(t.peakRssMb, 0), t.loadBefore]);
    }
    notes.push(`CLI ${found.cli.version} (${found.cli.source}); load average at the end ${load()}. The loading rows run the program once under Pulumi's mocks with @pulumi/pulumi/cmd/run's ts-node registration (tests/program/entrypoint.cjs): the difference between them is what the type check costs every \`pulumi up\` and \`pulumi preview\`.`);
    return [{ title: "Real Pulumi CLI and engine", table: { headers: ["what", "wall s", "CPU s", "peak RSS MB", "load before"], rows }, notes }];
  },
};
